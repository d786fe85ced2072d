// DetectSyscallHandoff on small traces: syscalls that lose their P
// (GoSysCall, GoSysBlock, ProcStop, ProcStart on a new thread, GoSysExit),
// the cause told by timing (handoff < 20 µs <= sysmon) or a stop-the-world,
// and the rate that makes a storm.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analysis/detectors/detector_list.h"
#include "analysis/detectors/detector_test_util.h"

namespace tracenote::analysis_test {
namespace {

using analysis::DetectSyscallHandoff;
using analysis::Finding;
using analysis::Severity;

const std::vector<std::string> kReadStack = {"syscall.Syscall", "main.readFile"};
const std::vector<std::string> kWriteStack = {"syscall.Syscall", "main.writeLog"};

TEST(SyscallHandoffTest, SysmonRetakesThePAfterASyscallOfTwentyMicrosecondsOrMore) {
  // Enters at 10 µs, the P is lost 30 µs later and runs again on thread 2
  // 3 µs after that; the trace lasts 20 ms, so 50 handoffs per second.
  ASSERT_ANALYZE_TEXT(t, SyscallTrace({{.enter = 10'000}}, 20'000'000));
  ASSERT_EQ(t.analysis.blocked_syscalls.size(), 1u);

  const std::vector<Finding> found = DetectSyscallHandoff(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.id, "syscall-handoff");
  EXPECT_EQ(f.severity, Severity::kInfo);
  EXPECT_EQ(f.title, "finding.syscall_handoff.title");
  EXPECT_EQ(f.explanation, "finding.syscall_handoff.explanation");
  EXPECT_EQ(f.start, 10'000);
  EXPECT_EQ(f.end, 40'000);

  EXPECT_EQ(IntArg(f.args, "count"), 1);
  EXPECT_EQ(IntArg(f.args, "sysmon"), 1);
  EXPECT_EQ(IntArg(f.args, "self"), 0);
  EXPECT_EQ(IntArg(f.args, "stw"), 0);
  EXPECT_DOUBLE_EQ(DoubleArg(f.args, "rate"), 50.0);
  EXPECT_EQ(DurationArg(f.args, "before_p50"), 30'000);
  EXPECT_EQ(DurationArg(f.args, "before_max"), 30'000);
  EXPECT_EQ(DurationArg(f.args, "restart_p50"), kSyscallRestart);
  EXPECT_EQ(DurationArg(f.args, "restart_max"), kSyscallRestart);
  EXPECT_EQ(IntArg(f.args, "threads"), 1);

  EXPECT_EQ(f.numbers["handoffs"], 1);
  EXPECT_DOUBLE_EQ(f.numbers["per_second"].get<double>(), 50.0);
  EXPECT_EQ(f.numbers["by_cause"]["handoff"], 0);
  EXPECT_EQ(f.numbers["by_cause"]["sysmon"], 1);
  EXPECT_EQ(f.numbers["by_cause"]["stw"], 0);
  EXPECT_EQ(f.numbers["before_handoff_p50_ns"], 30'000);
  EXPECT_EQ(f.numbers["until_p_runs_p50_ns"], kSyscallRestart);
  EXPECT_EQ(f.numbers["threads_taking_over"], 1);
  ASSERT_EQ(f.numbers["stacks"].size(), 1u);
  EXPECT_EQ(f.numbers["stacks"][0]["count"], 1);
  EXPECT_EQ(f.numbers["stacks"][0]["example_goroutine"], 5);

  ASSERT_EQ(f.evidence.size(), 1u);
  const analysis::Evidence& e = f.evidence[0];
  EXPECT_EQ(e.message, "evidence.syscall_handoff.stack");
  EXPECT_EQ(e.time, 10'000);
  EXPECT_EQ(e.goroutine, 5u);
  EXPECT_EQ(StackFunctions(t.tables(), e.stack), kReadStack);
  EXPECT_EQ(IntArg(e.args, "count"), 1);
  EXPECT_EQ(DurationArg(e.args, "before"), 30'000);
  EXPECT_EQ(StringArg(e.args, "cause"), "sysmon");
  EXPECT_EQ(IntArg(e.args, "thread"), 1);
  EXPECT_EQ(IntArg(e.args, "next_thread"), 2);
  EXPECT_EQ(IntArg(e.args, "goroutine"), 5);

  EXPECT_EQ(RunAndFilter(t.analysis, "syscall-handoff").size(), 1u);
}

// Below sysmon's shortest tick (20 µs) the thread handed its P off itself
// (entersyscallblock); from 20 µs on, sysmon took it.
TEST(SyscallHandoffTest, CauseIsTheHandoffBelowTwentyMicroseconds) {
  ASSERT_ANALYZE_TEXT(t, SyscallTrace({{.enter = 10'000, .before_block = 19'999, .stack = 1},
                                       {.enter = 2'000'000, .before_block = 20'000, .stack = 2},
                                       {.enter = 4'000'000, .before_block = 5'000, .stack = 2}},
                                      40'000'000));
  const std::vector<Finding> found = DetectSyscallHandoff(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.severity, Severity::kInfo);  // 75 per second
  EXPECT_DOUBLE_EQ(DoubleArg(f.args, "rate"), 75.0);
  EXPECT_EQ(IntArg(f.args, "self"), 2);
  EXPECT_EQ(IntArg(f.args, "sysmon"), 1);
  EXPECT_EQ(f.numbers["by_cause"]["handoff"], 2);
  EXPECT_EQ(f.numbers["by_cause"]["sysmon"], 1);
  EXPECT_EQ(f.numbers["before_handoff_p50_ns"], 19'999);  // of 5000, 19999, 20000
  EXPECT_EQ(DurationArg(f.args, "before_max"), 20'000);
  EXPECT_EQ(IntArg(f.args, "threads"), 3);  // threads 2, 3 and 4 took the P over
  EXPECT_EQ(f.end, 4'005'000);

  // One row per syscall stack, the most frequent first; the cause is the
  // first syscall's.
  ASSERT_EQ(f.evidence.size(), 2u);
  const analysis::Evidence& write = f.evidence[0];
  EXPECT_EQ(StackFunctions(t.tables(), write.stack), kWriteStack);
  EXPECT_EQ(IntArg(write.args, "count"), 2);
  EXPECT_EQ(write.time, 2'000'000);
  EXPECT_EQ(DurationArg(write.args, "before"), 20'000);  // nearest-rank median of 5000, 20000
  EXPECT_EQ(StringArg(write.args, "cause"), "sysmon");
  EXPECT_EQ(IntArg(write.args, "thread"), 2);
  EXPECT_EQ(IntArg(write.args, "next_thread"), 3);
  const analysis::Evidence& read = f.evidence[1];
  EXPECT_EQ(StackFunctions(t.tables(), read.stack), kReadStack);
  EXPECT_EQ(IntArg(read.args, "count"), 1);
  EXPECT_EQ(DurationArg(read.args, "before"), 19'999);
  EXPECT_EQ(StringArg(read.args, "cause"), "handoff");
  EXPECT_EQ(IntArg(read.args, "thread"), 1);
  EXPECT_EQ(IntArg(read.args, "next_thread"), 2);
  ASSERT_EQ(f.numbers["stacks"].size(), 2u);
  EXPECT_EQ(f.numbers["stacks"][0]["count"], 2);
  EXPECT_EQ(f.numbers["stacks"][1]["count"], 1);
}

TEST(SyscallHandoffTest, ThePTakenInsideAStopTheWorldIsStw) {
  // 50 µs in the syscall would be sysmon's, but a STW is in progress.
  ASSERT_ANALYZE_TEXT(
      t, SyscallTrace({{.enter = 10'000, .before_block = 50'000, .stw = true}}, 20'000'000));
  ASSERT_EQ(t.analysis.blocked_syscalls.size(), 1u);
  EXPECT_TRUE(t.analysis.blocked_syscalls[0].during_stw);
  const std::vector<Finding> found = DetectSyscallHandoff(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(IntArg(f.args, "stw"), 1);
  EXPECT_EQ(IntArg(f.args, "sysmon"), 0);
  EXPECT_EQ(IntArg(f.args, "self"), 0);
  EXPECT_EQ(f.numbers["by_cause"]["stw"], 1);
  ASSERT_EQ(f.evidence.size(), 1u);
  EXPECT_EQ(StringArg(f.evidence[0].args, "cause"), "stw");
  EXPECT_EQ(DurationArg(f.evidence[0].args, "before"), 50'000);
}

TEST(SyscallHandoffTest, OneHundredHandoffsPerSecondAreAStorm) {
  // Ten syscalls 2 ms apart in a 25 ms trace: 400 per second.
  std::vector<BlockingSyscall> calls;
  for (int i = 0; i < 10; ++i) calls.push_back({.enter = 10'000 + i * 2'000'000});
  ASSERT_ANALYZE_TEXT(t, SyscallTrace(calls, 25'000'000));
  const std::vector<Finding> found = DetectSyscallHandoff(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.severity, Severity::kWarning);
  EXPECT_EQ(f.title, "finding.syscall_handoff.storm_title");
  EXPECT_EQ(IntArg(f.args, "count"), 10);
  EXPECT_DOUBLE_EQ(DoubleArg(f.args, "rate"), 400.0);
  EXPECT_EQ(IntArg(f.args, "threads"), 10);
  EXPECT_EQ(f.start, 10'000);
  EXPECT_EQ(f.end, 10'000 + 9 * 2'000'000 + 30'000);
  ASSERT_EQ(f.evidence.size(), 1u);  // one stack
  EXPECT_EQ(IntArg(f.evidence[0].args, "count"), 10);
}

TEST(SyscallHandoffTest, StormThresholdIsOneHundredPerSecond) {
  const std::vector<BlockingSyscall> two = {{.enter = 10'000}, {.enter = 5'000'000}};
  {
    ASSERT_ANALYZE_TEXT(t, SyscallTrace(two, 20'000'000));  // exactly 100 per second
    const std::vector<Finding> found = DetectSyscallHandoff(t.analysis);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].severity, Severity::kWarning);
    EXPECT_DOUBLE_EQ(DoubleArg(found[0].args, "rate"), 100.0);
  }
  {
    ASSERT_ANALYZE_TEXT(t, SyscallTrace(two, 20'200'000));  // 99.0099 per second
    const std::vector<Finding> found = DetectSyscallHandoff(t.analysis);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].severity, Severity::kInfo);
    EXPECT_EQ(found[0].title, "finding.syscall_handoff.title");
    EXPECT_DOUBLE_EQ(DoubleArg(found[0].args, "rate"), 99.0);  // one decimal, cut
  }
}

// A syscall that returns before anything takes its P has no GoSysBlock in a
// v1 trace: many of them are no handoffs at all.
TEST(SyscallHandoffTest, FastSyscallsAreNoHandoff) {
  TraceBuilder b;
  b.At(0, "ProcStart thread=1").At(0, "GoCreate g=5 stack=3").At(0, "Gomaxprocs procs=1");
  b.At(1'000, "GoStart g=5 seq=1");
  for (int i = 0; i < 200; ++i) b.At(10'000 + i * 50'000, "GoSysCall stk=1");
  b.At(20'000'000, "GoEnd");
  b.Line(R"(
String id=1 "syscall.Syscall"
String id=2 "/go/src/syscall/syscall_linux.go"
String id=3 "main.reader"
Stack id=1 frames=[pc=0x401000 fn=1 file=2 line=68]
Stack id=3 frames=[pc=0x404000 fn=3 file=2 line=10]
)");
  ASSERT_ANALYZE_TEXT(t, b.Text());
  EXPECT_TRUE(t.analysis.blocked_syscalls.empty());
  EXPECT_EQ(t.analysis.goroutines.back().syscalls, 200u);
  EXPECT_TRUE(RunAndFilter(t.analysis, "syscall-handoff").empty());
  EXPECT_TRUE(RunAndFilter(t.analysis, "long-syscall").empty());
}

}  // namespace
}  // namespace tracenote::analysis_test
