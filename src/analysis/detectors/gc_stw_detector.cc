// GC stop-the-world phases.
//
// Each GC cycle stops the world twice: at sweep termination (before the
// concurrent mark) and at mark termination (after it). Everything else runs
// concurrently, so these two pauses are what a GC costs in latency. We list
// both phases per cycle, the maximum and total pause, and the pauses that
// stand out (far above the typical one). Stop-the-world pauses for other
// reasons (ReadMemStats, goroutine profiles, GOMAXPROCS, trace start/stop;
// named since Go 1.21) are counted by reason.
#include <algorithm>
#include <map>

#include "analysis/detectors/detector_list.h"
#include "analysis/detectors/detector_util.h"

namespace tracenote::analysis {

namespace {

constexpr int64_t kWarnPause = 10000000;       // 10 ms
constexpr int64_t kCriticalPause = 100000000;  // 100 ms
constexpr int64_t kStandOutFloor = 1000000;    // 1 ms: never "stands out" below this
constexpr size_t kMaxRows = 5;

}  // namespace

std::vector<Finding> DetectGcStw(const TraceAnalysis& a) {
  std::vector<const StwPause*> gc, other;
  for (const StwPause& p : a.stw_pauses) {
    if (p.end == kUnknownTime) continue;
    (p.gc ? gc : other).push_back(&p);
  }
  if (gc.empty()) return {};  // pauses of other reasons are listed with a GC's
  std::vector<int64_t> durations;
  int64_t total = 0, max = 0;
  const StwPause* longest = nullptr;
  for (const StwPause* p : gc) {
    durations.push_back(p->duration());
    total += p->duration();
    if (p->duration() >= max) {
      max = p->duration();
      longest = p;
    }
  }
  std::vector<int64_t> sorted = durations;
  const int64_t p50 = QuantileOf(&sorted, 0.5);
  const int64_t stand_out = std::max(kStandOutFloor, 5 * p50);

  Finding f;
  f.id = "gc-stw";
  f.severity = max >= kCriticalPause ? Severity::kCritical
               : max >= kWarnPause   ? Severity::kWarning
                                     : Severity::kInfo;
  f.title = "finding.gc_stw.title";
  f.explanation = "finding.gc_stw.explanation";
  f.args["cycles"] = static_cast<int64_t>(a.gc_cycles.size());
  f.args["pauses"] = static_cast<int64_t>(gc.size());
  f.args["max"] = l10n::Duration{max};
  f.args["total"] = l10n::Duration{total};
  f.args["median"] = l10n::Duration{p50};
  f.args["other"] = static_cast<int64_t>(other.size());
  if (longest != nullptr) {
    f.start = longest->start;
    f.end = longest->end;
    f.args["longest_reason"] = std::string(longest->Reason(*a.tables));
  }
  // The longest pauses, and any that stand out, as evidence.
  std::vector<const StwPause*> ranked = gc;
  std::sort(ranked.begin(), ranked.end(), [](const StwPause* x, const StwPause* y) {
    return x->duration() != y->duration() ? x->duration() > y->duration() : x->start < y->start;
  });
  size_t outliers = 0;
  for (const StwPause* p : ranked) {
    const bool outlier = p->duration() >= stand_out;
    outliers += outlier ? 1 : 0;
    if (f.evidence.size() >= kMaxRows) continue;
    Evidence e;
    e.message = outlier ? "evidence.gc_stw.outlier" : "evidence.gc_stw.pause";
    e.time = p->start;
    e.goroutine = p->goroutine;
    e.args["reason"] = std::string(p->Reason(*a.tables));
    e.args["duration"] = l10n::Duration{p->duration()};
    f.evidence.push_back(std::move(e));
  }
  f.args["outliers"] = static_cast<int64_t>(outliers);
  std::map<std::string, std::pair<size_t, int64_t>> by_reason;
  for (const StwPause* p : other) {
    auto& r = by_reason[std::string(p->Reason(*a.tables))];
    ++r.first;
    r.second += p->duration();
  }
  for (const auto& [reason, r] : by_reason) {
    Evidence e;
    e.message = "evidence.gc_stw.other_reason";
    e.args["reason"] = reason;
    e.args["count"] = static_cast<int64_t>(r.first);
    e.args["total"] = l10n::Duration{r.second};
    f.evidence.push_back(std::move(e));
  }
  f.numbers["gc_pauses"] = gc.size();
  f.numbers["max_pause_ns"] = max;
  f.numbers["total_pause_ns"] = total;
  f.numbers["median_pause_ns"] = p50;
  f.numbers["outliers"] = outliers;
  nlohmann::ordered_json reasons = nlohmann::ordered_json::object();
  for (const auto& [reason, r] : by_reason) {
    reasons[reason] = {{"count", r.first}, {"total_ns", r.second}};
  }
  f.numbers["other_stw"] = std::move(reasons);
  return {std::move(f)};
}

}  // namespace tracenote::analysis
