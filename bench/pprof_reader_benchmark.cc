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

#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "base/file_blob.h"
#include "bench_util.h"
#include "ingest/gzip_reader.h"
#include "ingest/pprof/pprof_reader.h"
#include "profile/profile_top.h"

namespace tracenote {
namespace {

constexpr const char* kEnv = "TRACENOTE_BENCH_PPROF";

bool IsGzip(const FileBlob& blob) {
  return blob.size() >= 2 && blob.data()[0] == 0x1f && blob.data()[1] == 0x8b;
}

// The input, read once: the file bytes and the uncompressed size.
struct Input {
  std::unique_ptr<FileBlob> blob;
  std::string_view bytes;
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
    auto blob = FileBlob::Open(path);
    if (!blob.ok()) {
      in.error = blob.status().message();
      return in;
    }
    in.blob = std::move(blob.value());
    in.bytes = std::string_view(reinterpret_cast<const char*>(in.blob->data()), in.blob->size());
    in.raw_size = in.blob->size();
    if (IsGzip(*in.blob)) {
      auto raw = InflateGzip(*in.blob);
      if (!raw.ok()) {
        in.error = raw.status().message();
        return in;
      }
      in.raw_size = (*raw)->size();
    }
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
  if (!IsGzip(*in->blob)) {
    state.SkipWithError("the input is not gzip-compressed");
    return;
  }
  for (auto _ : state) {
    auto raw = InflateGzip(*in->blob);
    benchmark::DoNotOptimize(raw.ok());
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

}  // namespace
}  // namespace tracenote

BENCHMARK_MAIN();
