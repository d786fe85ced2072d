// The charts on hand-made data and on the sample traces.
#include "pictures/charts.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "analysis/goroutine_counts.h"
#include "analysis/mutator_utilization.h"
#include "analysis/trace_analysis.h"
#include "ingest/open_trace.h"

namespace tracenote::pictures {
namespace {

size_t Count(const std::string& s, std::string_view needle) {
  size_t n = 0;
  for (size_t at = s.find(needle); at != std::string::npos; at = s.find(needle, at + 1)) ++n;
  return n;
}

l10n::Catalog LoadCatalog(l10n::Language lang) {
  StatusOr<l10n::Catalog> c = l10n::Catalog::Load(lang);
  EXPECT_TRUE(c.ok());
  return std::move(c).value();
}

// Everything the four charts need from one sample trace.
struct SampleCharts {
  std::unique_ptr<TraceSource> source;
  analysis::TraceAnalysis analysis;
  analysis::MutatorUtilization utilization;
  std::vector<analysis::MmuPoint> mmu;
  analysis::GoroutineCounts counts;
};

// Both collectors ride along the analysis pass.
class Both : public model::EventSink {
 public:
  Both(model::EventSink* a, model::EventSink* b) : a_(a), b_(b) {}
  void OnEvent(const model::Event& e) override {
    a_->OnEvent(e);
    b_->OnEvent(e);
  }

