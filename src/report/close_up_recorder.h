// CloseUpRecorder: the close-up timelines of the findings, collected in the
// analysis pass itself, so that a report reads its trace once.
//
// A finding's close-up shows the first time its pattern appears in the
// trace: the first goroutine sysmon preempts for using up its time slice,
// the first syscall that loses its P, the first GC cycle (both
// stop-the-world phases and the mark phase between them), the first long
// wait in a run queue, the first GOMAXPROCS change. The detectors decide
// which findings there are only after the pass, but these first times are
// recognised as the events stream by.
//
// Algorithm. A close-up's window starts before the event that reveals it
// (the preempted goroutine started running up to a time slice earlier; a
// GC cycle is known when it ends). The recorder therefore keeps the recent
// past: the timeline-relevant events (goroutine transitions, syscall
// handoffs, ranges) of the last kLookback, at most kMaxBuffered of them.
// When a pattern first shows up, a TimelineCollector for its window is
// created, fed the buffered events (which give it the goroutines' states
// and everything from the window's start) and then the live events until
// the window ends. Each pattern is recorded once, so the cost is one short
// collector at a time plus the buffer: O(kMaxBuffered) memory whatever the
// trace length. A window reaching further back than the buffer starts at
// the oldest buffered event.
#ifndef TRACENOTE_SRC_REPORT_CLOSE_UP_RECORDER_H_
#define TRACENOTE_SRC_REPORT_CLOSE_UP_RECORDER_H_

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "analysis/timeline.h"
#include "model/trace_model.h"

namespace tracenote::report {

enum class CloseUpKind : uint8_t { kPreemption, kHandoff, kGcCycle, kSchedWait, kGomaxprocs };
inline constexpr int kCloseUpKinds = 5;
// "preemption", "handoff", "gc", "latency", "gomaxprocs".
std::string_view CloseUpKindName(CloseUpKind k);
// The close-up that shows a finding's pattern (by Finding::id), if any.
std::optional<CloseUpKind> CloseUpKindFor(std::string_view finding_id);

// One recorded close-up: the timeline and the goroutine it is about.
struct CloseUpShot {
  analysis::Timeline timeline;
  uint64_t goroutine = 0;  // 0: none in particular
  bool threads = false;    // about threads (draw the thread lanes)
};

// Contract: feed every model event of the trace in time order, then call
// Finish() once; the shots are those whose pattern appeared.
class CloseUpRecorder : public model::EventSink {
 public:
  static constexpr int64_t kLookback = 60'000'000;  // 60 ms
  static constexpr size_t kMaxBuffered = size_t{1} << 16;
  static constexpr int64_t kSpan = 50'000'000;       // a close-up is at most 50 ms
  static constexpr int64_t kLongWait = 5'000'000;    // a run-queue wait worth a picture
  static constexpr int64_t kAfterEvent = 5'000'000;  // shown after a handoff or change

  explicit CloseUpRecorder(const model::Tables* tables);
  ~CloseUpRecorder() override;
  void OnEvent(const model::Event& event) override;
  std::array<std::optional<CloseUpShot>, kCloseUpKinds> Finish();

 private:
  struct GoroutineTimes {
    int64_t running_since = -1;
    int64_t runnable_since = -1;
    int64_t syscall_since = -1;
  };
  struct Active {
    CloseUpKind kind;
    std::unique_ptr<analysis::TimelineCollector> collector;
    CloseUpShot shot;
  };

  void Buffer(const model::Event& e);
  void Watch(const model::Event& e);
  // Starts recording `kind` over [start, end] unless it was already.
  void Start(CloseUpKind kind, int64_t start, int64_t end, uint64_t goroutine, bool threads);
  void Feed(const model::Event& e);

  const model::Tables* tables_;
  std::deque<model::Event> recent_;
  std::unordered_map<uint64_t, GoroutineTimes> times_;
  std::array<bool, kCloseUpKinds> started_ = {};
  std::array<std::optional<CloseUpShot>, kCloseUpKinds> done_;
  std::vector<Active> active_;
  int64_t gc_mark_start_ = -1;
  uint64_t gomaxprocs_ = 0;
};

}  // namespace tracenote::report

#endif  // TRACENOTE_SRC_REPORT_CLOSE_UP_RECORDER_H_
