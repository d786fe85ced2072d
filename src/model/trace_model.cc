#include "model/trace_model.h"

#include <ctime>

namespace tracenote::model {

std::string WallClockRfc3339(int64_t unix_ns) {
  const std::time_t secs = static_cast<std::time_t>(unix_ns / 1000000000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

const char* GoStateName(GoState s) {
  switch (s) {
    case GoState::kUndetermined:
      return "Undetermined";
    case GoState::kNotExist:
      return "NotExist";
    case GoState::kRunnable:
      return "Runnable";
    case GoState::kRunning:
      return "Running";
    case GoState::kWaiting:
      return "Waiting";
    case GoState::kSyscall:
      return "Syscall";
  }
  return "?";
}

const char* ProcStateName(ProcState s) {
  switch (s) {
    case ProcState::kUndetermined:
      return "Undetermined";
    case ProcState::kNotExist:
      return "NotExist";
    case ProcState::kRunning:
      return "Running";
    case ProcState::kIdle:
      return "Idle";
  }
  return "?";
}

const char* EventKindName(EventKind k) {
  switch (k) {
    case EventKind::kGoTransition:
      return "GoTransition";
    case EventKind::kProcTransition:
      return "ProcTransition";
    case EventKind::kRangeBegin:
      return "RangeBegin";
    case EventKind::kRangeActive:
      return "RangeActive";
    case EventKind::kRangeEnd:
      return "RangeEnd";
    case EventKind::kMetric:
      return "Metric";
    case EventKind::kLabel:
      return "Label";
    case EventKind::kStackSample:
      return "StackSample";
    case EventKind::kTaskBegin:
      return "TaskBegin";
    case EventKind::kTaskEnd:
      return "TaskEnd";
    case EventKind::kRegionBegin:
      return "RegionBegin";
    case EventKind::kRegionEnd:
      return "RegionEnd";
    case EventKind::kLog:
      return "Log";
    case EventKind::kSyscallBlocked:
      return "SyscallBlocked";
  }
  return "?";
}

}  // namespace tracenote::model
