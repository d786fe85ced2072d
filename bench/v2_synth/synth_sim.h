// Sim: a discrete-event simulation of a busy Go server's scheduler that
// writes what it does as a Go 1.22+ execution trace (tracenote_v2_synth).
//
// The simulation keeps the state the runtime keeps — goroutines (G), Ps and
// threads (M), a global run queue, the netpoller's ready list, the GC phase
// — and emits only the transitions Go's trace ordering accepts, with the
// sequence numbers the runtime would write: g_seq and p_seq restart at every
// generation after the resource's status event, gc_seq counts on for the
// whole trace. Status events follow the runtime's rules: at each generation
// boundary the goroutine advancing the generation writes the status of
// every idle P and every goroutine not running, every running P writes its
// own and its goroutine's, GC/sweep/assist ranges still open are re-sent as
// *Active events; anything else is described lazily, just before the first
// event of the generation that needs it (a P in a syscall is described by
// its thread when the syscall returns, or as SyscallAbandoned by the thread
// that steals it).
//
// Every event gets its own tick (64 ns), strictly increasing across the whole
// trace, so that each thread's events are in time order and a cause is
// always earlier than its effect on another thread. Actions are processed in
// time order; one that finds the clock past its time (behind a
// stop-the-world, say) happens late, as it would.
//
// The workload (synth_goroutines.cc): acceptors create connection handlers;
// handlers read requests from the network, hand jobs to a worker pool over
// channels, wait for the reply (channel or select), contend on a mutex and
// write responses with syscalls, then exit after a few requests; workers
// compute (sometimes for long enough to be preempted) and sometimes read
// files with syscalls that block and lose their P; tickers sleep and spawn
// short-lived flushers. The scheduler (synth_sched.cc): wakeups of idle Ps,
// netpoll, sysmon preemption (10 ms) and syscall retake, stop-the-world, GC
// cycles with dedicated mark workers, assists and sweeping.
#ifndef TRACENOTE_BENCH_V2_SYNTH_SYNTH_SIM_H_
#define TRACENOTE_BENCH_V2_SYNTH_SYNTH_SIM_H_

#include <cstdint>
#include <deque>
#include <initializer_list>
#include <queue>
#include <unordered_map>
#include <vector>

#include "tools/v2_trace_writer.h"
#include "v2_synth/synth_program.h"

namespace tracenote::synth {

struct SimOptions {
  double seconds = 10;
  uint64_t seed = 1;
  int version = 1023;
  int procs = 8;
  double requests_per_second = 12000;  // offered load
};

struct SimStats {
  uint64_t generations = 0;
  uint64_t events = 0;
  uint64_t goroutines_created = 0;
  uint64_t threads = 0;
  uint64_t gc_cycles = 0;
  uint64_t largest_generation = 0;
  uint64_t bytes = 0;
  std::vector<uint64_t> generation_bytes;
};

class Sim {
 public:
  static constexpr uint64_t kFreq = 15625000;  // ticks per second (64 ns), as on Linux
  static constexpr uint64_t Us(double us) { return static_cast<uint64_t>(us * 15.625); }

  Sim(const SimOptions& options, test_tools::V2TraceWriter* writer);
  // Runs the whole simulation; the writer's status says whether it wrote.
  void Run();
  const SimStats& stats() const { return stats_; }

 private:
  static constexpr uint64_t kNone = ~uint64_t{0};
  enum class GKind : uint8_t {
    kMain,
    kAdvancer,
    kAcceptor,
    kHandler,
    kWorker,
    kTicker,
    kFlusher,
    kGcWorker
  };
  // Values are Go's GoStatus / ProcStatus.
  enum class GSt : uint8_t { kRunnable = 1, kRunning = 2, kSyscall = 3, kWaiting = 4 };
  enum class PSt : uint8_t { kRunning = 1, kIdle = 2, kSyscall = 3 };
  enum class Wait : uint8_t { kNone, kNet, kTimer, kReply, kMutex, kJob, kGcIdle, kForever };
  enum class Op : uint8_t {
    kBlock,
    kExit,
    kSyscall,
    kDispatch,
    kReply,
    kUnlock,
    kCreate,
    kAssistBegin,
    kAssistEnd,
    kSweepBegin,
    kSweepEnd,
    kHeapAlloc,
    kAdvance,
    kGcWork,
  };
  // Run for `compute` ticks, then do `op`.
  struct Step {
    Op op;
    Wait wait = Wait::kNone;  // kBlock: what wakes it
    Site site = Site::kCount;
    Str reason = Str::kCount;
    uint64_t compute = 0;
    uint64_t arg = 0;  // kBlock: wake delay; kSyscall: duration; kCreate: GKind
  };
  struct G {
    uint64_t id = 0;
    GKind kind = GKind::kMain;
    GSt st = GSt::kWaiting;
    Wait wait = Wait::kNone;
    uint64_t seq = 0, traced_gen = 0;
    uint64_t m = kNone;
    uint32_t route = 0;
    uint32_t requests_left = 0;
    uint32_t tokens = 0;        // wakeups that came before the goroutine blocked
    uint64_t peer = 0;          // worker: the handler of its job
    uint32_t peer_variant = 0;  // worker: which kind of computing the job is
    uint64_t wait_epoch = 0;
    Site block_site = Site::kMainBlock;  // where it blocked (GoStatusStack)
    bool in_ready = false, in_assist = false, has_job = false, started = false;
    uint64_t run_start = 0, step_end = 0;
    std::vector<Step> plan;
    size_t pos = 0;
  };
  struct P {
    int id = 0;
    PSt st = PSt::kIdle;
    uint64_t seq = 0, traced_gen = 0;
    uint64_t m = kNone;
    uint64_t epoch = 0;
    bool sweeping = false, dedicated = false;
    uint64_t worker = 0;  // its GC mark worker goroutine
  };
  struct M {
    uint64_t id = 0;
    int p = -1;
    uint64_t g = 0;
    bool in_syscall = false;
    uint64_t sys_epoch = 0, sys_start = 0;
    int retakes = 0;
  };
  enum class AKind : uint8_t {
    kStep,
    kPreempt,
    kSysRet,
    kRetake,
    kReady,
    kWake,
    kGcStart,
    kGcMarkDone,
    kSample,
    kSysmon,
    kArrival,
  };
  struct Action {
    uint64_t time, order;
    AKind kind;
    uint64_t target, epoch;
    bool operator>(const Action& o) const {
      return time != o.time ? time > o.time : order > o.order;
    }
  };

