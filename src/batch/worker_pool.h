// WorkerPool: the batch's worker processes. Each input is reported by a
// child process of its own, so that a hostile input that crashed, hung or
// exhausted memory takes down one worker and becomes one error row, never
// the batch.
//
// Contract: at most `slots` children run at once; a child that runs longer
// than `timeout_s` is killed (SIGKILL) and reported as timed out. Children
// read /dev/null and write their standard error to the job's log file.
// Nothing here is thread-safe: one driver thread owns the pool.
#ifndef TRACENOTE_SRC_BATCH_WORKER_POOL_H_
#define TRACENOTE_SRC_BATCH_WORKER_POOL_H_

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "base/status.h"

namespace tracenote::batch {

struct WorkerJob {
  std::vector<std::string> argv;  // argv[0] is the program to run
  std::string log_path;           // the child's stderr
  size_t tag = 0;                 // the caller's id for the job
};

// How a worker ended.
struct WorkerEnd {
  size_t tag = 0;
  bool timed_out = false;
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;      // the signal that ended it, 0 when it exited
  double seconds = 0;
};

class WorkerPool {
 public:
  WorkerPool(int slots, double timeout_s);
  ~WorkerPool();  // kills and reaps whatever still runs
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  bool HasFreeSlot() const { return static_cast<int>(running_.size()) < slots_; }
  size_t running() const { return running_.size(); }
  Status Start(const WorkerJob& job);
  // Waits up to `wait_ms` for workers to end (or to pass their deadline)
  // and returns those that ended, possibly none.
  std::vector<WorkerEnd> Reap(int wait_ms);

 private:
  struct Running {
    pid_t pid = 0;
    size_t tag = 0;
    std::chrono::steady_clock::time_point start;
    bool killed_for_time = false;
  };
  int slots_;
  double timeout_s_;
  std::vector<Running> running_;
};

}  // namespace tracenote::batch

#endif  // TRACENOTE_SRC_BATCH_WORKER_POOL_H_
