// Preemption storm: goroutines preempted again and again.
//
// The runtime preempts a goroutine for two different reasons, and they mean
// different things. sysmon preempts a goroutine that has run for 10 ms
// without a scheduling point (forcePreemptNS), so a CPU-bound loop is
// preempted at a steady period: sysmon's 10 ms limit plus its own tick,
// about 10 ms on a busy machine and about 20 ms on an idle 2-core one. A
// stop-the-world (GC phases, ReadMemStats, ...) preempts every running
// goroutine at once, whatever it ran for. We tell them apart by how long the
// goroutine had been running (>= kSysmonTimeSlice) and whether a stop-the-world
// was in progress or began right after; the period is measured from the
// trace, never assumed.
#include <algorithm>
#include <map>

#include "analysis/detectors/detector_list.h"
#include "analysis/detectors/detector_util.h"

namespace tracenote::analysis {

namespace {

constexpr size_t kMinStorm = 10;  // sysmon preemptions of one goroutine
constexpr size_t kMaxRows = 5;

struct PerGoroutine {
  uint64_t g = 0;
  std::vector<int64_t> times;  // sysmon preemptions
  std::vector<int64_t> ran_for;
  std::vector<model::StackId> stacks;
  size_t stw = 0;
};

}  // namespace

std::vector<Finding> DetectPreemptionStorm(const TraceAnalysis& a) {
  std::map<uint64_t, PerGoroutine> by_g;
  size_t sysmon = 0, stw = 0, other = 0;
  for (const Preemption& p : a.preemptions) {
    PerGoroutine& s = by_g[p.goroutine];
    s.g = p.goroutine;
    if (p.during_stw) {
      ++stw;
      ++s.stw;
    } else if (p.ran_for >= kSysmonTimeSlice) {
      ++sysmon;
      s.times.push_back(p.time);
      s.ran_for.push_back(p.ran_for);
      s.stacks.push_back(p.stack);
    } else {
      ++other;
    }
  }
  std::vector<PerGoroutine*> storming;
  for (auto& [g, s] : by_g) {
    if (s.times.size() >= kMinStorm) storming.push_back(&s);
  }
  if (storming.empty()) return {};
  std::sort(storming.begin(), storming.end(), [](const PerGoroutine* x, const PerGoroutine* y) {
    return x->times.size() != y->times.size() ? x->times.size() > y->times.size() : x->g < y->g;
  });

  Finding f;
  f.id = "preemption-storm";
  f.severity = Severity::kWarning;
  f.title = "finding.preemption_storm.title";
  f.explanation = "finding.preemption_storm.explanation";
  f.start = storming.front()->times.front();
  f.end = storming.front()->times.back();
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (size_t i = 0; i < storming.size(); ++i) {
    PerGoroutine& s = *storming[i];
    std::vector<int64_t> gaps;
    for (size_t k = 1; k < s.times.size(); ++k) gaps.push_back(s.times[k] - s.times[k - 1]);
    std::vector<int64_t> gaps_sorted = gaps;
    const int64_t p10 = QuantileOf(&gaps_sorted, 0.10);
    const int64_t p50 = QuantileOf(&gaps_sorted, 0.50);
    const int64_t p90 = QuantileOf(&gaps_sorted, 0.90);
    const int64_t ran50 = QuantileOf(&s.ran_for, 0.50);
    const model::StackId stack = MostCommonStack(s.stacks);
    f.goroutines.push_back(s.g);
    if (i == 0) {
      f.args["goroutine"] = static_cast<int64_t>(s.g);
      f.args["count"] = static_cast<int64_t>(s.times.size());
      f.args["period"] = l10n::Duration{p50};
      f.args["ran_for"] = l10n::Duration{ran50};
    }
    if (i < kMaxRows) {
      Evidence e;
      e.message = "evidence.preemption_storm.goroutine";
      e.goroutine = s.g;
      e.time = s.times.front();
      e.stack = stack;
      e.args["goroutine"] = static_cast<int64_t>(s.g);
      e.args["count"] = static_cast<int64_t>(s.times.size());
      e.args["period"] = l10n::Duration{p50};
      e.args["period_p10"] = l10n::Duration{p10};
      e.args["period_p90"] = l10n::Duration{p90};
      e.args["ran_for"] = l10n::Duration{ran50};
      f.evidence.push_back(std::move(e));
    }
    rows.push_back({{"goroutine", s.g},
                    {"sysmon_preemptions", s.times.size()},
                    {"stw_preemptions", s.stw},
                    {"period_p10_ns", p10},
                    {"period_p50_ns", p50},
                    {"period_p90_ns", p90},
                    {"ran_for_p50_ns", ran50},
                    {"first_ns", s.times.front()},
                    {"last_ns", s.times.back()}});
  }
  f.args["goroutines"] = static_cast<int64_t>(storming.size());
  f.args["sysmon"] = static_cast<int64_t>(sysmon);
  f.args["stw"] = static_cast<int64_t>(stw);
  f.args["total"] = static_cast<int64_t>(a.preemptions.size());
  f.numbers["preemptions"] = a.preemptions.size();
  f.numbers["sysmon_preemptions"] = sysmon;
  f.numbers["stw_preemptions"] = stw;
  f.numbers["other_preemptions"] = other;
  f.numbers["goroutines"] = std::move(rows);
  return {std::move(f)};
}

}  // namespace tracenote::analysis