  // --- emission (synth_sim.cc)
  uint64_t Tick();
  void Ev(M& m, uint8_t type, std::initializer_list<uint64_t> args);
  void Raw(M& m, uint8_t type, std::initializer_list<uint64_t> args);
  void EnsureCtx(M& m);
  void EnsureG(M& m, G& g);
  void EnsureP(M& m, P& p);
  uint64_t StackId(Site s, uint32_t route = 0, uint32_t variant = 0) const;
  uint64_t StrId(Str s) const { return program_.StringId(s); }
  void At(uint64_t time, AKind kind, uint64_t target, uint64_t epoch = 0);
  void Dispatch(const Action& a);
  void StartTrace();
  void WriteClock();
  void AdvanceGeneration(M& m);
  void EndGeneration();
  void Sample();
  uint64_t HeapLive() const;

  // --- scheduler (synth_sched.cc)
  M& NewM();
  M& IdleM();
  int IdleP(bool prefer_dedicated);
  void Bind(M& m, P& p);
  void Schedule(M& m);
  void StartG(M& m, G& g);
  void Continue(M& m);
  void Interrupt(P& p);
  void Unblock(M& m, G& g, uint64_t stack, bool enqueue = true);
  int WorkWanted() const;
  void Ready(G& g);
  void WakeP();
  void OnWake();
  void OnStep(P& p, bool preempt);
  void OnSysRet(M& m);
  void OnRetake(M& m);
  void OnSysmon();
  bool CanStopTheWorld() const;
  void StopTheWorld(M& self, Str kind, Site site);
  void StartTheWorld(M& self);
  void OnGcStart();
  void OnGcMarkDone();

  // --- goroutines (synth_goroutines.cc)
  G& NewG(GKind kind);
  void Plan(G& g);
  void PlanCompute(G& g, uint64_t compute, uint64_t* carry);
  Step& Push(G& g, Op op, uint64_t compute, uint64_t* carry);
  void Execute(M& m, G& g, const Step& s);
  void Block(M& m, G& g, const Step& s);
  Site CpuSite(const G& g, uint32_t* variant) const;
  void OnArrival();

  SimOptions o_;
  test_tools::V2TraceWriter* w_;
  Program program_;
  Rng rng_;
  SimStats stats_;
  uint64_t gen_ = 0;
  uint64_t now_ = 0, last_ = 0, start_ = 0, end_ = 0;
  uint64_t order_ = 0;
  std::priority_queue<Action, std::vector<Action>, std::greater<Action>> actions_;
  std::unordered_map<uint64_t, G> gs_;
  std::vector<P> ps_;
  std::unordered_map<uint64_t, M> ms_;
  std::vector<uint64_t> m_order_;  // thread ids in creation order
  std::vector<uint64_t> idle_ms_;
  std::deque<uint64_t> runq_, ready_, jobs_, mutex_waiters_;
  std::vector<uint64_t> idle_workers_;
  uint64_t next_g_ = 1, next_m_ = 0, sysmon_ = 0, advancer_ = 0;
  std::vector<uint64_t> acceptors_;
  int pending_wakes_ = 0;
  uint32_t sample_p_ = 0;
  // GC
  bool marking_ = false;
  uint64_t gc_seq_ = 0, sweep_until_ = 0, cycle_start_ = 0;
  bool mark_ending_ = false;
  uint32_t arrivals_ = 0;
  uint32_t dedicated_next_ = 0;
};

}  // namespace tracenote::synth

#endif  // TRACENOTE_BENCH_V2_SYNTH_SYNTH_SIM_H_
