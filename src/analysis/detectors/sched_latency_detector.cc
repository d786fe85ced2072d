// Scheduler latency: how long runnable goroutines waited for a P.
//
// A goroutine made runnable (created, unblocked, preempted, back from a
// syscall) waits in a run queue until a P picks it up; this is the same
// quantity as /sched/latencies:seconds in runtime/metrics. Waits after a
// voluntary runtime.Gosched are left out: the goroutine asked to wait. We
// report p50/p90/p99/max and the worst waiters with what made them runnable.
#include <algorithm>

#include "analysis/detectors/detector_list.h"

namespace tracenote::analysis {

namespace {

constexpr int64_t kWarnP99 = 10000000;       // 10 ms
constexpr int64_t kCriticalP99 = 100000000;  // 100 ms
constexpr size_t kMaxRows = 5;

}  // namespace

std::vector<Finding> DetectSchedLatency(const TraceAnalysis& a) {
  const LatencyHistogram& h = a.sched_latency;
  if (h.total == 0) return {};
  Finding f;
  f.id = "sched-latency";
  const int64_t p50 = h.Quantile(0.5), p90 = h.Quantile(0.9), p99 = h.Quantile(0.99);
  f.severity = p99 >= kCriticalP99 ? Severity::kCritical
               : p99 >= kWarnP99   ? Severity::kWarning
                                   : Severity::kInfo;
  f.title = "finding.sched_latency.title";
  f.explanation = "finding.sched_latency.explanation";
  f.args["count"] = static_cast<int64_t>(h.total);
  f.args["p50"] = l10n::Duration{p50};
  f.args["p90"] = l10n::Duration{p90};
  f.args["p99"] = l10n::Duration{p99};
  f.args["max"] = l10n::Duration{h.max};
  for (const SchedWait& w : a.worst_sched_waits) {
    if (f.evidence.size() >= kMaxRows) break;
    if (f.start == kUnknownTime) {
      f.start = w.runnable_at;
      f.end = w.runnable_at + w.wait;
    }
    Evidence e;
    e.message = "evidence.sched_latency.wait";
    e.time = w.runnable_at;
    e.goroutine = w.goroutine;
    e.args["goroutine"] = static_cast<int64_t>(w.goroutine);
    e.args["wait"] = l10n::Duration{w.wait};
    std::string cause = RunnableCauseName(w.cause);
    std::replace(cause.begin(), cause.end(), ' ', '_');
    e.args["cause"] = cause;
    f.evidence.push_back(std::move(e));
    f.goroutines.push_back(w.goroutine);
  }
  f.numbers["count"] = h.total;
  f.numbers["p50_ns"] = p50;
  f.numbers["p90_ns"] = p90;
  f.numbers["p99_ns"] = p99;
  f.numbers["max_ns"] = h.max;
  f.numbers["mean_ns"] = h.sum / static_cast<int64_t>(h.total);
  return {std::move(f)};
}

}  // namespace tracenote::analysis
