// `tracenote batch-worker`: the child process `tracenote batch` starts for
// one input (hidden from --help). It reads the input once, writes every
// requested format in every requested language into a staging folder, and
// leaves there `worker.json`: the input's batch::BatchRecord without the
// fields only the driver knows (hash, run, timings). A broken input is not a
// failure of the worker: it writes an error record and exits 0. Only when
// even that is impossible does it exit non-zero, and the driver turns its
// exit status and stderr into the error row.
#ifndef TRACENOTE_SRC_CLI_BATCH_WORKER_H_
#define TRACENOTE_SRC_CLI_BATCH_WORKER_H_

#include <string>
#include <vector>

namespace tracenote::cli {

struct BatchWorkerOptions {
  std::string input;
  std::string stage_dir;             // exists, empty; the driver renames it when done
  std::string slug;                  // the stage folder's final name under reports/
  std::vector<std::string> formats;  // md, html, json
  std::vector<std::string> langs;    // en, ru
  bool no_pictures = false;
  long parent_pid = 0;       // die with this process (0: do not check)
  long memory_limit_mb = 0;  // address-space limit; 0: none
};

int RunBatchWorker(const BatchWorkerOptions& options);

}  // namespace tracenote::cli

#endif  // TRACENOTE_SRC_CLI_BATCH_WORKER_H_
