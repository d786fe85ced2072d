// GOMAXPROCS changes during the trace.
//
// Every change of GOMAXPROCS stops the world, and a value that changes while
// the program runs (runtime.GOMAXPROCS calls, or Go 1.25's container-aware
// default following the CPU quota) changes how much parallelism it has.
#include "analysis/detectors/detector_list.h"

namespace tracenote::analysis {

std::vector<Finding> DetectGomaxprocsChanges(const TraceAnalysis& a) {
  if (a.gomaxprocs.size() < 2) return {};
  Finding f;
  f.id = "gomaxprocs-change";
  f.severity = Severity::kInfo;
  f.title = "finding.gomaxprocs_change.title";
  f.explanation = "finding.gomaxprocs_change.explanation";
  f.args["changes"] = static_cast<int64_t>(a.gomaxprocs.size() - 1);
  f.args["from"] = static_cast<int64_t>(a.gomaxprocs.front().value);
  f.args["to"] = static_cast<int64_t>(a.gomaxprocs.back().value);
  f.start = a.gomaxprocs[1].time;
  f.end = a.gomaxprocs.back().time;
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (size_t i = 1; i < a.gomaxprocs.size(); ++i) {
    Evidence e;
    e.message = "evidence.gomaxprocs_change.change";
    e.time = a.gomaxprocs[i].time;
    e.args["from"] = static_cast<int64_t>(a.gomaxprocs[i - 1].value);
    e.args["to"] = static_cast<int64_t>(a.gomaxprocs[i].value);
    if (f.evidence.size() < 10) f.evidence.push_back(std::move(e));
    rows.push_back({{"time_ns", a.gomaxprocs[i].time}, {"value", a.gomaxprocs[i].value}});
  }
  f.numbers["initial"] = a.gomaxprocs.front().value;
  f.numbers["changes"] = std::move(rows);
  return {std::move(f)};
}

}  // namespace tracenote::analysis
