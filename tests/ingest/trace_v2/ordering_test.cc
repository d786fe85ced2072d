// How the v2 reader merges the per-thread (M) streams into Go's order: the
// earliest event goes first unless the state machine says it must wait for
// an event of another thread (go-trace-format.md 2.7). Times are in ns
// (frequency 1e9) and relative to the first event.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/trace_v2/v2_test_util.h"

namespace tracenote::trace_v2_test {
namespace {

using ::testing::ElementsAre;

// M2 wrote its GoStart of g 5 at @10, M1 the GoUnblock that makes it
// runnable at @20: the sequence number (g_seq 2 after 1) puts the unblock
// first, and the start is moved 1 ns after it.
TEST(V2OrderingTest, UnblockOnAnotherThreadPrecedesTheStartItEnables) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.22
EventBatch gen=1 m=1 time=0
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=none gstatus=2
GoUnblock dt=18 g=5 g_seq=1 stack=0     # @20
EventBatch gen=1 m=2 time=0
ProcStatus dt=3 p=1 pstatus=1           # @3
GoStatus dt=1 g=5 m=none gstatus=4      # @4, waiting
GoStart dt=6 g=5 g_seq=2                # @10
)" + Tables(1));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.OnThreads(),
              ElementsAre("M1 ProcStatus(p=0,pstatus=1)", "M1 GoStatus(g=1,m=none,gstatus=2)",
                          "M2 ProcStatus(p=1,pstatus=1)", "M2 GoStatus(g=5,m=none,gstatus=4)",
                          "M1 GoUnblock(g=5)", "M2 GoStart(g=5)"));
  EXPECT_THAT(r.Times(), ElementsAre(0, 1, 2, 3, 19, 20));
  EXPECT_EQ(r.Nth("GoUnblock").g, 1u);  // on M1's goroutine
}

TEST(V2OrderingTest, ProcStartWaitsForTheProcStopOnAnotherThread) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.22
EventBatch gen=1 m=1 time=0
ProcStatus dt=1 p=0 pstatus=1
ProcStop dt=29                          # @30
EventBatch gen=1 m=2 time=0
ProcStart dt=10 p=0 p_seq=1             # @10, but P 0 is running on M1
)" + Tables(1));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.OnThreads(),
              ElementsAre("M1 ProcStatus(p=0,pstatus=1)", "M1 ProcStop", "M2 ProcStart(p=0)"));
  EXPECT_THAT(r.Times(), ElementsAre(0, 29, 30));
  EXPECT_EQ(r.Nth("ProcStart").p, -1);  // the context before: M2 had no P
}

// P 0's sequence: 1 at the syscall, 2 at the steal, 3 at the next start; M3
// writes the start before M2's steal.
TEST(V2OrderingTest, ProcStartWaitsForTheStealThatIdlesTheP) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.22
EventBatch gen=1 m=1 time=0
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=none gstatus=2
GoSyscallBegin dt=1 p_seq=1 stack=0     # @3
GoSyscallEndBlocked dt=47               # @50
EventBatch gen=1 m=2 time=0
ProcSteal dt=40 p=0 p_seq=2 m=1         # @40
EventBatch gen=1 m=3 time=0
ProcStart dt=20 p=0 p_seq=3             # @20
)" + Tables(1));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.OnThreads(),
              ElementsAre("M1 ProcStatus(p=0,pstatus=1)", "M1 GoStatus(g=1,m=none,gstatus=2)",
                          "M1 GoSyscallBegin", "M2 ProcSteal(p=0,m=1)", "M3 ProcStart(p=0)",
                          "M1 GoSyscallEndBlocked"));
  EXPECT_THAT(r.Times(), ElementsAre(0, 1, 2, 39, 40, 49));
}

// gc_seq is one counter for the whole trace: GCEnd 2 waits for GCBegin 1.
TEST(V2OrderingTest, GCEndWaitsForItsGCBegin) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.22
EventBatch gen=1 m=1 time=0
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=none gstatus=2
GCBegin dt=28 gc_seq=1 stack=0          # @30
EventBatch gen=1 m=2 time=0
ProcStatus dt=3 p=1 pstatus=1
GoStatus dt=1 g=2 m=none gstatus=2
GCEnd dt=6 gc_seq=2                     # @10
)" + Tables(1));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.OnThreads(),
              ElementsAre("M1 ProcStatus(p=0,pstatus=1)", "M1 GoStatus(g=1,m=none,gstatus=2)",
                          "M2 ProcStatus(p=1,pstatus=1)", "M2 GoStatus(g=2,m=none,gstatus=2)",
                          "M1 GCBegin", "M2 GCEnd"));
  EXPECT_THAT(r.Times(), ElementsAre(0, 1, 2, 3, 29, 30));
}

