// Mutator utilization: the fraction of the Ps (GOMAXPROCS) that were
// available to the program, over time, and the minimum mutator utilization
// (MMU) curve computed from it.
//
// The semantics follow Go's internal/trace MutatorUtilization with the flags
// STW, Background and Assist, aggregated over all Ps (not per P):
//  * while the world is stopped, utilization is 0;
//  * a goroutine running as a GC worker (one whose run is labelled "GC ...",
//    e.g. "GC (dedicated)") takes its P away from the program;
//  * a running goroutine inside a "GC mark assist" range takes one P;
//  * u(t) = max(0, 1 - busy(t) / GOMAXPROCS(t)), GOMAXPROCS from the
//    /sched/gomaxprocs:threads metric (1 until the trace says otherwise).
// Sweeping is not counted (Go's UtilSweep flag is not set): the runtime's
// incremental sweep is done by the allocating goroutines in small pieces and
// is reported separately.
#ifndef TRACENOTE_SRC_ANALYSIS_MUTATOR_UTILIZATION_H_
#define TRACENOTE_SRC_ANALYSIS_MUTATOR_UTILIZATION_H_

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "model/trace_model.h"

namespace tracenote::analysis {

// One piece of the utilization step function: [start, end) and the exact
// integral of u(t) over it (in ns; integral / (end - start) is its mean).
struct UtilizationSegment {
  int64_t start = 0;
  int64_t end = 0;
  double integral = 0;
};

// u(t) over the whole trace as contiguous segments from 0 to `duration`.
// A segment is either one exact step of u or, once the trace had too many
// steps, a bucket merging several steps with their exact total integral.
// `resolution_ns` is the shortest span a merged bucket may have (1: every
// step is exact); windows shorter than it are approximated, because within a
// bucket u is taken to be its mean.
struct MutatorUtilization {
  std::vector<UtilizationSegment> segments;
  int64_t duration = 0;
  int64_t resolution_ns = 1;
  // The mean utilization over the whole trace (1 when it is empty).
  double Mean() const;
};

// Collects u(t) from model events (time order). Memory is bounded: at most
// `max_segments` segments are kept (see the algorithm in the .cc).
class MutatorUtilizationCollector : public model::EventSink {
 public:
  static constexpr size_t kDefaultMaxSegments = size_t{1} << 20;

  explicit MutatorUtilizationCollector(const model::Tables* tables,
                                       size_t max_segments = kDefaultMaxSegments);
  void OnEvent(const model::Event& event) override;
  // The result; `end_time` is the time of the last event of the trace.
  MutatorUtilization Finish(int64_t end_time);

 private:
  struct GoroutineFlags {
    bool running = false;
    bool worker = false;  // running as a GC worker (until it stops running)
    bool assist = false;  // inside a mark assist range
  };

  double CurrentUtilization() const;
  // Accounts u up to `t`, then takes the new u as of `t`.
  void Advance(int64_t t);
  void Update(int64_t t);
  void Compact();
  void SetBusy(GoroutineFlags& g, bool before_busy);

  const model::Tables* tables_;
  size_t max_segments_;
  std::unordered_map<uint64_t, GoroutineFlags> goroutines_;
  int stw_open_ = 0;
  int64_t busy_ = 0;  // Ps taken by GC workers and assists
  uint64_t gomaxprocs_ = 1;
  double u_ = 1.0;          // u since last_time_
  int64_t last_time_ = 0;   // u_ is accounted up to here
  int64_t resolution_ = 1;  // current minimum bucket span
  std::vector<UtilizationSegment> segments_;
  UtilizationSegment open_;  // the segment being filled, [open_.start, last_time_)
};

// One point of the MMU curve: the worst mean utilization over any window of
// `window_ns` inside the trace.
struct MmuPoint {
  int64_t window_ns = 0;
  double mmu = 0;  // 0..1
};

// The MMU for `points` log-spaced window sizes from max(10 µs, resolution)
// up to the trace duration (fewer when they coincide; empty for an empty
// trace). Each point is exact for the step function (O(segments)).
std::vector<MmuPoint> ComputeMmuCurve(const MutatorUtilization& mu, int points);
// The MMU for one window size.
double ComputeMmu(const MutatorUtilization& mu, int64_t window_ns);

}  // namespace tracenote::analysis

#endif  // TRACENOTE_SRC_ANALYSIS_MUTATOR_UTILIZATION_H_
