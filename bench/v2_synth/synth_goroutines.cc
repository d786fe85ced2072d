// Sim: what the goroutines of the synthetic server do — each kind's plan of
// steps (compute, then an operation) and the operations' events
// (synth_sim.h).
#include "ingest/trace_v2/v2_event_spec.h"
#include "v2_synth/synth_sim.h"

namespace tracenote::synth {

using namespace trace_v2;  // NOLINT: the event ids

namespace {

constexpr uint64_t kTickerPeriodsUs[] = {10000, 25000, 100000, 250000};

}  // namespace

Sim::G& Sim::NewG(GKind kind) {
  const uint64_t id = next_g_++;
  G& g = gs_[id];
  g.id = id;
  g.kind = kind;
  g.route = static_cast<uint32_t>(rng_.Next() % Program::kRoutes);
  return g;
}

Sim::Step& Sim::Push(G& g, Op op, uint64_t compute, uint64_t* carry) {
  Step s;
  s.op = op;
  s.compute = compute + *carry;
  *carry = 0;
  g.plan.push_back(s);
  return g.plan.back();
}

void Sim::PlanCompute(G& g, uint64_t compute, uint64_t* carry) {
  // Allocation while computing: a mark assist during the mark phase, a
  // proportional sweep after it, now and then a new heap size.
  if (marking_ && rng_.Chance(0.3)) {
    Push(g, Op::kAssistBegin, compute / 3, carry);
    Push(g, Op::kAssistEnd, Us(rng_.Range(10, 150)), carry);
    *carry = compute - compute / 3;
  } else if (now_ < sweep_until_ && rng_.Chance(0.3)) {
    Push(g, Op::kSweepBegin, compute / 2, carry);
    Push(g, Op::kSweepEnd, Us(rng_.Range(3, 40)), carry);
    *carry = compute - compute / 2;
  } else {
    *carry += compute;
  }
  if (rng_.Chance(0.08)) Push(g, Op::kHeapAlloc, 0, carry);
}

void Sim::Plan(G& g) {
  uint64_t carry = 0;
  auto block = [&](Wait wait, Str reason, Site site, uint64_t compute, uint64_t delay) {
    Step& s = Push(g, Op::kBlock, compute, &carry);
    s.wait = wait;
    s.reason = reason;
    s.site = site;
    s.arg = delay;
  };
  auto syscall = [&](Site site, uint64_t compute, uint64_t duration) {
    Step& s = Push(g, Op::kSyscall, compute, &carry);
    s.site = site;
    s.arg = duration;
  };
  switch (g.kind) {
    case GKind::kMain:
      block(Wait::kForever, Str::kChanReceive, Site::kMainBlock, Us(3), 0);
      break;
    case GKind::kAdvancer:
      if (g.started) Push(g, Op::kAdvance, Us(10), &carry);
      g.started = true;
      block(Wait::kTimer, Str::kSleep, Site::kAdvancerSleep, Us(3), 0);
      break;
    case GKind::kAcceptor: {
      syscall(Site::kAcceptSyscall, Us(3), Us(rng_.Range(2, 5)));
      Step& s = Push(g, Op::kCreate, Us(4), &carry);
      s.site = Site::kAcceptCreate;
      s.arg = static_cast<uint64_t>(GKind::kHandler);
      block(Wait::kNet, Str::kNetwork, Site::kNetRead, Us(2), 0);
      g.plan.back().site = Site::kAcceptBlock;
      break;
    }
    case GKind::kHandler:
      if (!g.started) {  // a new connection: wait for its first request
        g.started = true;
        block(Wait::kNet, Str::kNetwork, Site::kNetRead, Us(10), rng_.Exp(Us(800)));
        break;
      }
      g.route = static_cast<uint32_t>(rng_.Next() % Program::kRoutes);
      syscall(Site::kReadSyscall, Us(2), Us(rng_.Range(2, 8)));
      PlanCompute(g, rng_.Exp(Us(40)), &carry);
      if (rng_.Chance(0.05)) block(Wait::kMutex, Str::kSync, Site::kMutexWait, Us(2), 0);
      Push(g, Op::kDispatch, Us(5), &carry).site = Site::kDispatch;
      if (rng_.Chance(0.7)) {
        block(Wait::kReply, Str::kChanReceive, Site::kReplyWait, Us(2), 0);
      } else {
        block(Wait::kReply, Str::kSelect, Site::kReplySelect, Us(2), 0);
      }
      PlanCompute(g, rng_.Exp(Us(25)), &carry);
      syscall(Site::kWriteSyscall, Us(2),
              rng_.Chance(0.015) ? Us(rng_.Range(100, 3000)) : Us(rng_.Range(3, 25)));
      Push(g, Op::kUnlock, Us(1), &carry).site = Site::kMutexUnlock;
      if (--g.requests_left == 0) {
        Push(g, Op::kExit, Us(3), &carry);
      } else {
        block(Wait::kNet, Str::kNetwork, Site::kNetRead, Us(2), rng_.Exp(Us(30000)));
      }
      break;
    case GKind::kWorker:
      if (!g.has_job) {
        block(Wait::kJob, Str::kChanReceive, Site::kWorkerRecv, Us(2), 0);
        break;
      }
      g.peer_variant = static_cast<uint32_t>(rng_.Next() % Program::kWorkerCpuVariants);
      PlanCompute(g, rng_.Chance(0.003) ? Us(rng_.Range(12000, 35000)) : rng_.Exp(Us(220)), &carry);
      if (rng_.Chance(0.015)) syscall(Site::kFileRead, Us(5), Us(rng_.Range(150, 6000)));
      Push(g, Op::kReply, Us(5), &carry).site = Site::kWorkerReply;
      break;
    case GKind::kTicker:
      PlanCompute(g, rng_.Exp(Us(80)), &carry);
      if (rng_.Chance(0.3)) {
        Step& s = Push(g, Op::kCreate, Us(5), &carry);
        s.site = Site::kTickerCreate;
        s.arg = static_cast<uint64_t>(GKind::kFlusher);
      }
      block(Wait::kTimer, Str::kSleep, Site::kTickerSleep, Us(2),
            Us(kTickerPeriodsUs[g.id % std::size(kTickerPeriodsUs)]));
      break;
    case GKind::kFlusher:
      syscall(Site::kFlushWrite, rng_.Exp(Us(20)), Us(rng_.Range(5, 50)));
      Push(g, Op::kExit, Us(2), &carry);
      break;
    case GKind::kGcWorker:
      Push(g, Op::kGcWork, 3600 * kFreq, &carry);  // until the mark phase ends
      break;
  }
}

Site Sim::CpuSite(const G& g, uint32_t* variant) const {
  *variant = 0;
  if (g.in_assist) return Site::kAssist;
  switch (g.kind) {
    case GKind::kHandler:
      return Site::kHandlerCpu;
    case GKind::kWorker:
      *variant = g.peer_variant;
      return Site::kWorkerCpu;
    case GKind::kAcceptor:
      return Site::kAcceptSyscall;
    case GKind::kTicker:
      return Site::kTickerCreate;
    case GKind::kFlusher:
      return Site::kFlushWrite;
    case GKind::kGcWorker:
      return Site::kGcWorkerCpu;
    case GKind::kAdvancer:
      return Site::kAdvancerSleep;
    case GKind::kMain:
      break;
  }
  return Site::kMainBlock;
}

void Sim::Execute(M& m, G& g, const Step& s) {
  P& p = ps_[m.p];
  switch (s.op) {
    case Op::kBlock:
      Block(m, g, s);
      return;
    case Op::kExit:
      Ev(m, kEvGoDestroy, {});
      m.g = 0;
      gs_.erase(g.id);
      Schedule(m);
      return;
    case Op::kSyscall:
      EnsureCtx(m);
      Raw(m, kEvGoSyscallBegin, {++p.seq, StackId(s.site, g.route)});
      g.st = GSt::kSyscall;
      p.st = PSt::kSyscall;
      ++p.epoch;
      m.in_syscall = true;
      m.sys_start = now_;
      m.retakes = 0;
      ++m.sys_epoch;
      At(now_ + s.arg, AKind::kSysRet, m.id, m.sys_epoch);
      if (s.arg > Us(20)) At(now_ + Us(rng_.Range(20, 40)), AKind::kRetake, m.id, m.sys_epoch);
      return;
    case Op::kDispatch:
      if (!idle_workers_.empty()) {
        G& w = gs_.at(idle_workers_.back());
        idle_workers_.pop_back();
        w.peer = g.id;
        w.has_job = true;
        w.route = g.route;
        Unblock(m, w, StackId(Site::kDispatch, g.route));
      } else {
        jobs_.push_back(g.id);
      }
      break;
    case Op::kReply: {
      g.has_job = false;
      auto it = gs_.find(g.peer);
      if (it == gs_.end()) break;
      G& h = it->second;
      if (h.st == GSt::kWaiting && h.wait == Wait::kReply) {
        Unblock(m, h, StackId(Site::kWorkerReply, g.route));
      } else {
        ++h.tokens;  // the reply is in the channel before the handler waits
      }
      break;
    }
    case Op::kUnlock:
      if (!mutex_waiters_.empty()) {
        G& w = gs_.at(mutex_waiters_.front());
        mutex_waiters_.pop_front();
        Unblock(m, w, StackId(Site::kMutexUnlock, g.route));
      }
      break;
    case Op::kCreate: {
      G& n = NewG(static_cast<GKind>(s.arg));
      n.st = GSt::kRunnable;
      n.traced_gen = gen_;
      if (n.kind == GKind::kHandler) n.requests_left = static_cast<uint32_t>(rng_.Exp(9.0));
      const Site start = n.kind == GKind::kHandler   ? Site::kHandlerStart
                         : n.kind == GKind::kFlusher ? Site::kFlusherStart
                                                     : Site::kAdvancerSleep;
      Ev(m, kEvGoCreate, {n.id, StackId(start), StackId(s.site, g.route)});
      if (n.kind == GKind::kAdvancer) advancer_ = n.id;
      ++stats_.goroutines_created;
      runq_.push_back(n.id);
      WakeP();
      break;
    }
    case Op::kAssistBegin:
      if (marking_ && !mark_ending_ && !g.in_assist) {
        Ev(m, kEvGCMarkAssistBegin, {StackId(Site::kAssist, g.route)});
        g.in_assist = true;
      }
      break;
    case Op::kAssistEnd:
      if (g.in_assist) {
        Ev(m, kEvGCMarkAssistEnd, {});
        g.in_assist = false;
      }
      break;
    case Op::kSweepBegin:
      if (now_ < sweep_until_ && !p.sweeping) {
        Ev(m, kEvGCSweepBegin, {StackId(Site::kSweep, g.route)});
        p.sweeping = true;
      }
      break;
    case Op::kSweepEnd:
      if (p.sweeping) {
        const uint64_t swept = rng_.Range(1, 64) * 8192;
        Ev(m, kEvGCSweepEnd, {swept, swept / rng_.Range(2, 8)});
        p.sweeping = false;
      }
      break;
    case Op::kHeapAlloc:
      Ev(m, kEvHeapAlloc, {HeapLive()});
      break;
    case Op::kAdvance:
      AdvanceGeneration(m);
      break;
    case Op::kGcWork:
      break;
  }
  Continue(m);
}

void Sim::Block(M& m, G& g, const Step& s) {
  // A wakeup that came first means there is nothing to wait for.
  if ((s.wait == Wait::kReply || (s.wait == Wait::kNet && g.kind == GKind::kAcceptor)) &&
      g.tokens > 0) {
    --g.tokens;
    Continue(m);
    return;
  }
  if (s.wait == Wait::kJob && !jobs_.empty()) {
    G& h = gs_.at(jobs_.front());
    jobs_.pop_front();
    g.peer = h.id;
    g.has_job = true;
    g.route = h.route;
    Continue(m);
    return;
  }
  Ev(m, kEvGoBlock, {StrId(s.reason), StackId(s.site, g.route)});
  g.st = GSt::kWaiting;
  g.wait = s.wait;
  g.block_site = s.site;
  g.m = kNone;
  m.g = 0;
  ++g.wait_epoch;
  switch (s.wait) {
    case Wait::kNet:
      if (g.kind == GKind::kHandler) At(now_ + s.arg, AKind::kReady, g.id, g.wait_epoch);
      break;
    case Wait::kTimer: {
      uint64_t delay = s.arg;
      if (g.kind == GKind::kAdvancer) {  // the next generation is due a second after this one
        const uint64_t due = start_ + gen_ * kFreq;
        delay = due > now_ ? due - now_ : 1;
      }
      At(now_ + delay, AKind::kReady, g.id, g.wait_epoch);
      break;
    }
    case Wait::kJob:
      idle_workers_.push_back(g.id);
      break;
    case Wait::kMutex:
      mutex_waiters_.push_back(g.id);
      break;
    default:
      break;
  }
  Schedule(m);
}

void Sim::OnArrival() {
  // New connections: the acceptors are woken by the netpoller.
  G& a = gs_.at(acceptors_[arrivals_++ % acceptors_.size()]);
  if (a.st == GSt::kWaiting && a.wait == Wait::kNet && !a.in_ready) {
    Ready(a);
  } else {
    ++a.tokens;
  }
  const double per_conn = 9.0;
  At(now_ + rng_.Exp(kFreq / (o_.requests_per_second / per_conn)), AKind::kArrival, 0);
}

}  // namespace tracenote::synth
