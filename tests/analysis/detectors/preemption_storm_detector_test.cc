// DetectPreemptionStorm on small traces: a goroutine that spins and is
// preempted by sysmon after every time slice, told apart from preemptions by
// a stop-the-world and from short slices.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "analysis/detectors/detector_list.h"
#include "analysis/detectors/detector_test_util.h"

namespace tracenote::analysis_test {
namespace {

using analysis::DetectPreemptionStorm;
using analysis::Finding;
using analysis::Severity;

constexpr int64_t kFirstStart = 1000;
constexpr int64_t kRun = 10'000'000;  // sysmon's 10 ms time slice
constexpr int64_t kGap = 500'000;     // in the run queue between two slices
constexpr int64_t kPeriod = kRun + kGap;

constexpr const char* kStrings = R"(
String id=1 "main.spin"
String id=2 "/app/spin.go"
String id=3 "runtime.asyncPreempt"
String id=4 "/go/src/runtime/preempt_amd64.s"
String id=5 "main.hash"
String id=6 "main.main"
Stack id=1 frames=[pc=0x401000 fn=1 file=2 line=30]
Stack id=2 frames=[pc=0x402000 fn=3 file=4 line=50, pc=0x401010 fn=1 file=2 line=33]
Stack id=3 frames=[pc=0x403000 fn=5 file=2 line=40]
Stack id=4 frames=[pc=0x404000 fn=6 file=2 line=20]
)";

// G7 (main.spin) runs the slices `runs`, each ended by a preemption
// (GoPreempt with an asyncPreempt stack), waiting `gap` between them.
// Preemption number `stw_index` comes with a 150 µs stop-the-world (begun on
// P 1) that begins `stw_offset` after it (negative: before it, so it is
// preempted inside).
struct Spin {
  std::vector<int64_t> runs;
  int64_t gap = kGap;
  int stw_index = -1;
  int64_t stw_offset = -100'000;
};

struct SpinTrace {
  std::string text;
  std::vector<int64_t> preempted;  // times of the preemptions
};

SpinTrace Write(const Spin& s) {
  TraceBuilder b;
  b.At(0, "ProcStart thread=1").At(0, "GoCreate g=7 stack=1").At(0, "Gomaxprocs procs=1");
  SpinTrace out;
  int64_t t = kFirstStart, stw = -1;
  for (size_t i = 0; i < s.runs.size(); ++i) {
    b.At(t, fmt::format("GoStart g=7 seq={}", i + 1));
    t += s.runs[i];
    b.At(t, "GoPreempt stk=2");
    if (static_cast<int>(i) == s.stw_index) stw = t + s.stw_offset;
    out.preempted.push_back(t);
    t += s.gap;
  }
  b.At(t, fmt::format("GoStart g=7 seq={}", s.runs.size() + 1));  // still spinning at the end
  if (stw >= 0) {  // the goroutine stopping the world runs on P 1
    b.Batch(1, stw).At(stw, "GCSTWStart kindid=1").At(stw + 150'000, "GCSTWDone");
  }
  b.Line(kStrings);
  out.text = b.Text();
  return out;
}

TEST(PreemptionStormTest, SteadySysmonPreemptionsAreAStorm) {
  const SpinTrace spin = Write({.runs = std::vector<int64_t>(10, kRun)});
  ASSERT_ANALYZE_TEXT(t, spin.text);
  ASSERT_EQ(t.analysis.preemptions.size(), 10u);

  const std::vector<Finding> found = DetectPreemptionStorm(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.id, "preemption-storm");
  EXPECT_EQ(f.severity, Severity::kWarning);
  EXPECT_EQ(f.title, "finding.preemption_storm.title");
  EXPECT_EQ(f.explanation, "finding.preemption_storm.explanation");
  EXPECT_EQ(f.goroutines, std::vector<uint64_t>{7});
  EXPECT_EQ(f.start, spin.preempted.front());
  EXPECT_EQ(f.end, spin.preempted.back());
  EXPECT_EQ(f.start, kFirstStart + kRun);
  EXPECT_EQ(f.end, kFirstStart + kRun + 9 * kPeriod);

  EXPECT_EQ(IntArg(f.args, "goroutine"), 7);
  EXPECT_EQ(IntArg(f.args, "count"), 10);
  EXPECT_EQ(DurationArg(f.args, "period"), kPeriod);
  EXPECT_EQ(DurationArg(f.args, "ran_for"), kRun);
  EXPECT_EQ(IntArg(f.args, "goroutines"), 1);
  EXPECT_EQ(IntArg(f.args, "sysmon"), 10);
  EXPECT_EQ(IntArg(f.args, "stw"), 0);
  EXPECT_EQ(IntArg(f.args, "total"), 10);

  EXPECT_EQ(f.numbers["preemptions"], 10);
  EXPECT_EQ(f.numbers["sysmon_preemptions"], 10);
  EXPECT_EQ(f.numbers["stw_preemptions"], 0);
  EXPECT_EQ(f.numbers["other_preemptions"], 0);
  ASSERT_EQ(f.numbers["goroutines"].size(), 1u);
  const auto& row = f.numbers["goroutines"][0];
  EXPECT_EQ(row["goroutine"], 7);
  EXPECT_EQ(row["sysmon_preemptions"], 10);
  EXPECT_EQ(row["stw_preemptions"], 0);
  EXPECT_EQ(row["period_p10_ns"], kPeriod);
  EXPECT_EQ(row["period_p50_ns"], kPeriod);
  EXPECT_EQ(row["period_p90_ns"], kPeriod);
  EXPECT_EQ(row["ran_for_p50_ns"], kRun);
  EXPECT_EQ(row["first_ns"], spin.preempted.front());
  EXPECT_EQ(row["last_ns"], spin.preempted.back());

  ASSERT_EQ(f.evidence.size(), 1u);
  const analysis::Evidence& e = f.evidence[0];
  EXPECT_EQ(e.message, "evidence.preemption_storm.goroutine");
  EXPECT_EQ(e.goroutine, 7u);
  EXPECT_EQ(e.time, spin.preempted.front());
  EXPECT_EQ(IntArg(e.args, "count"), 10);
  EXPECT_EQ(DurationArg(e.args, "period"), kPeriod);
  EXPECT_EQ(DurationArg(e.args, "period_p10"), kPeriod);
  EXPECT_EQ(DurationArg(e.args, "period_p90"), kPeriod);
  EXPECT_EQ(DurationArg(e.args, "ran_for"), kRun);
  EXPECT_EQ(StackFunctions(t.tables(), e.stack),
            (std::vector<std::string>{"runtime.asyncPreempt", "main.spin"}));

  // The detector is registered: RunDetectors reports the same finding.
  EXPECT_EQ(RunAndFilter(t.analysis, "preemption-storm").size(), 1u);
}

// The period is measured, not assumed: the median gap between preemptions
// (nearest rank), here 11.5 ms, while the mean gap is about 13.1 ms.
TEST(PreemptionStormTest, PeriodIsTheMedianGapBetweenPreemptions) {
  constexpr int64_t kMs = 1'000'000, k100us = 100'000;
  const std::vector<int64_t> runs = {10 * kMs,
                                     12 * kMs,
                                     10 * kMs + 5 * k100us,
                                     20 * kMs,
                                     11 * kMs,
                                     10 * kMs + 2 * k100us,
                                     14 * kMs,
                                     10 * kMs + 8 * k100us,
                                     13 * kMs,
                                     10 * kMs + k100us};
  ASSERT_ANALYZE_TEXT(t, Write({.runs = runs}).text);
  const std::vector<Finding> found = DetectPreemptionStorm(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  // Gaps are runs[1..9] + 0.5 ms: 10.6 10.7 11.0 11.3 11.5 12.5 13.5 14.5 20.5 ms sorted.
  const auto& row = found[0].numbers["goroutines"][0];
  EXPECT_EQ(row["period_p10_ns"], 10 * kMs + 7 * k100us);
  EXPECT_EQ(row["period_p50_ns"], 11 * kMs + 5 * k100us);
  EXPECT_EQ(row["period_p90_ns"], 14 * kMs + 5 * k100us);
  EXPECT_EQ(DurationArg(found[0].args, "period"), 11 * kMs + 5 * k100us);
  // Ten slices: the nearest-rank median is the 6th smallest, 11 ms.
  EXPECT_EQ(DurationArg(found[0].args, "ran_for"), 11 * kMs);
}

TEST(PreemptionStormTest, PreemptionInsideAStopTheWorldCountsAsStw) {
  // Eleven slices of 10 ms; the 6th preemption happens 100 µs into a STW.
  ASSERT_ANALYZE_TEXT(t, Write({.runs = std::vector<int64_t>(11, kRun), .stw_index = 5}).text);
  ASSERT_EQ(t.analysis.preemptions.size(), 11u);
  EXPECT_TRUE(t.analysis.preemptions[5].during_stw);
  EXPECT_FALSE(t.analysis.preemptions[4].during_stw);

  const std::vector<Finding> found = DetectPreemptionStorm(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(IntArg(f.args, "count"), 10);
  EXPECT_EQ(IntArg(f.args, "sysmon"), 10);
  EXPECT_EQ(IntArg(f.args, "stw"), 1);
  EXPECT_EQ(IntArg(f.args, "total"), 11);
  EXPECT_EQ(f.numbers["stw_preemptions"], 1);
  EXPECT_EQ(f.numbers["goroutines"][0]["stw_preemptions"], 1);
  // Without the STW one the gaps are 4 × P, 2P, 4 × P: the median is P.
  EXPECT_EQ(DurationArg(f.args, "period"), kPeriod);
}

TEST(PreemptionStormTest, NineSysmonPreemptionsAndOneInsideAStwAreNoStorm) {
  ASSERT_ANALYZE_TEXT(t, Write({.runs = std::vector<int64_t>(10, kRun), .stw_index = 9}).text);
  ASSERT_EQ(t.analysis.preemptions.size(), 10u);
  EXPECT_TRUE(t.analysis.preemptions[9].during_stw);
  EXPECT_TRUE(RunAndFilter(t.analysis, "preemption-storm").empty());
}

// Before mark termination the runtime preempts every P (forEachP's ragged
// barrier) and then stops the world: a goroutine preempted after a short
// slice up to 200 µs before a STW begins is counted with the STW; 300 µs
// before, it is neither sysmon's nor the STW's.
TEST(PreemptionStormTest, AShortSliceEndingJustBeforeAStwIsPartOfIt) {
  std::vector<int64_t> runs(10, kRun);
  runs.push_back(2'000'000);
  for (const auto& [offset, stw] : {std::pair<int64_t, bool>{150'000, true}, {300'000, false}}) {
    SCOPED_TRACE(offset);
    ASSERT_ANALYZE_TEXT(t, Write({.runs = runs, .stw_index = 10, .stw_offset = offset}).text);
    ASSERT_EQ(t.analysis.preemptions.size(), 11u);
    EXPECT_EQ(t.analysis.preemptions[10].during_stw, stw);
    const std::vector<Finding> found = DetectPreemptionStorm(t.analysis);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(IntArg(found[0].args, "sysmon"), 10);
    EXPECT_EQ(found[0].numbers["stw_preemptions"], stw ? 1 : 0);
    EXPECT_EQ(found[0].numbers["other_preemptions"], stw ? 0 : 1);
  }
}

// GOMAXPROCS=1, as in samples/spin: G1 (main) can only call runtime.GC once
// sysmon has preempted the spinner, so the world stops a few µs after that
// preemption. It ended a full 10 ms slice while nothing was stopping the
// world: it is sysmon's, and with it there are ten.
//
// Fails today: Finish() in src/analysis/trace_analysis.cc marks every
// preemption up to kStwLead (200 µs) before a STW as during_stw, whatever it
// ran for, so this one counts as a STW preemption, leaving nine: no storm.
// (samples/spin likewise reports 2 of G7's 152 sysmon preemptions as STW.)
TEST(PreemptionStormTest, SysmonPreemptionThatLetsTheGcRunIsSysmons) {
  TraceBuilder b;
  b.At(0, "ProcStart thread=1").At(0, "GoCreate g=1 stack=4").At(0, "GoWaiting g=1");
  b.At(0, "GoCreate g=7 stack=1").At(0, "Gomaxprocs procs=1");
  int64_t t = kFirstStart;
  for (int i = 0; i < 10; ++i) {
    b.At(t, fmt::format("GoStart g=7 seq={}", i + 1));
    t += kRun;
    b.At(t, "GoPreempt stk=2");
    if (i < 9) t += kGap;
  }
  // The timer wakes main, which runs runtime.GC on the P G7 just left.
  b.At(t + 2'000, "GoUnblock g=1 seq=2").At(t + 3'000, "GoStart g=1 seq=3");
  b.At(t + 5'000, "GCStart seq=0 stk=0").At(t + 13'000, "GCSTWStart kindid=1");
  b.At(t + 60'000, "GCSTWDone").At(t + 100'000, "GoBlockRecv stk=0");
  b.At(t + 110'000, "GoStart g=7 seq=11");
  b.Line(kStrings);
  ASSERT_ANALYZE_TEXT(a, b.Text());
  ASSERT_EQ(a.analysis.preemptions.size(), 10u);
  ASSERT_EQ(a.analysis.preemptions[9].ran_for, kRun);

  const std::vector<Finding> found = DetectPreemptionStorm(a.analysis);
  ASSERT_EQ(found.size(), 1u) << "the last sysmon preemption was counted as a STW one";
  EXPECT_EQ(IntArg(found[0].args, "count"), 10);
  EXPECT_EQ(IntArg(found[0].args, "sysmon"), 10);
  EXPECT_EQ(IntArg(found[0].args, "stw"), 0);
}

TEST(PreemptionStormTest, NinePreemptionsAreNoStorm) {
  ASSERT_ANALYZE_TEXT(t, Write({.runs = std::vector<int64_t>(9, kRun)}).text);
  EXPECT_EQ(t.analysis.preemptions.size(), 9u);
  EXPECT_TRUE(RunAndFilter(t.analysis, "preemption-storm").empty());
}

TEST(PreemptionStormTest, ShortRunSlicesAreNoStorm) {
  // Twenty preemptions after 5 ms each: not sysmon's time slice.
  ASSERT_ANALYZE_TEXT(t, Write({.runs = std::vector<int64_t>(20, 5'000'000)}).text);
  EXPECT_EQ(t.analysis.preemptions.size(), 20u);
  EXPECT_TRUE(RunAndFilter(t.analysis, "preemption-storm").empty());
}

// sysmon's slice is 10 ms; the detector allows for tick jitter down to 9.5 ms.
TEST(PreemptionStormTest, SlicesFromNineAndAHalfMillisecondsCount) {
  ASSERT_ANALYZE_TEXT(below, Write({.runs = std::vector<int64_t>(10, 9'499'999)}).text);
  EXPECT_TRUE(RunAndFilter(below.analysis, "preemption-storm").empty());
  ASSERT_ANALYZE_TEXT(at, Write({.runs = std::vector<int64_t>(10, 9'500'000)}).text);
  ASSERT_EQ(RunAndFilter(at.analysis, "preemption-storm").size(), 1u);
}

// G7 and G8 take turns on one P; G7 is preempted 12 times, G8 10 times.
TEST(PreemptionStormTest, SeveralGoroutinesAreRankedByPreemptions) {
  TraceBuilder b;
  b.At(0, "GoCreate g=7 stack=1").At(0, "GoCreate g=8 stack=3").At(0, "Gomaxprocs procs=1");
  int64_t t = kFirstStart;
  int seq7 = 1, seq8 = 1;
  for (int i = 0; i < 22; ++i) {
    const bool g7 = i % 2 == 0 || i >= 20;
    b.At(t, fmt::format("GoStart g={} seq={}", g7 ? 7 : 8, g7 ? seq7++ : seq8++));
    t += kRun;
    b.At(t, "GoPreempt stk=2");
    t += kGap;
  }
  b.Line(kStrings);
  ASSERT_ANALYZE_TEXT(a, b.Text());
  const std::vector<Finding> found = DetectPreemptionStorm(a.analysis);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.goroutines, (std::vector<uint64_t>{7, 8}));
  EXPECT_EQ(IntArg(f.args, "goroutine"), 7);
  EXPECT_EQ(IntArg(f.args, "count"), 12);
  EXPECT_EQ(IntArg(f.args, "goroutines"), 2);
  EXPECT_EQ(IntArg(f.args, "sysmon"), 22);
  ASSERT_EQ(f.evidence.size(), 2u);
  EXPECT_EQ(f.evidence[1].goroutine, 8u);
  EXPECT_EQ(IntArg(f.evidence[1].args, "count"), 10);
  // Each waits for the other's slice: the period is two slices and two gaps.
  EXPECT_EQ(DurationArg(f.evidence[1].args, "period"), 2 * kPeriod);
  // G7's last two slices follow each other: of its 11 gaps, 10 are 2P.
  EXPECT_EQ(DurationArg(f.args, "period"), 2 * kPeriod);
}

}  // namespace
}  // namespace tracenote::analysis_test
