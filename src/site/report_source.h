// What a post takes from a results folder: the report's Markdown (without
// the parts the site writes itself) and the SVG pictures beside it. Every
// path is checked with batch::SafeRelativePath before it is opened, and
// symbolic links are not followed, so a results folder cannot make the
// site read or copy files from elsewhere.
#ifndef TRACENOTE_SRC_SITE_REPORT_SOURCE_H_
#define TRACENOTE_SRC_SITE_REPORT_SOURCE_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace tracenote::site {

// One report file of a results folder, and its pictures.
struct ReportSource {
  std::string markdown;  // the report without front matter or title
  // Picture files beside it ("report.en.timeline.svg"), sorted by name:
  // the file name (also the link in the Markdown) and its full path.
  struct Picture {
    std::string name;
    std::string path;
  };
  std::vector<Picture> pictures;
};

// The Markdown without a leading front matter block ("+++" or "---" fenced)
// and without its title: a first line "# ..." (cmark-gfm's normalized form
// of the report's only H1) and the blank lines after it.
std::string StripTitle(std::string_view markdown);

// Reads `folder`/`markdown_path` (a path from a record) and lists the
// pictures beside it: regular files named <stem>.<name>.svg where the
// Markdown is <stem>.md, whose names are safe (site::IsSafeName).
// Errors: an unsafe path, a missing or unreadable file, a symbolic link.
StatusOr<ReportSource> ReadReportSource(const std::string& folder,
                                        const std::string& markdown_path);

}  // namespace tracenote::site

#endif  // TRACENOTE_SRC_SITE_REPORT_SOURCE_H_
