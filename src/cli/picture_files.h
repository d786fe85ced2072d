// Where the pictures of a report go. HTML inlines them into the page;
// Markdown written to a file links them as SVG files beside it, named after
// the report ("out/run.md" -> "out/run.timeline.svg", linked as
// "run.timeline.svg" so the pair can be moved together, e.g. into a static
// site's page bundle); Markdown on standard output has nowhere to put
// files, so it goes without pictures (and says so on stderr); JSON has
// none.
#ifndef TRACENOTE_SRC_CLI_PICTURE_FILES_H_
#define TRACENOTE_SRC_CLI_PICTURE_FILES_H_

#include <string>

#include "base/status.h"
#include "cli/report_command.h"
#include "report/report_pictures.h"

namespace tracenote::cli {

// Contract: `draw` false means no picture is drawn at all; `files` means
// WritePictureFiles must be called after the report is written.
struct PicturePlan {
  bool draw = false;
  bool files = false;
  std::string dir;          // where the files go ("" = current directory)
  std::string link_prefix;  // file name prefix, also the link in the Markdown
};

PicturePlan PlanPictures(const ReportOptions& options);

// Writes every picture of `set` as dir/link_prefix + name + ".svg".
// Errors name the file.
Status WritePictureFiles(const report::PictureSet& set, const PicturePlan& plan);

}  // namespace tracenote::cli

#endif  // TRACENOTE_SRC_CLI_PICTURE_FILES_H_
