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

}  // namespace tracenote::trace_v2
