#include "ingest/trace_v2/v2_event_spec.h"

namespace tracenote::trace_v2 {

std::string_view V2GoStatusName(uint64_t status) {
  static constexpr std::string_view kNames[] = {"Bad", "Runnable", "Running", "Syscall", "Waiting"};
  return status < std::size(kNames) ? kNames[status] : "Bad";
}

std::string_view V2ProcStatusName(uint64_t status) {
  static constexpr std::string_view kNames[] = {"Bad", "Running", "Idle", "Syscall",
                                                "SyscallAbandoned"};
  return status < std::size(kNames) ? kNames[status] : "Bad";
}

model::GoState V2GoStatusToState(uint64_t status) {
  switch (static_cast<V2GoStatus>(status)) {
    case V2GoStatus::kRunnable:
      return model::GoState::kRunnable;
    case V2GoStatus::kRunning:
      return model::GoState::kRunning;
    case V2GoStatus::kSyscall:
      return model::GoState::kSyscall;
    case V2GoStatus::kWaiting:
      return model::GoState::kWaiting;
    default:
      return model::GoState::kUndetermined;
  }
}

model::ProcState V2ProcStatusToState(uint64_t status) {
  switch (static_cast<V2ProcStatus>(status)) {
    case V2ProcStatus::kRunning:
    case V2ProcStatus::kSyscall:
      return model::ProcState::kRunning;
    case V2ProcStatus::kIdle:
    case V2ProcStatus::kSyscallAbandoned:
      return model::ProcState::kIdle;
    default:
      return model::ProcState::kUndetermined;
  }
}

const char* V2EventName(uint8_t type) {
  const EventSpec* s = V2Spec(type);
  return s != nullptr ? s->name.data() : "?";
}

}  // namespace tracenote::trace_v2
