// The scheduler half of V2Ordering: dispatch, Ps and goroutines. GC, ranges
// and user annotations are in v2_ordering_ranges.cc.
#include <fmt/format.h>

#include "ingest/trace_v2/v2_ordering.h"

namespace tracenote::trace_v2 {

using model::ProcState;

bool V2Strings::Get(uint64_t id, model::StringId* out) {
  if (id == 0) {
    *out = 0;
    return true;
  }
  auto it = cache_.find(id);
  if (it != cache_.end()) {
    *out = it->second;
    return true;
  }
  std::string_view s;
  if (gen_ == nullptr) return false;
  if (!gen_->String(id, &s)) {
    if (gen_->complete) return false;
    s = {};
  }
  *out = tables_->strings.Intern(s);
  cache_.emplace(id, *out);
  return true;
}

V2Ordering::Handler V2Ordering::HandlerFor(uint8_t type) {
  switch (type) {
    case kEvProcsChange:
    case kEvGoLabel:
    case kEvUserLog:
      return &V2Ordering::Annotation;
    case kEvProcStart:
      return &V2Ordering::ProcStart;
    case kEvProcStop:
      return &V2Ordering::ProcStop;
    case kEvProcSteal:
      return &V2Ordering::ProcSteal;
    case kEvProcStatus:
      return &V2Ordering::ProcStatusEv;
    case kEvGoCreate:
    case kEvGoCreateBlocked:
      return &V2Ordering::GoCreate;
    case kEvGoCreateSyscall:
      return &V2Ordering::GoCreateSyscall;
    case kEvGoStart:
      return &V2Ordering::GoStart;
    case kEvGoDestroy:
    case kEvGoStop:
    case kEvGoBlock:
      return &V2Ordering::GoStopExec;
    case kEvGoDestroySyscall:
      return &V2Ordering::GoDestroySyscall;
    case kEvGoUnblock:
      return &V2Ordering::GoUnblock;
    case kEvGoSyscallBegin:
      return &V2Ordering::GoSyscallBegin;
    case kEvGoSyscallEnd:
      return &V2Ordering::GoSyscallEnd;
    case kEvGoSyscallEndBlocked:
      return &V2Ordering::GoSyscallEndBlocked;
    case kEvGoStatus:
    case kEvGoStatusStack:
      return &V2Ordering::GoStatusEv;
    case kEvSTWBegin:
    case kEvGCMarkAssistBegin:
      return &V2Ordering::GoRangeBegin;
    case kEvSTWEnd:
    case kEvGCMarkAssistEnd:
      return &V2Ordering::GoRangeEnd;
    case kEvGCMarkAssistActive:
      return &V2Ordering::GoRangeActive;
    case kEvGCActive:
      return &V2Ordering::GCActive;
    case kEvGCBegin:
      return &V2Ordering::GCBegin;
    case kEvGCEnd:
      return &V2Ordering::GCEnd;
    case kEvGCSweepActive:
      return &V2Ordering::SweepActive;
    case kEvGCSweepBegin:
      return &V2Ordering::SweepBegin;
    case kEvGCSweepEnd:
      return &V2Ordering::SweepEnd;
    case kEvHeapAlloc:
    case kEvHeapGoal:
      return &V2Ordering::HeapMetric;
    case kEvUserTaskBegin:
      return &V2Ordering::TaskBegin;
    case kEvUserTaskEnd:
      return &V2Ordering::TaskEnd;
    case kEvUserRegionBegin:
      return &V2Ordering::RegionBegin;
    case kEvUserRegionEnd:
      return &V2Ordering::RegionEnd;
    case kEvGoSwitch:
    case kEvGoSwitchDestroy:
      return &V2Ordering::GoSwitch;
    default:
      if (type >= kEvFirstExperimental && type <= kEvLastExperimental) {
        return &V2Ordering::AllocFree;
      }
      return nullptr;
  }
}

Status V2Ordering::Advance(V2Event& ev, uint64_t m, uint64_t gen, bool* advanced, uint32_t* slot) {
  *advanced = false;
  if (initial_gen_ == 0) initial_gen_ = gen;
  if (gen != gen_) ++gen_ord_;
  gen_ = gen;
  Ctx cur;
  cur.m = m;
  if (m != kNoThreadId) {
    if (slot == nullptr || *slot >= ms_.size() || ms_[*slot].id != m) {
      M(m);
      if (slot != nullptr) *slot = last_slot_;
    }
    const MState& s = ms_[slot != nullptr ? *slot : last_slot_];
    cur.g = s.g;
    cur.p = s.p;
  }
  Ctx next = cur;
  const Handler h = HandlerFor(ev.type);
  if (h == nullptr) return CorruptError(fmt::format("event type {} cannot be ordered", ev.type));
  RETURN_IF_ERROR((this->*h)(ev, cur, next, advanced));
  if (*advanced && m != kNoThreadId) {
    MState& s = slot != nullptr && ms_[*slot].id == m ? ms_[*slot] : M(m);
    s.g = next.g;
    s.p = next.p;
  }
  return Status::Ok();
}

bool V2Ordering::Next(V2Event* out) {
  if (queue_head_ == queue_.size()) {
    queue_.clear();
    queue_head_ = 0;
    return false;
  }
  *out = queue_[queue_head_++];
  return true;
}

void V2Ordering::Push(const V2Event& ev, const Ctx& c) {
  queue_.push_back(ev);
  V2Event& e = queue_.back();
  e.g = c.g;
  e.p = c.p;
  e.m = c.m;
}

V2Ordering::MState* V2Ordering::FindM(uint64_t id) {
  if (id == last_m_) return &ms_[last_slot_];
  auto it = m_slot_.find(id);
  if (it == m_slot_.end()) return nullptr;
  last_m_ = id;
  last_slot_ = it->second;
  return &ms_[last_slot_];
}

V2Ordering::MState& V2Ordering::M(uint64_t id) {
  if (MState* s = FindM(id)) return *s;
  last_m_ = id;
  last_slot_ = static_cast<uint32_t>(ms_.size());
  m_slot_.emplace(id, last_slot_);
  ms_.push_back(MState{});
  ms_.back().id = id;
  return ms_.back();
}

V2Ordering::GState* V2Ordering::G(uint64_t id) {
  if (!gs_.contains(id)) return nullptr;
  GState* s = &gs_[id];
  return s->exists ? s : nullptr;
}

V2Ordering::PState* V2Ordering::P(int64_t id) {
  if (id < 0 || !ps_.contains(static_cast<uint64_t>(id))) return nullptr;
  PState* s = &ps_[static_cast<uint64_t>(id)];
  return s->exists ? s : nullptr;
}

Status V2Ordering::CheckCtx(const Ctx& c, Need thread, Need proc, Need goroutine) {
  if (thread == Need::kMust && c.m == kNoThreadId) {
    return CorruptError("expected a thread but didn't have one");
  }
  if (proc == Need::kMust && c.p == kNoP)
    return CorruptError("expected a proc but didn't have one");
  if (proc == Need::kMustNot && c.p != kNoP) return CorruptError("expected no proc but had one");
  if (goroutine == Need::kMust && c.g == 0) {
    return CorruptError("expected a goroutine but didn't have one");
  }
  if (goroutine == Need::kMustNot && c.g != 0) {
    return CorruptError("expected no goroutine but had one");
  }
  return Status::Ok();
}

Status V2Ordering::ProcStatusEv(V2Event& ev, Ctx& cur, Ctx& next, bool* ok) {
  const int64_t pid = static_cast<int64_t>(ev.args[0]);
  if (ev.args[1] > static_cast<uint64_t>(V2ProcStatus::kSyscallAbandoned) || pid < 0) {
    return CorruptError(fmt::format("invalid status for proc {}: {}", ev.args[0], ev.args[1]));
  }
  const auto status = static_cast<V2ProcStatus>(ev.args[1]);
  uint8_t old = static_cast<uint8_t>(V2ProcStatusToState(ev.args[1]));
  if (PState* s = P(pid)) {
    if (status == V2ProcStatus::kSyscallAbandoned && s->status == V2ProcStatus::kSyscall) {
      // Nothing was lost: the P is still in its syscall.
      old = static_cast<uint8_t>(ProcState::kRunning);
      ev.args[1] = static_cast<uint64_t>(V2ProcStatus::kSyscall);
    } else if (status == V2ProcStatus::kSyscallAbandoned &&
               s->status == V2ProcStatus::kSyscallAbandoned) {
      old = static_cast<uint8_t>(ProcState::kIdle);
    } else if (s->status != status) {
      return CorruptError(fmt::format("inconsistent status for proc {}: old {} vs. new {}", pid,
                                      V2ProcStatusName(static_cast<uint64_t>(s->status)),
                                      V2ProcStatusName(ev.args[1])));
    }
    s->seq = MakeSeq(0);
  } else {
    PState& n = ps_[static_cast<uint64_t>(pid)];
    n = PState{};
    n.exists = true;
    n.status = status;
    n.seq = MakeSeq(0);
    old = static_cast<uint8_t>(gen_ == initial_gen_ ? ProcState::kUndetermined
                                                    : ProcState::kNotExist);
  }
  ev.old_state = old;
  if (status == V2ProcStatus::kRunning || status == V2ProcStatus::kSyscall) next.p = pid;
  if (status == V2ProcStatus::kSyscallAbandoned &&
      old == static_cast<uint8_t>(ProcState::kRunning)) {
    // The P is about to be stolen; its status belongs to the thread holding it.
    bool found = false;
    for (const MState& s : ms_) {
      if (s.p == pid) {
        cur.m = s.id;
        cur.p = pid;
        cur.g = s.g;
        found = true;
      }
    }
    if (!found) {
      return CorruptError(
          fmt::format("failed to find the thread of proc {} that is about to be stolen", pid));
    }
  }
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::ProcStart(V2Event& ev, Ctx& cur, Ctx& next, bool* ok) {
  const int64_t pid = static_cast<int64_t>(ev.args[0]);
  PState* s = P(pid);
  if (s == nullptr || s->status != V2ProcStatus::kIdle || !s->seq.Precedes(gen_ord_, ev.args[1]) ||
      cur.p != kNoP) {
    return Status::Ok();  // not yet
  }
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMustNot, Need::kMay));
  s->status = V2ProcStatus::kRunning;
  s->seq = MakeSeq(ev.args[1]);
  next.p = pid;
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::ProcStop(V2Event& ev, Ctx& cur, Ctx& next, bool* ok) {
  PState* s = P(cur.p);
  if (s == nullptr)
    return CorruptError(fmt::format("ProcStop for proc {} that doesn't exist", cur.p));
  if (s->status != V2ProcStatus::kRunning && s->status != V2ProcStatus::kSyscall) {
    return CorruptError("ProcStop for a proc that's not Running or Syscall");
  }
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMust, Need::kMay));
  ev.old_state = static_cast<uint8_t>(s->status);
  s->status = V2ProcStatus::kIdle;
  next.p = kNoP;
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::ProcSteal(V2Event& ev, Ctx& cur, Ctx& next, bool* ok) {
  const int64_t pid = static_cast<int64_t>(ev.args[0]);
  PState* s = P(pid);
  if (s == nullptr ||
      (s->status != V2ProcStatus::kSyscall && s->status != V2ProcStatus::kSyscallAbandoned) ||
      !s->seq.Precedes(gen_ord_, ev.args[1])) {
    return Status::Ok();  // not yet
  }
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMay, Need::kMay));
  const V2ProcStatus old = s->status;
  ev.old_state = static_cast<uint8_t>(old);
  s->status = V2ProcStatus::kIdle;
  s->seq = MakeSeq(ev.args[1]);
  *ok = true;
  if (old == V2ProcStatus::kSyscallAbandoned) {  // the thread is unknown now
    Push(ev, cur);
    return Status::Ok();
  }
  const uint64_t mid = ev.args[2];
  if (mid == cur.m) {  // taking its own P back: like a ProcStop
    if (cur.p != pid) {
      return CorruptError(
          fmt::format("tried to self-steal proc {} (thread {}), but got proc {}", pid, mid, cur.p));
    }
    ev.extra = cur.g;
    next.p = kNoP;
    Push(ev, cur);
    return Status::Ok();
  }
  MState* found = FindM(mid);
  if (found == nullptr) {
    *ok = false;
    return CorruptError(fmt::format("stole proc from non-existent thread {}", mid));
  }
  MState& victim = *found;
  if (victim.p != pid) {
    *ok = false;
    return CorruptError(
        fmt::format("tried to steal proc {} from thread {}, but got proc {}", pid, mid, victim.p));
  }
  ev.extra = victim.g;
  victim.p = kNoP;  // lets the thread's GoSyscallEndBlocked advance
  Push(ev, cur);
  return Status::Ok();
}

}  // namespace tracenote::trace_v2
