// The goroutine transitions of V2Ordering (see v2_ordering.h).
#include <fmt/format.h>

#include "ingest/trace_v2/v2_ordering.h"

namespace tracenote::trace_v2 {

using model::GoState;

Status V2Ordering::GoStatusEv(V2Event& ev, Ctx& cur, Ctx& next, bool* ok) {
  const uint64_t gid = ev.args[0];
  const uint64_t mid = ev.args[1];
  if (ev.args[2] > static_cast<uint64_t>(V2GoStatus::kWaiting)) {
    return CorruptError(fmt::format("invalid status for goroutine {}: {}", gid, ev.args[2]));
  }
  const auto status = static_cast<V2GoStatus>(ev.args[2]);
  uint8_t old = static_cast<uint8_t>(V2GoStatusToState(ev.args[2]));
  if (GState* s = G(gid)) {
    if (s->status != status) {
      return CorruptError(fmt::format("inconsistent status for goroutine {}: old {} vs. new {}",
                                      gid, V2GoStatusName(static_cast<uint64_t>(s->status)),
                                      V2GoStatusName(ev.args[2])));
    }
    s->seq = MakeSeq(0);
  } else if (gen_ == initial_gen_) {
    if (!gs_.contains(gid)) ++goroutines_seen_;  // ids are reused (cgo callbacks)
    GState& n = gs_[gid];
    n = GState{};
    n.exists = true;
    n.status = status;
    n.seq = MakeSeq(0);
    old = static_cast<uint8_t>(GoState::kUndetermined);
  } else {
    return CorruptError(fmt::format(
        "found goroutine status for new goroutine after the first generation: id={} status={}", gid,
        V2GoStatusName(ev.args[2])));
  }
  ev.old_state = old;
  if (status == V2GoStatus::kRunning) {
    next.g = gid;
  } else if (status == V2GoStatus::kSyscall) {
    if (mid == kNoThreadId) {
      return CorruptError(fmt::format("found goroutine {} in syscall without a thread", gid));
    }
    if (mid == cur.m) {
      if (gen_ != initial_gen_ && cur.g != gid) {
        return CorruptError(
            fmt::format("inconsistent thread for syscalling goroutine {}: thread has goroutine {}",
                        gid, cur.g));
      }
      next.g = gid;
    } else {
      // A goroutine that has sat in a syscall on another thread all along.
      if (const MState* found = FindM(mid)) {
        const MState& other = *found;
        if (other.g != gid) {
          return CorruptError(fmt::format(
              "inconsistent thread for syscalling goroutine {}: thread has goroutine {}", gid,
              other.g));
        }
        cur.g = other.g;
      } else {
        MState& other = M(mid);
        other.g = gid;
        other.p = kNoP;
      }
      cur.m = mid;
    }
  }
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::GoCreate(V2Event& ev, Ctx& cur, Ctx&, bool* ok) {
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMust, Need::kMay));
  if (const GState* creator = G(cur.g);
      creator != nullptr && creator->status != V2GoStatus::kRunning) {
    return CorruptError(
        fmt::format("{} by goroutine {} that is not running", V2EventName(ev.type), cur.g));
  }
  const uint64_t gid = ev.args[0];
  if (G(gid) != nullptr) {
    return CorruptError(fmt::format("tried to create goroutine ({}) that already exists", gid));
  }
  if (!gs_.contains(gid)) ++goroutines_seen_;  // ids are reused (cgo callbacks)
  GState& n = gs_[gid];
  n = GState{};
  n.exists = true;
  n.status = ev.type == kEvGoCreateBlocked ? V2GoStatus::kWaiting : V2GoStatus::kRunnable;
  n.seq = MakeSeq(0);
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::GoCreateSyscall(V2Event& ev, Ctx& cur, Ctx& next, bool* ok) {
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMay, Need::kMustNot));
  const uint64_t gid = ev.args[0];
  if (G(gid) != nullptr) {
    return CorruptError(
        fmt::format("tried to create goroutine ({}) in syscall that already exists", gid));
  }
  if (!gs_.contains(gid)) ++goroutines_seen_;  // ids are reused (cgo callbacks)
  GState& n = gs_[gid];
  n = GState{};
  n.exists = true;
  n.status = V2GoStatus::kSyscall;
  n.seq = MakeSeq(0);
  next.g = gid;
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::GoStart(V2Event& ev, Ctx& cur, Ctx& next, bool* ok) {
  GState* s = G(ev.args[0]);
  if (s == nullptr || s->status != V2GoStatus::kRunnable ||
      !s->seq.Precedes(gen_ord_, ev.args[1])) {
    return Status::Ok();  // not yet
  }
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMust, Need::kMustNot));
  s->status = V2GoStatus::kRunning;
  s->seq = MakeSeq(ev.args[1]);
  next.g = ev.args[0];
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::GoStopExec(V2Event& ev, Ctx& cur, Ctx& next, bool* ok) {
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMust, Need::kMust));
  GState* s = G(cur.g);
  if (s == nullptr) {
    return CorruptError(
        fmt::format("{} for goroutine ({}) that doesn't exist", V2EventName(ev.type), cur.g));
  }
  if (s->status != V2GoStatus::kRunning) {
    return CorruptError(
        fmt::format("{} for goroutine {} that's not Running", V2EventName(ev.type), cur.g));
  }
  if (ev.type == kEvGoDestroy) {
    Drop(cur.g, s);
  } else {
    s->status = ev.type == kEvGoStop ? V2GoStatus::kRunnable : V2GoStatus::kWaiting;
  }
  next.g = 0;
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::GoUnblock(V2Event& ev, Ctx& cur, Ctx&, bool* ok) {
  GState* s = G(ev.args[0]);
  if (s == nullptr || s->status != V2GoStatus::kWaiting || !s->seq.Precedes(gen_ord_, ev.args[1])) {
    return Status::Ok();  // not yet
  }
  s->status = V2GoStatus::kRunnable;
  s->seq = MakeSeq(ev.args[1]);
  Push(ev, cur);  // anything may unblock a goroutine: no context to check
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::GoSwitch(V2Event& ev, Ctx& cur, Ctx& next, bool* ok) {
  // A coroutine switch is three transitions: the target is unblocked, the
  // current goroutine blocks (or exits), and the target starts here.
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMust, Need::kMust));
  GState* self = G(cur.g);
  if (self == nullptr || self->status != V2GoStatus::kRunning) {
    return CorruptError(
        fmt::format("{} from goroutine {} that's not Running", V2EventName(ev.type), cur.g));
  }
  const uint64_t target = ev.args[0];
  GState* t = G(target);
  if (t == nullptr || t->status != V2GoStatus::kWaiting || !t->seq.Precedes(gen_ord_, ev.args[1])) {
    return Status::Ok();  // not yet
  }
  Push(ev, cur);
  V2Event made;
  made.time = ev.time;
  made.offset = ev.offset;
  made.synthetic = true;
  if (ev.type == kEvGoSwitch) {
    self->status = V2GoStatus::kWaiting;
    made.type = kEvGoBlock;
  } else {
    Drop(cur.g, self);
    made.type = kEvGoDestroy;
  }
  Push(made, cur);
  t->status = V2GoStatus::kRunning;
  t->seq = MakeSeq(ev.args[1]);
  next.g = target;
  made.type = kEvGoStart;
  made.args[0] = target;
  made.args[1] = ev.args[1];
  Ctx start = cur;
  start.g = 0;
  Push(made, start);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::GoSyscallBegin(V2Event& ev, Ctx& cur, Ctx&, bool* ok) {
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMust, Need::kMust));
  GState* s = G(cur.g);
  if (s == nullptr || s->status != V2GoStatus::kRunning) {
    return CorruptError(fmt::format("GoSyscallBegin for goroutine {} that's not Running", cur.g));
  }
  PState* p = P(cur.p);
  if (p == nullptr)
    return CorruptError(fmt::format("uninitialized proc {} at GoSyscallBegin", cur.p));
  // The P's sequence number makes a later ProcSteal name exactly this
  // syscall; a running P cannot be out of step, so a mismatch is an error.
  if (!p->seq.Precedes(gen_ord_, ev.args[0])) {
    return CorruptError(fmt::format("GoSyscallBegin: proc {} sequence {} does not follow {}", cur.p,
                                    ev.args[0], p->seq.n));
  }
  s->status = V2GoStatus::kSyscall;
  p->status = V2ProcStatus::kSyscall;
  p->seq = MakeSeq(ev.args[0]);
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::GoSyscallEnd(V2Event& ev, Ctx& cur, Ctx&, bool* ok) {
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMust, Need::kMust));
  GState* s = G(cur.g);
  if (s == nullptr || s->status != V2GoStatus::kSyscall) {
    return CorruptError(
        fmt::format("GoSyscallEnd for goroutine {} that's not in a syscall", cur.g));
  }
  PState* p = P(cur.p);
  if (p == nullptr || p->status != V2ProcStatus::kSyscall) {
    return CorruptError(fmt::format("GoSyscallEnd: expected proc {} in state Syscall", cur.p));
  }
  s->status = V2GoStatus::kRunning;
  p->status = V2ProcStatus::kRunning;
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::GoSyscallEndBlocked(V2Event& ev, Ctx& cur, Ctx& next, bool* ok) {
  // Waits until the P this thread held in the syscall has been taken
  // (ProcSteal) or given up (ProcStop); a new P is fine.
  if (cur.p != kNoP) {
    const PState* p = P(cur.p);
    if (p == nullptr) {
      return CorruptError(fmt::format("uninitialized proc {} at GoSyscallEndBlocked", cur.p));
    }
    if (p->status == V2ProcStatus::kSyscall) return Status::Ok();  // not yet
  }
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMay, Need::kMust));
  GState* s = G(cur.g);
  if (s == nullptr || s->status != V2GoStatus::kSyscall) {
    return CorruptError(
        fmt::format("GoSyscallEndBlocked for goroutine {} that's not in a syscall", cur.g));
  }
  s->status = V2GoStatus::kRunnable;
  next.g = 0;
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::GoDestroySyscall(V2Event& ev, Ctx& cur, Ctx& next, bool* ok) {
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMay, Need::kMust));
  GState* s = G(cur.g);
  if (s == nullptr || s->status != V2GoStatus::kSyscall) {
    return CorruptError(
        fmt::format("GoDestroySyscall for goroutine {} that's not in a syscall", cur.g));
  }
  Drop(cur.g, s);
  next.g = 0;
  if (cur.p != kNoP) {
    // The thread may be reused by another C thread: give the P up now, as a
    // ProcSteal of its own (format doc 2.7).
    PState* p = P(cur.p);
    if (p == nullptr || p->status != V2ProcStatus::kSyscall) {
      return CorruptError(fmt::format("GoDestroySyscall: proc {} is not in a syscall", cur.p));
    }
    p->status = V2ProcStatus::kSyscallAbandoned;
    next.p = kNoP;
    V2Event steal;
    steal.type = kEvProcSteal;
    steal.time = ev.time;
    steal.offset = ev.offset;
    steal.synthetic = true;
    steal.args[0] = static_cast<uint64_t>(cur.p);
    steal.old_state = static_cast<uint8_t>(V2ProcStatus::kSyscall);
    Push(steal, cur);
  }
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

}  // namespace tracenote::trace_v2
