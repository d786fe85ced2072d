// Benchmarks of the Go 1.5–1.21 trace reader, one per stage:
//   BM_V1Index        the index pass alone (every record decoded once),
//   BM_V1CountEvents  open + Go's ordering and validation (`dump --stats`),
//   BM_V1ReplayModel  open + conversion into model events (what reports use).
// The input is $TRACENOTE_BENCH_TRACE (make one with bench/big_trace/make.sh)
// or, without it, the syscall sample. Each reports bytes/s of trace and the
// process's peak RSS so far (max_rss_mb).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <map>
#include <string>

#include "bench_util.h"
#include "ingest/open_trace.h"
#include "ingest/trace_v1/v1_tokenizer.h"

namespace tracenote {
namespace {

// Loads the file once per benchmark; the blob is mapped, so later
// iterations read from the page cache.
std::unique_ptr<FileBlob> Load(benchmark::State& state) {
  auto blob = FileBlob::Open(BenchTracePath());
  if (!blob.ok()) {
    state.SkipWithError(blob.status().message().c_str());
    return nullptr;
  }
  return std::move(blob).value();
}

std::unique_ptr<FileBlob> Copy(const FileBlob& b) {
  return FileBlob::FromBytes(std::vector<uint8_t>(b.data(), b.data() + b.size()), b.name());
}

void BM_V1Index(benchmark::State& state) {
  auto blob = Load(state);
  if (!blob) return;
  for (auto _ : state) {
    model::Tables tables;
    auto index = trace_v1::BuildV1Index(*blob, &tables);
    if (!index.ok()) state.SkipWithError(index.status().message().c_str());
    benchmark::DoNotOptimize(index);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * blob->size()));
  state.counters["max_rss_mb"] = PeakRssMb();
}

void BM_V1CountEvents(benchmark::State& state) {
  auto blob = Load(state);
  if (!blob) return;
  for (auto _ : state) {
    state.PauseTiming();
    auto copy = Copy(*blob);
    state.ResumeTiming();
    auto source = OpenTraceBlob(std::move(copy));
    std::map<std::string, uint64_t> counts;
    if (!source.ok() || !(*source)->CountEvents(&counts).ok()) {
      state.SkipWithError("cannot read the trace");
      break;
    }
    state.counters["events"] = static_cast<double>((*source)->info().events);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * blob->size()));
  state.counters["max_rss_mb"] = PeakRssMb();
}

class CountingSink : public model::EventSink {
 public:
  void OnEvent(const model::Event& e) override { n_ += e.time > 0 ? 1 : 0; }
  uint64_t n_ = 0;
};

void BM_V1ReplayModel(benchmark::State& state) {
  auto blob = Load(state);
  if (!blob) return;
  for (auto _ : state) {
    state.PauseTiming();
    auto copy = Copy(*blob);
    state.ResumeTiming();
    auto source = OpenTraceBlob(std::move(copy));
    CountingSink sink;
    if (!source.ok() || !(*source)->ReplayModel(&sink).ok()) {
      state.SkipWithError("cannot read the trace");
      break;
    }
    benchmark::DoNotOptimize(sink.n_);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * blob->size()));
  state.counters["max_rss_mb"] = PeakRssMb();
}

BENCHMARK(BM_V1Index)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_V1CountEvents)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_V1ReplayModel)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tracenote

BENCHMARK_MAIN();
