// The table of detectors, in the order their findings are reported for equal
// severity and time. Adding a detector: write <name>_detector.cc with a pure
// function of the analysis, declare it in detector_list.h, add a row here.
#include <algorithm>

#include "analysis/detectors/detector_list.h"
#include "analysis/detectors/finding.h"

namespace tracenote::analysis {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kCritical:
      return "critical";
  }
  return "?";
}

std::string WaitReasonKeyword(std::string_view r) {
  if (r.empty()) return "unspecified";
  if (r == "chan receive") return "chan_receive";
  if (r == "chan send") return "chan_send";
  if (r == "select") return "select";
  if (r == "sync") return "sync";
  if (r == "sync.(*Cond).Wait") return "cond";
  if (r == "network") return "network";
  if (r == "sleep") return "sleep";
  if (r == "forever") return "forever";
  if (r == "preempted") return "preempted";
  if (r.substr(0, 16) == "GC mark assist w") return "gc_assist";
  if (r == "system goroutine wait") return "system";
  return "other";
}

const std::vector<DetectorInfo>& AllDetectors() {
  static const std::vector<DetectorInfo> kDetectors = {
      {"preemption-storm", DetectPreemptionStorm},
      {"syscall-handoff", DetectSyscallHandoff},
      {"gc-stw", DetectGcStw},
      {"sched-latency", DetectSchedLatency},
      {"goroutine-leak", DetectGoroutineLeaks},
      {"long-syscall", DetectLongSyscalls},
      {"gomaxprocs-change", DetectGomaxprocsChanges},
  };
  return kDetectors;
}

std::vector<Finding> RunDetectors(const TraceAnalysis& analysis) {
  std::vector<Finding> all;
  for (const DetectorInfo& d : AllDetectors()) {
    std::vector<Finding> found = d.fn(analysis);
    for (Finding& f : found) all.push_back(std::move(f));
  }
  std::stable_sort(all.begin(), all.end(), [](const Finding& a, const Finding& b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    return a.start < b.start;
  });
  return all;
}

}  // namespace tracenote::analysis
