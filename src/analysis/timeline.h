// The data of a timeline picture: what ran on each P and each OS thread over
// a window of the trace, the GC and stop-the-world bands, and the notable
// scheduling events (preemptions, wake-ups, syscall handoffs, creations),
// collected in one streaming pass over model events (TimelineCollector) and
// reduced to what a picture `width_px` pixels wide can show.
//
// Bounded memory. A trace may hold millions of run slices, but a picture can
// only show about one item per pixel column and lane, so the collector keeps
// at most a few items per column:
//  * Slices narrower than one pixel (`pixel_ns`, the window length divided by
//    the width) that follow the previous item of the same lane with a gap
//    under one pixel are merged into it: the result is an aggregate slice
//    ("N slices of M goroutines", drawn grey). Two items left side by side
//    are then either a pixel apart or one of them is at least a pixel wide,
//    so a lane holds at most about 2 * width_px slices.
//  * Marks of one kind that fall into the same pixel column of a lane merge
//    into one mark with a count: at most width_px marks per kind and lane.
//  * Bands (GC, stop-the-world) merge like slices, per kind.
// For a fixed window the pixel size is known from the start. For the
// open-ended window (the whole trace) it is not: the collector starts at a
// fine resolution (kInitialPixelNs) and, whenever a lane holds more than
// kLaneBudgetPerPixel * width_px slices or marks, doubles the pixel size and
// merges every lane again under the new size, repeating until every lane is
// within the budget again. The pixel size only grows, so a whole pass holds
// at most log2(trace length / kInitialPixelNs) re-merges, each costing
// O(items kept) = O(lanes * width): the cost per event is amortized O(1)
// and memory is O(lanes * width), whatever the number of events. Finish()
// re-merges once more at the final pixel size (window length / width), or
// keeps the collecting one if that is coarser.
//
// Goroutine states are tracked for the whole trace, before the window too,
// so a goroutine already running when the window starts gets a slice
// clipped to the window's start.
#ifndef TRACENOTE_SRC_ANALYSIS_TIMELINE_H_
#define TRACENOTE_SRC_ANALYSIS_TIMELINE_H_

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/trace_analysis.h"
#include "model/trace_model.h"

namespace tracenote::analysis {

// The part of the trace to show, and the width of the picture in pixels.
struct TimelineWindow {
  int64_t start = 0;
  int64_t end = kUnknownTime;  // kUnknownTime: up to the end of the trace
  int width_px = 1200;
};

enum class TimelineSliceKind : uint8_t {
  kRunning,         // a goroutine running
  kSyscall,         // a goroutine in a syscall (still holding its P, on a P lane)
  kSyscallBlocked,  // a syscall that lost its P (thread lanes only)
  kAggregate,       // sub-pixel slices merged
};

// A span of time on one lane. Aggregates count what they merged.
struct TimelineSlice {
  int64_t start = 0;
  int64_t end = 0;
  uint64_t goroutine = 0;  // the goroutine (0 for aggregates)
  TimelineSliceKind kind = TimelineSliceKind::kRunning;
  uint64_t slices = 1;             // source slices merged into this one
  uint64_t goroutines = 1;         // distinct goroutines among them
  bool goroutines_capped = false;  // `goroutines` is a lower bound
  bool labelled = false;           // wide enough for a "G<id>" label (set by Finish)
  std::vector<uint64_t> ids;       // aggregates: distinct goroutines, sorted (capped)
  int64_t duration() const { return end - start; }
};

enum class TimelineMarkKind : uint8_t { kPreempted, kWoken, kSyscallHandoff, kCreated };
inline constexpr int kTimelineMarkKinds = 4;

// An instant on a lane; `count` > 1 when several fell into one pixel column.
struct TimelineMark {
  int64_t time = 0;  // of the first one
  TimelineMarkKind kind = TimelineMarkKind::kPreempted;
  uint64_t goroutine = 0;  // the subject (preempted, woken, created, in the syscall)
  uint64_t by = 0;         // who woke or created it (0: unknown)
  uint64_t count = 1;
};

enum class TimelineLaneKind : uint8_t { kProc, kThread };

// One row of the picture: a P or an OS thread. Slices and marks are in time
// order.
struct TimelineLane {
  TimelineLaneKind kind = TimelineLaneKind::kProc;
  int64_t id = 0;
  std::vector<TimelineSlice> slices;
  std::vector<TimelineMark> marks;
};

enum class TimelineBandKind : uint8_t { kGcMark, kStw };

// A GC mark phase or a stop-the-world pause, across all lanes.
struct TimelineBand {
  int64_t start = 0;
  int64_t end = 0;
  TimelineBandKind kind = TimelineBandKind::kGcMark;
  std::string reason;  // stop-the-world: the reason from the trace ("GC mark termination")
  uint64_t count = 1;  // bands merged into this one
  bool open = false;   // still going at the end of the window
};

// What Finish() returns: everything a timeline picture draws.
struct Timeline {
  int64_t start = 0;  // the window actually covered
  int64_t end = 0;
  int width_px = 0;
  int64_t pixel_ns = 1;                       // the resolution the items were merged at
  std::vector<TimelineLane> procs;            // by P id
  std::vector<TimelineLane> threads;          // by thread id (empty when the format has no threads)
  std::vector<TimelineBand> bands;            // by start time, then kind
  std::vector<uint64_t> labelled_goroutines;  // ids with a labelled slice, sorted
  uint64_t merged_slices = 0;                 // source slices folded into aggregates
  uint64_t merged_marks = 0;                  // marks folded into others
  uint64_t merged_bands = 0;
};

// Contract: feed it every model event of a trace in time order (it may ask
// to stop after the window's end through WantsMore), then call Finish()
// once. `tables` must outlive the collector.
class TimelineCollector : public model::EventSink {
 public:
  static constexpr int64_t kInitialPixelNs = 1000;  // 1 µs
  static constexpr int kLaneBudgetPerPixel = 4;
  static constexpr int kLabelMinPx = 40;  // slices at least this wide get a label
  static constexpr size_t kMaxAggregateIds = 64;

