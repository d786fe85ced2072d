// The synthetic Go program behind tracenote_pprof_synth: functions with
// Go-like names and files, their call sites (pprof Locations, some with
// inlined frames) and a call graph to walk for stacks. Everything comes from
// one seeded generator, so the same seed always gives the same program.
#ifndef TRACENOTE_BENCH_PPROF_SYNTH_SYNTH_PROGRAM_H_
#define TRACENOTE_BENCH_PPROF_SYNTH_SYNTH_PROGRAM_H_

#include <cstdint>
#include <string>
#include <vector>

namespace tracenote::pprof_synth {

// A small deterministic generator (splitmix64): the same seed gives the same
// sequence on every platform, unlike the standard distributions.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n > 0.
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(Next() % n); }
  // True with probability p.
  bool Chance(double p) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p; }
  // A Zipf-like pick in [0, n): small indexes much more often.
  uint32_t Skewed(uint32_t n) {
    const double u = static_cast<double>(Next() >> 11) * 0x1.0p-53;
    return static_cast<uint32_t>(static_cast<double>(n) * u * u * u) % n;
  }

 private:
  uint64_t state_;
};

struct SynthFunction {
  std::string name;  // e.g. "github.com/acme/shop/internal/cart.(*Store).Get"
  std::string file;  // e.g. "github.com/acme/shop/internal/cart/store.go"
  int64_t start_line = 0;
  bool runtime = false;  // runtime/internal/sync functions: the leaf end of stacks
};

// One frame of a Location: function index and line (innermost first).
struct SynthLine {
  uint32_t function = 0;
  int64_t line = 0;
};

struct SynthLocation {
  uint64_t address = 0;
  std::vector<SynthLine> lines;  // innermost first; >1 means inlined frames
};

// A call from one function to another through a call-site location.
struct SynthCall {
  uint32_t callee = 0;
  uint32_t location = 0;  // in the caller (its last line is the caller)
};

// The program: functions, locations, and per function its callees and the
// locations where its own samples land (leaf PCs).
struct SynthProgram {
  std::vector<SynthFunction> functions;
  std::vector<SynthLocation> locations;
  std::vector<std::vector<SynthCall>> calls;          // per function
  std::vector<std::vector<uint32_t>> leaf_locations;  // per function
  std::vector<uint32_t> entries;                      // goroutine start functions
};

// Builds a program of about `functions` functions.
SynthProgram BuildProgram(uint32_t functions, Rng& rng);

// Appends one stack, leaf first, as location indexes: a walk from an entry
// function down the call graph, at most max_depth frames deep.
void WalkStack(const SynthProgram& program, Rng& rng, uint32_t max_depth,
               std::vector<uint32_t>* stack);

}  // namespace tracenote::pprof_synth

#endif  // TRACENOTE_BENCH_PPROF_SYNTH_SYNTH_PROGRAM_H_
