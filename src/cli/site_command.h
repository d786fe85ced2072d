// `tracenote site RESULTS... -o DIR`: a static site in English and Russian
// over the results of one or more `tracenote batch` runs or shards: one post
// per report (with its pictures), an index per language, tag pages per
// finding, and the same posts as a Hugo content tree with hugo.toml
// (site::BuildSite; the theme is site/ in the source tree, embedded).
#ifndef TRACENOTE_SRC_CLI_SITE_COMMAND_H_
#define TRACENOTE_SRC_CLI_SITE_COMMAND_H_

#include <string>
#include <vector>

namespace tracenote::cli {

// The command line of `tracenote site`, as parsed in main.cc.
struct SiteCommandOptions {
  std::vector<std::string> results;  // results folders or summary*.jsonl files
  std::string output;                // the folder to write the site into
};

// Exit codes: 0; 1 when a RESULTS path has no summary or the site cannot be
// written; 3 (partial) when some report could not be read and its post was
// left out (each named on stderr).
int RunSite(const SiteCommandOptions& options);

}  // namespace tracenote::cli

#endif  // TRACENOTE_SRC_CLI_SITE_COMMAND_H_
