// Sim: the event loop, event emission with lazily written statuses, and the
// generation boundaries (see synth_sim.h).
#include "v2_synth/synth_sim.h"

#include <algorithm>

#include "ingest/trace_v2/v2_event_spec.h"

namespace tracenote::synth {

using namespace trace_v2;  // NOLINT: the event ids

namespace {

constexpr uint64_t kTraceStart = 78125000000;  // 5000 s of uptime, in ticks
constexpr uint64_t kWallStart = 1750000000;    // the wall clock then, Unix seconds
constexpr uint64_t kNsPerTick = 64;

}  // namespace

Sim::Sim(const SimOptions& options, test_tools::V2TraceWriter* writer)
    : o_(options), w_(writer), rng_(options.seed) {}

uint64_t Sim::Tick() {
  last_ = std::max(now_, last_ + 1);
  return last_;
}

void Sim::Raw(M& m, uint8_t type, std::initializer_list<uint64_t> args) {
  w_->EventAt(m.id, type, Tick(), args);
  ++stats_.events;
}

void Sim::Ev(M& m, uint8_t type, std::initializer_list<uint64_t> args) {
  EnsureCtx(m);
  Raw(m, type, args);
}

void Sim::EnsureCtx(M& m) {
  if (m.p >= 0) EnsureP(m, ps_[m.p]);
  if (m.g != 0) EnsureG(m, gs_.at(m.g));
}

void Sim::EnsureG(M& m, G& g) {
  if (g.traced_gen == gen_) return;
  g.traced_gen = gen_;
  g.seq = 0;
  const uint64_t thread = g.st == GSt::kSyscall ? g.m : kNone;
  if (g.st == GSt::kWaiting && o_.version >= kGo123) {
    // Go 1.23+ says where a blocked goroutine waits.
    Raw(m, kEvGoStatusStack,
        {g.id, thread, static_cast<uint64_t>(g.st), StackId(g.block_site, g.route)});
  } else {
    Raw(m, kEvGoStatus, {g.id, thread, static_cast<uint64_t>(g.st)});
  }
}

void Sim::EnsureP(M& m, P& p) {
  if (p.traced_gen == gen_) return;
  p.traced_gen = gen_;
  p.seq = 0;
  V2ProcStatus st = V2ProcStatus::kIdle;
  if (p.st == PSt::kRunning) st = V2ProcStatus::kRunning;
  if (p.st == PSt::kSyscall) {
    // Described by its own thread when the syscall returns, or as abandoned
    // by the thread about to steal it.
    st = p.m == m.id ? V2ProcStatus::kSyscall : V2ProcStatus::kSyscallAbandoned;
  }
  Raw(m, kEvProcStatus, {static_cast<uint64_t>(p.id), static_cast<uint64_t>(st)});
}

uint64_t Sim::StackId(Site s, uint32_t route, uint32_t variant) const {
  return program_.StackId(program_.StackOf(s, route, variant));
}

void Sim::At(uint64_t time, AKind kind, uint64_t target, uint64_t epoch) {
  actions_.push(Action{time, order_++, kind, target, epoch});
}

uint64_t Sim::HeapLive() const {
  // About 0.9 GB/s allocated; each cycle starts again from the live heap.
  return (48u << 20) + (now_ - std::min(now_, cycle_start_)) * kNsPerTick * 9 / 10;
}

void Sim::WriteClock() {
  if (o_.version >= kGo125) {
    const uint64_t ns = (last_ - kTraceStart) * kNsPerTick;
    w_->Sync(last_, kFreq,
             {1, (last_ + 1) * kNsPerTick, kWallStart + ns / 1000000000, ns % 1000000000});
  } else {
    w_->Frequency(kFreq);
  }
}

void Sim::Run() {
  start_ = now_ = last_ = kTraceStart;
  end_ = start_ + static_cast<uint64_t>(o_.seconds * kFreq);
  StartTrace();
  while (!actions_.empty() && w_->status().ok()) {
    const Action a = actions_.top();
    if (a.time >= end_) break;
    actions_.pop();
    now_ = std::max(now_, a.time);
    Dispatch(a);
  }
  EndGeneration();
  w_->Finish();
  stats_.threads = ms_.size();
  stats_.bytes = w_->bytes_written();
}

void Sim::Dispatch(const Action& a) {
  switch (a.kind) {
    case AKind::kStep:
    case AKind::kPreempt: {
      P& p = ps_[a.target];
      if (p.epoch == a.epoch && p.m != kNone) OnStep(p, a.kind == AKind::kPreempt);
      break;
    }
    case AKind::kSysRet:
    case AKind::kRetake: {
      M& m = ms_.at(a.target);
      if (m.sys_epoch != a.epoch || !m.in_syscall) break;
      if (a.kind == AKind::kSysRet) {
        OnSysRet(m);
      } else if (m.p >= 0) {
        OnRetake(m);
      }
      break;
    }
    case AKind::kReady: {
      auto it = gs_.find(a.target);
      if (it == gs_.end()) break;
      G& g = it->second;
      if (g.st == GSt::kWaiting && (g.wait == Wait::kNet || g.wait == Wait::kTimer) &&
          g.wait_epoch == a.epoch && !g.in_ready) {
        Ready(g);
      }
      break;
    }
    case AKind::kWake:
      OnWake();
      break;
    case AKind::kGcStart:
      OnGcStart();
      break;
    case AKind::kGcMarkDone:
      OnGcMarkDone();
      break;
    case AKind::kSample:
      Sample();
      At(now_ + Us(rng_.Range(1100, 1400)), AKind::kSample, 0);
      break;
    case AKind::kSysmon:
      OnSysmon();
      At(now_ + Us(rng_.Range(2000, 5000)), AKind::kSysmon, 0);
      break;
    case AKind::kArrival:
      OnArrival();
      break;
  }
}

void Sim::StartTrace() {
  gen_ = 1;
  w_->BeginGeneration(gen_, last_);
  WriteClock();
  program_.BeginGeneration(&rng_, w_);
  ps_.resize(o_.procs);
  for (int i = 0; i < o_.procs; ++i) ps_[i].id = i;
  M& m0 = NewM();
  sysmon_ = NewM().id;
  // The goroutines that exist before tracing starts.
  G& main = NewG(GKind::kMain);
  main.st = GSt::kRunning;
  main.run_start = now_;
  main.plan = {Step{Op::kCreate, Wait::kNone, Site::kMainBlock, Str::kCount, Us(8),
                    static_cast<uint64_t>(GKind::kAdvancer)},
               Step{Op::kBlock, Wait::kForever, Site::kMainBlock, Str::kChanReceive, Us(3)}};
  Bind(m0, ps_[0]);
  ps_[0].st = PSt::kRunning;
  m0.g = main.id;
  main.m = m0.id;
  for (P& p : ps_) {
    G& w = NewG(GKind::kGcWorker);
    w.wait = Wait::kGcIdle;
    w.block_site = Site::kGcWorkerPark;
    p.worker = w.id;
  }
  for (int i = 0; i < 2; ++i) {
    G& a = NewG(GKind::kAcceptor);
    a.wait = Wait::kNet;
    a.block_site = Site::kAcceptBlock;
    acceptors_.push_back(a.id);
  }
  for (int i = 0; i < 64; ++i) {
    G& w = NewG(GKind::kWorker);
    w.wait = Wait::kJob;
    w.block_site = Site::kWorkerRecv;
    idle_workers_.push_back(w.id);
  }
  for (int i = 0; i < 4; ++i) {
    G& t = NewG(GKind::kTicker);
    t.wait = Wait::kTimer;
    t.wait_epoch = 1;
    t.block_site = Site::kTickerSleep;
    At(now_ + Us(rng_.Range(100, 20000)), AKind::kReady, t.id, 1);
  }
  for (int i = 0; i < 200; ++i) {  // idle keep-alive connections
    G& h = NewG(GKind::kHandler);
    h.wait = Wait::kNet;
    h.wait_epoch = 1;
    h.block_site = Site::kNetRead;
    h.started = true;
    h.requests_left = static_cast<uint32_t>(rng_.Range(1, 12));
    At(now_ + rng_.Exp(Us(30000)), AKind::kReady, h.id, 1);
  }
  // runtime/trace.Start: stop the world and describe everything.
  EnsureCtx(m0);
  Ev(m0, kEvSTWBegin, {StrId(Str::kStwStartTrace), StackId(Site::kMainBlock)});
  for (P& p : ps_) EnsureP(m0, p);
  std::vector<uint64_t> ids;
  for (const auto& [id, g] : gs_) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  for (uint64_t id : ids) EnsureG(m0, gs_.at(id));
  Ev(m0, kEvProcsChange, {static_cast<uint64_t>(o_.procs), StackId(Site::kMainBlock)});
  Ev(m0, kEvHeapGoal, {HeapLive() * 2});
  now_ += Us(40);
  Ev(m0, kEvSTWEnd, {});
  Continue(m0);
  cycle_start_ = now_;
  At(now_ + Us(rng_.Range(5000, 30000)), AKind::kGcStart, 0);
  At(now_ + Us(1000), AKind::kSample, 0);
  At(now_ + Us(3000), AKind::kSysmon, 0);
  At(now_ + Us(50), AKind::kArrival, 0);
}

void Sim::EndGeneration() {
  // Batches of different threads reach the file in no particular order.
  std::vector<uint64_t> ids = m_order_;
  for (size_t i = ids.size(); i > 1; --i) std::swap(ids[i - 1], ids[rng_.Next() % i]);
  for (uint64_t id : ids) w_->FlushThread(id);
  w_->EndGeneration();
  ++stats_.generations;
  stats_.generation_bytes.push_back(w_->last_generation_bytes());
  stats_.largest_generation = std::max(stats_.largest_generation, w_->last_generation_bytes());
}

void Sim::AdvanceGeneration(M& m) {
  EndGeneration();
  ++gen_;
  w_->BeginGeneration(gen_, last_);
  WriteClock();
  program_.BeginGeneration(&rng_, w_);
  // The advancing goroutine's thread first, then every running P on its own
  // thread (forEachP), then idle Ps and goroutines not running.
  EnsureCtx(m);
  for (uint64_t id : m_order_) {
    M& o = ms_.at(id);
    if (o.p >= 0 && ps_[o.p].st == PSt::kRunning) EnsureCtx(o);
  }
  for (P& p : ps_) {
    if (p.st == PSt::kIdle) EnsureP(m, p);
  }
  std::vector<uint64_t> ids;
  for (const auto& [id, g] : gs_) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  for (uint64_t id : ids) {
    G& g = gs_.at(id);
    if (g.st != GSt::kRunning) EnsureG(m, g);
  }
  if (marking_) Ev(m, kEvGCActive, {++gc_seq_});
  for (uint64_t id : ids) {
    if (gs_.at(id).in_assist) Ev(m, kEvGCMarkAssistActive, {id});
  }
  for (P& p : ps_) {
    if (p.sweeping) Ev(m, kEvGCSweepActive, {static_cast<uint64_t>(p.id)});
  }
}

void Sim::Sample() {
  // Profiling signals land on threads running goroutines, about 100 Hz each.
  for (int i = 0; i < o_.procs; ++i) {
    P& p = ps_[(sample_p_++) % ps_.size()];
    if (p.st != PSt::kRunning || p.m == kNone) continue;
    const M& m = ms_.at(p.m);
    if (m.g == 0) continue;
    uint32_t variant = 0;
    const Site site = CpuSite(gs_.at(m.g), &variant);
    w_->CpuSample(now_, m.id, static_cast<uint64_t>(p.id), m.g,
                  StackId(site, gs_.at(m.g).route, variant));
    return;
  }
}

}  // namespace tracenote::synth
