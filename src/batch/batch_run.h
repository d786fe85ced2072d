// RunBatch: `tracenote batch` without its command line. Lists the inputs,
// keeps this shard's share, skips those already done, reports each of the
// rest in a worker process of its own (WorkerPool), and commits each result
// atomically; then writes the summary file.
//
// Results on disk (see batch_record.h for the whole layout):
//   reports/<slug>/             one folder per input, made in
//                               .tracenote-tmp/<run>/<slug> and renamed into
//                               place only when complete, so a batch killed
//                               at any moment leaves whole folders or none
//   reports/<slug>/record.json  the input's record, inside its folder, so the
//                               folder and the record appear together
//   summary.jsonl               every record of this listing (this shard),
//                               sorted by input, written last (temp + rename)
// An input is skipped ("resumed") when its folder holds a record with the
// same content hash, tool version and options; with retry_failed, error
// records are redone.
#ifndef TRACENOTE_SRC_BATCH_BATCH_RUN_H_
#define TRACENOTE_SRC_BATCH_BATCH_RUN_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "batch/batch_record.h"
#include "batch/input_listing.h"

namespace tracenote::batch {

struct BatchOptions {
  std::vector<std::string> inputs;
  std::string out_dir;
  int jobs = 1;
  std::vector<std::string> formats = {"md", "html"};
  std::vector<std::string> langs = {"en", "ru"};
  bool no_pictures = false;
  std::optional<Shard> shard;
  double timeout_s = 600;    // per input; 0: none
  long memory_limit_mb = 0;  // per worker; 0: none
  bool retry_failed = false;
  std::string worker_exe = "/proc/self/exe";
  std::string tool;  // "tracenote 0.1.0": part of the resume key
};

// Counts so far; `done` of `todo` workers have ended.
struct BatchTotals {
  int listed = 0;        // inputs in this shard
  int not_inputs = 0;    // files that are neither traces nor profiles
  int other_shards = 0;  // inputs left to other shards
  int resumed = 0;       // already done by an earlier run
  int ok = 0;
  int partial = 0;
  int errors = 0;
  int todo = 0;
  int done = 0;
  int failed() const { return partial + errors; }
};

struct BatchResult {
  BatchTotals totals;
  std::vector<BatchRecord> records;  // every input of this shard, by input
  std::string summary_path;
};

// Called after every change of the totals (from the driver's thread).
using ProgressFn = std::function<void(const BatchTotals&)>;

// "md,html;en,ru;pictures": what makes two runs' outputs differ.
std::string OptionsFingerprint(const BatchOptions& o);

StatusOr<BatchResult> RunBatch(const BatchOptions& options, const ProgressFn& progress);

}  // namespace tracenote::batch

#endif  // TRACENOTE_SRC_BATCH_BATCH_RUN_H_
