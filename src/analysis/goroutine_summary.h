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
// Goroutines that exited, summed per start function once too many were kept
// one by one (see GoroutineSummaryBuilder).
struct GoroutineFold {
  model::StringId start_func = 0;
  uint64_t count = 0, preemptions = 0;
  int64_t exec = 0, sched_wait = 0, block = 0, io = 0, syscall = 0, sweep = 0, gc = 0, total = 0;
};

// Memory: a server creates goroutines without end, so the builder keeps at
// most `keep_exited` goroutines that have exited one by one (the busiest by
// execution, block, syscall and network time, the columns the report ranks
// by); the others are folded into per-start-function totals as they exit.
// Goroutines still alive are always kept.
class GoroutineSummaryBuilder : public model::EventSink {
 public:
  static constexpr size_t kDefaultKeepExited = 20000;
  explicit GoroutineSummaryBuilder(const model::Tables* tables,
                                   size_t keep_exited = kDefaultKeepExited)
      : tables_(tables), keep_exited_(keep_exited) {}
  void OnEvent(const model::Event& e) override;
  // Returns the summaries kept one by one, sorted by goroutine id.
  std::vector<GoroutineSummary> Finish(int64_t end_time);
  // The folded goroutines, by start function (valid after Finish).
  std::vector<GoroutineFold> Folded() const;

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
  // GC time of a goroutine alive over [created, until), given the start of
  // the cycle running now (-1: none).
  int64_t GcTime(int64_t created, int64_t until, int64_t running, bool prefer_running) const;
  void Finalize(GoroutineSummary& s, int64_t until, int64_t running, bool prefer_running) const;
  // A goroutine exited: settle its numbers and fold the least busy exited
  // one if too many are kept.
  void OnExit(uint32_t slot);

  struct Cycle {
    int64_t start, end;
  };

  const model::Tables* tables_;
  std::vector<Cycle> gc_cycles_;       // completed GC mark phases, in time order
  std::vector<int64_t> gc_prefix_{0};  // gc_prefix_[i]: length of cycles [0, i)
  size_t keep_exited_;
  struct Exited {
    int64_t busy;
    uint32_t slot, version;
    bool operator>(const Exited& o) const { return busy > o.busy; }
  };
  std::vector<Exited> exited_;     // min-heap on busy; stale entries skipped
  std::vector<uint32_t> version_;  // per slot, bumped when a slot changes hands
  std::vector<uint8_t> settled_;   // per slot: numbers final (exited)
  std::vector<uint32_t> free_;     // slots of folded goroutines, for reuse
  std::map<model::StringId, GoroutineFold> folded_;
  IdTable<uint32_t> index_;  // goroutine id -> position + 1 in summaries_
  std::vector<GoroutineSummary> summaries_;
  std::vector<Open> open_;
  int64_t gc_start_ = -1;    // start of the GC cycle in progress
  int64_t first_time_ = -1;  // time of the trace's first event
};

}  // namespace tracenote::analysis

#endif  // TRACENOTE_SRC_ANALYSIS_GOROUTINE_SUMMARY_H_
