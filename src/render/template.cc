#include "render/template.h"

#include <map>
#include <optional>
#include <vector>

#include "l10n/embedded_files.h"
#include "l10n/text_escape.h"

namespace tracenote::render {
namespace {

namespace mustache = kainjow::mustache;

constexpr std::string_view kMarkdownSuffix = ".md.mustache";
constexpr std::string_view kHtmlSuffix = ".html.mustache";

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::optional<std::string_view> SuffixOf(std::string_view name) {
  if (EndsWith(name, kMarkdownSuffix)) return kMarkdownSuffix;
  if (EndsWith(name, kHtmlSuffix)) return kHtmlSuffix;
  return std::nullopt;
}

// The ordinary Mustache context, except that partials come from the
// embedded templates/ folder; names it could not find are remembered so that
// rendering can fail instead of silently leaving a hole.
class EmbeddedPartialsContext : public mustache::basic_context<std::string> {
 public:
  EmbeddedPartialsContext(const mustache::data* root, std::string_view suffix)
      : inner_(root), suffix_(suffix) {}

  void push(const mustache::data* data) override { inner_.push(data); }
  void pop() override { inner_.pop(); }
  const mustache::data* get(const std::string& name) const override { return inner_.get(name); }

  const mustache::data* get_partial(const std::string& name) const override {
    auto it = partials_.find(name);
    if (it != partials_.end()) return &it->second;
    auto text = l10n::FindEmbeddedFile("templates/" + name + suffix_);
    if (!text) {
      missing_.push_back(name);
      return nullptr;
    }
    return &partials_.emplace(name, mustache::data(std::string(*text))).first->second;
  }

  const std::vector<std::string>& missing() const { return missing_; }

 private:
  mustache::context<std::string> inner_;
  std::string suffix_;
  mutable std::map<std::string, mustache::data> partials_;
  mutable std::vector<std::string> missing_;
};

}  // namespace

StatusOr<std::string> RenderTemplateText(std::string_view name, std::string_view text,
                                         const kainjow::mustache::data& data) {
  std::string where = "render: template " + std::string(name);
  auto suffix = SuffixOf(name);
  if (!suffix) {
    return InvalidArgumentError(where + ": the name must end in " + std::string(kMarkdownSuffix) +
                                " or " + std::string(kHtmlSuffix));
  }
  try {
    mustache::mustache tmpl{std::string(text)};
    if (!tmpl.is_valid()) return InvalidArgumentError(where + ": " + tmpl.error_message());
    if (*suffix == kMarkdownSuffix) {
      tmpl.set_custom_escape([](const std::string& s) { return l10n::EscapeMarkdown(s); });
    } else {
      tmpl.set_custom_escape([](const std::string& s) { return l10n::EscapeHtml(s); });
    }
    EmbeddedPartialsContext context(&data, *suffix);
    std::string out = tmpl.render(context);
    if (!tmpl.is_valid()) return InvalidArgumentError(where + ": " + tmpl.error_message());
    if (!context.missing().empty()) {
      return Status(StatusCode::kNotFound, where + ": no partial templates/" +
                                               context.missing().front() + std::string(*suffix));
    }
    return out;
  } catch (const std::exception& e) {
    return Status(StatusCode::kInternal, where + ": " + e.what());
  }
}

StatusOr<std::string> RenderTemplate(std::string_view template_name,
                                     const kainjow::mustache::data& data) {
  std::string path = "templates/" + std::string(template_name);
  auto text = l10n::FindEmbeddedFile(path);
  if (!text) return Status(StatusCode::kNotFound, "render: no template " + path);
  return RenderTemplateText(template_name, *text, data);
}

}  // namespace tracenote::render
