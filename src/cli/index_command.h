// `tracenote index RESULTS... -o DIR`: the index pages (Markdown and HTML,
// English and Russian) over the results of one or more `tracenote batch`
// runs or shards. RESULTS are results folders or summary files; records of
// the same input in several of them are merged, the newer run winning.
#ifndef TRACENOTE_SRC_CLI_INDEX_COMMAND_H_
#define TRACENOTE_SRC_CLI_INDEX_COMMAND_H_

#include <string>
#include <vector>

namespace tracenote::cli {

struct IndexCommandOptions {
  std::vector<std::string> results;  // results folders or summary*.jsonl files
  std::string output;                // the folder to write the index into
  std::string lang = "en,ru";        // comma-separated
  std::string format = "md,html";    // comma-separated
};

// Exit codes: 0, 1 when a RESULTS path has no summary or nothing can be
// written, 2 for a bad --lang or --format.
int RunIndex(const IndexCommandOptions& options);

}  // namespace tracenote::cli

#endif  // TRACENOTE_SRC_CLI_INDEX_COMMAND_H_
