// The walk-through: the trace's events in order, grouped into episodes, each
// with a comment above it saying what the runtime is doing and why, in the
// voice of the annotated listing the project started from:
//
//   // G7 is preempted again: sysmon saw it run for 20 ms and sent SIGURG.
//   14: 0.000073 GoStart      G7  P0  main.main.func1 ./main.go:32
//   15: 0.010411 GoPreempt    G7  P0  ./main.go:32 -> runtime/preempt_amd64.s:50
//   ... G7 started and was preempted 148 more times, every ~20 ms
//
// Events are model events (the same for every trace format). Episodes are
// recognised from the events themselves: the goroutines listed at trace
// start, a P starting, goroutine creation, a goroutine preempted again and
// again (collapsed into one line with its count and measured period), a
// syscall whose P is handed to another thread, a timer or unblock waking a
// goroutine, a GC cycle with its stop-the-world phases, goroutines parking.
//
// A long trace is not listed whole: the walk-through covers the start of the
// trace, a window at the first time each pattern the detectors look at shows
// up (a preemption, a syscall losing its P, a GC cycle, a stop-the-world, a
// GOMAXPROCS change) and the end of the trace, at most `max_rows` listed
// events, and says so. It is collected while the events stream by, in the
// same pass as the analysis.
#ifndef TRACENOTE_SRC_REPORT_WALKTHROUGH_H_
#define TRACENOTE_SRC_REPORT_WALKTHROUGH_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "analysis/detectors/finding.h"
#include "ingest/trace_source.h"
#include "l10n/message_args.h"

namespace tracenote::report {

// One listed event, as data.
struct WalkRow {
  uint64_t index = 0;  // position among all model events
  int64_t time = 0;
  std::string name;        // GoStart, GoPreempt, GoBlock, GoSyscallBegin, STWBegin, ...
  uint64_t goroutine = 0;  // the goroutine the event is about
  uint64_t on = 0;         // the goroutine running when it happened (0: none)
  int64_t proc = -1;
  int64_t thread = -1;
  std::string detail;  // reason, state, value, label (trace text: escape on output)
  model::StackId stack = 0;
};

// One line of an episode's comment: a catalog key and its arguments.
struct Comment {
  std::string message;
  l10n::MessageArgs args;
};

struct Episode {
  std::string topic;       // initial, proc, span (a goroutine's run), preempt, wake, gc, other
  uint64_t goroutine = 0;  // for spans and preempt loops: whose
  std::vector<Comment> comments;
  std::vector<WalkRow> rows;  // listed rows
  uint64_t collapsed = 0;     // repetitions folded into one line (preempt loops)
  int64_t period = 0;         // their typical period
  bool gap_before = false;    // events were skipped before this episode
};

struct Walkthrough {
  std::vector<Episode> episodes;
  uint64_t total_events = 0;   // model events in the trace
  uint64_t listed_events = 0;  // rows listed (collapsed repetitions not counted)
  bool limited = false;        // not every event is covered
  uint64_t max_rows = 0;
};

struct WalkthroughOptions {
  uint64_t max_rows = 400;    // listed rows in all
  uint64_t start_rows = 120;  // rows from the start of the trace
  uint64_t window_rows = 40;  // rows at each pattern's first appearance
  uint64_t end_rows = 30;     // rows at the end of the trace
};

// Collects the walk-through from model events (a sink for the analysis
// pass); Finish() groups the rows into episodes.
class WalkthroughCollector : public model::EventSink {
 public:
  WalkthroughCollector(const model::Tables* tables, const WalkthroughOptions& options);
  ~WalkthroughCollector() override;
  void OnEvent(const model::Event& event) override;
  Walkthrough Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tracenote::report

#endif  // TRACENOTE_SRC_REPORT_WALKTHROUGH_H_
