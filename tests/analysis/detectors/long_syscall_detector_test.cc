// DetectLongSyscalls on small traces: blocking syscalls (they lost their P)
// that lasted 10 ms or more, from GoSysCall to the real return time of
// GoSysExit, or to the end of the trace for one that never returned.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analysis/detectors/detector_list.h"
#include "analysis/detectors/detector_test_util.h"

namespace tracenote::analysis_test {
namespace {

using analysis::DetectLongSyscalls;
using analysis::Finding;
using analysis::Severity;

constexpr int64_t kUs = 1'000, kMs = 1'000'000;
const std::vector<std::string> kReadStack = {"syscall.Syscall", "main.readFile"};

TEST(LongSyscallTest, AFifteenMillisecondSyscallIsLong) {
  ASSERT_ANALYZE_TEXT(t, SyscallTrace({{.enter = 10 * kUs, .duration = 15 * kMs}}, 20 * kMs));
  const std::vector<Finding> found = DetectLongSyscalls(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.id, "long-syscall");
  EXPECT_EQ(f.severity, Severity::kInfo);
  EXPECT_EQ(f.title, "finding.long_syscall.title");
  EXPECT_EQ(f.explanation, "finding.long_syscall.explanation");
  EXPECT_EQ(IntArg(f.args, "count"), 1);
  EXPECT_EQ(DurationArg(f.args, "max"), 15 * kMs);
  EXPECT_EQ(f.start, 10 * kUs);
  EXPECT_EQ(f.end, 10 * kUs + 15 * kMs);
  EXPECT_EQ(f.goroutines, std::vector<uint64_t>{5});

  ASSERT_EQ(f.evidence.size(), 1u);
  const analysis::Evidence& e = f.evidence[0];
  EXPECT_EQ(e.message, "evidence.long_syscall.syscall");
  EXPECT_EQ(e.time, 10 * kUs);
  EXPECT_EQ(e.goroutine, 5u);
  EXPECT_EQ(StackFunctions(t.tables(), e.stack), kReadStack);
  EXPECT_EQ(IntArg(e.args, "goroutine"), 5);
  EXPECT_EQ(DurationArg(e.args, "duration"), 15 * kMs);
  EXPECT_EQ(IntArg(e.args, "thread"), 1);

  EXPECT_EQ(f.numbers["count"], 1);
  ASSERT_EQ(f.numbers["longest"].size(), 1u);
  const auto& row = f.numbers["longest"][0];
  EXPECT_EQ(row["goroutine"], 5);
  EXPECT_EQ(row["start_ns"], 10 * kUs);
  EXPECT_EQ(row["duration_ns"], 15 * kMs);
  EXPECT_EQ(row["finished"], true);
  EXPECT_EQ(row["thread"], 1);
  EXPECT_EQ(RunAndFilter(t.analysis, "long-syscall").size(), 1u);
}

TEST(LongSyscallTest, ShortBlockingSyscallsAreNotLong) {
  // 5 ms, and 1 ns short of 10 ms: handoffs, but not long syscalls.
  ASSERT_ANALYZE_TEXT(t, SyscallTrace({{.enter = 10 * kUs, .duration = 5 * kMs},
                                       {.enter = 6 * kMs, .duration = 10 * kMs - 1}},
                                      30 * kMs));
  EXPECT_EQ(t.analysis.blocked_syscalls.size(), 2u);
  EXPECT_EQ(RunAndFilter(t.analysis, "syscall-handoff").size(), 1u);
  EXPECT_TRUE(RunAndFilter(t.analysis, "long-syscall").empty());
}

TEST(LongSyscallTest, TenMillisecondsIsLong) {
  ASSERT_ANALYZE_TEXT(t, SyscallTrace({{.enter = 10 * kUs, .duration = 10 * kMs}}, 30 * kMs));
  const std::vector<Finding> found = RunAndFilter(t.analysis, "long-syscall");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(DurationArg(found[0].args, "max"), 10 * kMs);
}

TEST(LongSyscallTest, ASyscallStillBlockedAtTheEndIsUnfinished) {
  // Enters at 10 µs and never returns; the trace ends at 50 ms.
  ASSERT_ANALYZE_TEXT(t, SyscallTrace({{.enter = 10 * kUs, .duration = -1}}, 50 * kMs));
  ASSERT_EQ(t.analysis.blocked_syscalls.size(), 1u);
  EXPECT_EQ(t.analysis.blocked_syscalls[0].end, analysis::kUnknownTime);
  const std::vector<Finding> found = DetectLongSyscalls(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(DurationArg(f.args, "max"), 50 * kMs - 10 * kUs);
  EXPECT_EQ(f.end, 50 * kMs);
  ASSERT_EQ(f.evidence.size(), 1u);
  EXPECT_EQ(f.evidence[0].message, "evidence.long_syscall.unfinished");
  EXPECT_EQ(DurationArg(f.evidence[0].args, "duration"), 50 * kMs - 10 * kUs);
  EXPECT_EQ(StackFunctions(t.tables(), f.evidence[0].stack), kReadStack);
  EXPECT_EQ(f.numbers["longest"][0]["finished"], false);
}

TEST(LongSyscallTest, ASecondOrMoreIsAWarning) {
  ASSERT_ANALYZE_TEXT(
      t, SyscallTrace({{.enter = 10 * kUs, .duration = 1000 * kMs, .stack = 2}}, 1100 * kMs));
  const std::vector<Finding> found = DetectLongSyscalls(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kWarning);
  EXPECT_EQ(DurationArg(found[0].args, "max"), 1000 * kMs);
  EXPECT_EQ(StackFunctions(t.tables(), found[0].evidence[0].stack),
            (std::vector<std::string>{"syscall.Syscall", "main.writeLog"}));
}

TEST(LongSyscallTest, TheLongestFiveAreListedLongestFirst) {
  const int64_t durations_ms[] = {12, 30, 11, 5, 25, 40, 18, 13};
  std::vector<BlockingSyscall> calls;
  int64_t enter = 10 * kUs;
  for (int64_t d : durations_ms) {
    calls.push_back({.enter = enter, .duration = d * kMs});
    enter += d * kMs + 100 * kUs;
  }
  ASSERT_ANALYZE_TEXT(t, SyscallTrace(calls, enter));
  const std::vector<Finding> found = DetectLongSyscalls(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(IntArg(f.args, "count"), 7);  // all but the 5 ms one
  EXPECT_EQ(f.numbers["count"], 7);
  EXPECT_EQ(DurationArg(f.args, "max"), 40 * kMs);
  EXPECT_EQ(f.start, calls[5].enter);
  ASSERT_EQ(f.evidence.size(), 5u);
  const int64_t want_ms[] = {40, 30, 25, 18, 13};
  const int want_call[] = {5, 1, 4, 6, 7};
  for (size_t i = 0; i < 5; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(DurationArg(f.evidence[i].args, "duration"), want_ms[i] * kMs);
    EXPECT_EQ(f.evidence[i].time, calls[want_call[i]].enter);
    // Syscall i runs on thread i + 1 (the P moves to a new thread each time).
    EXPECT_EQ(IntArg(f.evidence[i].args, "thread"), want_call[i] + 1);
  }
  EXPECT_EQ(f.numbers["longest"].size(), 5u);
}

}  // namespace
}  // namespace tracenote::analysis_test
