// The Go 1.22+ ("v2") execution-trace event table.
//
// One row per wire id, as Go's internal/trace/tracev2 spec lists them. A row's
// `args` are the arguments after the timestamp delta and before the trailing
// stack id (every v2 event with a stack has it last), so a timed event with a
// stack is written `type dt args... stack`. Argument names are Go's text-form
// names: the suffix `_string` marks a string-table id, `_seq` a sequence
// number, `stack` a stack-table id. The same rows drive the batch decoder,
// the ordering (how many values to read), the `dump` listing and the text
// encoder the tests use.
#ifndef TRACENOTE_SRC_INGEST_TRACE_V2_V2_EVENT_SPEC_H_
#define TRACENOTE_SRC_INGEST_TRACE_V2_V2_EVENT_SPEC_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "ingest/event_spec.h"
#include "model/trace_model.h"

namespace tracenote::trace_v2 {

enum V2Type : uint8_t {
  kEvNone = 0,
  kEvEventBatch = 1,
  kEvStacks = 2,
  kEvStack = 3,
  kEvStrings = 4,
  kEvString = 5,
  kEvCPUSamples = 6,
  kEvCPUSample = 7,
  kEvFrequency = 8,
  kEvProcsChange = 9,
  kEvProcStart = 10,
  kEvProcStop = 11,
  kEvProcSteal = 12,
  kEvProcStatus = 13,
  kEvGoCreate = 14,
  kEvGoCreateSyscall = 15,
  kEvGoStart = 16,
  kEvGoDestroy = 17,
  kEvGoDestroySyscall = 18,
  kEvGoStop = 19,
  kEvGoBlock = 20,
  kEvGoUnblock = 21,
  kEvGoSyscallBegin = 22,
  kEvGoSyscallEnd = 23,
  kEvGoSyscallEndBlocked = 24,
  kEvGoStatus = 25,
  kEvSTWBegin = 26,
  kEvSTWEnd = 27,
  kEvGCActive = 28,
  kEvGCBegin = 29,
  kEvGCEnd = 30,
  kEvGCSweepActive = 31,
  kEvGCSweepBegin = 32,
  kEvGCSweepEnd = 33,
  kEvGCMarkAssistActive = 34,
  kEvGCMarkAssistBegin = 35,
  kEvGCMarkAssistEnd = 36,
  kEvHeapAlloc = 37,
  kEvHeapGoal = 38,
  kEvGoLabel = 39,
  kEvUserTaskBegin = 40,
  kEvUserTaskEnd = 41,
  kEvUserRegionBegin = 42,
  kEvUserRegionEnd = 43,
  kEvUserLog = 44,
  kEvGoSwitch = 45,
  kEvGoSwitchDestroy = 46,
  kEvGoCreateBlocked = 47,
  kEvGoStatusStack = 48,
  kEvExperimentalBatch = 49,
  kEvSync = 50,
  kEvClockSnapshot = 51,
  kEvEndOfGeneration = 52,
  kNumV2BaseTypes = 53,
  // Experimental events (GODEBUG=traceallocfree=1), ids 128..136.
  kEvFirstExperimental = 128,
  kEvSpan = 128,
  kEvSpanAlloc = 129,
  kEvSpanFree = 130,
  kEvHeapObject = 131,
  kEvHeapObjectAlloc = 132,
  kEvHeapObjectFree = 133,
  kEvGoroutineStack = 134,
  kEvGoroutineStackAlloc = 135,
  kEvGoroutineStackFree = 136,
  kEvLastExperimental = 136,
};

// Header versions, 1000*major + minor.
inline constexpr int kGo122 = 1022;
inline constexpr int kGo123 = 1023;
inline constexpr int kGo125 = 1025;
inline constexpr int kGo126 = 1026;

// Limits the runtime never exceeds and Go's reader enforces.
inline constexpr uint64_t kMaxBatchSize = 65536;
inline constexpr uint64_t kMaxStringSize = 1024;
inline constexpr uint64_t kMaxFramesPerStack = 128;

// Fields: name, {args}, num_args, has_stack, timed, since, string_arg (the
// label under which `dump` shows the first *_string argument resolved).
inline constexpr std::array<EventSpec, kNumV2BaseTypes> kV2Specs = {{
    {"None", {}, 0, false, false, 1022, ""},
    {"EventBatch", {"gen", "m", "time", "size"}, 4, false, false, 1022, ""},
    {"Stacks", {}, 0, false, false, 1022, ""},
    {"Stack", {"id", "nframes"}, 2, false, false, 1022, ""},
    {"Strings", {}, 0, false, false, 1022, ""},
    {"String", {"id"}, 1, false, false, 1022, ""},
    {"CPUSamples", {}, 0, false, false, 1022, ""},
    {"CPUSample", {"time", "m", "p", "g"}, 4, true, false, 1022, ""},
    {"Frequency", {"freq"}, 1, false, false, 1022, ""},
    {"ProcsChange", {"procs_value"}, 1, true, true, 1022, ""},
    {"ProcStart", {"p", "p_seq"}, 2, false, true, 1022, ""},
    {"ProcStop", {}, 0, false, true, 1022, ""},
    {"ProcSteal", {"p", "p_seq", "m"}, 3, false, true, 1022, ""},
    {"ProcStatus", {"p", "pstatus"}, 2, false, true, 1022, ""},
    {"GoCreate", {"new_g", "new_stack"}, 2, true, true, 1022, ""},
    {"GoCreateSyscall", {"new_g"}, 1, false, true, 1022, ""},
    {"GoStart", {"g", "g_seq"}, 2, false, true, 1022, ""},
    {"GoDestroy", {}, 0, false, true, 1022, ""},
    {"GoDestroySyscall", {}, 0, false, true, 1022, ""},
    {"GoStop", {"reason_string"}, 1, true, true, 1022, "reason"},
    {"GoBlock", {"reason_string"}, 1, true, true, 1022, "reason"},
    {"GoUnblock", {"g", "g_seq"}, 2, true, true, 1022, ""},
    {"GoSyscallBegin", {"p_seq"}, 1, true, true, 1022, ""},
    {"GoSyscallEnd", {}, 0, false, true, 1022, ""},
    {"GoSyscallEndBlocked", {}, 0, false, true, 1022, ""},
    {"GoStatus", {"g", "m", "gstatus"}, 3, false, true, 1022, ""},
    {"STWBegin", {"kind_string"}, 1, true, true, 1022, "kind"},
    {"STWEnd", {}, 0, false, true, 1022, ""},
    {"GCActive", {"gc_seq"}, 1, false, true, 1022, ""},
    {"GCBegin", {"gc_seq"}, 1, true, true, 1022, ""},
    {"GCEnd", {"gc_seq"}, 1, false, true, 1022, ""},
    {"GCSweepActive", {"p"}, 1, false, true, 1022, ""},
    {"GCSweepBegin", {}, 0, true, true, 1022, ""},
    {"GCSweepEnd", {"swept_value", "reclaimed_value"}, 2, false, true, 1022, ""},
    {"GCMarkAssistActive", {"g"}, 1, false, true, 1022, ""},
    {"GCMarkAssistBegin", {}, 0, true, true, 1022, ""},
    {"GCMarkAssistEnd", {}, 0, false, true, 1022, ""},
    {"HeapAlloc", {"heapalloc_value"}, 1, false, true, 1022, ""},
    {"HeapGoal", {"heapgoal_value"}, 1, false, true, 1022, ""},
    {"GoLabel", {"label_string"}, 1, false, true, 1022, "label"},
    {"UserTaskBegin", {"task", "parent_task", "name_string"}, 3, true, true, 1022, "name"},
    {"UserTaskEnd", {"task"}, 1, true, true, 1022, ""},
    {"UserRegionBegin", {"task", "name_string"}, 2, true, true, 1022, "name"},
    {"UserRegionEnd", {"task", "name_string"}, 2, true, true, 1022, "name"},
    {"UserLog", {"task", "key_string", "value_string"}, 3, true, true, 1022, "key"},
    {"GoSwitch", {"g", "g_seq"}, 2, false, true, 1023, ""},
    {"GoSwitchDestroy", {"g", "g_seq"}, 2, false, true, 1023, ""},
    {"GoCreateBlocked", {"new_g", "new_stack"}, 2, true, true, 1023, ""},
    {"GoStatusStack", {"g", "m", "gstatus"}, 3, true, true, 1023, ""},
    {"ExperimentalBatch", {"exp", "gen", "m", "time"}, 4, false, false, 1023, ""},
    {"Sync", {}, 0, false, false, 1025, ""},
    {"ClockSnapshot", {"mono", "sec", "nsec"}, 3, false, true, 1025, ""},
    {"EndOfGeneration", {}, 0, false, false, 1026, ""},
}};

inline constexpr std::array<EventSpec, kEvLastExperimental - kEvFirstExperimental + 1>
    kV2ExperimentalSpecs = {{
        {"Span", {"id", "npages_value", "kindclass"}, 3, false, true, 1023, ""},
        {"SpanAlloc", {"id", "npages_value", "kindclass"}, 3, false, true, 1023, ""},
        {"SpanFree", {"id"}, 1, false, true, 1023, ""},
        {"HeapObject", {"id", "type"}, 2, false, true, 1023, ""},
        {"HeapObjectAlloc", {"id", "type"}, 2, false, true, 1023, ""},
        {"HeapObjectFree", {"id"}, 1, false, true, 1023, ""},
        {"GoroutineStack", {"id", "order"}, 2, false, true, 1023, ""},
        {"GoroutineStackAlloc", {"id", "order"}, 2, false, true, 1023, ""},
        {"GoroutineStackFree", {"id"}, 1, false, true, 1023, ""},
    }};

// The row for a wire id, or nullptr for an id no version defines.
constexpr const EventSpec* V2Spec(uint8_t type) {
  if (type < kNumV2BaseTypes) return type == kEvNone ? nullptr : &kV2Specs[type];
  if (type >= kEvFirstExperimental && type <= kEvLastExperimental) {
    return &kV2ExperimentalSpecs[type - kEvFirstExperimental];
  }
  return nullptr;
}

// True for the header versions Go wrote in the v2 format.
constexpr bool IsKnownV2Version(int ver) {
  return ver == kGo122 || ver == kGo123 || ver == kGo125 || ver == kGo126;
}

// Whether `type` may appear as a timed event inside an event batch of a
// trace with header `ver` (1.22: 9..44; 1.23+: 9..48 and the experimental
// ids; ClockSnapshot only inside a Sync batch, never here).
constexpr bool IsV2TimedEventAllowed(uint8_t type, int ver) {
  if (type >= kEvProcsChange && type <= kEvUserLog) return true;
  if (ver < kGo123) return false;
  if (type >= kEvGoSwitch && type <= kEvGoStatusStack) return true;
  return type >= kEvFirstExperimental && type <= kEvLastExperimental;
}

// How many uvarints follow the type byte of a timed event: dt, the
// arguments and the trailing stack id.
constexpr int V2TimedValueCount(const EventSpec& s) {
  return 1 + s.num_args + (s.has_stack ? 1 : 0);
}

// Go's GoStatus and ProcStatus enumerations.
enum class V2GoStatus : uint8_t { kBad, kRunnable, kRunning, kSyscall, kWaiting };
enum class V2ProcStatus : uint8_t { kBad, kRunning, kIdle, kSyscall, kSyscallAbandoned };

std::string_view V2GoStatusName(uint64_t status);
std::string_view V2ProcStatusName(uint64_t status);
// The model state a status stands for (Go's go122*Status2*State tables; a
// P in a syscall is running, an abandoned one idle); Undetermined for Bad.
model::GoState V2GoStatusToState(uint64_t status);
model::ProcState V2ProcStatusToState(uint64_t status);
// Go's name for an event type, or "?" for an id no version defines.
const char* V2EventName(uint8_t type);

}  // namespace tracenote::trace_v2

#endif  // TRACENOTE_SRC_INGEST_TRACE_V2_V2_EVENT_SPEC_H_
