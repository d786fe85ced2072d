// The format-agnostic trace model. Both trace readers (Go 1.5–1.21 and Go
// 1.22+) convert what they read into this shape, modelled on the event API of
// Go's own internal/trace: every event is a state transition of a goroutine or
// a P, a range (GC, stop-the-world, sweep, mark assist) beginning or ending, a
// metric sample, a user annotation, or a CPU sample. Analyses consume it as a
// time-ordered stream (model::EventSink) and never see which format it came
// from.
#ifndef TRACENOTE_SRC_MODEL_TRACE_MODEL_H_
#define TRACENOTE_SRC_MODEL_TRACE_MODEL_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model/stack_table.h"
#include "model/string_table.h"

namespace tracenote::model {

inline constexpr int64_t kNoProc = -1;
inline constexpr int64_t kNoThread = -1;
inline constexpr uint64_t kNoGoroutine = 0;

enum class GoState : uint8_t { kUndetermined, kNotExist, kRunnable, kRunning, kWaiting, kSyscall };
enum class ProcState : uint8_t { kUndetermined, kNotExist, kRunning, kIdle };

enum class EventKind : uint8_t {
  kGoTransition,    // goroutine `resource` moves from `from` to `to` (GoState)
  kProcTransition,  // P `resource` moves from `from` to `to` (ProcState)
  kRangeBegin,      // range `name` starts (scope says on what)
  kRangeActive,     // range `name` was already running when the trace began
  kRangeEnd,        // range `name` ends
  kMetric,          // metric `name` takes `value`
  kLabel,           // goroutine `resource` gets label `name`
  kStackSample,     // CPU profile sample of goroutine `goroutine` with `stack`
  kTaskBegin,       // user task `resource` (parent `value`, type `name`)
  kTaskEnd,         // user task `resource` ends
  kRegionBegin,     // user region `name` of task `resource` on the current goroutine
  kRegionEnd,       // user region `name` of task `resource` ends
  kLog,             // user log: task `resource`, category `name`, message `text`
  kSyscallBlocked,  // goroutine `resource`'s syscall blocked: its P (`proc`) was handed
                    // off or taken (`value`: the thread left in the syscall, if known)
};

// What a range is about.
enum class RangeScope : uint8_t { kGlobal, kProc, kGoroutine };

// One model event. Fields not named by the kind's comment are zero.
struct Event {
  int64_t time = 0;                   // ns since the first event of the trace
  uint64_t offset = 0;                // byte offset of the source record (for messages)
  uint64_t goroutine = kNoGoroutine;  // the goroutine the event happened on
  uint64_t resource = 0;              // the subject: goroutine, P or task id
  uint64_t value = 0;                 // metric value, parent task id, stolen-from thread
  int64_t proc = kNoProc;             // the P the event happened on
  int64_t thread = kNoThread;         // the OS thread (M), when the format knows it
  StackId stack = 0;                  // where it happened
  StackId extra_stack = 0;            // for goroutine creation: the new goroutine's start
  StringId name = 0;                  // reason, range/metric/label/region/task name, log category
  StringId text = 0;                  // log message
  EventKind kind = EventKind::kGoTransition;
  uint8_t from = 0;  // GoState or ProcState before
  uint8_t to = 0;    // GoState or ProcState after
  RangeScope scope = RangeScope::kGlobal;
};

// Receives model events in time order.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void OnEvent(const Event& event) = 0;
  // A sink that has seen all it needs returns false; the replay then stops
  // early (it is not an error).
  virtual bool WantsMore() const { return true; }
};

// A survivable anomaly met while reading, counted rather than fatal.
struct Anomaly {
  std::string id;           // stable key, e.g. "missing-frequency"
  std::string description;  // one English sentence for the data-quality section
  uint64_t count = 0;
  uint64_t first_offset = 0;
};

// Facts about the whole trace, known after reading it.
struct TraceInfo {
  std::string format;       // "go execution trace v1" or "... v2"
  int version = 0;          // header version, 1000*major+minor (1019 = "go 1.19 trace")
  uint64_t frequency = 0;   // ticks per second (0: unknown)
  int64_t duration_ns = 0;  // last event time
  uint64_t events = 0;      // events in Go's parser's terms
  uint64_t goroutines = 0;  // distinct goroutines seen
  uint64_t procs = 0;       // distinct real Ps seen
  uint64_t threads = 0;     // distinct OS threads seen
  int64_t wall_clock_start_unix_ns = 0;  // wall-clock time of the first event (0: unknown)
  bool partial = false;                  // some of the input could not be read
  std::string partial_reason;
  std::vector<Anomaly> anomalies;

  std::string VersionString() const {
    return std::to_string(version / 1000) + "." + std::to_string(version % 1000);
  }
};

// Interned strings and stacks that model events refer to.
struct Tables {
  StringTable strings;
  StackTable stacks;
};

// Names used for ranges and metrics, shared by both readers so that analyses
// match on one spelling (Go's internal/trace spelling).
inline constexpr std::string_view kRangeGCMark = "GC concurrent mark phase";
inline constexpr std::string_view kRangeSweep = "GC incremental sweep";
inline constexpr std::string_view kRangeMarkAssist = "GC mark assist";
inline constexpr std::string_view kRangeSTWPrefix = "stop-the-world (";  // + kind + ")"
inline constexpr std::string_view kMetricHeapLive = "/memory/classes/heap/objects:bytes";
inline constexpr std::string_view kMetricHeapGoal = "/gc/heap/goal:bytes";
inline constexpr std::string_view kMetricGomaxprocs = "/sched/gomaxprocs:threads";

// A wall-clock time (ns since the Unix epoch) as RFC 3339 in UTC, to the
// second: "2025-10-07T14:03:21Z".
std::string WallClockRfc3339(int64_t unix_ns);

const char* GoStateName(GoState s);
const char* ProcStateName(ProcState s);
const char* EventKindName(EventKind k);

}  // namespace tracenote::model

#endif  // TRACENOTE_SRC_MODEL_TRACE_MODEL_H_
