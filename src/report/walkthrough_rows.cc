#include "report/walkthrough_rows.h"

#include <fmt/format.h>

#include <string_view>

namespace tracenote::report {

using model::EventKind;
using model::GoState;

namespace {

std::string GoName(GoState from, GoState to, std::string_view reason) {
  if (from == GoState::kNotExist) return "GoCreate";
  if (from == GoState::kUndetermined) return "GoStatus";
  switch (to) {
    case GoState::kRunning:
      return from == GoState::kSyscall ? "GoSyscallEnd" : "GoStart";
    case GoState::kRunnable:
      if (from == GoState::kRunning) return reason == "preempted" ? "GoPreempt" : "GoSched";
      if (from == GoState::kSyscall) return "GoSyscallEndBlocked";
      if (from == GoState::kWaiting) return "GoUnblock";
      return "GoStatus";
    case GoState::kWaiting:
      return from == GoState::kRunning ? "GoBlock" : "GoStatus";
    case GoState::kSyscall:
      return from == GoState::kRunning ? "GoSyscallBegin" : "GoStatus";
    case GoState::kNotExist:
      return "GoDestroy";
    default:
      return "GoStatus";
  }
}

std::string RangeName(std::string_view name, bool begin) {
  if (name == model::kRangeGCMark) return begin ? "GCBegin" : "GCEnd";
  if (name == model::kRangeSweep) return begin ? "GCSweepBegin" : "GCSweepEnd";
  if (name == model::kRangeMarkAssist) return begin ? "GCMarkAssistBegin" : "GCMarkAssistEnd";
  if (name.substr(0, model::kRangeSTWPrefix.size()) == model::kRangeSTWPrefix) {
    return begin ? "STWBegin" : "STWEnd";
  }
  return begin ? "RangeBegin" : "RangeEnd";
}

}  // namespace

WalkRow MakeWalkRow(uint64_t index, const model::Event& e, const model::Tables& t) {
  WalkRow r;
  r.index = index;
  r.time = e.time;
  r.goroutine = e.goroutine;
  r.on = e.goroutine;
  r.proc = e.proc;
  r.thread = e.thread;
  r.stack = e.stack;
  const std::string_view name = t.strings.Get(e.name);
  switch (e.kind) {
    case EventKind::kGoTransition: {
      const auto from = static_cast<GoState>(e.from);
      const auto to = static_cast<GoState>(e.to);
      r.name = GoName(from, to, name);
      r.goroutine = e.resource;
      if (r.name == "GoCreate" || r.name == "GoUnblock") {
        r.detail = e.goroutine != 0 ? fmt::format("by G{}", e.goroutine) : "";
      } else if (r.name == "GoStatus") {
        r.detail = model::GoStateName(to);
      } else if (!name.empty()) {
        r.detail = std::string(name);
      }
      if (r.name == "GoCreate" && e.extra_stack != 0) {
        auto frames = t.stacks.Get(e.extra_stack);
        if (!frames.empty()) {
          r.detail += (r.detail.empty() ? "" : " ");
          r.detail += fmt::format("start={}", t.strings.Get(frames[0].func));
        }
      }
      break;
    }
    case EventKind::kSyscallBlocked:
      r.name = "GoSyscallBlocked";
      r.goroutine = e.resource;
      r.detail =
          fmt::format("P{} handed off from thread {}", e.proc, static_cast<int64_t>(e.value));
      break;
    case EventKind::kProcTransition:
      r.name = static_cast<model::ProcState>(e.to) == model::ProcState::kRunning ? "ProcStart"
                                                                                 : "ProcStop";
      r.proc = static_cast<int64_t>(e.resource);
      if (r.name == "ProcStart") r.detail = fmt::format("thread={}", e.thread);
      break;
    case EventKind::kRangeBegin:
    case EventKind::kRangeActive:
    case EventKind::kRangeEnd:
      r.name = RangeName(name, e.kind != EventKind::kRangeEnd);
      if (r.name.substr(0, 3) == "STW") r.detail = std::string(name);
      break;
    case EventKind::kMetric:
      if (name == model::kMetricHeapLive) {
        r.name = "HeapAlloc";
        r.detail = fmt::format("mem={}", e.value);
      } else if (name == model::kMetricHeapGoal) {
        r.name = "HeapGoal";
        r.detail = fmt::format("mem={}", e.value);
      } else {
        r.name = "Gomaxprocs";
        r.detail = fmt::format("procs={}", e.value);
      }
      break;
    case EventKind::kLabel:
      r.name = "GoLabel";
      r.goroutine = e.resource;
      r.detail = std::string(name);
      break;
    case EventKind::kTaskBegin:
      r.name = "UserTaskBegin";
      r.detail = fmt::format("task={} name={}", e.resource, name);
      break;
    case EventKind::kTaskEnd:
      r.name = "UserTaskEnd";
      r.detail = fmt::format("task={}", e.resource);
      break;
    case EventKind::kRegionBegin:
    case EventKind::kRegionEnd:
      r.name = e.kind == EventKind::kRegionBegin ? "UserRegionBegin" : "UserRegionEnd";
      r.detail = fmt::format("task={} region={}", e.resource, name);
      break;
    case EventKind::kLog:
      r.name = "UserLog";
      r.detail = fmt::format("{}={}", name, t.strings.Get(e.text));
      break;
    case EventKind::kStackSample:
      r.name = "CPUSample";
      break;
  }
  return r;
}

}  // namespace tracenote::report