TEST(V2OrderingTest, SyscallEndBlockedWaitsForTheStealEvenWhenEarlier) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.22
EventBatch gen=1 m=1 time=0
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=none gstatus=2
GoSyscallBegin dt=1 p_seq=1 stack=0
GoSyscallEndBlocked dt=2                # @5
EventBatch gen=1 m=2 time=0
ProcStatus dt=10 p=1 pstatus=1
ProcSteal dt=10 p=0 p_seq=2 m=1         # @20
)" + Tables(1));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.OnThreads(),
              ElementsAre("M1 ProcStatus(p=0,pstatus=1)", "M1 GoStatus(g=1,m=none,gstatus=2)",
                          "M1 GoSyscallBegin", "M2 ProcStatus(p=1,pstatus=1)",
                          "M2 ProcSteal(p=0,m=1)", "M1 GoSyscallEndBlocked"));
  EXPECT_THAT(r.Times(), ElementsAre(0, 1, 2, 9, 19, 20));
}

// Like Go's go122-syscall-steal-proc-ambiguous, with the steal written at
// @4, while M0 is in its first syscall: only p_seq 3 says that it took the
// P from the second one.
TEST(V2OrderingTest, StealIsMatchedToItsSyscallByTheSequence) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.22
EventBatch gen=1 m=0 time=0
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=0 gstatus=2
GoSyscallBegin dt=1 p_seq=1 stack=0     # @3
GoSyscallEnd dt=10                      # @13
GoSyscallBegin dt=1 p_seq=2 stack=0     # @14
GoSyscallEndBlocked dt=1                # @15
EventBatch gen=1 m=1 time=0
ProcStatus dt=1 p=2 pstatus=1
GoStatus dt=1 g=2 m=1 gstatus=2
ProcSteal dt=2 p=0 p_seq=3 m=0          # @4
)" + Tables(1));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.OnThreads(),
              ElementsAre("M0 ProcStatus(p=0,pstatus=1)", "M1 ProcStatus(p=2,pstatus=1)",
                          "M1 GoStatus(g=2,m=1,gstatus=2)", "M0 GoStatus(g=1,m=0,gstatus=2)",
                          "M0 GoSyscallBegin", "M0 GoSyscallEnd", "M0 GoSyscallBegin",
                          "M1 ProcSteal(p=0,m=0)", "M0 GoSyscallEndBlocked"));
}

// Go's go122-syscall-steal-proc-self: the thread takes its own P back, which
// leaves it without a P (so that it can ProcStart it again).
TEST(V2OrderingTest, SelfStealLeavesTheThreadWithoutItsP) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.22
EventBatch gen=1 m=0 time=0
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=0 gstatus=2
GoSyscallBegin dt=1 p_seq=1 stack=0
ProcSteal dt=1 p=0 p_seq=2 m=0
ProcStart dt=1 p=0 p_seq=3
GoSyscallEndBlocked dt=1
)" + Tables(1));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Labels(), ElementsAre("ProcStatus(p=0,pstatus=1)", "GoStatus(g=1,m=0,gstatus=2)",
                                      "GoSyscallBegin", "ProcSteal(p=0,m=0)", "ProcStart(p=0)",
                                      "GoSyscallEndBlocked"));
  EXPECT_EQ(r.Nth("ProcSteal").p, 0);
  EXPECT_EQ(r.Nth("ProcStart").p, -1);
  EXPECT_EQ(r.Nth("GoSyscallEndBlocked").p, 0);  // the P it started again
}

// A P whose status says its thread was lost (SyscallAbandoned) is stolen
// without looking for the thread the steal names.
TEST(V2OrderingTest, StealOfAnAbandonedPIgnoresTheThreadItNames) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.22
EventBatch gen=1 m=0 time=0
ProcStatus dt=1 p=0 pstatus=4
ProcSteal dt=1 p=0 p_seq=1 m=7          # M7 never appears
ProcStart dt=1 p=0 p_seq=2
)" + Tables(1));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Labels(),
              ElementsAre("ProcStatus(p=0,pstatus=4)", "ProcSteal(p=0,m=7)", "ProcStart(p=0)"));
}

