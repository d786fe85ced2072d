// Declarations of the detectors registered in detectors.cc, one per file.
// Each is a pure function: the same analysis always gives the same findings.
#ifndef TRACENOTE_SRC_ANALYSIS_DETECTORS_DETECTOR_LIST_H_
#define TRACENOTE_SRC_ANALYSIS_DETECTORS_DETECTOR_LIST_H_

#include <vector>

#include "analysis/detectors/finding.h"

namespace tracenote::analysis {

// Goroutines preempted again and again (sysmon time slices vs. stop-the-world).
std::vector<Finding> DetectPreemptionStorm(const TraceAnalysis& a);
// Ps taken from threads blocked in syscalls and run on other threads.
std::vector<Finding> DetectSyscallHandoff(const TraceAnalysis& a);
// GC stop-the-world phases: durations, the longest, the ones that stand out.
std::vector<Finding> DetectGcStw(const TraceAnalysis& a);
// Runnable-to-running latency percentiles and the worst waiters.
std::vector<Finding> DetectSchedLatency(const TraceAnalysis& a);
// Goroutines blocked at the end of the trace (leak suspects).
std::vector<Finding> DetectGoroutineLeaks(const TraceAnalysis& a);
// Syscalls that blocked for a long time.
std::vector<Finding> DetectLongSyscalls(const TraceAnalysis& a);
// GOMAXPROCS changes during the trace.
std::vector<Finding> DetectGomaxprocsChanges(const TraceAnalysis& a);

}  // namespace tracenote::analysis

#endif  // TRACENOTE_SRC_ANALYSIS_DETECTORS_DETECTOR_LIST_H_
