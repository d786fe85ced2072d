// The Go 1.5–1.21 ("v1") execution-trace event table.
//
// Ids are stable across all v1 versions; argument lists are given as the
// newest v1 runtime writes them. Older versions differ only in a few counts,
// which V1WireArgCount() applies (see docs: GCSweepDone gained two arguments
// in 1.9, STWStart one in 1.10, GoStart/GoUnblock/GCStart a sequence number in
// 1.7, and 1.5 prefixes every timed event with a global sequence delta).
#ifndef TRACENOTE_SRC_INGEST_TRACE_V1_V1_EVENT_SPEC_H_
#define TRACENOTE_SRC_INGEST_TRACE_V1_V1_EVENT_SPEC_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "ingest/event_spec.h"

namespace tracenote::trace_v1 {

// Event type ids as written on the wire (6 bits).
enum V1Type : uint8_t {
  kNone = 0,
  kBatch = 1,
  kFrequency = 2,
  kStack = 3,
  kGomaxprocs = 4,
  kProcStart = 5,
  kProcStop = 6,
  kGCStart = 7,
  kGCDone = 8,
  kSTWStart = 9,
  kSTWDone = 10,
  kGCSweepStart = 11,
  kGCSweepDone = 12,
  kGoCreate = 13,
  kGoStart = 14,
  kGoEnd = 15,
  kGoStop = 16,
  kGoSched = 17,
  kGoPreempt = 18,
  kGoSleep = 19,
  kGoBlock = 20,
  kGoUnblock = 21,
  kGoBlockSend = 22,
  kGoBlockRecv = 23,
  kGoBlockSelect = 24,
  kGoBlockSync = 25,
  kGoBlockCond = 26,
  kGoBlockNet = 27,
  kGoSysCall = 28,
  kGoSysExit = 29,
  kGoSysBlock = 30,
  kGoWaiting = 31,
  kGoInSyscall = 32,
  kHeapAlloc = 33,
  kHeapGoal = 34,
  kTimerGoroutine = 35,
  kFutileWakeup = 36,
  kString = 37,
  kGoStartLocal = 38,
  kGoUnblockLocal = 39,
  kGoSysExitLocal = 40,
  kGoStartLabel = 41,
  kGoBlockGC = 42,
  kGCMarkAssistStart = 43,
  kGCMarkAssistDone = 44,
  kUserTaskCreate = 45,
  kUserTaskEnd = 46,
  kUserRegion = 47,
  kUserLog = 48,
  kCPUSample = 49,
  kNumV1Types = 50,
};

// Versions are written as 1000*major + minor, as Go's parser does.
inline constexpr int kV1MinVersion = 1005;
inline constexpr int kV1MaxVersion = 1021;

// Fields: name, {args}, num_args, has_stack, timed, since, string_arg.
inline constexpr std::array<EventSpec, kNumV1Types> kV1Specs = {{
    {"None", {}, 0, false, false, 1005, ""},
    {"Batch", {"p", "ticks"}, 2, false, false, 1005, ""},
    {"Frequency", {"freq"}, 1, false, false, 1005, ""},
    {"Stack", {"id", "siz"}, 2, false, false, 1005, ""},
    {"Gomaxprocs", {"procs"}, 1, true, true, 1005, ""},
    {"ProcStart", {"thread"}, 1, false, true, 1005, ""},
    {"ProcStop", {}, 0, false, true, 1005, ""},
    {"GCStart", {"seq"}, 1, true, true, 1005, ""},
    {"GCDone", {}, 0, false, true, 1005, ""},
    {"GCSTWStart", {"kindid"}, 1, false, true, 1005, "kind"},
    {"GCSTWDone", {}, 0, false, true, 1005, ""},
    {"GCSweepStart", {}, 0, true, true, 1005, ""},
    {"GCSweepDone", {"swept", "reclaimed"}, 2, false, true, 1005, ""},
    {"GoCreate", {"g", "stack"}, 2, true, true, 1005, ""},
    {"GoStart", {"g", "seq"}, 2, false, true, 1005, ""},
    {"GoEnd", {}, 0, false, true, 1005, ""},
    {"GoStop", {}, 0, true, true, 1005, ""},
    {"GoSched", {}, 0, true, true, 1005, ""},
    {"GoPreempt", {}, 0, true, true, 1005, ""},
    {"GoSleep", {}, 0, true, true, 1005, ""},
    {"GoBlock", {}, 0, true, true, 1005, ""},
    {"GoUnblock", {"g", "seq"}, 2, true, true, 1005, ""},
    {"GoBlockSend", {}, 0, true, true, 1005, ""},
    {"GoBlockRecv", {}, 0, true, true, 1005, ""},
    {"GoBlockSelect", {}, 0, true, true, 1005, ""},
    {"GoBlockSync", {}, 0, true, true, 1005, ""},
    {"GoBlockCond", {}, 0, true, true, 1005, ""},
    {"GoBlockNet", {}, 0, true, true, 1005, ""},
    {"GoSysCall", {}, 0, true, true, 1005, ""},
    {"GoSysExit", {"g", "seq", "ts"}, 3, false, true, 1005, ""},
    {"GoSysBlock", {}, 0, false, true, 1005, ""},
    {"GoWaiting", {"g"}, 1, false, true, 1005, ""},
    {"GoInSyscall", {"g"}, 1, false, true, 1005, ""},
    {"HeapAlloc", {"mem"}, 1, false, true, 1005, ""},
    {"HeapGoal", {"mem"}, 1, false, true, 1005, ""},
    {"TimerGoroutine", {"g"}, 1, false, false, 1005, ""},
    {"FutileWakeup", {}, 0, false, true, 1005, ""},
    {"String", {}, 0, false, false, 1007, ""},
    {"GoStartLocal", {"g"}, 1, false, true, 1007, ""},
    {"GoUnblockLocal", {"g"}, 1, true, true, 1007, ""},
    {"GoSysExitLocal", {"g", "ts"}, 2, false, true, 1007, ""},
    {"GoStartLabel", {"g", "seq", "labelid"}, 3, false, true, 1008, "label"},
    {"GoBlockGC", {}, 0, true, true, 1008, ""},
    {"GCMarkAssistStart", {}, 0, true, true, 1009, ""},
    {"GCMarkAssistDone", {}, 0, false, true, 1009, ""},
    {"UserTaskCreate", {"taskid", "pid", "typeid"}, 3, true, true, 1011, "name"},
    {"UserTaskEnd", {"taskid"}, 1, true, true, 1011, ""},
    {"UserRegion", {"taskid", "mode", "typeid"}, 3, true, true, 1011, "name"},
    {"UserLog", {"id", "keyid"}, 2, true, true, 1011, "category"},
    {"CPUSample", {"ts", "p", "g"}, 3, true, true, 1019, ""},
}};

inline constexpr const EventSpec& V1Spec(uint8_t type) { return kV1Specs[type]; }

// True for header versions Go ever wrote in the v1 format.
constexpr bool IsKnownV1Version(int ver) {
  switch (ver) {
    case 1005:
    case 1007:
    case 1008:
    case 1009:
    case 1010:
    case 1011:
    case 1019:
    case 1021:
      return true;
    default:
      return false;
  }
}

// How many values follow the type byte of a non-String, non-Stack record in
// version `ver`, counting the timestamp (and the 1.5 sequence) delta. This is
// Go's argNum(): the count is fixed per (event, version) and a record with any
// other count is corrupt.
constexpr int V1WireArgCount(uint8_t type, int ver) {
  const EventSpec& s = kV1Specs[type];
  int n = s.num_args + (s.has_stack ? 1 : 0);
  if (!s.timed)
    return n + ((ver < 1007 && (type == kBatch || type == kFrequency || type == kTimerGoroutine))
                    ? 1
                    : 0);
  n += 1;                  // timestamp delta
  if (ver < 1007) n += 1;  // 1.5 global sequence delta
  if (type == kGCSweepDone && ver < 1009) n -= 2;
  if ((type == kGCStart || type == kGoStart || type == kGoUnblock) && ver < 1007) n -= 1;
  if (type == kSTWStart && ver < 1010) n -= 1;
  return n;
}

// The events that park the running goroutine until an unblock wakes it
// (GoSleep, GoBlock and its reason-specific variants, GoBlockGC). Ordering,
// the per-P goroutine tracking and validation all treat them alike.
constexpr bool IsV1ParkEvent(uint8_t type) {
  switch (type) {
    case kGoSleep:
    case kGoBlock:
    case kGoBlockSend:
    case kGoBlockRecv:
    case kGoBlockSelect:
    case kGoBlockSync:
    case kGoBlockCond:
    case kGoBlockNet:
    case kGoBlockGC:
      return true;
    default:
      return false;
  }
}

// Go's name for an event type in traces of version `ver` (the STW events and
// HeapGoal were renamed over time; the ids never changed).
std::string_view V1EventName(uint8_t type, int ver);

// The STW kind string for STWStart's kind argument: 1.10–1.20 know 0 and 1,
// 1.21 has a 17-entry table. Returns false for a kind the version does not
// define (Go rejects those before 1.21 and calls them "unknown" in 1.21).
bool V1STWKindName(uint64_t kind, int ver, std::string_view* name);

}  // namespace tracenote::trace_v1

#endif  // TRACENOTE_SRC_INGEST_TRACE_V1_V1_EVENT_SPEC_H_
