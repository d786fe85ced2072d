// DetectGcStw on small traces: GC cycles with their two stop-the-world
// phases (sweep termination before the mark, mark termination after it),
// the severity thresholds, the pauses that stand out, other STW reasons.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analysis/detectors/detector_list.h"
#include "analysis/detectors/detector_test_util.h"

namespace tracenote::analysis_test {
namespace {

using analysis::DetectGcStw;
using analysis::Finding;
using analysis::Severity;

constexpr int64_t kUs = 1'000, kMs = 1'000'000;
constexpr int64_t kCycleSpacing = 200 * kMs;

// One GC cycle in GcTrace: begins at i * 200 ms + 1 ms; sweep termination
// starts 1 µs after GCStart, mark termination 5 ms after the sweep one ends.
struct Cycle {
  int64_t sweep_term = 100 * kUs;
  int64_t mark_term = 200 * kUs;  // -1: still stopped at the end of the trace
};

int64_t CycleStart(size_t i) { return static_cast<int64_t>(i) * kCycleSpacing + kMs; }
int64_t SweepTermStart(size_t i) { return CycleStart(i) + kUs; }
int64_t MarkTermStart(size_t i, const Cycle& c) {
  return SweepTermStart(i) + c.sweep_term + 5 * kMs;
}

// G1 (main.main) runs on P 0 and calls runtime.GC for every cycle, in the
// order a Go 1.19 runtime writes: GCStart, GCSTWStart 1, GCSTWDone, ...,
// GCSTWStart 0, GCDone, GCSTWDone.
std::string GcTrace(const std::vector<Cycle>& cycles) {
  TraceBuilder b;
  b.At(0, "ProcStart thread=1").At(0, "GoCreate g=1 stack=2").At(0, "Gomaxprocs procs=4");
  b.At(0, "GoStart g=1 seq=1");
  int64_t t = 0;
  for (size_t i = 0; i < cycles.size(); ++i) {
    const Cycle& c = cycles[i];
    b.At(CycleStart(i), fmt::format("GCStart seq={} stk=1", i));
    b.At(SweepTermStart(i), "GCSTWStart kindid=1");
    b.At(SweepTermStart(i) + c.sweep_term, "GCSTWDone");
    t = MarkTermStart(i, c);
    b.At(t, "GCSTWStart kindid=0");
    if (c.mark_term < 0) break;
    b.At(t + c.mark_term / 2, "GCDone");
    b.At(t + c.mark_term, "GCSTWDone");
    t += c.mark_term;
  }
  b.At(t + kMs, "HeapAlloc mem=4096");
  b.Line(R"(
String id=1 "runtime.GC"
String id=2 "/go/src/runtime/mgc.go"
String id=3 "main.main"
String id=4 "/app/main.go"
Stack id=1 frames=[pc=0x401000 fn=1 file=2 line=450, pc=0x402000 fn=3 file=4 line=12]
Stack id=2 frames=[pc=0x402000 fn=3 file=4 line=5]
)");
  return b.Text();
}

TEST(GcStwTest, ShortPausesOfTwoCyclesAreInfo) {
  const std::vector<Cycle> cycles = {{100 * kUs, 200 * kUs}, {150 * kUs, 250 * kUs}};
  ASSERT_ANALYZE_TEXT(t, GcTrace(cycles));
  ASSERT_EQ(t.analysis.gc_cycles.size(), 2u);

  const std::vector<Finding> found = DetectGcStw(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.id, "gc-stw");
  EXPECT_EQ(f.severity, Severity::kInfo);
  EXPECT_EQ(f.title, "finding.gc_stw.title");
  EXPECT_EQ(f.explanation, "finding.gc_stw.explanation");
  EXPECT_EQ(IntArg(f.args, "cycles"), 2);
  EXPECT_EQ(IntArg(f.args, "pauses"), 4);
  EXPECT_EQ(DurationArg(f.args, "max"), 250 * kUs);
  EXPECT_EQ(DurationArg(f.args, "total"), 700 * kUs);
  EXPECT_EQ(DurationArg(f.args, "median"), 200 * kUs);  // nearest rank of 100 150 200 250
  EXPECT_EQ(IntArg(f.args, "other"), 0);
  EXPECT_EQ(IntArg(f.args, "outliers"), 0);
  EXPECT_EQ(StringArg(f.args, "longest_reason"), "GC mark termination");
  // The finding is about the longest pause.
  EXPECT_EQ(f.start, MarkTermStart(1, cycles[1]));
  EXPECT_EQ(f.end, MarkTermStart(1, cycles[1]) + 250 * kUs);

  EXPECT_EQ(f.numbers["gc_pauses"], 4);
  EXPECT_EQ(f.numbers["max_pause_ns"], 250 * kUs);
  EXPECT_EQ(f.numbers["total_pause_ns"], 700 * kUs);
  EXPECT_EQ(f.numbers["median_pause_ns"], 200 * kUs);
  EXPECT_EQ(f.numbers["outliers"], 0);
  EXPECT_TRUE(f.numbers["other_stw"].empty());

  // Every pause, longest first.
  ASSERT_EQ(f.evidence.size(), 4u);
  const struct {
    int64_t time, duration;
    const char* reason;
  } want[] = {{MarkTermStart(1, cycles[1]), 250 * kUs, "GC mark termination"},
              {MarkTermStart(0, cycles[0]), 200 * kUs, "GC mark termination"},
              {SweepTermStart(1), 150 * kUs, "GC sweep termination"},
              {SweepTermStart(0), 100 * kUs, "GC sweep termination"}};
  for (size_t i = 0; i < 4; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(f.evidence[i].message, "evidence.gc_stw.pause");
    EXPECT_EQ(f.evidence[i].time, want[i].time);
    EXPECT_EQ(DurationArg(f.evidence[i].args, "duration"), want[i].duration);
    EXPECT_EQ(StringArg(f.evidence[i].args, "reason"), want[i].reason);
  }
  EXPECT_EQ(RunAndFilter(t.analysis, "gc-stw").size(), 1u);
}

// A pause stands out at five times the median and at least 1 ms.
TEST(GcStwTest, APauseFiveTimesTheMedianAndOverAMillisecondStandsOut) {
  {
    ASSERT_ANALYZE_TEXT(t, GcTrace({{100 * kUs, 100 * kUs}, {100 * kUs, 5 * kMs}}));
    const std::vector<Finding> found = DetectGcStw(t.analysis);
    ASSERT_EQ(found.size(), 1u);
    const Finding& f = found[0];
    EXPECT_EQ(f.severity, Severity::kInfo);
    EXPECT_EQ(DurationArg(f.args, "median"), 100 * kUs);
    EXPECT_EQ(IntArg(f.args, "outliers"), 1);
    EXPECT_EQ(f.numbers["outliers"], 1);
    ASSERT_EQ(f.evidence.size(), 4u);
    EXPECT_EQ(f.evidence[0].message, "evidence.gc_stw.outlier");
    EXPECT_EQ(DurationArg(f.evidence[0].args, "duration"), 5 * kMs);
    EXPECT_EQ(StringArg(f.evidence[0].args, "reason"), "GC mark termination");
    for (size_t i = 1; i < 4; ++i) EXPECT_EQ(f.evidence[i].message, "evidence.gc_stw.pause");
  }
  {
    // 900 µs is nine times the median but below the 1 ms floor.
    ASSERT_ANALYZE_TEXT(t, GcTrace({{100 * kUs, 100 * kUs}, {100 * kUs, 900 * kUs}}));
    const std::vector<Finding> found = DetectGcStw(t.analysis);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(IntArg(found[0].args, "outliers"), 0);
    EXPECT_EQ(found[0].evidence[0].message, "evidence.gc_stw.pause");
  }
}

TEST(GcStwTest, SeverityFollowsTheLongestPause) {
  const struct {
    int64_t pause;
    Severity severity;
  } cases[] = {{10 * kMs - 1, Severity::kInfo},
               {10 * kMs, Severity::kWarning},
               {100 * kMs - 1, Severity::kWarning},
               {100 * kMs, Severity::kCritical}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.pause);
    ASSERT_ANALYZE_TEXT(t, GcTrace({{50 * kUs, c.pause}}));
    const std::vector<Finding> found = RunAndFilter(t.analysis, "gc-stw");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].severity, c.severity);
    EXPECT_EQ(DurationArg(found[0].args, "max"), c.pause);
    EXPECT_EQ(DurationArg(found[0].args, "total"), 50 * kUs + c.pause);
  }
}

