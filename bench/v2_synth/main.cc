// tracenote_v2_synth: writes a synthetic Go 1.22+ execution trace of a busy
// server (see synth_sim.h), for measuring the v2 reader on inputs of any
// length. Every generation covers about one second and holds about the
// same number of bytes, so the file grows linearly with --seconds. The same
// seed always gives the same bytes.
//
//   tracenote_v2_synth --out FILE --seconds N [--version 1.23|1.25|1.26]
//                      [--seed S] [--rate REQUESTS_PER_SECOND]
//                      [--stats-generations]
//
// Prints a summary to stderr, ending with "largest generation: N bytes";
// --stats-generations also prints every generation's size.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "ingest/trace_v2/v2_event_spec.h"
#include "tools/v2_trace_writer.h"
#include "v2_synth/synth_sim.h"

namespace {

int Usage(const char* msg) {
  std::fprintf(stderr,
               "tracenote_v2_synth: %s\n"
               "usage: tracenote_v2_synth --out FILE --seconds N [--version 1.23|1.25|1.26]\n"
               "                          [--seed S] [--rate REQUESTS_PER_SECOND]\n"
               "                          [--stats-generations]\n",
               msg);
  return 2;
}

bool ParseDouble(const char* s, double* out) {
  char* end = nullptr;
  *out = std::strtod(s, &end);
  return end != s && *end == '\0';
}

}  // namespace

int main(int argc, char** argv) {
  using tracenote::synth::Sim;
  using tracenote::synth::SimOptions;
  SimOptions o;
  std::string out;
  bool per_gen = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--stats-generations") {
      per_gen = true;
      continue;
    }
    if (i + 1 >= argc) return Usage(("missing value for " + a).c_str());
    const char* v = argv[++i];
    double d = 0;
    if (a == "--out") {
      out = v;
    } else if (a == "--seconds") {
      if (!ParseDouble(v, &o.seconds) || o.seconds <= 0) return Usage("bad --seconds");
    } else if (a == "--seed") {
      if (!ParseDouble(v, &d) || d < 0) return Usage("bad --seed");
      o.seed = static_cast<uint64_t>(d);
    } else if (a == "--rate") {
      if (!ParseDouble(v, &o.requests_per_second) || o.requests_per_second <= 0) {
        return Usage("bad --rate");
      }
    } else if (a == "--version") {
      const std::string ver = v;
      if (ver == "1.23") {
        o.version = tracenote::trace_v2::kGo123;
      } else if (ver == "1.25") {
        o.version = tracenote::trace_v2::kGo125;
      } else if (ver == "1.26") {
        o.version = tracenote::trace_v2::kGo126;
      } else {
        return Usage("--version must be 1.23, 1.25 or 1.26");
      }
    } else {
      return Usage(("unknown option " + a).c_str());
    }
  }
  if (out.empty()) return Usage("--out is required");
  std::FILE* f = std::fopen(out.c_str(), "wb");
  if (f == nullptr) {
    std::fprintf(stderr, "tracenote_v2_synth: cannot create %s: %s\n", out.c_str(),
                 std::strerror(errno));
    return 1;
  }
  static char buffer[1 << 20];
  std::setvbuf(f, buffer, _IOFBF, sizeof buffer);
  tracenote::test_tools::V2TraceWriter writer(o.version, f);
  Sim sim(o, &writer);
  sim.Run();
  const bool closed = std::fclose(f) == 0;
  if (!writer.status().ok() || !closed) {
    std::fprintf(stderr, "tracenote_v2_synth: %s\n",
                 writer.status().ok() ? "close failed" : writer.status().message().c_str());
    return 1;
  }
  const auto& s = sim.stats();
  if (per_gen) {
    for (size_t i = 0; i < s.generation_bytes.size(); ++i) {
      std::fprintf(stderr, "generation %zu: %llu bytes\n", i + 1,
                   static_cast<unsigned long long>(s.generation_bytes[i]));
    }
  }
  std::fprintf(
      stderr,
      "wrote %s: %llu bytes, go 1.%d, %llu generations, %llu events, %llu goroutines "
      "created, %llu threads, %llu GC cycles\n",
      out.c_str(), static_cast<unsigned long long>(s.bytes), o.version - 1000,
      static_cast<unsigned long long>(s.generations), static_cast<unsigned long long>(s.events),
      static_cast<unsigned long long>(s.goroutines_created),
      static_cast<unsigned long long>(s.threads), static_cast<unsigned long long>(s.gc_cycles));
  std::fprintf(stderr, "largest generation: %llu bytes\n",
               static_cast<unsigned long long>(s.largest_generation));
  return 0;
}
