// The data files compiled into the binary at build time (see
// embed_files.cmake): message catalogs under "locales/" and templates and
// CSS under "templates/". Paths are relative to the source tree, with "/"
// separators: "locales/ru/report.json", "templates/report.md.mustache".
// The bytes live in static storage for the whole run.
#ifndef TRACENOTE_SRC_L10N_EMBEDDED_FILES_H_
#define TRACENOTE_SRC_L10N_EMBEDDED_FILES_H_

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace tracenote::l10n {

// The file's bytes, or nullopt when no file has that path.
std::optional<std::string_view> FindEmbeddedFile(std::string_view path);

// The file's bytes, or an empty view when no file has that path.
std::string_view EmbeddedFile(std::string_view path);

// Paths of the embedded files that start with `prefix`, sorted.
std::vector<std::string_view> EmbeddedFilePaths(std::string_view prefix = "");

namespace internal {
// Defined in the generated embedded_files_data.cc.
struct EmbeddedEntry {
  const char* path;
  const char* data;
  size_t size;
};
extern const EmbeddedEntry kEmbeddedFiles[];
extern const size_t kEmbeddedFileCount;
}  // namespace internal

}  // namespace tracenote::l10n

#endif  // TRACENOTE_SRC_L10N_EMBEDDED_FILES_H_
