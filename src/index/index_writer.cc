#include "index/index_writer.h"

#include <filesystem>

#include "base/atomic_file.h"
#include "index/index_links.h"
#include "index/index_model.h"
#include "index/index_pages.h"
#include "l10n/catalog.h"
#include "l10n/language.h"

namespace tracenote::index {
namespace {
namespace fs = std::filesystem;

// The records with report paths relative to out_dir, one JSON line each.
std::string ReRootedSummary(const std::vector<batch::BatchRecord>& records,
                            const std::string& out_dir) {
  std::string text;
  for (batch::BatchRecord r : records) {
    for (auto& [lang, files] : r.reports) {
      if (!files.md.empty()) files.md = RelativeTo(out_dir, r.results_folder, files.md);
      if (!files.html.empty()) files.html = RelativeTo(out_dir, r.results_folder, files.html);
    }
    text += batch::RecordToJson(r);
    text += '\n';
  }
  return text;
}

bool Contains(const std::vector<std::string>& list, const char* value) {
  for (const std::string& s : list) {
    if (s == value) return true;
  }
  return false;
}

}  // namespace

Status WriteIndex(const std::vector<batch::BatchRecord>& records, const IndexOptions& options) {
  std::vector<l10n::Language> langs;
  for (const std::string& code : options.langs) {
    auto lang = l10n::ParseLanguage(code);
    if (!lang || code.size() != 2) return InvalidArgumentError("index: unknown language " + code);
    langs.push_back(*lang);
  }
  for (const std::string& format : options.formats) {
    if (format != "md" && format != "html") {
      return InvalidArgumentError("index: unknown format " + format);
    }
  }
  const fs::path out(options.out_dir.empty() ? "." : options.out_dir);
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) return Status(StatusCode::kIoError, out.string() + ": cannot create: " + ec.message());

  const IndexModel model = BuildIndexModel(records);
  const PageSettings settings{out.string(), options.generator};
  for (l10n::Language lang : langs) {
    auto catalog = l10n::Catalog::Load(lang);
    if (!catalog.ok()) return catalog.status();
    const std::string code = l10n::LanguageCode(lang);
    if (Contains(options.formats, "md")) {
      ASSIGN_OR_RETURN(std::string page, RenderIndexMarkdown(model, *catalog, settings));
      RETURN_IF_ERROR(WriteFileAtomically((out / ("index." + code + ".md")).string(), page));
    }
    if (Contains(options.formats, "html")) {
      ASSIGN_OR_RETURN(std::string page, RenderIndexHtml(model, *catalog, settings));
      RETURN_IF_ERROR(WriteFileAtomically((out / ("index." + code + ".html")).string(), page));
    }
  }
  if (options.write_summary) {
    RETURN_IF_ERROR(WriteFileAtomically((out / "index.jsonl").string(),
                                        ReRootedSummary(records, out.string())));
  }
  return Status::Ok();
}

}  // namespace tracenote::index