TEST(GcStwTest, NoGcIsNoFinding) {
  // The same program without a GC: main runs and allocates.
  ASSERT_ANALYZE_TEXT(t, GcTrace({}));
  EXPECT_TRUE(t.analysis.stw_pauses.empty());
  EXPECT_TRUE(RunAndFilter(t.analysis, "gc-stw").empty());
}

TEST(GcStwTest, APauseStillInProgressAtTheEndIsLeftOut) {
  ASSERT_ANALYZE_TEXT(t, GcTrace({{300 * kUs, -1}}));
  ASSERT_EQ(t.analysis.stw_pauses.size(), 2u);
  const std::vector<Finding> found = DetectGcStw(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(IntArg(found[0].args, "pauses"), 1);
  EXPECT_EQ(DurationArg(found[0].args, "max"), 300 * kUs);
  EXPECT_EQ(StringArg(found[0].args, "longest_reason"), "GC sweep termination");
}

// Go 1.21 names every STW's reason; the ones that are not GC phases are
// counted by reason next to the GC pauses.
constexpr const char* kGo121Trace = R"(
go 1.21
Batch p=0 ticks=1000000
GoCreate dt=0 g=1 stack=0 stk=0
GoStart dt=0 g=1 seq=1
Gomaxprocs dt=0 procs=4 stk=0
GCStart dt=1000000 seq=0 stk=0      # @1 ms
STWStart dt=1000 kindid=2           # @1.001 ms: GC sweep termination
STWDone dt=100000                   # 100 µs
STWStart dt=5000000 kindid=1        # @6.101 ms: GC mark termination
GCDone dt=100000
STWDone dt=100000                   # 200 µs
STWStart dt=10000000 kindid=7       # @16.301 ms: read mem stats
STWDone dt=2000000                  # 2 ms
STWStart dt=10000000 kindid=7       # @28.301 ms
STWDone dt=1000000                  # 1 ms
Frequency freq=1000000000
)";

