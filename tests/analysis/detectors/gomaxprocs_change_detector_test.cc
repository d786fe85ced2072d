// DetectGomaxprocsChanges on small traces: Gomaxprocs events with new
// values are changes; the same value written again is not.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "analysis/detectors/detector_list.h"
#include "analysis/detectors/detector_test_util.h"

namespace tracenote::analysis_test {
namespace {

using analysis::DetectGomaxprocsChanges;
using analysis::Finding;
using analysis::Severity;

constexpr int64_t kMs = 1'000'000;

// G1 (main.main) runs on P 0; GOMAXPROCS is `initial` at the start and is
// set to each (time, value) of `sets` (runtime.GOMAXPROCS); the trace ends
// 1 ms after the last.
std::string ProcsTrace(int initial, const std::vector<std::pair<int64_t, int>>& sets) {
  TraceBuilder b;
  b.At(0, "ProcStart thread=1").At(0, "GoCreate g=1 stack=2");
  b.At(0, fmt::format("Gomaxprocs procs={}", initial)).At(0, "GoStart g=1 seq=1");
  int64_t t = 0;
  for (const auto& [time, value] : sets) {
    b.At(time, fmt::format("Gomaxprocs procs={} stk=1", value));
    t = time;
  }
  b.At(t + kMs, "HeapAlloc mem=4096");
  b.Line(R"(
String id=1 "runtime.GOMAXPROCS"
String id=2 "/go/src/runtime/debug.go"
String id=3 "main.main"
String id=4 "/app/main.go"
Stack id=1 frames=[pc=0x401000 fn=1 file=2 line=20, pc=0x402000 fn=3 file=4 line=9]
Stack id=2 frames=[pc=0x402000 fn=3 file=4 line=5]
)");
  return b.Text();
}

TEST(GomaxprocsChangeTest, ANewValueIsAChange) {
  ASSERT_ANALYZE_TEXT(t, ProcsTrace(4, {{5 * kMs, 8}}));
  const std::vector<Finding> found = DetectGomaxprocsChanges(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.id, "gomaxprocs-change");
  EXPECT_EQ(f.severity, Severity::kInfo);
  EXPECT_EQ(f.title, "finding.gomaxprocs_change.title");
  EXPECT_EQ(f.explanation, "finding.gomaxprocs_change.explanation");
  EXPECT_EQ(IntArg(f.args, "changes"), 1);
  EXPECT_EQ(IntArg(f.args, "from"), 4);
  EXPECT_EQ(IntArg(f.args, "to"), 8);
  EXPECT_EQ(f.start, 5 * kMs);
  EXPECT_EQ(f.end, 5 * kMs);
  ASSERT_EQ(f.evidence.size(), 1u);
  EXPECT_EQ(f.evidence[0].message, "evidence.gomaxprocs_change.change");
  EXPECT_EQ(f.evidence[0].time, 5 * kMs);
  EXPECT_EQ(IntArg(f.evidence[0].args, "from"), 4);
  EXPECT_EQ(IntArg(f.evidence[0].args, "to"), 8);
  EXPECT_EQ(f.numbers["initial"], 4);
  ASSERT_EQ(f.numbers["changes"].size(), 1u);
  EXPECT_EQ(f.numbers["changes"][0]["time_ns"], 5 * kMs);
  EXPECT_EQ(f.numbers["changes"][0]["value"], 8);
  EXPECT_EQ(t.analysis.max_gomaxprocs, 8u);
  EXPECT_EQ(RunAndFilter(t.analysis, "gomaxprocs-change").size(), 1u);
}

TEST(GomaxprocsChangeTest, FromIsTheFirstValueAndToTheLast) {
  ASSERT_ANALYZE_TEXT(t, ProcsTrace(4, {{5 * kMs, 8}, {7 * kMs, 2}}));
  const std::vector<Finding> found = DetectGomaxprocsChanges(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(IntArg(f.args, "changes"), 2);
  EXPECT_EQ(IntArg(f.args, "from"), 4);
  EXPECT_EQ(IntArg(f.args, "to"), 2);
  EXPECT_EQ(f.start, 5 * kMs);
  EXPECT_EQ(f.end, 7 * kMs);
  ASSERT_EQ(f.evidence.size(), 2u);
  EXPECT_EQ(IntArg(f.evidence[1].args, "from"), 8);
  EXPECT_EQ(IntArg(f.evidence[1].args, "to"), 2);
  EXPECT_EQ(f.evidence[1].time, 7 * kMs);
}

TEST(GomaxprocsChangeTest, TheSameValueAgainIsNoChange) {
  ASSERT_ANALYZE_TEXT(t, ProcsTrace(4, {{3 * kMs, 4}, {6 * kMs, 4}}));
  EXPECT_EQ(t.analysis.gomaxprocs.size(), 1u);
  EXPECT_TRUE(RunAndFilter(t.analysis, "gomaxprocs-change").empty());
}

TEST(GomaxprocsChangeTest, OnlyTheGomaxprocsAtTheStartIsNoChange) {
  ASSERT_ANALYZE_TEXT(t, ProcsTrace(4, {}));
  EXPECT_TRUE(RunAndFilter(t.analysis, "gomaxprocs-change").empty());
}

TEST(GomaxprocsChangeTest, ARepeatedValueBetweenChangesIsSkipped) {
  // 4, 4 (3 ms), 8 (5 ms): one change, at 5 ms.
  ASSERT_ANALYZE_TEXT(t, ProcsTrace(4, {{3 * kMs, 4}, {5 * kMs, 8}}));
  const std::vector<Finding> found = DetectGomaxprocsChanges(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(IntArg(found[0].args, "changes"), 1);
  EXPECT_EQ(found[0].start, 5 * kMs);
  EXPECT_EQ(IntArg(found[0].evidence[0].args, "from"), 4);
}

TEST(GomaxprocsChangeTest, TenChangesAreListedAndAllAreCounted) {
  std::vector<std::pair<int64_t, int>> sets;
  for (int i = 1; i <= 12; ++i) sets.emplace_back(i * kMs, i % 2 ? 8 : 4);
  ASSERT_ANALYZE_TEXT(t, ProcsTrace(4, sets));
  const std::vector<Finding> found = DetectGomaxprocsChanges(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(IntArg(found[0].args, "changes"), 12);
  EXPECT_EQ(IntArg(found[0].args, "from"), 4);
  EXPECT_EQ(IntArg(found[0].args, "to"), 4);
  EXPECT_EQ(found[0].evidence.size(), 10u);
  EXPECT_EQ(found[0].numbers["changes"].size(), 12u);
  EXPECT_EQ(found[0].end, 12 * kMs);
}

}  // namespace
}  // namespace tracenote::analysis_test
