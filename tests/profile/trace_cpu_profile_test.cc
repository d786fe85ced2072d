// TraceCpuProfileSink: the CPU samples of a trace as a profile, on synthetic
// events and on real traces (the project's samples and the shared corpus),
// where the sample count must equal the trace's CPUSample count.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ingest/open_trace.h"
#include "ingest/pprof/pprof_reader.h"
#include "model/trace_model.h"
#include "profile/flame_graph.h"
#include "profile/profile_top.h"
#include "profile/trace_cpu_profile.h"

namespace tracenote::profile {
namespace {

namespace fs = std::filesystem;

model::Event Sample(model::StackId stack, uint64_t goroutine) {
  model::Event e;
  e.kind = model::EventKind::kStackSample;
  e.stack = stack;
  e.goroutine = goroutine;
  return e;
}

int64_t ColumnSum(const model::Profile& p, size_t column) {
  int64_t sum = 0;
  for (size_t s = 0; s < p.sample_count(); ++s) sum += p.value(s, column);
  return sum;
}

std::vector<std::string> StackNames(const model::Profile& p, size_t s) {
  std::vector<std::string> out;
  for (uint32_t loc : p.stack(s)) {
    const auto& l = p.locations[loc];
    for (const auto& line : p.location_lines(l)) {
      out.emplace_back(p.str(p.functions[line.function].name_str));
    }
  }
  return out;
}

TEST(TraceCpuProfileTest, BuildsSamplesFromStackSampleEvents) {
  model::Tables tables;
  auto frame = [&](uint64_t pc, const char* fn, const char* file, uint32_t line) {
    return model::Frame{pc, tables.strings.Intern(fn), tables.strings.Intern(file), line};
  };
  std::vector<model::Frame> a = {frame(0x30, "runtime.mallocgc", "malloc.go", 900),
                                 frame(0x20, "main.work", "main.go", 12),
                                 frame(0x10, "main.main", "main.go", 5)};
  std::vector<model::Frame> b = {frame(0x20, "main.work", "main.go", 12),
                                 frame(0x10, "main.main", "main.go", 5)};
  model::StackId sa = tables.stacks.Add(a);
  model::StackId sb = tables.stacks.Add(b);

  TraceCpuProfileSink sink(tables);
  sink.OnEvent(Sample(sa, 7));
  sink.OnEvent(Sample(sa, 7));
  sink.OnEvent(Sample(sa, 8));
  sink.OnEvent(Sample(sb, 7));
  sink.OnEvent(Sample(0, model::kNoGoroutine));  // no stack, no goroutine
  model::Event other;
  other.kind = model::EventKind::kGoTransition;
  sink.OnEvent(other);
  EXPECT_EQ(sink.sample_events(), 5u);

  model::TraceInfo info;
  info.duration_ns = 123456789;
  info.wall_clock_start_unix_ns = 1700000000000000000;
  model::Profile p = sink.TakeProfile(info);
  ASSERT_EQ(p.sample_types.size(), 2u);
  EXPECT_EQ(p.str(p.sample_types[0].type_str), "samples");
  EXPECT_EQ(p.str(p.sample_types[0].unit_str), "count");
  EXPECT_EQ(p.str(p.sample_types[1].type_str), "cpu");
  EXPECT_EQ(p.str(p.sample_types[1].unit_str), "nanoseconds");
  EXPECT_EQ(p.DefaultSampleIndex(), 1);
  EXPECT_EQ(p.period, 10'000'000);
  EXPECT_EQ(p.str(p.period_type.type_str), "cpu");
  EXPECT_EQ(p.duration_nanos, 123456789);
  EXPECT_EQ(p.time_nanos, 1700000000000000000);
  EXPECT_EQ(p.strings[0], "");

  ASSERT_EQ(p.sample_count(), 4u);
  EXPECT_EQ(p.value(0, 0), 2);
  EXPECT_EQ(p.value(0, 1), 20'000'000);
  EXPECT_EQ(p.value(1, 0), 1);
  EXPECT_EQ(ColumnSum(p, 0), 5);
  EXPECT_EQ(StackNames(p, 0),
            (std::vector<std::string>{"runtime.mallocgc", "main.work", "main.main"}));
  EXPECT_TRUE(p.stack(3).empty());
  // Shared frames are one location and one function.
  EXPECT_EQ(p.locations.size(), 3u);
  EXPECT_EQ(p.functions.size(), 3u);
  EXPECT_EQ(p.str(p.functions[0].filename_str), "malloc.go");
  EXPECT_EQ(p.lines[p.locations[0].first_line].line, 900);
  EXPECT_EQ(p.locations[0].address, 0x30u);
  // The goroutine as a numeric label, absent without a goroutine.
  ASSERT_EQ(p.sample_labels(1).size(), 1u);
  EXPECT_EQ(p.str(p.sample_labels(1)[0].key_str), "goroutine");
  EXPECT_EQ(p.sample_labels(1)[0].num, 8);
  EXPECT_TRUE(p.sample_labels(3).empty());
  ASSERT_EQ(p.mappings.size(), 1u);
  for (const auto& l : p.locations) EXPECT_EQ(l.mapping, 0u);
}

TEST(TraceCpuProfileTest, PeriodCanBeGiven) {
  model::Tables tables;
  TraceCpuProfileSink sink(tables, 1'000'000);
  sink.OnEvent(Sample(0, 1));
  model::Profile p = sink.TakeProfile({});
  EXPECT_EQ(p.period, 1'000'000);
  EXPECT_EQ(p.value(0, 1), 1'000'000);
}

struct RealTrace {
  std::string path;
  int64_t expected;  // CPU samples; -1: only compare with the trace's own count
};

// Replays `path` and checks the profile against the trace's CPUSample count.
void CheckRealTrace(const RealTrace& t) {
  SCOPED_TRACE(t.path);
  auto source = OpenTraceFile(t.path);
  ASSERT_TRUE(source.ok()) << source.status().message();
  std::map<std::string, uint64_t> counts;
  ASSERT_TRUE((*source)->CountEvents(&counts).ok());
  int64_t cpu_samples = static_cast<int64_t>(counts["CPUSample"]);
  std::printf("%s: %lld CPU samples\n", fs::path(t.path).filename().c_str(),
              static_cast<long long>(cpu_samples));
  if (t.expected >= 0) EXPECT_EQ(cpu_samples, t.expected);
  TraceCpuProfileSink sink((*source)->tables());
  ASSERT_TRUE((*source)->ReplayModel(&sink).ok());
  model::Profile p = sink.TakeProfile((*source)->info());
  EXPECT_EQ(static_cast<int64_t>(sink.sample_events()), cpu_samples);
  EXPECT_EQ(ColumnSum(p, 0), cpu_samples);
  EXPECT_EQ(ColumnSum(p, 1), cpu_samples * kGoDefaultCpuPeriodNs);
  EXPECT_EQ(p.duration_nanos, (*source)->info().duration_ns);
  size_t named = 0;
  for (const auto& f : p.functions) named += !p.str(f.name_str).empty();
  if (cpu_samples > 0) {
    EXPECT_GT(named, 0u);
    auto svg = RenderFlameGraphSvg(p);
    ASSERT_TRUE(svg.ok());
    EXPECT_NE(svg->find("100% of total"), std::string::npos);
  }
}

TEST(TraceCpuProfileTest, ProjectSamples) {
  fs::path dir = fs::path(TRACENOTE_SOURCE_DIR) / "samples";
  if (!fs::exists(dir / "tasks" / "tasks.trace")) GTEST_SKIP() << "samples not found in " << dir;
  // Expected counts from `go tool trace -d` (Go 1.19): the *.go-tool-counts.txt
  // files, and 64 CPUSample lines for gcload (checked by hand; it has no
  // counts file). alloc, spin and syscall ran without the CPU profiler.
  CheckRealTrace({(dir / "tasks" / "tasks.trace").string(), 46});
  CheckRealTrace({(dir / "gcload" / "gcload.trace").string(), 64});
  CheckRealTrace({(dir / "alloc" / "alloc.trace").string(), 0});
  CheckRealTrace({(dir / "spin" / "spin.trace").string(), 0});
  CheckRealTrace({(dir / "syscall" / "syscall.trace").string(), 0});
}

// Flat and cumulative value per function, as `top` computes them.
std::map<std::string, std::pair<int64_t, int64_t>> TopByName(const model::Profile& p) {
  std::map<std::string, std::pair<int64_t, int64_t>> out;
  auto top = ComputeTop(p, ViewOptions{});
  EXPECT_TRUE(top.ok()) << top.status().message();
  if (!top.ok()) return out;
  for (const TopRow& row : top->rows) out[row.name] = {row.flat, row.cum};
  return out;
}

TEST(TraceCpuProfileTest, GcloadTraceAgreesWithTheCpuProfileOfTheSameRun) {
  // gcload.trace and cpu.pb.gz were written by one run with the CPU profiler
  // on: Go sent its CPU samples both to the profile (65) and to the trace
  // (64). The trace's profile must give the same functions with the same
  // flat and cum values, up to the samples only the profile has.
  fs::path dir = fs::path(TRACENOTE_SOURCE_DIR) / "samples" / "gcload";
  if (!fs::exists(dir / "gcload.trace")) GTEST_SKIP() << "samples not found in " << dir;
  auto source = OpenTraceFile((dir / "gcload.trace").string());
  ASSERT_TRUE(source.ok()) << source.status().message();
  TraceCpuProfileSink sink((*source)->tables());
  ASSERT_TRUE((*source)->ReplayModel(&sink).ok());
  model::Profile from_trace = sink.TakeProfile((*source)->info());
  auto pprof_profile = pprof::ReadProfileFile((dir / "cpu.pb.gz").string());
  ASSERT_TRUE(pprof_profile.ok()) << pprof_profile.status().message();

  auto traced = TopByName(from_trace);
  auto profiled = TopByName(*pprof_profile);
  const int64_t lost =
      (ColumnSum(*pprof_profile, 0) - ColumnSum(from_trace, 0)) * kGoDefaultCpuPeriodNs;
  ASSERT_GE(lost, 0);
  ASSERT_LE(lost, 2 * kGoDefaultCpuPeriodNs);
  int64_t flat_diff = 0;
  for (const auto& [name, values] : profiled) {
    SCOPED_TRACE(name);
    auto it = traced.find(name);
    std::pair<int64_t, int64_t> t =
        it == traced.end() ? std::pair<int64_t, int64_t>{0, 0} : it->second;
    flat_diff += std::abs(values.first - t.first);
    EXPECT_LE(t.second, values.second);
    EXPECT_GE(t.second, values.second - lost);
  }
  // Every function of the trace's samples is in the CPU profile too
  // (runtime.goexit, which runtime/pprof leaves out, is left out here too).
  for (const auto& [name, values] : traced) EXPECT_TRUE(profiled.count(name)) << name;
  EXPECT_EQ(flat_diff, lost);
}

TEST(TraceCpuProfileTest, CorpusTracesWithCpuSamples) {
  fs::path dir = fs::path(TRACENOTE_CORPUS_DIR) / "go-testdata";
  if (!fs::exists(dir / "MANIFEST.md")) GTEST_SKIP() << "corpus not found at " << dir;
  // Counts from the corpus MANIFEST ("cpu=N").
  const std::vector<RealTrace> traces = {
      {"v1/golang-go/fmt_1_21_pprof_good", 4},
      {"v1/felixge-traceutils/1.19_test-encoding-json.trace", 50},
      {"v1/felixge-traceutils/1.21_fgprof.trace", 84},
      {"v1/wild/Pauloricardo2019_GoroutineStoplight__pprof_trace.out", 1},
      {"v2/felixge-traceutils/1.25_test-encoding-json.trace", 40},
      {"v2/felixge-go-trace-viewer/encoding-json-122.trace", 43},
  };
  for (const RealTrace& t : traces) CheckRealTrace({(dir / t.path).string(), t.expected});
}

}  // namespace
}  // namespace tracenote::profile