TEST(GcStwTest, OtherStopTheWorldReasonsAreCountedByReason) {
  ASSERT_ANALYZE_TEXT(t, kGo121Trace);
  const std::vector<Finding> found = DetectGcStw(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(IntArg(f.args, "pauses"), 2);
  EXPECT_EQ(IntArg(f.args, "other"), 2);
  // Only GC pauses count towards the maximum and the total.
  EXPECT_EQ(DurationArg(f.args, "max"), 200 * kUs);
  EXPECT_EQ(DurationArg(f.args, "total"), 300 * kUs);
  EXPECT_EQ(f.start, 6'101'000);
  ASSERT_EQ(f.evidence.size(), 3u);
  const analysis::Evidence& other = f.evidence[2];
  EXPECT_EQ(other.message, "evidence.gc_stw.other_reason");
  EXPECT_EQ(StringArg(other.args, "reason"), "read mem stats");
  EXPECT_EQ(IntArg(other.args, "count"), 2);
  EXPECT_EQ(DurationArg(other.args, "total"), 3 * kMs);
  EXPECT_EQ(f.numbers["other_stw"]["read mem stats"]["count"], 2);
  EXPECT_EQ(f.numbers["other_stw"]["read mem stats"]["total_ns"], 3 * kMs);
}

// A trace whose only stop-the-world is a ReadMemStats (no GC cycle): if the
// detector reports it, the headline must not say "the longest 0s, 0s in
// total" and the finding must be about that pause, not kUnknownTime.
TEST(GcStwTest, NonGcPausesAloneDoNotMakeAZeroHeadline) {
  ASSERT_ANALYZE_TEXT(t, R"(
go 1.21
Batch p=0 ticks=1000000
GoCreate dt=0 g=1 stack=0 stk=0
GoStart dt=0 g=1 seq=1
Gomaxprocs dt=0 procs=4 stk=0
STWStart dt=1000000 kindid=7        # @1 ms: read mem stats
STWDone dt=2000000                  # 2 ms
HeapAlloc dt=1000000 mem=4096
Frequency freq=1000000000
)");
  ASSERT_TRUE(t.analysis.gc_cycles.empty());
  ASSERT_EQ(t.analysis.stw_pauses.size(), 1u);
  for (const Finding& f : RunAndFilter(t.analysis, "gc-stw")) {
    EXPECT_EQ(DurationArg(f.args, "max"), 2 * kMs) << "the headline reads 'the longest 0s'";
    EXPECT_EQ(f.start, 1 * kMs);
  }
}

}  // namespace
}  // namespace tracenote::analysis_test
