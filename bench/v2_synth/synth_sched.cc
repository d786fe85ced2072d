// Sim: the scheduler — Ps and threads, the run queue, wakeups, preemption,
// syscalls and their retake, stop-the-world and GC cycles (synth_sim.h).
#include <algorithm>

#include "ingest/trace_v2/v2_event_spec.h"
#include "v2_synth/synth_sim.h"

namespace tracenote::synth {

using namespace trace_v2;  // NOLINT: the event ids

Sim::M& Sim::NewM() {
  const uint64_t id = 24317 + next_m_++;  // Linux thread ids of one process
  M& m = ms_[id];
  m.id = id;
  m_order_.push_back(id);
  return m;
}

Sim::M& Sim::IdleM() {
  if (idle_ms_.empty()) return NewM();
  const uint64_t id = idle_ms_.back();
  idle_ms_.pop_back();
  return ms_.at(id);
}

int Sim::IdleP(bool prefer_dedicated) {
  int found = -1;
  for (const P& p : ps_) {
    if (p.st != PSt::kIdle) continue;
    if (prefer_dedicated && marking_ && p.dedicated && gs_.at(p.worker).st == GSt::kWaiting) {
      return p.id;
    }
    if (found < 0) found = p.id;
  }
  return found;
}

void Sim::Bind(M& m, P& p) {
  m.p = p.id;
  p.m = m.id;
}

int Sim::WorkWanted() const {
  int n = static_cast<int>(runq_.size());
  if (marking_) {
    for (const P& p : ps_) {
      n += p.dedicated && p.st == PSt::kIdle && gs_.at(p.worker).st == GSt::kWaiting;
    }
  }
  return n;
}

void Sim::WakeP() {
  int idle = 0;
  for (const P& p : ps_) idle += p.st == PSt::kIdle;
  const int want = std::min(idle, WorkWanted());
  while (pending_wakes_ < want) {
    ++pending_wakes_;
    At(now_ + Us(rng_.Range(2, 8)), AKind::kWake, 0);
  }
}

void Sim::OnWake() {
  --pending_wakes_;
  if (WorkWanted() == 0) return;  // another P took the work
  const int pi = IdleP(true);
  if (pi < 0) return;
  M& m = IdleM();
  P& p = ps_[pi];
  EnsureP(m, p);
  Raw(m, kEvProcStart, {static_cast<uint64_t>(p.id), ++p.seq});
  p.st = PSt::kRunning;
  Bind(m, p);
  Schedule(m);
}

void Sim::Schedule(M& m) {
  P& p = ps_[m.p];
  while (!ready_.empty()) {  // netpoll and expired timers first
    G& g = gs_.at(ready_.front());
    ready_.pop_front();
    g.in_ready = false;
    Unblock(m, g, 0);
  }
  if (marking_ && p.dedicated && gs_.at(p.worker).st == GSt::kWaiting) {
    G& w = gs_.at(p.worker);
    Unblock(m, w, 0, false);
    StartG(m, w);
    return;
  }
  if (!runq_.empty()) {
    G& g = gs_.at(runq_.front());
    runq_.pop_front();
    StartG(m, g);
    return;
  }
  Ev(m, kEvProcStop, {});
  ++p.epoch;
  p.st = PSt::kIdle;
  p.m = kNone;
  m.p = -1;
  idle_ms_.push_back(m.id);
}

void Sim::StartG(M& m, G& g) {
  EnsureCtx(m);
  EnsureG(m, g);
  Raw(m, kEvGoStart, {g.id, ++g.seq});
  g.st = GSt::kRunning;
  g.m = m.id;
  m.g = g.id;
  g.run_start = now_;
  if (g.kind == GKind::kGcWorker) Ev(m, kEvGoLabel, {StrId(Str::kGcDedicated)});
  Continue(m);
}

void Sim::Continue(M& m) {
  G& g = gs_.at(m.g);
  P& p = ps_[m.p];
  if (g.pos >= g.plan.size()) {
    g.plan.clear();
    g.pos = 0;
    Plan(g);
  }
  const Step& s = g.plan[g.pos];
  g.step_end = now_ + s.compute;
  ++p.epoch;
  // sysmon preempts a goroutine that has run for 10 ms, but not inside an
  // assist or a sweep, nor a dedicated GC worker.
  const uint64_t slice = g.run_start + Us(10000 + rng_.Range(0, 80));
  if (g.kind != GKind::kGcWorker && !g.in_assist && !p.sweeping && g.step_end > slice) {
    At(slice, AKind::kPreempt, p.id, p.epoch);
  } else {
    At(g.step_end, AKind::kStep, p.id, p.epoch);
  }
}

void Sim::Interrupt(P& p) {
  ++p.epoch;
  if (p.st != PSt::kRunning || p.m == kNone) return;
  const M& m = ms_.at(p.m);
  if (m.g == 0) return;
  G& g = gs_.at(m.g);
  g.plan[g.pos].compute = g.step_end > now_ ? g.step_end - now_ : 0;
}

void Sim::OnStep(P& p, bool preempt) {
  M& m = ms_.at(p.m);
  G& g = gs_.at(m.g);
  if (!preempt) {
    const Step s = g.plan[g.pos++];
    Execute(m, g, s);
    return;
  }
  Interrupt(p);
  uint32_t variant = 0;
  const Site site = CpuSite(g, &variant);
  Ev(m, kEvGoStop, {StrId(Str::kPreempted), StackId(site, g.route, variant)});
  g.st = GSt::kRunnable;
  g.m = kNone;
  m.g = 0;
  runq_.push_back(g.id);
  Schedule(m);
}

void Sim::Unblock(M& m, G& g, uint64_t stack, bool enqueue) {
  EnsureCtx(m);
  EnsureG(m, g);
  Raw(m, kEvGoUnblock, {g.id, ++g.seq, stack});
  g.st = GSt::kRunnable;
  g.wait = Wait::kNone;
  if (enqueue) {
    runq_.push_back(g.id);
    WakeP();
  }
}

void Sim::Ready(G& g) {
  // The netpoller (or a timer) made g ready: a thread blocked in netpoll
  // takes an idle P for it, or the next P to schedule picks it up.
  const int pi = IdleP(false);
  if (pi < 0) {
    g.in_ready = true;
    ready_.push_back(g.id);
    return;
  }
  M& m = IdleM();
  P& p = ps_[pi];
  EnsureP(m, p);
  Raw(m, kEvProcStart, {static_cast<uint64_t>(p.id), ++p.seq});
  p.st = PSt::kRunning;
  Bind(m, p);
  Unblock(m, g, 0);
  Schedule(m);
}

void Sim::OnSysmon() {
  // sysmon polls the network when no P has for a while.
  M& s = ms_.at(sysmon_);
  while (!ready_.empty()) {
    G& g = gs_.at(ready_.front());
    ready_.pop_front();
    g.in_ready = false;
    Unblock(s, g, 0);
  }
}

void Sim::OnSysRet(M& m) {
  G& g = gs_.at(m.g);
  m.in_syscall = false;
  ++m.sys_epoch;
  if (m.p >= 0) {  // the fast path: the P is still there
    Ev(m, kEvGoSyscallEnd, {});
    ps_[m.p].st = PSt::kRunning;
    g.st = GSt::kRunning;
    Continue(m);
    return;
  }
  Ev(m, kEvGoSyscallEndBlocked, {});
  g.st = GSt::kRunnable;
  g.m = kNone;
  m.g = 0;
  const int pi = IdleP(false);
  if (pi < 0) {
    runq_.push_back(g.id);
    idle_ms_.push_back(m.id);
    WakeP();
    return;
  }
  P& p = ps_[pi];
  EnsureP(m, p);
  Raw(m, kEvProcStart, {static_cast<uint64_t>(p.id), ++p.seq});
  p.st = PSt::kRunning;
  Bind(m, p);
  StartG(m, g);
}

void Sim::OnRetake(M& victim) {
  P& p = ps_[victim.p];
  const bool long_call = now_ - victim.sys_start >= Us(10000);
  if (runq_.empty() && IdleP(false) >= 0 && !long_call) {
    // Nothing waits for the P: look again later.
    ++victim.retakes;
    At(victim.sys_start + Us(victim.retakes == 1 ? 1000 : 10000), AKind::kRetake, victim.id,
       victim.sys_epoch);
    return;
  }
  // Work is waiting: hand the P to another thread, which starts it. With
  // nothing to run, sysmon just takes it away.
  M& thief = runq_.empty() ? ms_.at(sysmon_) : IdleM();
  EnsureCtx(thief);
  EnsureP(thief, p);  // ProcStatus SyscallAbandoned if this generation has not seen it
  Raw(thief, kEvProcSteal, {static_cast<uint64_t>(p.id), ++p.seq, victim.id});
  p.st = PSt::kIdle;
  p.m = kNone;
  victim.p = -1;
  if (thief.id == sysmon_) return;
  Raw(thief, kEvProcStart, {static_cast<uint64_t>(p.id), ++p.seq});
  p.st = PSt::kRunning;
  Bind(thief, p);
  Schedule(thief);
}

bool Sim::CanStopTheWorld() const {
  for (const P& p : ps_) {
    if (p.sweeping) return false;
    if (p.st == PSt::kRunning && p.m != kNone) {
      const M& m = ms_.at(p.m);
      if (m.g != 0 && gs_.at(m.g).in_assist) return false;
    }
  }
  return true;
}

void Sim::StopTheWorld(M& self, Str kind, Site site) {
  Ev(self, kEvSTWBegin, {StrId(kind), StackId(site)});
  for (P& p : ps_) {
    if (p.id == self.p) continue;
    if (p.st == PSt::kRunning) {
      M& m = ms_.at(p.m);
      Interrupt(p);
      if (m.g != 0) {
        G& g = gs_.at(m.g);
        uint32_t variant = 0;
        const Site at = CpuSite(g, &variant);
        Ev(m, kEvGoStop, {StrId(Str::kPreempted), StackId(at, g.route, variant)});
        g.st = GSt::kRunnable;
        g.m = kNone;
        m.g = 0;
        runq_.push_front(g.id);
      }
      Ev(m, kEvProcStop, {});
      p.st = PSt::kIdle;
      p.m = kNone;
      m.p = -1;
      idle_ms_.push_back(m.id);
    } else if (p.st == PSt::kSyscall) {
      M& victim = ms_.at(p.m);
      EnsureCtx(self);
      EnsureP(self, p);
      Raw(self, kEvProcSteal, {static_cast<uint64_t>(p.id), ++p.seq, victim.id});
      p.st = PSt::kIdle;
      p.m = kNone;
      victim.p = -1;
    }
  }
}

void Sim::StartTheWorld(M& self) {
  Ev(self, kEvSTWEnd, {});
  WakeP();
}

void Sim::OnGcStart() {
  // An allocation of a running handler or worker crosses the heap trigger.
  std::vector<int> candidates;
  for (const P& p : ps_) {
    if (p.st != PSt::kRunning) continue;
    const M& m = ms_.at(p.m);
    if (m.g == 0) continue;
    const GKind k = gs_.at(m.g).kind;
    if (k == GKind::kHandler || k == GKind::kWorker) candidates.push_back(p.id);
  }
  if (candidates.empty() || !CanStopTheWorld()) {
    At(now_ + Us(100), AKind::kGcStart, 0);
    return;
  }
  P& tp = ps_[candidates[rng_.Next() % candidates.size()]];
  M& m = ms_.at(tp.m);
  Interrupt(tp);
  StopTheWorld(m, Str::kStwSweepTerm, Site::kGcTrigger);
  EnsureCtx(m);
  Raw(m, kEvGCBegin, {++gc_seq_, StackId(Site::kGcTrigger)});
  ++stats_.gc_cycles;
  now_ += Us(rng_.Range(15, 60));
  // Dedicated mark workers on a quarter of the Ps, not the trigger's.
  const int workers = std::max(1, o_.procs / 4);
  for (int i = 0, n = 0; n < workers && i < o_.procs; ++i) {
    P& p = ps_[(dedicated_next_ + i) % o_.procs];
    if (p.id == tp.id) continue;
    p.dedicated = true;
    ++n;
  }
  dedicated_next_ += workers;
  marking_ = true;
  StartTheWorld(m);
  Ev(m, kEvHeapAlloc, {HeapLive()});
  Continue(m);
  At(now_ + Us(rng_.Range(6000, 14000)), AKind::kGcMarkDone, 0);
}

void Sim::OnGcMarkDone() {
  mark_ending_ = true;  // no new assists
  P* self = nullptr;
  for (P& p : ps_) {
    if (p.dedicated && p.st == PSt::kRunning && ms_.at(p.m).g == p.worker) self = &p;
  }
  if (self == nullptr || !CanStopTheWorld()) {
    At(now_ + Us(100), AKind::kGcMarkDone, 0);
    return;
  }
  auto park = [&](P& p) {
    M& m = ms_.at(p.m);
    G& w = gs_.at(p.worker);
    Ev(m, kEvGoBlock, {StrId(Str::kGcWorkerIdle), StackId(Site::kGcWorkerPark)});
    w.st = GSt::kWaiting;
    w.wait = Wait::kGcIdle;
    w.m = kNone;
    m.g = 0;
    Schedule(m);
  };
  for (P& p : ps_) p.dedicated = false;
  for (P& p : ps_) {  // the other workers run out of work and park
    if (&p != self && p.st == PSt::kRunning && ms_.at(p.m).g == p.worker) {
      Interrupt(p);
      park(p);
    }
  }
  M& m = ms_.at(self->m);
  Interrupt(*self);
  StopTheWorld(m, Str::kStwMarkTerm, Site::kGcMarkTerm);
  EnsureCtx(m);
  Raw(m, kEvGCEnd, {++gc_seq_});
  marking_ = false;
  mark_ending_ = false;
  cycle_start_ = now_;
  Ev(m, kEvHeapAlloc, {HeapLive()});
  Ev(m, kEvHeapGoal, {HeapLive() * 2});
  now_ += Us(rng_.Range(20, 80));
  StartTheWorld(m);
  park(*self);
  sweep_until_ = now_ + Us(rng_.Range(5000, 20000));
  At(now_ + Us(rng_.Range(35000, 55000)), AKind::kGcStart, 0);
}

}  // namespace tracenote::synth
