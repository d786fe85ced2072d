#include "ingest/trace_v1/v1_converter.h"

#include <algorithm>
#include <string>

namespace tracenote::trace_v1 {

using model::EventKind;
using model::GoState;
using model::ProcState;
using model::RangeScope;

V1ModelConverter::V1ModelConverter(const V1Index* index, model::Tables* tables,
                                   model::EventSink* sink)
    : index_(index), tables_(tables), sink_(sink) {
  for (const auto& [v1, id] : index_->stacks) stacks_[v1] = id;
  auto& s = tables_->strings;
  gc_mark_ = s.Intern(model::kRangeGCMark);
  sweep_ = s.Intern(model::kRangeSweep);
  assist_ = s.Intern(model::kRangeMarkAssist);
  heap_live_ = s.Intern(model::kMetricHeapLive);
  heap_goal_ = s.Intern(model::kMetricHeapGoal);
  gomaxprocs_ = s.Intern(model::kMetricGomaxprocs);
  r_preempted_ = s.Intern("preempted");
  r_gosched_ = s.Intern("runtime.Gosched");
  r_forever_ = s.Intern("forever");
  r_sleep_ = s.Intern("sleep");
  r_send_ = s.Intern("chan send");
  r_recv_ = s.Intern("chan receive");
  r_select_ = s.Intern("select");
  r_sync_ = s.Intern("sync");
  r_cond_ = s.Intern("sync.(*Cond).Wait");
  r_network_ = s.Intern("network");
  r_gc_assist_ = s.Intern("GC mark assist wait for work");
  r_syscall_ = s.Intern("syscall");
}

model::StackId V1ModelConverter::Stack(uint64_t v1_stack) {
  if (v1_stack == 0 || !stacks_.contains(v1_stack)) return 0;
  return stacks_[v1_stack];
}

model::StringId V1ModelConverter::V1String(uint64_t v1_id) {
  auto it = v1_strings_.find(v1_id);
  if (it != v1_strings_.end()) return it->second;
  auto s = index_->strings.find(v1_id);
  model::StringId id = tables_->strings.Intern(s == index_->strings.end() ? "" : s->second);
  v1_strings_.emplace(v1_id, id);
  return id;
}

model::Event V1ModelConverter::Base(const V1Event& ev, int64_t time) {
  model::Event e;
  e.time = time;
  e.offset = ev.offset;
  e.goroutine = ev.g;
  const int64_t p = ev.stream_p;
  e.proc = (p >= 0 && p < kFakeP) ? p : model::kNoProc;
  const uint64_t key = static_cast<uint64_t>(p);
  if (thread_of_p_.contains(key)) e.thread = thread_of_p_[key] - 1;
  e.stack = Stack(ev.stack);
  return e;
}

void V1ModelConverter::Go(const V1Event& ev, int64_t time, uint64_t g, GoState from, GoState to,
                          model::StringId reason) {
  model::Event e = Base(ev, time);
  e.kind = EventKind::kGoTransition;
  e.resource = g;
  e.from = static_cast<uint8_t>(from);
  e.to = static_cast<uint8_t>(to);
  e.name = reason;
  if (ev.type == kGoCreate) e.extra_stack = Stack(ev.args[1]);
  sink_->OnEvent(e);
}

void V1ModelConverter::Range(const V1Event& ev, int64_t time, EventKind kind, model::StringId name,
                             RangeScope scope) {
  model::Event e = Base(ev, time);
  e.kind = kind;
  e.name = name;
  e.scope = scope;
  e.resource = scope == RangeScope::kGoroutine ? ev.g
               : scope == RangeScope::kProc    ? static_cast<uint64_t>(ev.stream_p)
                                               : 0;
  if (ev.type == kGCSweepDone) e.value = ev.args[0];  // bytes swept
  sink_->OnEvent(e);
}

void V1ModelConverter::Finish() {
  if (!pending_end_) return;
  pending_end_ = false;
  sink_->OnEvent(pending_);
}

void V1ModelConverter::Convert(const V1Event& ev, int64_t time) {
  if (pending_end_) {
    pending_end_ = false;
    pending_.time = std::min(pending_.time, time);
    sink_->OnEvent(pending_);
  }
  const int version = index_->version;
  switch (ev.type) {
    case kGomaxprocs: {
      preamble_ = false;
      model::Event e = Base(ev, time);
      e.kind = EventKind::kMetric;
      e.name = gomaxprocs_;
      e.value = ev.args[0];
      sink_->OnEvent(e);
      break;
    }
    case kProcStart: {
      const bool seen = p_seen_[ev.stream_p];
      p_seen_[ev.stream_p] = true;
      thread_of_p_[static_cast<uint64_t>(ev.stream_p)] = static_cast<int64_t>(ev.args[0]) + 1;
      model::Event e = Base(ev, time);
      e.kind = EventKind::kProcTransition;
      e.resource = static_cast<uint64_t>(ev.stream_p);
      e.from = static_cast<uint8_t>(seen ? ProcState::kIdle : ProcState::kUndetermined);
      e.to = static_cast<uint8_t>(ProcState::kRunning);
      sink_->OnEvent(e);
      break;
    }
    case kProcStop: {
      p_seen_[ev.stream_p] = true;
      model::Event e = Base(ev, time);
      e.kind = EventKind::kProcTransition;
      e.resource = static_cast<uint64_t>(ev.stream_p);
      e.from = static_cast<uint8_t>(ProcState::kRunning);
      e.to = static_cast<uint8_t>(ProcState::kIdle);
      sink_->OnEvent(e);
      break;
    }
    case kGCStart:
      Range(ev, time, EventKind::kRangeBegin, gc_mark_, RangeScope::kGlobal);
      break;
    case kGCDone:
      Range(ev, time, EventKind::kRangeEnd, gc_mark_, RangeScope::kGlobal);
      break;
    case kSTWStart: {
      std::string_view kind;
      V1STWKindName(ev.args[0], version, &kind);
      std::string name(model::kRangeSTWPrefix);
      // Before 1.21 the two GC kinds were "mark/sweep termination"; the model
      // uses the names Go 1.21+ gives them.
      if (kind == "mark termination" || kind == "sweep termination") name.append("GC ");
      name.append(kind).append(")");
      const model::StringId id = tables_->strings.Intern(name);
      open_stw_[version < 1010 ? ev.stream_p : -1] = id;
      Range(ev, time, EventKind::kRangeBegin, id, RangeScope::kGlobal);
      break;
    }
    case kSTWDone: {
      auto it = open_stw_.find(version < 1010 ? ev.stream_p : -1);
      if (it == open_stw_.end()) break;
      Range(ev, time, EventKind::kRangeEnd, it->second, RangeScope::kGlobal);
      open_stw_.erase(it);
      break;
    }
    case kGCSweepStart:
      Range(ev, time, EventKind::kRangeBegin, sweep_, RangeScope::kProc);
      break;
    case kGCSweepDone:
      Range(ev, time, EventKind::kRangeEnd, sweep_, RangeScope::kProc);
      break;
    case kGCMarkAssistStart:
      Range(ev, time, EventKind::kRangeBegin, assist_, RangeScope::kGoroutine);
      break;
    case kGCMarkAssistDone:
      Range(ev, time, EventKind::kRangeEnd, assist_, RangeScope::kGoroutine);
      break;
    case kGoCreate:
      Go(ev, time, ev.args[0], preamble_ ? GoState::kUndetermined : GoState::kNotExist,
         GoState::kRunnable, 0);
      break;
    case kGoWaiting:
      Go(ev, time, ev.g, GoState::kRunnable, GoState::kWaiting, 0);
      break;
    case kGoInSyscall:
      Go(ev, time, ev.g, GoState::kRunnable, GoState::kSyscall, r_syscall_);
      break;
    case kGoStart:
    case kGoStartLabel:
      Go(ev, time, ev.g, GoState::kRunnable, GoState::kRunning, 0);
      if (ev.type == kGoStartLabel) {
        model::Event e = Base(ev, time);
        e.kind = EventKind::kLabel;
        e.resource = ev.g;
        e.name = V1String(ev.args[2]);
        e.stack = 0;
        sink_->OnEvent(e);
      }
      break;
    case kGoEnd:
      Go(ev, time, ev.g, GoState::kRunning, GoState::kNotExist, 0);
      break;
    case kGoStop:
      Go(ev, time, ev.g, GoState::kRunning, GoState::kWaiting, r_forever_);
      break;
    case kGoSched:
      Go(ev, time, ev.g, GoState::kRunning, GoState::kRunnable, r_gosched_);
      break;
    case kGoPreempt:
      Go(ev, time, ev.g, GoState::kRunning, GoState::kRunnable, r_preempted_);
      break;
    case kGoSleep:
      Go(ev, time, ev.g, GoState::kRunning, GoState::kWaiting, r_sleep_);
      break;
    case kGoBlock:
      Go(ev, time, ev.g, GoState::kRunning, GoState::kWaiting, 0);
      break;
    case kGoBlockSend:
      Go(ev, time, ev.g, GoState::kRunning, GoState::kWaiting, r_send_);
      break;
    case kGoBlockRecv:
      Go(ev, time, ev.g, GoState::kRunning, GoState::kWaiting, r_recv_);
      break;
    case kGoBlockSelect:
      Go(ev, time, ev.g, GoState::kRunning, GoState::kWaiting, r_select_);
      break;
    case kGoBlockSync:
      Go(ev, time, ev.g, GoState::kRunning, GoState::kWaiting, r_sync_);
      break;
    case kGoBlockCond:
      Go(ev, time, ev.g, GoState::kRunning, GoState::kWaiting, r_cond_);
      break;
    case kGoBlockNet:
      Go(ev, time, ev.g, GoState::kRunning, GoState::kWaiting, r_network_);
      break;
    case kGoBlockGC:
      Go(ev, time, ev.g, GoState::kRunning, GoState::kWaiting, r_gc_assist_);
      break;
    case kGoUnblock:
      Go(ev, time, ev.args[0], GoState::kWaiting, GoState::kRunnable, 0);
      break;
    case kGoSysCall:
      Go(ev, time, ev.g, GoState::kRunning, GoState::kSyscall, r_syscall_);
      if (ev.next_on_p != kGoSysBlock) {
        pending_ = Base(ev, time + 1);
        pending_.stack = 0;
        pending_.kind = EventKind::kGoTransition;
        pending_.resource = ev.g;
        pending_.from = static_cast<uint8_t>(GoState::kSyscall);
        pending_.to = static_cast<uint8_t>(GoState::kRunning);
        pending_end_ = true;
      }
      break;
    case kGoSysExit:
      Go(ev, time, ev.args[0], GoState::kSyscall, GoState::kRunnable, 0);
      break;
    case kHeapAlloc:
    case kHeapGoal: {
      model::Event e = Base(ev, time);
      e.kind = EventKind::kMetric;
      e.name = ev.type == kHeapAlloc ? heap_live_ : heap_goal_;
      e.value = ev.args[0];
      sink_->OnEvent(e);
      break;
    }
    case kUserTaskCreate: {
      model::Event e = Base(ev, time);
      e.kind = EventKind::kTaskBegin;
      e.resource = ev.args[0];
      e.value = ev.args[1];
      e.name = V1String(ev.args[2]);
      sink_->OnEvent(e);
      break;
    }
    case kUserTaskEnd: {
      model::Event e = Base(ev, time);
      e.kind = EventKind::kTaskEnd;
      e.resource = ev.args[0];
      sink_->OnEvent(e);
      break;
    }
    case kUserRegion: {
      model::Event e = Base(ev, time);
      e.kind = ev.args[1] == 0 ? EventKind::kRegionBegin : EventKind::kRegionEnd;
      e.resource = ev.args[0];
      e.name = V1String(ev.args[2]);
      sink_->OnEvent(e);
      break;
    }
    case kUserLog: {
      model::Event e = Base(ev, time);
      e.kind = EventKind::kLog;
      e.resource = ev.args[0];
      e.name = V1String(ev.args[1]);
      e.text = tables_->strings.Intern(ev.message);
      sink_->OnEvent(e);
      break;
    }
    case kCPUSample: {
      model::Event e = Base(ev, time);
      e.kind = EventKind::kStackSample;
      e.goroutine = ev.args[2];
      e.proc = static_cast<int64_t>(ev.args[1]);
      if (e.proc < 0 || e.proc >= kFakeP) e.proc = model::kNoProc;
      sink_->OnEvent(e);
      break;
    }
    case kGoSysBlock: {
      // The runtime handed this P off (retake by sysmon, a syscall known to
      // block, or a stop-the-world): the goroutine stays in its syscall.
      model::Event e = Base(ev, time);
      e.kind = EventKind::kSyscallBlocked;
      e.resource = ev.g;
      e.value = static_cast<uint64_t>(e.thread);
      sink_->OnEvent(e);
      break;
    }
    default:
      break;
  }
}

}  // namespace tracenote::trace_v1
