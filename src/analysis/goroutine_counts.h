// Goroutine counts over time: how many goroutines were alive, runnable,
// running and in a syscall, for the goroutine-count chart.
//
// Algorithm (bounded bins with doubling width): time is cut into bins of
// `bin_width` ns from 0. Each bin keeps, per count, the largest value it had
// at any moment inside the bin (including the value carried in from the
// previous bin), so short peaks are never lost. The width starts at 1 µs;
// whenever an event falls beyond the last of kMaxBins bins, the width
// doubles and neighbouring bins are merged pairwise (taking the larger
// value), which keeps the meaning "max over the bin" exact. So the result
// never has more than kMaxBins bins, whatever the length of the trace, and
// the work per event is O(1) amortized.
#ifndef TRACENOTE_SRC_ANALYSIS_GOROUTINE_COUNTS_H_
#define TRACENOTE_SRC_ANALYSIS_GOROUTINE_COUNTS_H_

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "model/trace_model.h"

namespace tracenote::analysis {

// The largest counts seen in [start, start + bin_width).
struct GoroutineCountBin {
  int64_t start = 0;
  uint64_t alive = 0;     // existed (not NotExist) and was seen to exist
  uint64_t runnable = 0;  // waiting in a run queue
  uint64_t running = 0;   // on a P
  uint64_t syscall = 0;   // in a system call
};

struct GoroutineCounts {
  int64_t bin_width = 0;
  int64_t duration = 0;
  std::vector<GoroutineCountBin> bins;  // consecutive, from time 0
  uint64_t max_alive = 0;
  uint64_t max_runnable = 0;
  uint64_t max_running = 0;
};

// Collects goroutine counts from model events (time order); memory is the
// live goroutines plus kMaxBins bins.
class GoroutineCountCollector : public model::EventSink {
 public:
  static constexpr size_t kMaxBins = 2048;
  static constexpr int64_t kFirstBinWidth = 1000;  // 1 µs

  void OnEvent(const model::Event& event) override;
  // The result; `end_time` is the time of the last event of the trace.
  GoroutineCounts Finish(int64_t end_time);

 private:
  // Moves the current bin forward to the one holding `t`, filling the bins
  // passed with the counts carried through them.
  void MoveTo(int64_t t);
  void Note();  // raises the current bin's maxima to the current counts
  uint64_t& CounterOf(model::GoState s);

  std::unordered_map<uint64_t, model::GoState> states_;  // live goroutines
  uint64_t runnable_ = 0;
  uint64_t running_ = 0;
  uint64_t syscall_ = 0;
  uint64_t other_ = 0;  // waiting or undetermined: alive, in no other count
  int64_t width_ = kFirstBinWidth;
  std::vector<GoroutineCountBin> bins_;
};

}  // namespace tracenote::analysis

#endif  // TRACENOTE_SRC_ANALYSIS_GOROUTINE_COUNTS_H_