 private:
  model::EventSink* a_;
  model::EventSink* b_;
};

SampleCharts Load(const std::string& name) {
  SampleCharts out;
  const std::string path = std::string(TRACENOTE_SOURCE_DIR) + "/samples/" + name;
  StatusOr<std::unique_ptr<TraceSource>> source = OpenTraceFile(path);
  EXPECT_TRUE(source.ok()) << path;
  if (!source.ok()) return out;
  out.source = std::move(source).value();
  analysis::MutatorUtilizationCollector mu(&out.source->tables());
  analysis::GoroutineCountCollector counts;
  Both both(&mu, &counts);
  StatusOr<analysis::TraceAnalysis> a = analysis::BuildTraceAnalysis(out.source.get(), &both);
  EXPECT_TRUE(a.ok());
  if (!a.ok()) return out;
  out.analysis = std::move(a).value();
  out.utilization = mu.Finish(out.analysis.end_time);
  out.mmu = analysis::ComputeMmuCurve(out.utilization, 40);
  out.counts = counts.Finish(out.analysis.end_time);
  return out;
}

ChartText Text(std::string_view id) {
  return {std::string("Title of ") + std::string(id),
          std::string("Description of ") + std::string(id)};
}

struct Rendered {
  std::string latency, heap, mmu, goroutines;
};

Rendered RenderAll(const SampleCharts& s, const l10n::Catalog& catalog) {
  Rendered r;
  PictureOptions o;
  o.id = "latency";
  r.latency = RenderSchedLatencySvg(s.analysis.sched_latency, Text("latency"), catalog, o);
  o.id = "heap";
  r.heap = RenderHeapSvg(s.analysis, Text("heap"), catalog, o);
  o.id = "mmu";
  r.mmu = RenderMmuSvg(s.mmu, Text("mmu"), catalog, o);
  o.id = "goroutines";
  r.goroutines = RenderGoroutineCountSvg(s.counts, Text("goroutines"), catalog, o);
  return r;
}

void ExpectFrame(const std::string& svg, std::string_view id) {
  EXPECT_NE(svg.find("<title id=\"" + std::string(id) + "-title\">Title of " + std::string(id)),
            std::string::npos)
      << svg.substr(0, 600);
  EXPECT_NE(svg.find("Description of " + std::string(id) + "</desc>"), std::string::npos);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
}

TEST(Charts, GcloadSample) {
  const SampleCharts s = Load("gcload/gcload.trace");
  ASSERT_FALSE(s.analysis.gc_cycles.empty());
  const l10n::Catalog en = LoadCatalog(l10n::Language::kEnglish);
  const Rendered a = RenderAll(s, en);
  const Rendered b = RenderAll(s, en);
  EXPECT_EQ(a.latency, b.latency);
  EXPECT_EQ(a.heap, b.heap);
  EXPECT_EQ(a.mmu, b.mmu);
  EXPECT_EQ(a.goroutines, b.goroutines);
  ExpectFrame(a.latency, "latency");
  ExpectFrame(a.heap, "heap");
  ExpectFrame(a.mmu, "mmu");
  ExpectFrame(a.goroutines, "goroutines");
  EXPECT_EQ(Count(a.heap, "class=\"tnp-gc\""), s.analysis.gc_cycles.size() + 1);  // + legend
  EXPECT_EQ(Count(a.heap, "class=\"tnp-stw\""), s.analysis.stw_pauses.size() + 1);
  EXPECT_NE(a.heap.find("Heap goal"), std::string::npos);
  EXPECT_NE(a.latency.find("waits between"), std::string::npos);
  EXPECT_NE(a.latency.find(">p99 "), std::string::npos);
  EXPECT_NE(a.goroutines.find("Runnable"), std::string::npos);
  EXPECT_TRUE(en.Errors().empty()) << en.Errors().front();
}

TEST(Charts, MmuOnGcload) {
  const SampleCharts s = Load("gcload/gcload.trace");
  ASSERT_GE(s.mmu.size(), 10u);
  for (size_t i = 0; i < s.mmu.size(); ++i) {
    EXPECT_GE(s.mmu[i].mmu, 0.0);
    EXPECT_LE(s.mmu[i].mmu, 1.0);
    if (i > 0) {
      EXPECT_GE(s.mmu[i].mmu, s.mmu[i - 1].mmu);
    }
  }
  EXPECT_EQ(s.mmu.back().window_ns, s.analysis.end_time);
  // The whole-trace window is 1 - the GC's share of the P time. The
  // analysis's totals bracket that share: STW on all Ps and the workers
  // count fully; assists count only while the assisting goroutine runs (a
  // goroutine blocked in an assist gives its P back), so the analysis's
  // assist time, which is wall time, is an upper bound.
  const double procs = static_cast<double>(std::max<uint64_t>(s.analysis.max_gomaxprocs, 1));
  const double total = procs * static_cast<double>(s.analysis.end_time);
  const double at_least = procs * static_cast<double>(s.analysis.stw_time) +
                          static_cast<double>(s.analysis.gc_worker_time);
  const double at_most = at_least + static_cast<double>(s.analysis.gc_assist_time);
  EXPECT_LE(s.mmu.back().mmu, 1.0 - at_least / total + 0.01);
  EXPECT_GE(s.mmu.back().mmu, 1.0 - at_most / total - 0.01);
  EXPECT_NEAR(s.mmu.back().mmu, s.utilization.Mean(), 1e-12);
  // Coarse buckets keep the exact integral: the same share with 256 of them.
  analysis::MutatorUtilizationCollector coarse(&s.source->tables(), 256);
  ASSERT_TRUE(s.source->ReplayModel(&coarse).ok());
  const analysis::MutatorUtilization c = coarse.Finish(s.analysis.end_time);
  EXPECT_LE(c.segments.size(), 256u);
  EXPECT_NEAR(c.Mean(), s.utilization.Mean(), 1e-9);
  const std::vector<analysis::MmuPoint> coarse_curve = analysis::ComputeMmuCurve(c, 40);
  ASSERT_FALSE(coarse_curve.empty());
  EXPECT_NEAR(coarse_curve.back().mmu, s.mmu.back().mmu, 1e-9);
  EXPECT_LT(s.mmu.back().mmu, 1.0);
  EXPECT_LT(s.mmu.front().mmu, s.mmu.back().mmu);
}

TEST(Charts, RussianOnSamples) {
  const l10n::Catalog ru = LoadCatalog(l10n::Language::kRussian);
  for (const char* name : {"gcload/gcload.trace", "alloc/alloc.trace", "spin/spin.trace"}) {
    SCOPED_TRACE(name);
    const SampleCharts s = Load(name);
    const Rendered r = RenderAll(s, ru);
    EXPECT_EQ(r.heap, RenderAll(s, ru).heap);
    ExpectFrame(r.latency, "latency");
    ExpectFrame(r.heap, "heap");
    ExpectFrame(r.mmu, "mmu");
    ExpectFrame(r.goroutines, "goroutines");
    EXPECT_NE(r.goroutines.find("Горутины"), std::string::npos);
    EXPECT_NE(r.mmu.find("Размер окна"), std::string::npos);
    if (!s.analysis.heap_live.empty()) {
      EXPECT_NE(r.heap.find("Время от начала трейса"), std::string::npos);
      EXPECT_EQ(Count(r.heap, "class=\"tnp-gc\""), s.analysis.gc_cycles.size() + 1);
    }
    if (s.analysis.sched_latency.total > 0) {
      EXPECT_NE(r.latency.find("Ожидание в очереди"), std::string::npos);
    }
    EXPECT_EQ(r.latency.find("chart."), std::string::npos);
    EXPECT_EQ(r.heap.find("chart."), std::string::npos);
  }
  EXPECT_TRUE(ru.Errors().empty()) << ru.Errors().front();
}

TEST(Charts, EmptyDataSaysSo) {
  for (l10n::Language lang : {l10n::Language::kEnglish, l10n::Language::kRussian}) {
    const l10n::Catalog catalog = LoadCatalog(lang);
    PictureOptions o;
    const analysis::TraceAnalysis empty;
    const std::string latency =
        RenderSchedLatencySvg(empty.sched_latency, Text("picture"), catalog, o);
    const std::string heap = RenderHeapSvg(empty, Text("picture"), catalog, o);
    const std::string mmu = RenderMmuSvg({}, Text("picture"), catalog, o);
    const std::string goroutines =
        RenderGoroutineCountSvg(analysis::GoroutineCounts{}, Text("picture"), catalog, o);
    for (const std::string* svg : {&latency, &heap, &mmu, &goroutines}) {
      ExpectFrame(*svg, "picture");
      EXPECT_EQ(svg->find("chart."), std::string::npos);
    }
    const std::string nothing =
        lang == l10n::Language::kEnglish ? "Nothing to show" : "Показывать нечего";
    EXPECT_NE(heap.find(nothing), std::string::npos);
    EXPECT_NE(mmu.find(nothing), std::string::npos);
    EXPECT_TRUE(catalog.Errors().empty());
  }
}

TEST(Charts, LatencyBarsAndOneGoroutine) {
  const l10n::Catalog en = LoadCatalog(l10n::Language::kEnglish);
  analysis::LatencyHistogram h;
  for (int i = 0; i < 1000; ++i) h.Add(1000 + i * 37);  // 1 µs .. 38 µs
  h.Add(5000000);                                       // one 5 ms wait
  PictureOptions o;
  const std::string svg = RenderSchedLatencySvg(h, Text("picture"), en, o);
  EXPECT_LE(Count(svg, "waits between") + Count(svg, "wait between"),
            static_cast<size_t>(kLatencyBars) + 2);
  EXPECT_GE(Count(svg, "waits between"), 10u);
  EXPECT_NE(svg.find("1 wait between"), std::string::npos);
  EXPECT_NE(svg.find("max 5ms"), std::string::npos);
  // One goroutine running the whole time.
  analysis::GoroutineCountCollector c;
  model::Event e;
  e.kind = model::EventKind::kGoTransition;
  e.resource = 1;
  e.from = static_cast<uint8_t>(model::GoState::kUndetermined);
  e.to = static_cast<uint8_t>(model::GoState::kRunning);
  c.OnEvent(e);
  const std::string one = RenderGoroutineCountSvg(c.Finish(1000000), Text("picture"), en, o);
  ExpectFrame(one, "picture");
  EXPECT_NE(one.find("at most 1 goroutine"), std::string::npos);
  // Whole ticks only: 0 and 1, each once.
  EXPECT_EQ(Count(one, "class=\"tnp-small\">1<"), 1u);
  EXPECT_EQ(Count(one, "class=\"tnp-small\">0<"), 1u);
  EXPECT_TRUE(en.Errors().empty());
}

}  // namespace
}  // namespace tracenote::pictures
