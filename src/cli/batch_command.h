// `tracenote batch INPUT... -o OUTDIR`: reports for every trace and profile
// of an archive (batch/batch_run.h does the work), with a progress line on a
// terminal, the summary file, and the index pages of the results.
#ifndef TRACENOTE_SRC_CLI_BATCH_COMMAND_H_
#define TRACENOTE_SRC_CLI_BATCH_COMMAND_H_

#include <string>
#include <vector>

namespace tracenote::cli {

struct BatchCommandOptions {
  std::vector<std::string> inputs;
  std::string output;
  int jobs = 0;                     // 0: the number of cores
  std::string formats = "md,html";  // any of md, html, json
  std::string langs = "en,ru";      // report languages, any of en, ru
  std::string shard;                // "K/N" or empty
  double timeout_s = 600;
  long memory_limit_mb = 0;
  bool no_pictures = false;
  bool retry_failed = false;
  bool quiet = false;  // no progress line even on a terminal
};

int RunBatchCommand(const BatchCommandOptions& options);

}  // namespace tracenote::cli

#endif  // TRACENOTE_SRC_CLI_BATCH_COMMAND_H_
