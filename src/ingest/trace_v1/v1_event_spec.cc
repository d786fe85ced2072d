#include "ingest/trace_v1/v1_event_spec.h"

namespace tracenote::trace_v1 {

std::string_view V1EventName(uint8_t type, int ver) {
  if (type == kSTWStart) {
    if (ver >= 1021) return "STWStart";
    return ver >= 1010 ? "GCSTWStart" : "GCScanStart";
  }
  if (type == kSTWDone) {
    if (ver >= 1021) return "STWDone";
    return ver >= 1010 ? "GCSTWDone" : "GCScanDone";
  }
  if (type == kHeapGoal && ver < 1007) return "NextGC";
  if (type < kNumV1Types) return kV1Specs[type].name;
  return "Unknown";
}

bool V1STWKindName(uint64_t kind, int ver, std::string_view* name) {
  static constexpr std::string_view k121[] = {
      "unknown",
      "GC mark termination",
      "GC sweep termination",
      "write heap dump",
      "goroutine profile",
      "goroutine profile cleanup",
      "all goroutines stack trace",
      "read mem stats",
      "AllThreadsSyscall",
      "GOMAXPROCS",
      "start trace",
      "stop trace",
      "CountPagesInUse (test)",
      "ReadMetricsSlow (test)",
      "ReadMemStatsSlow (test)",
      "PageCachePagesLeaked (test)",
      "ResetDebugLog (test)",
  };
  if (ver >= 1021) {
    *name = kind < std::size(k121) ? k121[kind] : k121[0];
    return true;
  }
  if (ver < 1010) {
    *name = "mark termination";
    return true;
  }
  if (kind == 0) {
    *name = "mark termination";
    return true;
  }
  if (kind == 1) {
    *name = "sweep termination";
    return true;
  }
  return false;
}

}  // namespace tracenote::trace_v1
