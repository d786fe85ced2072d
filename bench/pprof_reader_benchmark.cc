// Benchmarks of the pprof reader and the `top` view, one per stage:
//   BM_PprofGunzip   gzip decompression alone (zlib, the floor for decode),
//   BM_PprofDecode   ReadProfile: decompress, decode, validate, prune,
//   BM_PprofTop      ReadProfile + ComputeTop with the default options
//                    (what `tracenote top PROFILE` computes before printing).
// The input is $TRACENOTE_BENCH_PPROF (make one with bench/pprof_synth,
// `tracenote_pprof_synth --out FILE --mb 10`); without it every benchmark is
// skipped. The file is read into memory once; each iteration decodes it
// afresh. Throughput (bytes_per_second) counts the *uncompressed* profile
// bytes; max_rss_mb is the process's peak RSS so far.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <zlib.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "ingest/pprof/pprof_reader.h"
#if __has_include("profile/profile_top.h")
#include "profile/profile_top.h"
#define TRACENOTE_BENCH_HAVE_TOP 1
#endif

namespace tracenote {
namespace {

constexpr const char* kEnv = "TRACENOTE_BENCH_PPROF";

double PeakRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

// gunzips `gz` (one or more members) into *out; false if it is not gzip.
bool Gunzip(const std::string& gz, std::string* out) {
  out->clear();
  z_stream z{};
  if (inflateInit2(&z, 15 + 32) != Z_OK) return false;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  z.avail_in = static_cast<uInt>(gz.size());
  char buf[1 << 16];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out->append(buf, sizeof buf - z.avail_out);
  }
  inflateEnd(&z);
  return rc == Z_STREAM_END;
}

// The input, read once: the file bytes and the uncompressed size.
struct Input {
  std::string bytes;
  uint64_t raw_size = 0;
  std::string error;
};

const Input& LoadInput() {
  static const Input input = [] {
    Input in;
    const char* path = std::getenv(kEnv);
    if (path == nullptr || *path == '\0') {
      in.error =
          "TRACENOTE_BENCH_PPROF is not set: point it at a pprof profile "
          "(bench/pprof_synth makes one)";
      return in;
    }
    std::ifstream f(path, std::ios::binary);
    if (!f) {
      in.error = std::string("cannot read ") + path;
      return in;
    }
    std::ostringstream ss;
    ss << f.rdbuf();
    in.bytes = ss.str();
    std::string raw;
    in.raw_size = Gunzip(in.bytes, &raw) ? raw.size() : in.bytes.size();
    return in;
  }();
  return input;
}

// Skips the benchmark with the reason and returns null when there is no input.
const Input* Get(benchmark::State& state) {
  const Input& in = LoadInput();
  if (!in.error.empty()) {
    state.SkipWithError(in.error.c_str());
    return nullptr;
  }
  return &in;
}

void Finish(benchmark::State& state, const Input& in) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.raw_size));
  state.counters["max_rss_mb"] = PeakRssMb();
  state.counters["raw_mb"] = static_cast<double>(in.raw_size) / 1048576.0;
}

void BM_PprofGunzip(benchmark::State& state) {
  const Input* in = Get(state);
  if (in == nullptr) return;
  std::string raw;
  for (auto _ : state) {
    Gunzip(in->bytes, &raw);
    benchmark::DoNotOptimize(raw.data());
  }
  Finish(state, *in);
}
BENCHMARK(BM_PprofGunzip)->Unit(benchmark::kMillisecond);

void BM_PprofDecode(benchmark::State& state) {
  const Input* in = Get(state);
  if (in == nullptr) return;
  for (auto _ : state) {
    auto p = pprof::ReadProfile(in->bytes, "bench");
    if (!p.ok()) {
      state.SkipWithError(p.status().message().c_str());
      return;
    }
    benchmark::DoNotOptimize(p->sample_count());
  }
  Finish(state, *in);
}
BENCHMARK(BM_PprofDecode)->Unit(benchmark::kMillisecond);

#ifdef TRACENOTE_BENCH_HAVE_TOP
void BM_PprofTop(benchmark::State& state) {
  const Input* in = Get(state);
  if (in == nullptr) return;
  size_t rows = 0;
  for (auto _ : state) {
    auto p = pprof::ReadProfile(in->bytes, "bench");
    if (!p.ok()) {
      state.SkipWithError(p.status().message().c_str());
      return;
    }
    auto top = profile::ComputeTop(*p, profile::ViewOptions{});
    if (!top.ok()) {
      state.SkipWithError(top.status().message().c_str());
      return;
    }
    rows = top->rows.size();
    benchmark::DoNotOptimize(rows);
  }
  Finish(state, *in);
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_PprofTop)->Unit(benchmark::kMillisecond);
#endif

}  // namespace
}  // namespace tracenote

BENCHMARK_MAIN();
