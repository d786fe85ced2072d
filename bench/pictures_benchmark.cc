// Benchmarks of what the report's pictures cost, one per piece:
//   BM_ReplayBaseline   open + replay into a sink that only counts: the
//                       floor every collector below rides on,
//   BM_TimelineCollect  open + replay into analysis::TimelineCollector over
//                       the whole trace (the open-ended window the report's
//                       big timeline uses), then Finish(),
//   BM_CloseUpCollect   the same with a 50 ms window at the end of the trace,
//                       like a finding's close-up late in the trace: the
//                       replay runs to the window's end, and the collector
//                       follows every goroutine from the start,
//   BM_TimelineRender   pictures::RenderTimelineSvg of that timeline (collected
//                       once, outside the timing),
//   BM_ChartsCollect    open + replay into MutatorUtilizationCollector and
//                       GoroutineCountCollector, then both Finish(),
//   BM_MmuCurve         the MMU curve the report draws (40 window sizes) from
//                       the collected utilization.
// A collector's own cost is its time minus BM_ReplayBaseline's. The input is
// $TRACENOTE_BENCH_TRACE (any trace tracenote reads: bench/big_trace/make.sh
// or bench/v2_synth make big ones) or, without it, the syscall sample. The
// replays report bytes/s of trace; every benchmark reports the process's
// peak RSS so far (max_rss_mb), the renderings the SVG's size (svg_bytes).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "analysis/goroutine_counts.h"
#include "analysis/mutator_utilization.h"
#include "analysis/timeline.h"
#include "bench_util.h"
#include "ingest/open_trace.h"
#include "l10n/catalog.h"
#include "model/tee_sink.h"
#include "pictures/timeline_picture.h"

