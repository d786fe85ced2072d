// How ordered v2 events become model events (v2_converter.h): state
// transitions, syscall handoffs, ranges, metrics and user annotations. Times
// are in ns (frequency 1e9) from the first event.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/trace_v2/v2_test_util.h"

namespace tracenote::trace_v2_test {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsSupersetOf;

// M1 with P 0 and g 1 running at @0 and @1, then `events` (dt=1 each, so
// the first is at @2), then the frequency and `strings`.
std::string OnM1(std::string_view events, std::initializer_list<std::string_view> strings = {}) {
  return fmt::format(
             "Trace Go1.22\nEventBatch gen=1 m=1 time=0\n"
             "ProcStatus dt=1 p=0 pstatus=1\nGoStatus dt=1 g=1 m=none gstatus=2\n{}",
             events) +
         Tables(1, strings);
}

// The model lines of `text`, which must open and replay.
std::vector<std::string> Lines(const std::string& text) {
  auto src = OpenText(text);
  EXPECT_TRUE(src.ok()) << src.status().message();
  if (!src.ok()) return {};
  ModelReplay m = ReplayModelEvents(src->get());
  EXPECT_TRUE(m.status.ok()) << m.status.message();
  return m.lines;
}

TEST(V2ModelConversionTest, FirstGenerationStatusesAreTransitionsFromUndetermined) {
  EXPECT_THAT(Lines(OnM1("GoStatus dt=1 g=2 m=none gstatus=1\n"
                         "GoStatus dt=1 g=3 m=none gstatus=4\n"
                         "ProcStatus dt=1 p=1 pstatus=2\n"
                         "GoStatus dt=1 g=4 m=2 gstatus=3\n")),
              ElementsAre("@0 ProcTransition p=0 Undetermined->Running",
                          "@1 GoTransition g=1 Undetermined->Running",
                          "@2 GoTransition g=2 Undetermined->Runnable",
                          "@3 GoTransition g=3 Undetermined->Waiting",
                          "@4 ProcTransition p=1 Undetermined->Idle",
                          "@5 GoTransition g=4 Undetermined->Syscall \"syscall\""));
}

// Later statuses repeat what is known; a P first seen later did not exist.
TEST(V2ModelConversionTest, RepeatedStatusesInALaterGenerationAreNoTransitions) {
  const std::string statuses =
      "ProcStatus dt=1 p=0 pstatus=1\n"
      "GoStatus dt=1 g=1 m=none gstatus=2\n"
      "GoStatus dt=1 g=2 m=none gstatus=1\n";
  EXPECT_THAT(Lines("Trace Go1.22\nEventBatch gen=1 m=1 time=0\n" + statuses + Tables(1) +
                    "EventBatch gen=2 m=1 time=10\n" + statuses +
                    "ProcStatus dt=1 p=3 pstatus=2\n" + Tables(2)),
              ElementsAre("@0 ProcTransition p=0 Undetermined->Running",
                          "@1 GoTransition g=1 Undetermined->Running",
                          "@2 GoTransition g=2 Undetermined->Runnable",
                          "@13 ProcTransition p=3 NotExist->Idle"));
}

// "preempted" is a reason of both: a GoStop leaves the goroutine runnable,
// a GoBlock (suspended for a stack scan) waiting.
TEST(V2ModelConversionTest, StopAndBlockKeepTheirReasonsAndDifferInTheTargetState) {
  EXPECT_THAT(Lines(OnM1("GoStop dt=1 reason_string=1 stack=0\n"
                         "GoStart dt=1 g=1 g_seq=1\n"
                         "GoBlock dt=1 reason_string=1 stack=0\n",
                         {"preempted"})),
              IsSupersetOf({"@2 GoTransition g=1 Running->Runnable \"preempted\"",
                            "@3 GoTransition g=1 Runnable->Running",
                            "@4 GoTransition g=1 Running->Waiting \"preempted\""}));
}

TEST(V2ModelConversionTest, StealFromAnotherThreadIsASyscallHandoff) {
  EXPECT_THAT(Lines(R"(Trace Go1.22
EventBatch gen=1 m=1 time=0
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=none gstatus=2
GoSyscallBegin dt=1 p_seq=1 stack=0
GoSyscallEndBlocked dt=2
EventBatch gen=1 m=2 time=0
ProcStatus dt=10 p=1 pstatus=1
ProcSteal dt=10 p=0 p_seq=2 m=1
)" + Tables(1)),
              ElementsAre("@0 ProcTransition p=0 Undetermined->Running",
                          "@1 GoTransition g=1 Undetermined->Running",
                          "@2 GoTransition g=1 Running->Syscall \"syscall\"",
                          "@9 ProcTransition p=1 Undetermined->Running",
                          "@19 SyscallBlocked g=1 p=0 m=1", "@19 ProcTransition p=0 Running->Idle",
                          "@20 GoTransition g=1 Syscall->Runnable"));
}

// A syscall the runtime knew would block hands its P off at once.
TEST(V2ModelConversionTest, ProcStopInASyscallIsASyscallHandoff) {
  EXPECT_THAT(Lines(OnM1("GoSyscallBegin dt=1 p_seq=1 stack=0\n"
                         "ProcStop dt=1\n"
                         "GoSyscallEndBlocked dt=1\n")),
              ElementsAre("@0 ProcTransition p=0 Undetermined->Running",
                          "@1 GoTransition g=1 Undetermined->Running",
                          "@2 GoTransition g=1 Running->Syscall \"syscall\"",
                          "@3 SyscallBlocked g=1 p=0 m=1", "@3 ProcTransition p=0 Running->Idle",
                          "@4 GoTransition g=1 Syscall->Runnable"));
}

TEST(V2ModelConversionTest, SelfStealIsNoSyscallHandoff) {
  EXPECT_THAT(
      Lines(OnM1("GoSyscallBegin dt=1 p_seq=1 stack=0\n"
                 "ProcSteal dt=1 p=0 p_seq=2 m=1\n"
                 "ProcStart dt=1 p=0 p_seq=3\n"
                 "GoSyscallEndBlocked dt=1\n")),
      ElementsAre("@0 ProcTransition p=0 Undetermined->Running",
                  "@1 GoTransition g=1 Undetermined->Running",
                  "@2 GoTransition g=1 Running->Syscall \"syscall\"",
                  "@3 ProcTransition p=0 Running->Idle", "@4 ProcTransition p=0 Idle->Running",
                  "@5 GoTransition g=1 Syscall->Runnable"));
}

TEST(V2ModelConversionTest, GoSwitchIsAnUnblockABlockAndAStart) {
  EXPECT_THAT(
      Lines(R"(Trace Go1.23
EventBatch gen=1 m=1 time=0
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=none gstatus=2
GoCreateBlocked dt=1 new_g=7 new_stack=0 stack=0
GoSwitch dt=1 g=7 g_seq=1
GoSwitchDestroy dt=1 g=1 g_seq=1
)" + Tables(1)),
      ElementsAre("@0 ProcTransition p=0 Undetermined->Running",
                  "@1 GoTransition g=1 Undetermined->Running",
                  "@2 GoTransition g=7 NotExist->Waiting", "@3 GoTransition g=7 Waiting->Runnable",
                  "@4 GoTransition g=1 Running->Waiting", "@5 GoTransition g=7 Runnable->Running",
                  "@6 GoTransition g=1 Waiting->Runnable", "@7 GoTransition g=7 Running->NotExist",
                  "@8 GoTransition g=1 Runnable->Running"));
}

TEST(V2ModelConversionTest, GoCreateCarriesTheCreatorsAndTheNewGoroutinesStacks) {
  auto src = OpenText(
      OnM1("GoCreate dt=1 new_g=5 new_stack=2 stack=1\n", {"main.main", "main.worker", "main.go"}) +
      R"(
EventBatch gen=1 m=none time=0
Stacks
Stack id=1 nframes=1
  pc=16 func=1 file=3 line=5
Stack id=2 nframes=1
  pc=32 func=2 file=3 line=9
)");
  ASSERT_TRUE(src.ok()) << src.status().message();
  ModelReplay m = ReplayModelEvents(src->get());
  ASSERT_TRUE(m.status.ok()) << m.status.message();
  ASSERT_EQ(m.lines.size(), 3u);
  EXPECT_EQ(m.lines[2], "@2 GoTransition g=5 NotExist->Runnable");
  EXPECT_EQ(TopFunction(**src, m.events[2].stack), "main.main");
  EXPECT_EQ(TopFunction(**src, m.events[2].extra_stack), "main.worker");
}

// Go 1.23 announces a blocked goroutine at a generation start with its stack.
TEST(V2ModelConversionTest, GoStatusStackCarriesTheBlockedGoroutinesStack) {
  auto src = OpenText(
      "Trace Go1.23\nEventBatch gen=1 m=none time=0\n"
      "GoStatusStack dt=1 g=5 m=none gstatus=4 stack=1\n" +
      Tables(1, {"main.wait", "main.go"}) + R"(
EventBatch gen=1 m=none time=0
Stacks
Stack id=1 nframes=1
  pc=16 func=1 file=2 line=5
)");
  ASSERT_TRUE(src.ok()) << src.status().message();
  ModelReplay m = ReplayModelEvents(src->get());
  ASSERT_TRUE(m.status.ok()) << m.status.message();
  ASSERT_THAT(m.lines, ElementsAre("@0 GoTransition g=5 Undetermined->Waiting"));
  EXPECT_EQ(TopFunction(**src, m.events[0].stack), "main.wait");
}

TEST(V2ModelConversionTest, StopTheWorldRangeIsNamedAfterItsKind) {
  EXPECT_THAT(
      Lines(OnM1("STWBegin dt=1 kind_string=1 stack=0\nSTWEnd dt=1\n", {"GC mark termination"})),
      IsSupersetOf({"@2 RangeBegin \"stop-the-world (GC mark termination)\"",
                    "@3 RangeEnd \"stop-the-world (GC mark termination)\""}));
}

TEST(V2ModelConversionTest, GCMarkPhaseIsAGlobalRange) {
  EXPECT_THAT(Lines(OnM1("GCActive dt=1 gc_seq=1\n"
                         "GCEnd dt=1 gc_seq=2\n"
                         "GCBegin dt=1 gc_seq=3 stack=0\n")),
              IsSupersetOf({"@2 RangeActive \"GC concurrent mark phase\"",
                            "@3 RangeEnd \"GC concurrent mark phase\"",
                            "@4 RangeBegin \"GC concurrent mark phase\""}));
}

TEST(V2ModelConversionTest, SweepIsPerPAndCarriesTheBytesSwept) {
  EXPECT_THAT(
      Lines(OnM1("GCSweepBegin dt=1 stack=0\n"
                 "GCSweepEnd dt=1 swept_value=4096 reclaimed_value=1024\n"
                 "GCMarkAssistBegin dt=1 stack=0\n"
                 "GCMarkAssistEnd dt=1\n")),
      IsSupersetOf({"@2 RangeBegin \"GC incremental sweep\" p=0",
                    "@3 RangeEnd \"GC incremental sweep\" p=0 value=4096",
                    "@4 RangeBegin \"GC mark assist\" g=1", "@5 RangeEnd \"GC mark assist\" g=1"}));
}

TEST(V2ModelConversionTest, HeapAndProcsEventsAreMetrics) {
  EXPECT_THAT(Lines(OnM1("HeapAlloc dt=1 heapalloc_value=1000\n"
                         "HeapGoal dt=1 heapgoal_value=4194304\n"
                         "ProcsChange dt=1 procs_value=8 stack=0\n")),
              IsSupersetOf({"@2 Metric /memory/classes/heap/objects:bytes=1000",
                            "@3 Metric /gc/heap/goal:bytes=4194304",
                            "@4 Metric /sched/gomaxprocs:threads=8"}));
}

TEST(V2ModelConversionTest, UserTasksRegionsAndLogsKeepTheirNamesAndText) {
  const std::string trace = OnM1(
      "UserTaskBegin dt=1 task=2 parent_task=0 name_string=1 stack=0\n"
      "UserTaskBegin dt=1 task=3 parent_task=2 name_string=1 stack=0\n"
      "UserRegionBegin dt=1 task=3 name_string=2 stack=0\n"
      "UserLog dt=1 task=3 key_string=3 value_string=4 stack=0\n"
      "UserRegionEnd dt=1 task=3 name_string=2 stack=0\n"
      "UserTaskEnd dt=1 task=3 stack=0\n",
      {"job", "step", "k", "v"});
  EXPECT_THAT(
      Lines(trace),
      IsSupersetOf({"@2 TaskBegin task=2 parent=0 \"job\"", "@3 TaskBegin task=3 parent=2 \"job\"",
                    "@4 RegionBegin task=3 \"step\"", "@5 Log task=3 \"k\" \"v\"",
                    "@6 RegionEnd task=3 \"step\"", "@7 TaskEnd task=3 parent=2 \"job\""}));
  ASSERT_OPEN_V2(src, trace);
  EXPECT_EQ(ReplayRows(src.get()).Nth("UserLog").Label(), "UserLog(task=3,\"k\",\"v\")");
}

// Go's go122-task-across-generations: the end, in generation 2, still knows
// the name the begin had in generation 1.
TEST(V2ModelConversionTest, TaskEndInALaterGenerationKnowsItsName) {
  EXPECT_THAT(Lines(R"(Trace Go1.22
EventBatch gen=1 m=0 time=0
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=0 gstatus=2
UserTaskBegin dt=1 task=2 parent_task=0 name_string=1 stack=0
)" + Tables(1, {"my task"}) +
                    R"(
EventBatch gen=2 m=0 time=5
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=0 gstatus=2
UserTaskEnd dt=1 task=2 stack=0
)" + Tables(2)),
              IsSupersetOf({"@2 TaskBegin task=2 parent=0 \"my task\"",
                            "@7 TaskEnd task=2 parent=0 \"my task\""}));
}

TEST(V2ModelConversionTest, GoLabelLabelsTheRunningGoroutine) {
  EXPECT_THAT(Lines(OnM1("GoLabel dt=1 label_string=1\n", {"GC (dedicated)"})),
              Contains("@2 Label g=1 \"GC (dedicated)\""));
}

}  // namespace
}  // namespace tracenote::trace_v2_test
