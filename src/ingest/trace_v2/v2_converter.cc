#include "ingest/trace_v2/v2_converter.h"

#include <string>

namespace tracenote::trace_v2 {

using model::EventKind;
using model::GoState;
using model::ProcState;
using model::RangeScope;

V2ModelConverter::V2ModelConverter(model::Tables* tables, V2Strings* strings,
                                   model::EventSink* sink)
    : tables_(tables), strings_(strings), sink_(sink) {
  auto& s = tables_->strings;
  gc_mark_ = s.Intern(model::kRangeGCMark);
  sweep_ = s.Intern(model::kRangeSweep);
  assist_ = s.Intern(model::kRangeMarkAssist);
  heap_live_ = s.Intern(model::kMetricHeapLive);
  heap_goal_ = s.Intern(model::kMetricHeapGoal);
  gomaxprocs_ = s.Intern(model::kMetricGomaxprocs);
  syscall_ = s.Intern("syscall");
}

model::StringId V2ModelConverter::Str(uint64_t id) {
  model::StringId out = 0;
  strings_->Get(id, &out);  // ids were checked by the stream
  return out;
}

model::StringId V2ModelConverter::StwName(model::StringId kind) {
  auto it = stw_names_.find(kind);
  if (it != stw_names_.end()) return it->second;
  std::string name(model::kRangeSTWPrefix);
  name.append(tables_->strings.Get(kind)).append(")");
  const model::StringId id = tables_->strings.Intern(name);
  stw_names_.emplace(kind, id);
  return id;
}

model::Event V2ModelConverter::Base(const V2StreamEvent& e) const {
  model::Event out;
  out.time = e.time;
  out.offset = e.ev.offset;
  out.goroutine = e.ev.g;
  out.proc = e.ev.p;
  out.thread = e.ev.m == kNoThreadId ? model::kNoThread : static_cast<int64_t>(e.ev.m);
  out.stack = e.stack;
  return out;
}

void V2ModelConverter::Go(const V2StreamEvent& e, uint64_t g, GoState from, GoState to,
                          model::StringId reason) {
  model::Event out = Base(e);
  out.kind = EventKind::kGoTransition;
  out.resource = g;
  out.from = static_cast<uint8_t>(from);
  out.to = static_cast<uint8_t>(to);
  out.name = reason;
  out.extra_stack = e.new_stack;
  sink_->OnEvent(out);
}

void V2ModelConverter::Proc(const V2StreamEvent& e, uint64_t p, ProcState from, ProcState to) {
  model::Event out = Base(e);
  out.kind = EventKind::kProcTransition;
  out.resource = p;
  out.from = static_cast<uint8_t>(from);
  out.to = static_cast<uint8_t>(to);
  sink_->OnEvent(out);
}

void V2ModelConverter::Range(const V2StreamEvent& e, EventKind kind, model::StringId name,
                             RangeScope scope, uint64_t resource) {
  model::Event out = Base(e);
  out.kind = kind;
  out.name = name;
  out.scope = scope;
  out.resource = resource;
  if (e.ev.type == kEvGCSweepEnd) out.value = e.ev.args[0];  // bytes swept
  sink_->OnEvent(out);
}

void V2ModelConverter::SyscallBlocked(const V2StreamEvent& e, uint64_t g, uint64_t p,
                                      uint64_t thread) {
  if (g == 0) return;
  model::Event out = Base(e);
  out.kind = EventKind::kSyscallBlocked;
  out.resource = g;
  out.goroutine = g;
  out.proc = static_cast<int64_t>(p);
  out.value = thread;
  out.stack = 0;
  sink_->OnEvent(out);
}

void V2ModelConverter::Convert(const V2StreamEvent& e) {
  const V2Event& ev = e.ev;
  const uint64_t cur_p = static_cast<uint64_t>(ev.p);
  switch (ev.type) {
    case kEvProcStatus: {
      const auto from = static_cast<ProcState>(ev.old_state);
      const ProcState to = V2ProcStatusToState(ev.args[1]);
      if (from != to) Proc(e, ev.args[0], from, to);
      break;
    }
    case kEvProcStart:
      Proc(e, ev.args[0], ProcState::kIdle, ProcState::kRunning);
      break;
    case kEvProcStop:
      if (ev.old_state == static_cast<uint8_t>(V2ProcStatus::kSyscall)) {
        SyscallBlocked(e, ev.g, cur_p, ev.m);
      }
      Proc(e, cur_p, ProcState::kRunning, ProcState::kIdle);
      break;
    case kEvProcSteal: {
      const bool abandoned = ev.old_state == static_cast<uint8_t>(V2ProcStatus::kSyscallAbandoned);
      if (!ev.synthetic && !abandoned && ev.args[2] != ev.m) {
        SyscallBlocked(e, ev.extra, ev.args[0], ev.args[2]);
      }
      if (!abandoned) Proc(e, ev.args[0], ProcState::kRunning, ProcState::kIdle);
      break;
    }
    case kEvGoStatus:
    case kEvGoStatusStack: {
      const auto from = static_cast<GoState>(ev.old_state);
      const GoState to = V2GoStatusToState(ev.args[2]);
      if (from != to) Go(e, ev.args[0], from, to, to == GoState::kSyscall ? syscall_ : 0);
      break;
    }
    case kEvGoCreate:
      Go(e, ev.args[0], GoState::kNotExist, GoState::kRunnable);
      break;
    case kEvGoCreateBlocked:
      Go(e, ev.args[0], GoState::kNotExist, GoState::kWaiting);
      break;
    case kEvGoCreateSyscall:
      Go(e, ev.args[0], GoState::kNotExist, GoState::kSyscall, syscall_);
      break;
    case kEvGoStart: {
      V2StreamEvent started = e;
      started.ev.g = ev.args[0];
      Go(started, ev.args[0], GoState::kRunnable, GoState::kRunning);
      break;
    }
    case kEvGoDestroy:
      Go(e, ev.g, GoState::kRunning, GoState::kNotExist);
      break;
    case kEvGoDestroySyscall:
      Go(e, ev.g, GoState::kSyscall, GoState::kNotExist);
      break;
    case kEvGoStop:
      Go(e, ev.g, GoState::kRunning, GoState::kRunnable, ev.synthetic ? 0 : Str(ev.args[0]));
      break;
    case kEvGoBlock:
      Go(e, ev.g, GoState::kRunning, GoState::kWaiting, ev.synthetic ? 0 : Str(ev.args[0]));
      break;
    case kEvGoUnblock:
    case kEvGoSwitch:
    case kEvGoSwitchDestroy:
      Go(e, ev.args[0], GoState::kWaiting, GoState::kRunnable);
      break;
    case kEvGoSyscallBegin:
      Go(e, ev.g, GoState::kRunning, GoState::kSyscall, syscall_);
      break;
    case kEvGoSyscallEnd:
      Go(e, ev.g, GoState::kSyscall, GoState::kRunning);
      break;
    case kEvGoSyscallEndBlocked:
      Go(e, ev.g, GoState::kSyscall, GoState::kRunnable);
      break;
    case kEvSTWBegin:
      Range(e, EventKind::kRangeBegin, StwName(ev.name), RangeScope::kGlobal, 0);
      break;
    case kEvSTWEnd:
      Range(e, EventKind::kRangeEnd, StwName(ev.name), RangeScope::kGlobal, 0);
      break;
    case kEvGCActive:
      Range(e, EventKind::kRangeActive, gc_mark_, RangeScope::kGlobal, 0);
      break;
    case kEvGCBegin:
      Range(e, EventKind::kRangeBegin, gc_mark_, RangeScope::kGlobal, 0);
      break;
    case kEvGCEnd:
      Range(e, EventKind::kRangeEnd, gc_mark_, RangeScope::kGlobal, 0);
      break;
    case kEvGCSweepActive:
      Range(e, EventKind::kRangeActive, sweep_, RangeScope::kProc, ev.args[0]);
      break;
    case kEvGCSweepBegin:
      Range(e, EventKind::kRangeBegin, sweep_, RangeScope::kProc, cur_p);
      break;
    case kEvGCSweepEnd:
      Range(e, EventKind::kRangeEnd, sweep_, RangeScope::kProc, cur_p);
      break;
    case kEvGCMarkAssistActive:
      Range(e, EventKind::kRangeActive, assist_, RangeScope::kGoroutine, ev.args[0]);
      break;
    case kEvGCMarkAssistBegin:
      Range(e, EventKind::kRangeBegin, assist_, RangeScope::kGoroutine, ev.g);
      break;
    case kEvGCMarkAssistEnd:
      Range(e, EventKind::kRangeEnd, assist_, RangeScope::kGoroutine, ev.g);
      break;
    case kEvHeapAlloc:
    case kEvHeapGoal:
    case kEvProcsChange: {
      model::Event out = Base(e);
      out.kind = EventKind::kMetric;
      out.name = ev.type == kEvHeapAlloc  ? heap_live_
                 : ev.type == kEvHeapGoal ? heap_goal_
                                          : gomaxprocs_;
      out.value = ev.args[0];
      sink_->OnEvent(out);
      break;
    }
    case kEvGoLabel: {
      model::Event out = Base(e);
      out.kind = EventKind::kLabel;
      out.resource = ev.g;
      out.name = Str(ev.args[0]);
      sink_->OnEvent(out);
      break;
    }
    case kEvUserTaskBegin:
    case kEvUserTaskEnd: {
      model::Event out = Base(e);
      out.kind = ev.type == kEvUserTaskBegin ? EventKind::kTaskBegin : EventKind::kTaskEnd;
      out.resource = ev.args[0];
      out.value = ev.extra;
      out.name = ev.name;
      sink_->OnEvent(out);
      break;
    }
    case kEvUserRegionBegin:
    case kEvUserRegionEnd: {
      model::Event out = Base(e);
      out.kind = ev.type == kEvUserRegionBegin ? EventKind::kRegionBegin : EventKind::kRegionEnd;
      out.resource = ev.args[0];
      out.name = ev.name;
      sink_->OnEvent(out);
      break;
    }
    case kEvUserLog: {
      model::Event out = Base(e);
      out.kind = EventKind::kLog;
      out.resource = ev.args[0];
      out.name = Str(ev.args[1]);
      out.text = Str(ev.args[2]);
      sink_->OnEvent(out);
      break;
    }
    case kEvCPUSample: {
      model::Event out = Base(e);
      out.kind = EventKind::kStackSample;
      sink_->OnEvent(out);
      break;
    }
    default:
      break;  // experimental events: not modelled
  }
}

}  // namespace tracenote::trace_v2
