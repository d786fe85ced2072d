#include "l10n/embedded_files.h"

#include <algorithm>

namespace tracenote::l10n {

std::optional<std::string_view> FindEmbeddedFile(std::string_view path) {
  for (size_t i = 0; i < internal::kEmbeddedFileCount; ++i) {
    const internal::EmbeddedEntry& e = internal::kEmbeddedFiles[i];
    if (path == e.path) return std::string_view(e.data, e.size);
  }
  return std::nullopt;
}

std::string_view EmbeddedFile(std::string_view path) {
  return FindEmbeddedFile(path).value_or(std::string_view());
}

std::vector<std::string_view> EmbeddedFilePaths(std::string_view prefix) {
  std::vector<std::string_view> paths;
  for (size_t i = 0; i < internal::kEmbeddedFileCount; ++i) {
    std::string_view path = internal::kEmbeddedFiles[i].path;
    if (path.substr(0, prefix.size()) == prefix) paths.push_back(path);
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace tracenote::l10n
