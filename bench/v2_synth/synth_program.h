// The made-up Go program behind the synthetic traces of tracenote_v2_synth:
// a web shop server whose goroutines block, call into the kernel and get
// sampled at a few hundred distinct call sites. Program knows every string
// (function and file names, block reasons, STW kinds, GC labels) and every
// stack the simulation uses, and writes them as each generation's string
// and stack tables, under ids shuffled anew for every generation as the
// runtime's come out in order of first use.
//
// Rng is a small deterministic generator (xoshiro256**) with the few
// distributions the simulation needs; std's distributions are not the same
// on every standard library, and a seed must always give the same file.
#ifndef TRACENOTE_BENCH_V2_SYNTH_SYNTH_PROGRAM_H_
#define TRACENOTE_BENCH_V2_SYNTH_SYNTH_PROGRAM_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tools/v2_trace_writer.h"

namespace tracenote::synth {

class Rng {
 public:
  explicit Rng(uint64_t seed);
  uint64_t Next();
  // Uniform in [lo, hi].
  uint64_t Range(uint64_t lo, uint64_t hi) { return lo + Next() % (hi - lo + 1); }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  // Exponentially distributed with the given mean (at least 1).
  uint64_t Exp(double mean);

 private:
  uint64_t s_[4];
};

// Fixed strings the events name (block and stop reasons, STW kinds, labels).
enum class Str : uint8_t {
  kChanReceive,
  kNetwork,
  kSelect,
  kSync,
  kSleep,
  kPreempted,
  kGcWorkerIdle,
  kStwSweepTerm,
  kStwMarkTerm,
  kStwStartTrace,
  kGcDedicated,
  kCount,
};

// Call sites. The first group has one stack per HTTP route; the others one.
enum class Site : uint8_t {
  kNetRead,        // handler blocked reading the connection
  kReadSyscall,    // ... and the read(2) after the poller woke it
  kDispatch,       // handler hands a job to a worker (chan send)
  kReplyWait,      // handler waits for the worker (chan receive)
  kReplySelect,    // ... or in a select with a timeout
  kMutexWait,      // sync.Mutex contention
  kMutexUnlock,    // ... and the unlock that wakes a waiter
  kWriteSyscall,   // write(2) of the response
  kHandlerCpu,     // handler computing (CPU samples, preemptions)
  kWorkerReply,    // worker answers the handler
  kWorkerCpu,      // worker computing (three leaf variants)
  kFileRead,       // worker reading a file (a syscall that may block)
  kAssist,         // GC mark assist from an allocation
  kSweep,          // proportional sweep from an allocation
  kPerRouteCount,  // --- one stack each below
  kAcceptBlock = kPerRouteCount,
  kAcceptSyscall,
  kAcceptCreate,
  kHandlerStart,  // goroutine start functions (GoCreate new_stack)
  kFlusherStart,
  kWorkerRecv,
  kTickerSleep,
  kTickerCreate,
  kFlushWrite,
  kAdvancerSleep,
  kMainBlock,
  kGcTrigger,
  kGcMarkTerm,
  kGcWorkerPark,
  kGcWorkerCpu,
  kCount,
};

class Program {
 public:
  static constexpr uint32_t kRoutes = 16;
  static constexpr uint32_t kWorkerCpuVariants = 3;

  Program();
  // The stack of a site (route and variant matter for per-route sites).
  uint32_t StackOf(Site site, uint32_t route = 0, uint32_t variant = 0) const;
  size_t stacks() const { return stacks_.size(); }
  size_t strings() const { return strings_.size(); }

  // Draws this generation's ids and writes the string and stack tables.
  void BeginGeneration(Rng* rng, test_tools::V2TraceWriter* w);
  uint64_t StringId(Str s) const { return string_ids_[fixed_[static_cast<int>(s)]]; }
  uint64_t StackId(uint32_t stack) const { return stack_ids_[stack]; }

 private:
  struct Func {
    uint32_t name, file;  // string indexes
    uint64_t pc;
    uint32_t line;
  };
  // (function, file) pairs, leaf first.
  using Frames = std::vector<std::pair<std::string, std::string>>;
  // The call chains of the sites (synth_stacks.cc).
  static Frames RouteFrames(Site site, uint32_t route, uint32_t variant);
  static Frames CommonFrames(Site site);

  uint32_t Intern(const std::string& s);
  uint32_t AddFunc(const std::string& name, const std::string& file);
  uint32_t AddStack(const Frames& frames);

  std::vector<std::string> strings_;
  std::unordered_map<std::string, uint32_t> string_index_;
  std::vector<Func> funcs_;
  std::unordered_map<std::string, uint32_t> func_index_;
  std::vector<std::vector<uint32_t>> stacks_;  // function indexes, leaf first
  uint32_t fixed_[static_cast<int>(Str::kCount)] = {};
  // site -> first stack; per-route sites hold kRoutes (or kRoutes * variants)
  uint32_t site_stack_[static_cast<int>(Site::kCount)] = {};
  std::vector<uint64_t> string_ids_, stack_ids_;
  std::vector<test_tools::V2Frame> frames_;
};

}  // namespace tracenote::synth

#endif  // TRACENOTE_BENCH_V2_SYNTH_SYNTH_PROGRAM_H_
