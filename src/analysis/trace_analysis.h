// TraceAnalysis: everything the detectors and the report read about one
// trace, computed from its model events in a single streaming pass
// (BuildTraceAnalysis). Detectors take it by const reference and never see
// the trace format or the events themselves; memory is bounded by the number
// of goroutines, GC cycles and the notable events kept as evidence, not by
// the length of the trace.
#ifndef TRACENOTE_SRC_ANALYSIS_TRACE_ANALYSIS_H_
#define TRACENOTE_SRC_ANALYSIS_TRACE_ANALYSIS_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/goroutine_summary.h"
#include "base/status.h"
#include "ingest/trace_source.h"
#include "model/trace_model.h"

namespace tracenote::analysis {

inline constexpr int64_t kUnknownTime = -1;
// A goroutine preempted after running at least this long was preempted by
// sysmon for using up its time slice (forcePreemptNS = 10 ms, minus the
// jitter of sysmon's tick).
inline constexpr int64_t kSysmonTimeSlice = 9500000;

// One stop-the-world pause.
struct StwPause {
  int64_t start = 0;
  int64_t end = kUnknownTime;  // kUnknownTime: still stopped at trace end
  model::StringId range = 0;   // the range's name: "stop-the-world (<reason>)"
  std::string_view Reason(const model::Tables& t) const;  // "GC mark termination", ...
  bool gc = false;                                        // a GC phase (sweep or mark termination)
  uint64_t goroutine = 0;                                 // who stopped the world (0: unknown)
  int64_t duration() const { return end == kUnknownTime ? 0 : end - start; }
};

// One GC cycle: the concurrent mark phase and the STW phases around it.
struct GcCycle {
  uint64_t seq = 0;            // 1-based, in trace order
  int64_t start = 0;           // GC concurrent mark phase begins
  int64_t end = kUnknownTime;  // ... ends (kUnknownTime: unfinished)
  int64_t sweep_term_start = kUnknownTime, sweep_term_end = kUnknownTime;
  int64_t mark_term_start = kUnknownTime, mark_term_end = kUnknownTime;
  uint64_t heap_before = 0;          // heap live at the start
  uint64_t heap_after = 0;           // heap live just after the cycle
  uint64_t heap_goal = 0;            // goal set at the end of the cycle
  int64_t assist_time = 0;           // mark assist time during the cycle
  int64_t worker_time = 0;           // GC worker goroutines' running time
  uint64_t trigger_goroutine = 0;    // goroutine running when it began
  model::StackId trigger_stack = 0;  // its stack (runtime.GC, mallocgc, ...)
};

// A goroutine stopped because it was preempted.
struct Preemption {
  uint64_t goroutine = 0;
  int64_t time = 0;
  int64_t ran_for = 0;  // how long it had been running
  int64_t proc = model::kNoProc;
  model::StackId stack = 0;
  bool during_stw = false;  // a stop-the-world was in progress (or just began)
  bool during_gc = false;   // a GC mark phase was in progress
};

// A syscall that lost its P, from entry to return.
struct BlockedSyscall {
  uint64_t goroutine = 0;
  int64_t start = 0;                       // entered the syscall
  int64_t blocked = 0;                     // the P was handed off / taken
  int64_t end = kUnknownTime;              // returned (kUnknownTime: still in it at trace end)
  int64_t proc = model::kNoProc;           // the P it held
  int64_t thread = model::kNoThread;       // the thread left in the syscall
  int64_t next_thread = model::kNoThread;  // thread that ran the P next
  int64_t p_restart = kUnknownTime;        // when the P ran again
  bool during_stw = false;                 // taken by a stop-the-world
  model::StackId stack = 0;                // the syscall's stack
};

// Why a goroutine became runnable.
enum class RunnableCause : uint8_t { kCreated, kUnblocked, kPreempted, kYield, kSyscallReturn };
const char* RunnableCauseName(RunnableCause c);

// A goroutine's wait in the run queue (Runnable until Running).
struct SchedWait {
  uint64_t goroutine = 0;
  int64_t runnable_at = 0;
  int64_t wait = 0;
  RunnableCause cause = RunnableCause::kCreated;
};

// Log-spaced histogram of scheduler latencies with exact percentiles for
// the worst values kept separately.
struct LatencyHistogram {
  // Bucket i holds [2^(i/16), 2^((i+1)/16)) ns: 16 per power of two, so a
  // quantile is within 4.4 % of the true value.
  static constexpr int kPerOctave = 16;
  static constexpr int kBuckets = 64 * kPerOctave;
  std::array<uint64_t, kBuckets> counts = {};
  uint64_t total = 0;
  int64_t max = 0;
  int64_t sum = 0;
  void Add(int64_t ns);
  // An estimate of the q-quantile (0..1) from the buckets.
  int64_t Quantile(double q) const;
  static int64_t BucketLow(int i);
};

struct MetricPoint {
  int64_t time = 0;
  uint64_t value = 0;
};

struct TraceAnalysis {
  model::TraceInfo info;
  const model::Tables* tables = nullptr;
  int64_t end_time = 0;                      // time of the last event
  uint64_t model_events = 0;                 // model events in the trace
  std::vector<GoroutineSummary> goroutines;  // by id (see folded_goroutines)
  // Goroutines that exited, summed per start function, when the trace had
  // too many to keep one by one (goroutine_summary.h).
  std::vector<GoroutineFold> folded_goroutines;
  // Every goroutine, kept one by one or folded.
  uint64_t GoroutineCount() const {
    uint64_t n = goroutines.size();
    for (const GoroutineFold& f : folded_goroutines) n += f.count;
    return n;
  }
  std::vector<GcCycle> gc_cycles;
  std::vector<StwPause> stw_pauses;
  std::vector<Preemption> preemptions;           // every preemption (capped, see truncated)
  std::vector<BlockedSyscall> blocked_syscalls;  // capped likewise
  LatencyHistogram sched_latency;
  std::vector<SchedWait> worst_sched_waits;  // the longest, longest first
  std::vector<MetricPoint> gomaxprocs;       // every change
  std::vector<MetricPoint> heap_live;        // downsampled to at most kMaxMetricPoints
  std::vector<MetricPoint> heap_goal;
  std::vector<int64_t> threads;  // distinct thread ids seen
  uint64_t procs = 0;            // distinct Ps seen
  uint64_t max_gomaxprocs = 0;
  int64_t gc_worker_time = 0;       // all GC worker running time
  int64_t gc_assist_time = 0;       // all mark assist time
  int64_t stw_time = 0;             // all STW time
  bool evidence_truncated = false;  // a cap above was reached

  static constexpr size_t kMaxEvidence = 200000;  // preemptions, syscalls kept
  static constexpr size_t kMaxMetricPoints = 4096;
  static constexpr size_t kWorstWaits = 20;
};

// Replays `source` once and computes the analysis. `tables` stay owned by
// the source, which must outlive the result. `also`, if given, sees every
// event of the same pass (the report collects its walk-through there).
StatusOr<TraceAnalysis> BuildTraceAnalysis(TraceSource* source, model::EventSink* also = nullptr);

}  // namespace tracenote::analysis

#endif  // TRACENOTE_SRC_ANALYSIS_TRACE_ANALYSIS_H_
