#include "site/report_source.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "batch/batch_record.h"
#include "site/site_model.h"
#include "site/site_writer.h"

namespace tracenote::site {
namespace {

namespace fs = std::filesystem;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The rest of `text` after its first line (all of it consumed when there is
// no line break).
std::string_view AfterLine(std::string_view text) {
  size_t end = text.find('\n');
  return end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
}

// True when no component of folder/rel_path below `folder` is a link.
bool NoLinks(const fs::path& folder, const std::string& rel_path) {
  std::error_code ec;
  fs::path p = folder;
  for (const fs::path& part : fs::path(rel_path)) {
    p /= part;
    if (fs::is_symlink(fs::symlink_status(p, ec))) return false;
  }
  return true;
}

}  // namespace

std::string StripTitle(std::string_view md) {
  for (std::string_view fence : {"+++", "---"}) {
    if (md.substr(0, fence.size() + 1) == std::string(fence) + "\n") {
      const std::string closing = "\n" + std::string(fence) + "\n";
      size_t end = md.find(closing, fence.size());
      if (end != std::string_view::npos) md.remove_prefix(end + closing.size());
      break;
    }
  }
  while (md.substr(0, 1) == "\n") md.remove_prefix(1);
  if (md.substr(0, 2) == "# ") md = AfterLine(md);
  while (md.substr(0, 1) == "\n") md.remove_prefix(1);
  return std::string(md);
}

StatusOr<ReportSource> ReadReportSource(const std::string& folder,
                                        const std::string& markdown_path) {
  const std::string where = "site: " + folder + "/" + markdown_path;
  if (!batch::SafeRelativePath(markdown_path) || !EndsWith(markdown_path, ".md")) {
    return InvalidArgumentError("site: refusing to read " + markdown_path);
  }
  if (!NoLinks(folder, markdown_path)) {
    return InvalidArgumentError(where + ": a symbolic link; not following it");
  }
  const fs::path file = fs::path(folder) / markdown_path;
  ASSIGN_OR_RETURN(std::string text, ReadWholeFile(file.string()));
  ReportSource source;
  source.markdown = StripTitle(text);

  // Pictures: <stem>.<name>.svg beside <stem>.md, regular files only.
  const std::string stem = file.stem().string() + ".";
  std::error_code ec;
  for (fs::directory_iterator it(file.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.compare(0, stem.size(), stem) != 0 || !EndsWith(name, ".svg") || !IsSafeName(name)) {
      continue;
    }
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    source.pictures.push_back({name, it->path().string()});
  }
  if (ec) return Status(StatusCode::kIoError, where + ": " + ec.message());
  std::sort(source.pictures.begin(), source.pictures.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return source;
}

}  // namespace tracenote::site