TEST(V2OrderingTest, StealFromAThreadNeverSeenIsAnError) {
  const std::string trace = R"(Trace Go1.22
EventBatch gen=1 m=0 time=0
ProcStatus dt=1 p=0 pstatus=3           # in a syscall, bound to M0
EventBatch gen=1 m=2 time=0
ProcSteal dt=5 p=0 p_seq=1 m=7
)" + Tables(1);
  ASSERT_OPEN_V2(src, trace);
  RawReplay r = ReplayRows(src.get());
  EXPECT_EQ(r.status.code(), StatusCode::kCorrupt);
  EXPECT_EQ(r.status.message(), EventErrorPrefix(trace, "ProcSteal", 1, "M 2", "ProcSteal") +
                                    "stole proc from non-existent thread 7");
}

// Go's go122-syscall-steal-proc-sitting-in-syscall, as written by the
// runtime's generation-start flush (no M): g 7 has been in a syscall on M1
// all along. The status is attributed to M1, which then holds g 7.
TEST(V2OrderingTest, GoStatusOfAGoroutineInASyscallOnAnotherThread) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.22
EventBatch gen=1 m=none time=0
GoStatus dt=1 g=7 m=1 gstatus=3
EventBatch gen=1 m=1 time=0
GoSyscallEndBlocked dt=5
EventBatch gen=1 m=2 time=0
ProcStatus dt=2 p=0 pstatus=1
GoStart dt=8 g=7 g_seq=1
)" + Tables(1));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.OnThreads(),
              ElementsAre("M1 GoStatus(g=7,m=1,gstatus=3)", "M2 ProcStatus(p=0,pstatus=1)",
                          "M1 GoSyscallEndBlocked", "M2 GoStart(g=7)"));
  EXPECT_EQ(r.Nth("GoStatus").g, 0u);  // the binding event: M1 had no goroutine before
  EXPECT_EQ(r.Nth("GoSyscallEndBlocked").g, 7u);
}

// At a generation boundary the P of a thread still in its syscall may be
// announced as SyscallAbandoned by the thread about to steal it. Nothing was
// lost: the status is promoted to Syscall and attributed to the thread that
// holds the P.
TEST(V2OrderingTest, AbandonedStatusOfAPInItsSyscallIsAttributedToItsThread) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.22
EventBatch gen=1 m=0 time=0
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=none gstatus=2
GoSyscallBegin dt=1 p_seq=1 stack=0
)" + Tables(1) + R"(
EventBatch gen=2 m=0 time=10
GoStatus dt=1 g=1 m=0 gstatus=3         # @11
GoSyscallEndBlocked dt=9                # @20
EventBatch gen=2 m=1 time=10
ProcStatus dt=2 p=0 pstatus=4           # @12
ProcSteal dt=3 p=0 p_seq=1 m=0          # @15
)" + Tables(2));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  ASSERT_EQ(r.rows.size(), 7u);
  const std::vector<std::string> all = r.OnThreads();
  EXPECT_THAT(std::vector<std::string>(all.begin() + 3, all.end()),
              ElementsAre("M0 GoStatus(g=1,m=0,gstatus=3)", "M0 ProcStatus(p=0,pstatus=3)",
                          "M1 ProcSteal(p=0,m=0)", "M0 GoSyscallEndBlocked"));
  EXPECT_EQ(r.Nth("ProcStatus", 1).g, 1u);
  EXPECT_EQ(r.Nth("ProcStatus", 1).p, 0);
}

// Events that need a thread cannot come from the runtime's own batches.
TEST(V2OrderingTest, EventThatNeedsAThreadInABatchWithoutOneIsAnError) {
  const std::string trace = R"(Trace Go1.22
EventBatch gen=1 m=none time=0
HeapAlloc dt=1 heapalloc_value=1
)" + Tables(1);
  EXPECT_EQ(OpenAndReplay(trace).message(),
            EventErrorPrefix(trace, "HeapAlloc", 1, "no M", "HeapAlloc") +
                "expected a thread but didn't have one");
}

