// BuildSite: the whole static site of `tracenote site` from batch records.
//
// Layout of the output (site-relative paths; see site/README.md):
//   index.html                          choice of language
//   style.css                           the theme's style
//   <lang>/index.html                   posts newest first, failed inputs
//   <lang>/posts/<slug>/index.html      one report, its SVG pictures beside
//   <lang>/tags/<finding-id>/index.html posts showing that finding
//   content/<lang>/posts/<slug>/index.md  Hugo page bundle (front matter,
//                                         the report's Markdown, pictures)
//   hugo.toml                           Hugo: the two languages, their
//                                       content folders, the theme
//   themes/tracenote/                   a Hugo theme: site/hugo/ layouts,
//                                       the style, i18n words per language
// The same records give byte-identical files: nothing depends on the clock,
// the machine or the order the records came in.
#ifndef TRACENOTE_SRC_SITE_SITE_BUILDER_H_
#define TRACENOTE_SRC_SITE_SITE_BUILDER_H_

#include <string>
#include <vector>

#include "base/status.h"
#include "batch/batch_record.h"
#include "site/site_pages.h"
#include "site/site_writer.h"

namespace tracenote::site {

// What the pages say about their maker; nothing here changes their content
// otherwise.
struct SiteOptions {
  std::string generator;  // "tracenote 0.1.0", for <meta name=generator>
};

// What was written.
struct SiteStats {
  int posts = 0;   // reports turned into posts (counted once, not per language)
  int failed = 0;  // inputs listed without a post
  int files = 0;   // files written
  // Posts left out because their report could not be read ("input: why").
  std::vector<std::string> problems;
};

// Writes the site for `records` into `sink`. A report that cannot be read
// (missing file, unsafe path, link) leaves its post out and is listed in
// SiteStats::problems and among the failed inputs; errors writing the site
// or a broken embedded theme end the build with that Status.
StatusOr<SiteStats> BuildSite(const std::vector<batch::BatchRecord>& records,
                              const SiteOptions& options, SiteSink* sink);

// hugo.toml for the site's languages, each with its own content folder.
std::string HugoConfig(const SiteContext& site);

}  // namespace tracenote::site

#endif  // TRACENOTE_SRC_SITE_SITE_BUILDER_H_