namespace tracenote {
namespace {

// Opens the trace (mapped afresh, as the command line tool does); on failure
// skips the benchmark with the reason and returns null.
std::unique_ptr<TraceSource> Open(benchmark::State& state) {
  auto source = OpenTraceFile(BenchTracePath());
  if (!source.ok()) {
    state.SkipWithError(source.status().message().c_str());
    return nullptr;
  }
  return std::move(source).value();
}

// Replays the whole trace into `sink`; false (and the benchmark skipped) on
// a read error.
bool Replay(benchmark::State& state, TraceSource* source, model::EventSink* sink) {
  if (Status s = source->ReplayModel(sink); !s.ok()) {
    state.SkipWithError(s.message().c_str());
    return false;
  }
  return true;
}

int64_t FileSize() {
  std::error_code ec;
  const auto size = std::filesystem::file_size(BenchTracePath(), ec);
  return ec ? 0 : static_cast<int64_t>(size);
}

void Finish(benchmark::State& state, int64_t bytes) {
  if (bytes > 0) state.SetBytesProcessed(state.iterations() * bytes);
  state.counters["max_rss_mb"] = PeakRssMb();
}

// Counts the model events and keeps the last time; nothing else.
class CountingSink : public model::EventSink {
 public:
  void OnEvent(const model::Event& e) override {
    ++n_;
    last_time_ = std::max(last_time_, e.time);
  }
  uint64_t n_ = 0;
  int64_t last_time_ = 0;
};

// Collects the whole-trace timeline the way the report does.
std::unique_ptr<analysis::Timeline> CollectTimeline(benchmark::State& state, TraceSource* source) {
  analysis::TimelineCollector collector(&source->tables(), analysis::TimelineWindow{});
  if (!Replay(state, source, &collector)) return nullptr;
  return std::make_unique<analysis::Timeline>(collector.Finish());
}

void BM_ReplayBaseline(benchmark::State& state) {
  int64_t bytes = 0;
  for (auto _ : state) {
    auto source = Open(state);
    if (!source) return;
    bytes = FileSize();
    CountingSink sink;
    if (!Replay(state, source.get(), &sink)) return;
    state.counters["model_events"] = static_cast<double>(sink.n_);
  }
  Finish(state, bytes);
}

void BM_TimelineCollect(benchmark::State& state) {
  int64_t bytes = 0;
  for (auto _ : state) {
    auto source = Open(state);
    if (!source) return;
    bytes = FileSize();
    auto timeline = CollectTimeline(state, source.get());
    if (!timeline) return;
    size_t slices = 0;
    for (const auto* lanes : {&timeline->procs, &timeline->threads}) {
      for (const analysis::TimelineLane& l : *lanes) slices += l.slices.size();
    }
    state.counters["slices_kept"] = static_cast<double>(slices);
    state.counters["slices_merged"] = static_cast<double>(timeline->merged_slices);
  }
  Finish(state, bytes);
}

void BM_CloseUpCollect(benchmark::State& state) {
  // The trace's last event time, from one replay outside the timing.
  int64_t end = 0;
  {
    auto source = Open(state);
    if (!source) return;
    CountingSink sink;
    if (!Replay(state, source.get(), &sink)) return;
    end = sink.last_time_;
  }
  constexpr int64_t kCloseUp = 50'000'000;  // report::kMaxCloseUp
  int64_t bytes = 0;
  for (auto _ : state) {
    auto source = Open(state);
    if (!source) return;
    bytes = FileSize();
    analysis::TimelineWindow window;
    window.start = std::max<int64_t>(0, end - kCloseUp);
    window.end = end;
    analysis::TimelineCollector collector(&source->tables(), window);
    if (!Replay(state, source.get(), &collector)) return;
    const analysis::Timeline timeline = collector.Finish();
    state.counters["lanes"] = static_cast<double>(timeline.procs.size() + timeline.threads.size());
  }
  Finish(state, bytes);
}

void BM_TimelineRender(benchmark::State& state) {
  auto catalog = l10n::Catalog::Load(l10n::Language::kEnglish);
  if (!catalog.ok()) {
    state.SkipWithError(catalog.status().message().c_str());
    return;
  }
  auto source = Open(state);
  if (!source) return;
  auto timeline = CollectTimeline(state, source.get());
  if (!timeline) return;
  pictures::TimelineDrawing drawing;
  drawing.title = "timeline";
  drawing.description = "benchmark";
  pictures::PictureOptions options;
  options.id = "tn-timeline";
  size_t svg_bytes = 0;
  for (auto _ : state) {
    const std::string svg = pictures::RenderTimelineSvg(*timeline, drawing, *catalog, options);
    svg_bytes = svg.size();
    benchmark::DoNotOptimize(svg.data());
  }
  state.counters["svg_bytes"] = static_cast<double>(svg_bytes);
  Finish(state, 0);
}

void BM_ChartsCollect(benchmark::State& state) {
  int64_t bytes = 0;
  for (auto _ : state) {
    auto source = Open(state);
    if (!source) return;
    bytes = FileSize();
    analysis::MutatorUtilizationCollector utilization(&source->tables());
    analysis::GoroutineCountCollector counts;
    CountingSink end_time;
    model::TeeSink tee;
    tee.Add(&utilization);
    tee.Add(&counts);
    tee.Add(&end_time);
    if (!Replay(state, source.get(), &tee)) return;
    const int64_t end = end_time.last_time_;
    const analysis::MutatorUtilization mu = utilization.Finish(end);
    const analysis::GoroutineCounts bins = counts.Finish(end);
    state.counters["mmu_segments"] = static_cast<double>(mu.segments.size());
    state.counters["count_bins"] = static_cast<double>(bins.bins.size());
  }
  Finish(state, bytes);
}

void BM_MmuCurve(benchmark::State& state) {
  auto source = Open(state);
  if (!source) return;
  analysis::MutatorUtilizationCollector utilization(&source->tables());
  CountingSink end_time;
  model::TeeSink tee;
  tee.Add(&utilization);
  tee.Add(&end_time);
  if (!Replay(state, source.get(), &tee)) return;
  const analysis::MutatorUtilization mu = utilization.Finish(end_time.last_time_);
  for (auto _ : state) {
    auto curve = analysis::ComputeMmuCurve(mu, 40);
    benchmark::DoNotOptimize(curve.data());
  }
  state.counters["mmu_segments"] = static_cast<double>(mu.segments.size());
  Finish(state, 0);
}

BENCHMARK(BM_ReplayBaseline)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TimelineCollect)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CloseUpCollect)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TimelineRender)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ChartsCollect)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MmuCurve)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tracenote

BENCHMARK_MAIN();
