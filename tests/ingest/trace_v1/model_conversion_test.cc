// ReplayModel: v1 events mapped onto the format-agnostic model the way Go's
// own v1-to-v2 conversion does (see go-trace-format.md §1.11).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>

#include "ingest/trace_v1/v1_test_util.h"

namespace tracenote::trace_v1_test {
namespace {

using ::testing::ElementsAre;

ModelReplay MustReplayModel(std::string_view text) {
  auto src = OpenText(text);
  EXPECT_TRUE(src.ok()) << src.status().message();
  if (!src.ok()) return {};
  ModelReplay m = ReplayModelEvents(src->get());
  EXPECT_TRUE(m.status.ok()) << m.status.message();
  return m;
}

TEST(V1ModelConversionTest, PreemptAndSchedMakeTheGoroutineRunnableWithGoReasons) {
  EXPECT_THAT(
      MustReplayModel(R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0
Gomaxprocs dt=0 procs=4 stk=0
GoStart dt=10 g=5 seq=1
GoPreempt dt=10 stk=0
GoStart dt=10 g=5 seq=2
GoSched dt=10 stk=0
Frequency freq=1000000000
)")
          .lines,
      ElementsAre("@0 GoTransition g=5 Undetermined->Runnable",
                  "@0 Metric /sched/gomaxprocs:threads=4", "@10 GoTransition g=5 Runnable->Running",
                  "@20 GoTransition g=5 Running->Runnable \"preempted\"",
                  "@30 GoTransition g=5 Runnable->Running",
                  "@40 GoTransition g=5 Running->Runnable \"runtime.Gosched\""));
}

TEST(V1ModelConversionTest, BlockingEventsBecomeWaitingWithGoReasons) {
  const std::pair<std::string, std::string> cases[] = {
      {"GoBlockRecv", " \"chan receive\""},
      {"GoBlockSend", " \"chan send\""},
      {"GoBlockSelect", " \"select\""},
      {"GoBlockSync", " \"sync\""},
      {"GoBlockCond", " \"sync.(*Cond).Wait\""},
      {"GoBlockNet", " \"network\""},
      {"GoBlockGC", " \"GC mark assist wait for work\""},
      {"GoSleep", " \"sleep\""},
      {"GoStop", " \"forever\""},
      {"GoBlock", ""}};
  for (const auto& [event, reason] : cases) {
    SCOPED_TRACE(event);
    ModelReplay m = MustReplayModel(
        "go 1.19\nBatch p=0 ticks=1000000\n"
        "GoCreate dt=0 g=5 stack=0 stk=0\nGoStart dt=10 g=5 seq=1\n" +
        event + " dt=10 stk=0\nFrequency freq=1000000000\n");
    ASSERT_EQ(m.lines.size(), 3u);
    EXPECT_EQ(m.lines[2], "@20 GoTransition g=5 Running->Waiting" + reason);
  }
}

TEST(V1ModelConversionTest, UnblockWaitingAndInSyscallChangeTheTargetGoroutine) {
  EXPECT_THAT(
      MustReplayModel(R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0
GoWaiting dt=0 g=5
GoCreate dt=0 g=6 stack=0 stk=0
GoInSyscall dt=0 g=6
GoCreate dt=0 g=7 stack=0 stk=0
GoStart dt=0 g=7 seq=1
Gomaxprocs dt=0 procs=2 stk=0
GoUnblock dt=10 g=5 seq=2 stk=0
GoEnd dt=10
Frequency freq=1000000000
)")
          .lines,
      ElementsAre(
          "@0 GoTransition g=5 Undetermined->Runnable", "@0 GoTransition g=5 Runnable->Waiting",
          "@0 GoTransition g=6 Undetermined->Runnable",
          "@0 GoTransition g=6 Runnable->Syscall \"syscall\"",
          "@0 GoTransition g=7 Undetermined->Runnable", "@0 GoTransition g=7 Runnable->Running",
          "@0 Metric /sched/gomaxprocs:threads=2", "@10 GoTransition g=5 Waiting->Runnable",
          "@20 GoTransition g=7 Running->NotExist"));
}

TEST(V1ModelConversionTest, FastSyscallIsEnteredAndLeftOneNanosecondApart) {
  ModelReplay m = MustReplayModel(R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0
GoStart dt=10 g=5 seq=1
GoSysCall dt=10 stk=1        # the next event on this P is not GoSysBlock
GoEnd dt=10
Frequency freq=1000000000
String id=1 "syscall.read"
Stack id=1 frames=[pc=0x401000 fn=1 file=1 line=1]
)");
  EXPECT_THAT(m.lines, ElementsAre("@0 GoTransition g=5 Undetermined->Runnable",
                                   "@10 GoTransition g=5 Runnable->Running",
                                   "@20 GoTransition g=5 Running->Syscall \"syscall\"",
                                   "@21 GoTransition g=5 Syscall->Running",
                                   "@30 GoTransition g=5 Running->NotExist"));
  ASSERT_EQ(m.events.size(), 5u);
  EXPECT_NE(m.events[2].stack, 0u);
  EXPECT_EQ(m.events[3].stack, 0u);
}

// The synthetic end of a fast syscall is due 1 ns after it, but the next
// event (here on P 1, same tick) may be earlier: the end is held back so the
// model stream stays in time order.
TEST(V1ModelConversionTest, ModelEventsStayInTimeOrderAfterAFastSyscall) {
  ModelReplay m = MustReplayModel(R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0
GoStart dt=10 g=5 seq=1
GoSysCall dt=10 stk=0        # @20
GoEnd dt=10
Batch p=1 ticks=1000020
HeapAlloc dt=0 mem=1         # @20 as well
Frequency freq=1000000000
)");
  std::vector<int64_t> times;
  for (const model::Event& e : m.events) times.push_back(e.time);
  EXPECT_TRUE(std::is_sorted(times.begin(), times.end())) << ::testing::PrintToString(m.lines);
  // The syscall still ends, between the syscall and 1 ns later.
  auto end = std::find_if(m.events.begin(), m.events.end(), [](const model::Event& e) {
    return e.kind == model::EventKind::kGoTransition &&
           e.from == static_cast<uint8_t>(model::GoState::kSyscall);
  });
  ASSERT_NE(end, m.events.end());
  EXPECT_EQ(end->resource, 5u);
  EXPECT_GE(end->time, 20);
  EXPECT_LE(end->time, 21);
}

TEST(V1ModelConversionTest, BlockingSyscallEndsRunnableAtItsRealExitTime) {
  EXPECT_THAT(
      MustReplayModel(R"(
go 1.19
Batch p=0 ticks=1000000
ProcStart dt=0 thread=7
GoCreate dt=0 g=5 stack=0 stk=0
GoStart dt=10 g=5 seq=1                 # @10
GoSysCall dt=10 stk=0                   # @20
GoSysBlock dt=10                        # @30: the P is handed off
ProcStop dt=10                          # @40
Batch p=1 ticks=1000000
ProcStart dt=45 thread=8
GoSysExit dt=20 g=5 seq=2 ts=1000055    # written @65, returned @55
GoStart dt=5 g=5 seq=3                  # @70
Frequency freq=1000000000
)")
          .lines,
      ElementsAre(
          "@0 ProcTransition p=0 Undetermined->Running",
          "@0 GoTransition g=5 Undetermined->Runnable", "@10 GoTransition g=5 Runnable->Running",
          "@20 GoTransition g=5 Running->Syscall \"syscall\"", "@30 SyscallBlocked g=5 p=0",
          "@40 ProcTransition p=0 Running->Idle", "@45 ProcTransition p=1 Undetermined->Running",
          "@55 GoTransition g=5 Syscall->Runnable", "@70 GoTransition g=5 Runnable->Running"));
}

// Go 1.5 traces are ordered by the sequence-number path (LoadSeqMode), which
// must also record what follows each event on its P, or every GoSysCall would
// look like a syscall that returned at once.
TEST(V1ModelConversionTest, Go15BlockingSyscallIsNotEndedEarly) {
  EXPECT_THAT(MustReplayModel(R"(
go 1.5
Batch p=0 seq=0 ticks=1000000
GoCreate seqdt=1 dt=0 g=5 stack=0x401000 stk=0
GoStart seqdt=1 dt=10 g=5                   # @10
GoSysCall seqdt=1 dt=10 stk=0               # @20
GoSysBlock seqdt=1 dt=10                    # @30
Batch p=1 seq=4 ticks=1000000
GoSysExit seqdt=1 dt=50 g=5 seq=5 ts=1000040
GoStart seqdt=2 dt=5 g=5                    # @55
Frequency freq=1000000000
)")
                  .lines,
              ElementsAre("@0 GoTransition g=5 Undetermined->Runnable",
                          "@10 GoTransition g=5 Runnable->Running",
                          "@20 GoTransition g=5 Running->Syscall \"syscall\"",
                          "@30 SyscallBlocked g=5 p=0", "@40 GoTransition g=5 Syscall->Runnable",
                          "@55 GoTransition g=5 Runnable->Running"));
}

TEST(V1ModelConversionTest, GcStwSweepAndAssistBecomeRanges) {
  ModelReplay m = MustReplayModel(R"(
go 1.21
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0
GoStart dt=0 g=5 seq=1
GCStart dt=10 seq=0 stk=0
STWStart dt=10 kindid=1
STWDone dt=10
STWStart dt=10 kindid=9
STWDone dt=10
GCMarkAssistStart dt=10 stk=0
GCMarkAssistDone dt=10
GCDone dt=10
GCSweepStart dt=10 stk=0
GCSweepDone dt=10 swept=8192 reclaimed=4096
Frequency freq=1000000000
)");
  EXPECT_THAT(
      m.lines,
      ElementsAre(
          "@0 GoTransition g=5 Undetermined->Runnable", "@0 GoTransition g=5 Runnable->Running",
          "@10 RangeBegin \"GC concurrent mark phase\"",
          "@20 RangeBegin \"stop-the-world (GC mark termination)\"",
          "@30 RangeEnd \"stop-the-world (GC mark termination)\"",
          "@40 RangeBegin \"stop-the-world (GOMAXPROCS)\"",
          "@50 RangeEnd \"stop-the-world (GOMAXPROCS)\"", "@60 RangeBegin \"GC mark assist\"",
          "@70 RangeEnd \"GC mark assist\"", "@80 RangeEnd \"GC concurrent mark phase\"",
          "@90 RangeBegin \"GC incremental sweep\"", "@100 RangeEnd \"GC incremental sweep\""));
  ASSERT_EQ(m.events.size(), 12u);
  EXPECT_EQ(m.events[2].scope, model::RangeScope::kGlobal);
  EXPECT_EQ(m.events[7].scope, model::RangeScope::kGoroutine);
  EXPECT_EQ(m.events[7].resource, 5u);
  EXPECT_EQ(m.events[10].scope, model::RangeScope::kProc);
  EXPECT_EQ(m.events[11].value, 8192u);
}

// Before 1.21 the GC STW kinds were "sweep/mark termination"; the model uses
// the 1.21+ names so analyses match one spelling.
TEST(V1ModelConversionTest, Go119StwKindsGetTheGo121Names) {
  EXPECT_THAT(MustReplayModel(R"(
go 1.19
Batch p=0 ticks=1000000
GCSTWStart dt=0 kindid=1
GCSTWDone dt=10
Frequency freq=1000000000
)")
                  .lines,
              ElementsAre("@0 RangeBegin \"stop-the-world (GC sweep termination)\"",
                          "@10 RangeEnd \"stop-the-world (GC sweep termination)\""));
}

TEST(V1ModelConversionTest, HeapAllocAndHeapGoalBecomeMetrics) {
  EXPECT_THAT(MustReplayModel(R"(
go 1.19
Batch p=0 ticks=1000000
HeapAlloc dt=0 mem=4194304
HeapGoal dt=10 mem=8388608
Frequency freq=1000000000
)")
                  .lines,
              ElementsAre("@0 Metric /memory/classes/heap/objects:bytes=4194304",
                          "@10 Metric /gc/heap/goal:bytes=8388608"));
}

TEST(V1ModelConversionTest, CreateBeforeTheFirstGomaxprocsComesFromUndetermined) {
  ModelReplay m = MustReplayModel(R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=1 stack=2 stk=0          # existed when tracing started
GoStart dt=0 g=1 seq=1
Gomaxprocs dt=0 procs=8 stk=1
GoCreate dt=10 g=6 stack=2 stk=1         # a new goroutine
Frequency freq=1000000000
String id=1 "main.main"
String id=2 "main.worker"
Stack id=1 frames=[pc=0x401000 fn=1 file=1 line=3]
Stack id=2 frames=[pc=0x402000 fn=2 file=1 line=9]
)");
  EXPECT_THAT(m.lines, ElementsAre("@0 GoTransition g=1 Undetermined->Runnable",
                                   "@0 GoTransition g=1 Runnable->Running",
                                   "@0 Metric /sched/gomaxprocs:threads=8",
                                   "@10 GoTransition g=6 NotExist->Runnable"));
  ASSERT_EQ(m.events.size(), 4u);
  EXPECT_EQ(m.events[3].goroutine, 1u);
  EXPECT_NE(m.events[3].stack, 0u);
  EXPECT_NE(m.events[3].extra_stack, 0u);
  EXPECT_NE(m.events[3].stack, m.events[3].extra_stack);
  EXPECT_EQ(m.events[0].extra_stack, m.events[3].extra_stack);
}

TEST(V1ModelConversionTest, ProcStartCarriesTheThreadToTheEventsOfItsP) {
  ModelReplay m = MustReplayModel(R"(
go 1.19
Batch p=3 ticks=1000000
ProcStart dt=0 thread=7
HeapAlloc dt=10 mem=1
ProcStop dt=10
ProcStart dt=10 thread=9
HeapAlloc dt=10 mem=2
Frequency freq=1000000000
)");
  EXPECT_THAT(m.lines, ElementsAre("@0 ProcTransition p=3 Undetermined->Running",
                                   "@10 Metric /memory/classes/heap/objects:bytes=1",
                                   "@20 ProcTransition p=3 Running->Idle",
                                   "@30 ProcTransition p=3 Idle->Running",
                                   "@40 Metric /memory/classes/heap/objects:bytes=2"));
  ASSERT_EQ(m.events.size(), 5u);
  EXPECT_EQ(m.events[0].thread, 7);
  EXPECT_EQ(m.events[1].thread, 7);
  EXPECT_EQ(m.events[1].proc, 3);
  EXPECT_EQ(m.events[3].thread, 9);
  EXPECT_EQ(m.events[4].thread, 9);
}

TEST(V1ModelConversionTest, UserAnnotationsMapOneToOne) {
  EXPECT_THAT(MustReplayModel(R"(
go 1.11
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0
GoStart dt=0 g=5 seq=1
UserTaskCreate dt=10 taskid=1 pid=0 typeid=1 stk=0
UserRegion dt=10 taskid=1 mode=0 typeid=2 stk=0
UserLog dt=10 id=1 keyid=3 stk=0 message="cache miss: 42"
UserRegion dt=10 taskid=1 mode=1 typeid=2 stk=0
UserTaskEnd dt=10 taskid=1 stk=0
Frequency freq=1000000000
String id=1 "checkout"
String id=2 "validate"
String id=3 "cache"
)")
                  .lines,
              ElementsAre("@0 GoTransition g=5 Undetermined->Runnable",
                          "@0 GoTransition g=5 Runnable->Running",
                          "@10 TaskBegin task=1 parent=0 \"checkout\"",
                          "@20 RegionBegin task=1 \"validate\"",
                          "@30 Log task=1 \"cache\" \"cache miss: 42\"",
                          "@40 RegionEnd task=1 \"validate\"", "@50 TaskEnd task=1"));
}

TEST(V1ModelConversionTest, CpuSampleBecomesAStackSampleOfItsGoroutine) {
  auto src = OpenText(R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0
GoStart dt=10 g=5 seq=1
GoEnd dt=20
Batch p=-1 ticks=1000040
CPUSample dt=0 ts=1000015 p=0 g=5 stk=1
Frequency freq=1000000000
String id=1 "main.spin"
Stack id=1 frames=[pc=0x401000 fn=1 file=1 line=7]
)");
  ASSERT_TRUE(src.ok()) << src.status().message();
  ModelReplay m = ReplayModelEvents(src->get());
  ASSERT_TRUE(m.status.ok()) << m.status.message();
  EXPECT_THAT(m.lines,
              ElementsAre("@0 GoTransition g=5 Undetermined->Runnable",
                          "@10 GoTransition g=5 Runnable->Running", "@15 StackSample g=5 p=0",
                          "@30 GoTransition g=5 Running->NotExist"));
  ASSERT_EQ(m.events.size(), 4u);
  EXPECT_EQ(TopFunction(**src, m.events[2].stack), "main.spin");
}

TEST(V1ModelConversionTest, StartLabelAddsALabel) {
  EXPECT_THAT(
      MustReplayModel(R"trace(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=9 stack=0 stk=0
GoStartLabel dt=10 g=9 seq=1 labelid=4
Frequency freq=1000000000
String id=4 "GC (dedicated)"
)trace")
          .lines,
      ElementsAre("@0 GoTransition g=9 Undetermined->Runnable",
                  "@10 GoTransition g=9 Runnable->Running", "@10 Label g=9 \"GC (dedicated)\""));
}

}  // namespace
}  // namespace tracenote::trace_v1_test
