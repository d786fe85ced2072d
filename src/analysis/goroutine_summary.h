// Per-goroutine time accounting, computed from model events in one pass.
//
// The columns and their rules are those of the goroutine analysis of
// `go tool trace` (internal/trace's GoroutineStats), so that the numbers can
// be checked against it on the same trace:
//   exec        time Running (a syscall that did not lose its P counts here);
//   sched_wait  Runnable time before each start (after creation, an unblock,
//               a preemption or Gosched, or a syscall return);
//   block       Waiting on channels, select, sync.Mutex/RWMutex and Cond;
//   io          Waiting on the network poller;
//   syscall     in a syscall after its P was handed off (SyscallBlocked)
//               until it returned;
//   sweep       sweeping on behalf of the goroutine;
//   gc          for every GC cycle, the part of it the goroutine was alive for;
//   total       from creation to its end (or the end of the trace).
// Waits that go tool trace does not count (sleep, unspecified blocks, GC
// assist waits) are still kept, per reason, in `waits_by_reason`.
#ifndef TRACENOTE_SRC_ANALYSIS_GOROUTINE_SUMMARY_H_
#define TRACENOTE_SRC_ANALYSIS_GOROUTINE_SUMMARY_H_

#include <cstdint>
#include <map>
#include <vector>

#include "base/id_table.h"
#include "model/trace_model.h"

namespace tracenote::analysis {

struct GoroutineSummary {
  uint64_t id = 0;
  model::StringId start_func = 0;   // function the goroutine started in
  model::StackId start_stack = 0;   // its start location
  model::StackId create_stack = 0;  // where it was created (0: before the trace)
  uint64_t creator = 0;             // goroutine that created it (0: none/unknown)
  int64_t created = 0;              // creation (or first sighting) time
  int64_t first_start = -1;         // first time Running (-1: never ran)
  int64_t ended = -1;               // end time (-1: alive at trace end)
  bool existed_at_start = false;    // created before the trace began

  int64_t exec = 0, sched_wait = 0, block = 0, io = 0, syscall = 0, sweep = 0, gc = 0, total = 0;
  std::map<model::StringId, int64_t> waits_by_reason;  // every Waiting span, by reason
  uint64_t starts = 0, preemptions = 0, yields = 0, blocks = 0, syscalls = 0, blocked_syscalls = 0;

  // Where it was at the end of the trace.
  model::GoState final_state = model::GoState::kUndetermined;
  model::StringId final_reason = 0;
  model::StackId final_stack = 0;  // stack of the event that put it there
  int64_t final_since = 0;
};

// Builds the summaries as a model::EventSink; Finish() closes open spans at
// the end of the trace.
class GoroutineSummaryBuilder : public model::EventSink {
 public:
  explicit GoroutineSummaryBuilder(const model::Tables* tables) : tables_(tables) {}
  void OnEvent(const model::Event& e) override;
  // Returns the summaries sorted by goroutine id.
  std::vector<GoroutineSummary> Finish(int64_t end_time);

 private:
  struct Open {
    int64_t running_since = -1, runnable_since = -1, waiting_since = -1, syscall_since = -1,
            blocked_syscall_since = -1, sweep_since = -1;
    model::StringId wait_reason = 0;
    bool alive = false;
  };
  GoroutineSummary& Get(uint64_t g, int64_t time);
  // A Waiting span of `d` ns ended (or the trace did): by reason, and in the
  // block or network column when go tool trace counts it there.
  void AddWait(GoroutineSummary* s, model::StringId reason, int64_t d);
  void CloseSpans(GoroutineSummary& s, Open& o, int64_t t);
  void OnTransition(const model::Event& e);

  struct Cycle {
    int64_t start, end;
  };

  const model::Tables* tables_;
  std::vector<Cycle> gc_cycles_;  // completed GC mark phases, in time order
  IdTable<uint32_t> index_;       // goroutine id -> position + 1 in summaries_
  std::vector<GoroutineSummary> summaries_;
  std::vector<Open> open_;
  int64_t gc_start_ = -1;    // start of the GC cycle in progress
  int64_t first_time_ = -1;  // time of the trace's first event
};

}  // namespace tracenote::analysis

#endif  // TRACENOTE_SRC_ANALYSIS_GOROUTINE_SUMMARY_H_
