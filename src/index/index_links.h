// Links from an index page to the files a batch record names. Records hold
// paths relative to their results folder; the index may be written anywhere
// (the results folder itself, when `tracenote batch` calls it, gives direct
// links "reports/<slug>/report.en.md").
#ifndef TRACENOTE_SRC_INDEX_INDEX_LINKS_H_
#define TRACENOTE_SRC_INDEX_INDEX_LINKS_H_

#include <string>
#include <string_view>

namespace tracenote::index {

// `path` (relative to `results_folder`) as a path relative to `out_dir`,
// with '/' separators ("../r1/reports/x/report.en.md"). Both folders are
// made absolute (and symbolic links resolved where they exist) first.
// Returns "" when `path` fails batch::SafeRelativePath: such a path is never
// linked.
std::string RelativeTo(const std::string& out_dir, const std::string& results_folder,
                       const std::string& path);

// A relative path as a URL: every byte but ASCII letters, digits, '-', '.',
// '_', '~' and '/' is percent-encoded, so the link cannot carry a scheme
// ("javascript:"), a query, a fragment, spaces or markup.
std::string PathToUrl(std::string_view path);

}  // namespace tracenote::index

#endif  // TRACENOTE_SRC_INDEX_INDEX_LINKS_H_
