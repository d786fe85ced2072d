// Benchmarks of the Go 1.22+ ("v2") trace reader, one per stage:
//   BM_V2Index        generation indexing alone (batch headers, string, stack
//                     and CPU-sample tables, one generation at a time),
//   BM_V2CountEvents  open + Go's ordering and validation (`dump --stats`),
//   BM_V2ReplayModel  open + conversion into model events,
//   BM_V2Analyze      open + BuildTraceAnalysis, the pass `tracenote report`
//                     runs before its detectors and rendering.
// The input is $TRACENOTE_BENCH_V2_TRACE (make one with
// bench/v2_synth, `tracenote_v2_synth --out FILE --seconds N`); without it
// every benchmark is skipped. The file is mapped afresh for each iteration,
// as the command line tool maps it, so the pages the reader hands back count
// again. Each benchmark reports bytes/s of trace and the process's peak RSS
// so far (max_rss_mb).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "analysis/trace_analysis.h"
#include "base/file_blob.h"
#include "bench_util.h"
#include "ingest/open_trace.h"
#include "ingest/trace_v1/v1_tokenizer.h"
#include "ingest/trace_v2/v2_generation.h"

namespace tracenote {
namespace {

constexpr const char* kEnv = "TRACENOTE_BENCH_V2_TRACE";

// Maps the trace; on failure (or without the variable) skips the benchmark
// with the reason and returns null.
std::unique_ptr<FileBlob> Map(benchmark::State& state) {
  const char* path = std::getenv(kEnv);
  if (path == nullptr || *path == '\0') {
    state.SkipWithError(
        "TRACENOTE_BENCH_V2_TRACE is not set: point it at a Go 1.22+ trace "
        "(bench/v2_synth makes one)");
    return nullptr;
  }
  auto blob = FileBlob::Open(path);
  if (!blob.ok()) {
    state.SkipWithError(blob.status().message().c_str());
    return nullptr;
  }
  return std::move(blob).value();
}

void Finish(benchmark::State& state, uint64_t bytes) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["max_rss_mb"] = PeakRssMb();
}

void BM_V2Index(benchmark::State& state) {
  uint64_t size = 0;
  for (auto _ : state) {
    auto blob = Map(state);
    if (!blob) return;
    size = blob->size();
    const int version = trace_v1::ParseTraceHeader(blob->view());
    model::Tables tables;
    trace_v2::V2StackInterner stacks(&tables);
    trace_v2::V2GenerationReader reader(blob.get(), version, &tables, &stacks);
    trace_v2::V2Generation gen;
    uint64_t gens = 0;
    for (;;) {
      StatusOr<bool> more = reader.Next(&gen);
      if (!more.ok()) {
        state.SkipWithError(more.status().message().c_str());
        return;
      }
      if (!*more) break;
      blob->ReleasePages(gen.begin_offset, gen.end_offset);
      ++gens;
    }
    state.counters["generations"] = static_cast<double>(gens);
  }
  Finish(state, size);
}

void BM_V2CountEvents(benchmark::State& state) {
  uint64_t size = 0;
  for (auto _ : state) {
    auto blob = Map(state);
    if (!blob) return;
    size = blob->size();
    auto source = OpenTraceBlob(std::move(blob));
    std::map<std::string, uint64_t> counts;
    if (!source.ok()) {
      state.SkipWithError(source.status().message().c_str());
      return;
    }
    if (Status s = (*source)->CountEvents(&counts); !s.ok()) {
      state.SkipWithError(s.message().c_str());
      return;
    }
    state.counters["events"] = static_cast<double>((*source)->info().events);
  }
  Finish(state, size);
}

// Counts the model events; what a consumer that keeps nothing costs.
class CountingSink : public model::EventSink {
 public:
  void OnEvent(const model::Event& e) override { n_ += e.time >= 0 ? 1 : 0; }
  uint64_t n_ = 0;
};

void BM_V2ReplayModel(benchmark::State& state) {
  uint64_t size = 0;
  for (auto _ : state) {
    auto blob = Map(state);
    if (!blob) return;
    size = blob->size();
    auto source = OpenTraceBlob(std::move(blob));
    CountingSink sink;
    if (!source.ok() || !(*source)->ReplayModel(&sink).ok()) {
      state.SkipWithError("cannot read the trace");
      return;
    }
    state.counters["model_events"] = static_cast<double>(sink.n_);
  }
  Finish(state, size);
}

void BM_V2Analyze(benchmark::State& state) {
  uint64_t size = 0;
  for (auto _ : state) {
    auto blob = Map(state);
    if (!blob) return;
    size = blob->size();
    auto source = OpenTraceBlob(std::move(blob));
    if (!source.ok()) {
      state.SkipWithError(source.status().message().c_str());
      return;
    }
    auto analysis = analysis::BuildTraceAnalysis(source->get());
    if (!analysis.ok()) {
      state.SkipWithError(analysis.status().message().c_str());
      return;
    }
    state.counters["goroutines"] = static_cast<double>(analysis->goroutines.size());
  }
  Finish(state, size);
}

BENCHMARK(BM_V2Index)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_V2CountEvents)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_V2ReplayModel)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_V2Analyze)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tracenote

BENCHMARK_MAIN();