  TimelineCollector(const model::Tables* tables, TimelineWindow window);

  void OnEvent(const model::Event& event) override;
  bool WantsMore() const override;
  Timeline Finish();

 private:
  // A slice still going on a lane.
  struct OpenSlice {
    bool open = false;
    int64_t start = 0;
    uint64_t goroutine = 0;
    TimelineSliceKind kind = TimelineSliceKind::kRunning;
  };
  // A lane being collected: its items so far, the slice still open on it
  // and where the last mark of each kind is (for merging by column).
  struct Lane {
    TimelineLane data;
    OpenSlice open;
    size_t last_mark[kTimelineMarkKinds] = {};  // index + 1 of the last mark of each kind
  };
  // What the collector knows about a live goroutine.
  struct GoroutineState {
    model::GoState state = model::GoState::kUndetermined;
    int64_t proc = model::kNoProc;  // where it runs or last ran
    int64_t thread = model::kNoThread;
    int64_t syscall_thread = model::kNoThread;
    bool syscall_blocked = false;
  };
  // A stop-the-world range that has begun and not ended yet.
  struct OpenBand {
    int64_t start = 0;
    model::StringId name = 0;
  };

  Lane* ProcLane(int64_t p);
  Lane* ThreadLane(int64_t m);
  void OnGo(const model::Event& e);
  void OnSyscallBlocked(const model::Event& e);
  void OnRange(const model::Event& e);
  void OpenOn(Lane* lane, int64_t t, uint64_t g, TimelineSliceKind kind);
  void CloseOn(Lane* lane, int64_t t, uint64_t g);
  void AddSlice(Lane* lane, TimelineSlice s);
  void AddMark(Lane* lane, TimelineMark m);     // and keeps the budget
  void AppendMark(Lane* lane, TimelineMark m);  // merges by pixel column only
  void AddBand(TimelineBand b);
  bool InWindow(int64_t t) const;
  void CheckBudget(const Lane& lane);
  void Remerge(int64_t pixel_ns);

  const model::Tables* tables_;
  TimelineWindow window_;
  int64_t window_end_;  // window_.end, or "no end" for the open window
  int64_t pixel_ns_;
  std::map<int64_t, Lane> procs_;
  std::map<int64_t, Lane> threads_;
  // The last lane looked up of each kind (map nodes never move): most events
  // are on the same P and thread as the one before.
  int64_t last_proc_id_ = -1;
  Lane* last_proc_ = nullptr;
  int64_t last_thread_id_ = -1;
  Lane* last_thread_ = nullptr;
  std::unordered_map<uint64_t, GoroutineState> goroutines_;
  std::vector<TimelineBand> gc_bands_;
  std::vector<TimelineBand> stw_bands_;
  int64_t gc_open_ = kUnknownTime;  // start of the open GC mark phase
  std::vector<OpenBand> stw_open_;
  int64_t last_time_ = 0;
  bool past_end_ = false;
};

}  // namespace tracenote::analysis

#endif  // TRACENOTE_SRC_ANALYSIS_TIMELINE_H_
