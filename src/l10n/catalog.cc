#include "l10n/catalog.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>

#include <unicode/messagepattern.h>
#include <unicode/msgfmt.h>
#include <nlohmann/json.hpp>

#include "l10n/embedded_files.h"
#include "l10n/icu_util.h"
#include "l10n/text_escape.h"
#include "l10n/units.h"

namespace tracenote::l10n {

struct Catalog::Impl {
  struct Message {
    std::string pattern;
    std::unique_ptr<icu::MessageFormat> format;  // null: the pattern does not compile
    std::vector<std::string> arguments;          // every argument name, sorted
    std::set<std::string> select_arguments;      // names used as `select` arguments
  };

  // Compiles `pattern` and lists its argument names; problems are recorded.
  Message Compile(const std::string& key, std::string pattern) const;

  void Record(std::string problem) const {
    std::lock_guard<std::mutex> lock(mu);
    errors.push_back(std::move(problem));
  }

  Language lang = Language::kEnglish;
  std::map<std::string, Message, std::less<>> messages;
  // icu::MessageFormat is not safe for concurrent use, even to format.
  mutable std::mutex format_mu;
  mutable std::mutex mu;  // guards errors
  mutable std::vector<std::string> errors;
};

Catalog::Impl::Message Catalog::Impl::Compile(const std::string& key, std::string pattern) const {
  Message m;
  m.pattern = std::move(pattern);
  icu::UnicodeString text = FromUtf8(m.pattern);
  UParseError parse_error{};
  UErrorCode status = U_ZERO_ERROR;
  icu::MessagePattern parsed(text, &parse_error, status);
  if (U_FAILURE(status)) {
    Record(key + ": pattern does not compile (" + u_errorName(status) + " at offset " +
           std::to_string(parse_error.offset) + ")");
    return m;
  }
  std::set<std::string> names;
  for (int32_t i = 0; i < parsed.countParts(); ++i) {
    const icu::MessagePattern::Part& part = parsed.getPart(i);
    if (part.getType() == UMSGPAT_PART_TYPE_ARG_NUMBER) {
      Record(key + ": numbered arguments are not allowed, name them");
      return m;
    }
    if (part.getType() != UMSGPAT_PART_TYPE_ARG_NAME) continue;
    std::string name = ToUtf8(parsed.getSubstring(part));
    names.insert(name);
    const icu::MessagePattern::Part& start = parsed.getPart(i - 1);
    if (start.getType() == UMSGPAT_PART_TYPE_ARG_START &&
        start.getArgType() == UMSGPAT_ARG_TYPE_SELECT) {
      m.select_arguments.insert(name);
    }
  }
  m.arguments.assign(names.begin(), names.end());
  auto format = std::make_unique<icu::MessageFormat>(text, IcuLocale(lang), parse_error, status);
  if (U_FAILURE(status)) {
    Record(key + ": pattern does not compile (" + u_errorName(status) + ")");
    return m;
  }
  m.format = std::move(format);
  return m;
}

namespace {

// A select keyword can only be an identifier; such values go to ICU as they
// are so that they can match one.
bool IsSelectKeyword(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

// The value ICU receives for one argument.
icu::Formattable Localize(const ArgValue& value, Language lang, bool markdown, bool select) {
  auto text = [&](const std::string& s) {
    if (select && IsSelectKeyword(s)) return icu::Formattable(FromUtf8(s));
    return icu::Formattable(FromUtf8(markdown ? EscapeMarkdown(s) : SanitizeText(s)));
  };
  if (const auto* n = std::get_if<int64_t>(&value)) return icu::Formattable(*n);
  if (const auto* d = std::get_if<double>(&value)) return icu::Formattable(*d);
  if (const auto* s = std::get_if<std::string>(&value)) return text(*s);
  if (const auto* d = std::get_if<Duration>(&value)) return text(FormatDuration(d->ns, lang));
  if (const auto* b = std::get_if<Bytes>(&value)) return text(FormatBytes(b->n, lang));
  if (const auto* p = std::get_if<Percent>(&value)) return text(FormatPercent(p->value, lang));
  const auto& t = std::get<TraceText>(value);
  return icu::Formattable(FromUtf8(markdown ? MarkdownCode(t.text) : SanitizeText(t.text)));
}

}  // namespace

Catalog::Catalog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Catalog::Catalog(Catalog&&) noexcept = default;
Catalog& Catalog::operator=(Catalog&&) noexcept = default;
Catalog::~Catalog() = default;

StatusOr<Catalog> Catalog::Load(Language lang) {
  std::string dir = std::string("locales/") + LanguageCode(lang) + "/";
  std::vector<SourceFile> files;
  for (std::string_view path : EmbeddedFilePaths(dir)) {
    if (path.size() > 5 && path.substr(path.size() - 5) == ".json") {
      files.push_back({std::string(path), EmbeddedFile(path)});
    }
  }
  if (files.empty()) {
    return Status(StatusCode::kNotFound, "l10n: no message catalog embedded under " + dir);
  }
  return FromFiles(lang, files);
}

StatusOr<Catalog> Catalog::FromFiles(Language lang, const std::vector<SourceFile>& files) {
  try {
    auto impl = std::make_unique<Impl>();
    impl->lang = lang;
    for (const SourceFile& file : files) {
      std::vector<std::string> keys;  // in file order, to find duplicates
      auto on_event = [&keys](int depth, nlohmann::json::parse_event_t event,
                              nlohmann::json& parsed) {
        if (event == nlohmann::json::parse_event_t::key && depth == 1) {
          keys.push_back(parsed.get<std::string>());
        }
        return true;
      };
      nlohmann::json json = nlohmann::json::parse(file.json, on_event, /*allow_exceptions=*/false);
      std::string where = "l10n: " + file.name;
      if (json.is_discarded()) return CorruptError(where + ": not valid JSON");
      if (!json.is_object()) return CorruptError(where + ": not a JSON object");
      std::sort(keys.begin(), keys.end());
      auto dup = std::adjacent_find(keys.begin(), keys.end());
      if (dup != keys.end()) return CorruptError(where + ": key '" + *dup + "' defined twice");
      for (const auto& [key, value] : json.items()) {
        if (!value.is_string()) return CorruptError(where + ": '" + key + "' is not a string");
        if (impl->messages.count(key) != 0) {
          return CorruptError(where + ": key '" + key + "' is also defined in another file");
        }
        impl->messages.emplace(key, impl->Compile(key, value.get<std::string>()));
      }
    }
    return Catalog(std::move(impl));
  } catch (const std::exception& e) {
    return Status(StatusCode::kInternal, std::string("l10n: loading the catalog: ") + e.what());
  }
}

Language Catalog::language() const { return impl_->lang; }

bool Catalog::Has(std::string_view key) const {
  return impl_->messages.find(key) != impl_->messages.end();
}

std::vector<std::string> Catalog::Keys() const {
  std::vector<std::string> keys;
  for (const auto& [key, m] : impl_->messages) keys.push_back(key);
  return keys;
}

std::string Catalog::Pattern(std::string_view key) const {
  auto it = impl_->messages.find(key);
  return it == impl_->messages.end() ? "" : it->second.pattern;
}

std::vector<std::string> Catalog::ArgumentNames(std::string_view key) const {
  auto it = impl_->messages.find(key);
  return it == impl_->messages.end() ? std::vector<std::string>() : it->second.arguments;
}

std::string Catalog::Format(std::string_view key, const MessageArgs& args) const {
  return FormatImpl(key, args, /*markdown=*/true);
}

std::string Catalog::FormatText(std::string_view key, const MessageArgs& args) const {
  return FormatImpl(key, args, /*markdown=*/false);
}

std::string Catalog::FormatImpl(std::string_view key, const MessageArgs& args,
                                bool markdown) const {
  std::string name(key);
  auto it = impl_->messages.find(key);
  if (it == impl_->messages.end()) {
    impl_->Record(name + ": no such message in the " + LanguageCode(impl_->lang) + " catalog");
    return name;
  }
  const Impl::Message& m = it->second;
  if (m.format == nullptr) return name;  // recorded when the catalog was loaded
  for (const std::string& arg : m.arguments) {
    if (args.count(arg) == 0) {
      impl_->Record(name + ": missing argument '" + arg + "'");
      return name;
    }
  }
  try {
    std::vector<icu::UnicodeString> names;
    std::vector<icu::Formattable> values;
    for (const auto& [arg, value] : args) {
      names.push_back(FromUtf8(arg));
      values.push_back(Localize(value, impl_->lang, markdown, m.select_arguments.count(arg) != 0));
    }
    icu::UnicodeString out;
    UErrorCode status = U_ZERO_ERROR;
    {
      std::lock_guard<std::mutex> lock(impl_->format_mu);
      m.format->format(names.data(), values.data(), static_cast<int32_t>(names.size()), out,
                       status);
    }
    if (U_FAILURE(status)) {
      impl_->Record(name + ": formatting failed (" + u_errorName(status) +
                    "): an argument of the wrong kind?");
      return name;
    }
    return ToUtf8(out);
  } catch (const std::exception& e) {
    impl_->Record(name + ": " + e.what());
    return name;
  }
}

std::vector<std::string> Catalog::Errors() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->errors;
}

}  // namespace tracenote::l10n