// A coroutine switch (Go 1.23) is an unblock of the target, a block (or
// destroy) of the switching goroutine and a start of the target, all at the
// switch's time (each made 1 ns later than the one before).
TEST(V2OrderingTest, GoSwitchExpandsIntoUnblockBlockAndStart) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.23
EventBatch gen=1 m=1 time=0
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=none gstatus=2
GoCreateBlocked dt=1 new_g=7 new_stack=0 stack=0
GoSwitch dt=1 g=7 g_seq=1
GoSwitchDestroy dt=1 g=1 g_seq=1
)" + Tables(1));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Labels(),
              ElementsAre("ProcStatus(p=0,pstatus=1)", "GoStatus(g=1,m=none,gstatus=2)",
                          "GoCreateBlocked(new_g=7,new_stack=0)", "GoSwitch(g=7)", "GoBlock",
                          "GoStart(g=7)", "GoSwitchDestroy(g=1)", "GoDestroy", "GoStart(g=1)"));
  std::vector<uint64_t> running;
  for (const Row& row : r.rows) running.push_back(row.g);
  EXPECT_THAT(running, ElementsAre(0, 0, 1, 1, 1, 0, 7, 7, 0));
  EXPECT_THAT(r.Times(), ElementsAre(0, 1, 2, 3, 4, 5, 6, 7, 8));
}

// GoCreateBlocked (Go 1.23) makes a waiting goroutine: it cannot start
// before something unblocks it.
TEST(V2OrderingTest, GoCreateBlockedGoroutineWaitsForAnUnblock) {
  const std::string head = R"(Trace Go1.23
EventBatch gen=1 m=1 time=0
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=none gstatus=2
GoCreateBlocked dt=1 new_g=7 new_stack=0 stack=0
)";
  const std::string tail = "GoStop dt=1 reason_string=0 stack=0\nGoStart dt=1 g=7 g_seq=";
  const std::string ok = head + "GoUnblock dt=1 g=7 g_seq=1 stack=0\n" + tail + "2\n" + Tables(1);
  EXPECT_TRUE(OpenAndReplay(ok).ok()) << OpenAndReplay(ok).message();

  const std::string stuck = head + tail + "1\n" + Tables(1);
  EXPECT_EQ(OpenAndReplay(stuck).message(),
            fmt::format("trace_v2: generation 1: broken trace: no thread's next event can "
                        "happen: M 1 GoStart at offset {:#x}",
                        OffsetOf(stuck, "GoStart")));
}

// Go's go122-create-syscall-reuse-thread-id: a goroutine of a C thread goes
// away while its thread holds a P in a syscall. The P is given up at once by
// a made-up ProcSteal (before the GoDestroySyscall), which leaves it
// abandoned, so that the thread id, reused, can steal it later.
TEST(V2OrderingTest, GoDestroySyscallWithAPGivesItUpWithASyntheticSteal) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.22
EventBatch gen=1 m=0 time=0
GoCreateSyscall dt=1 new_g=4
GoSyscallEndBlocked dt=1
ProcStatus dt=1 p=0 pstatus=2
ProcStart dt=1 p=0 p_seq=1
GoStatus dt=1 g=4 m=none gstatus=1
GoStart dt=1 g=4 g_seq=1
GoSyscallBegin dt=1 p_seq=2 stack=0
GoDestroySyscall dt=1                   # @8
EventBatch gen=1 m=0 time=0
ProcStatus dt=10 p=1 pstatus=2
ProcStart dt=1 p=1 p_seq=1
ProcSteal dt=1 p=0 p_seq=3 m=0
)" + Tables(1));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(
      r.Labels(),
      ElementsAre("GoCreateSyscall(new_g=4)", "GoSyscallEndBlocked", "ProcStatus(p=0,pstatus=2)",
                  "ProcStart(p=0)", "GoStatus(g=4,m=none,gstatus=1)", "GoStart(g=4)",
                  "GoSyscallBegin", "ProcSteal(p=0,m=0)", "GoDestroySyscall",
                  "ProcStatus(p=1,pstatus=2)", "ProcStart(p=1)", "ProcSteal(p=0,m=0)"));
  const Row& made = r.Nth("ProcSteal");
  EXPECT_EQ(made.m, 0);
  EXPECT_EQ(made.p, 0);
  EXPECT_EQ(made.g, 4u);
  EXPECT_EQ(made.offset, r.Nth("GoDestroySyscall").offset);  // made from it
  EXPECT_EQ(r.Nth("GoDestroySyscall").p, 0);
  EXPECT_EQ(r.Nth("ProcStatus", 1).p, -1);  // the P went with the steal
}

}  // namespace
}  // namespace tracenote::trace_v2_test
