// How the v1 reader merges the per-P streams into Go's order (order1007 and
// order1005) and moves syscall exits to their real time.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "ingest/trace_v1/v1_test_util.h"

namespace tracenote::trace_v1_test {
namespace {

using ::testing::ElementsAre;

std::vector<uint64_t> FirstArgs(const RawReplay& r) {
  std::vector<uint64_t> out;
  for (const Row& row : r.rows) out.push_back(row.args[0]);
  return out;
}

TEST(V1OrderingTest, EventsOfOnePKeepTheirOrderAcrossItsBatches) {
  ASSERT_OPEN_TEXT(src, R"(
go 1.19
Batch p=0 ticks=1000000
HeapAlloc dt=0 mem=1          # @0
HeapAlloc dt=40 mem=2         # @40
Batch p=1 ticks=1000000
HeapAlloc dt=20 mem=10        # @20
HeapAlloc dt=40 mem=11        # @60
Batch p=0 ticks=1000060       # P 0's next batch continues its stream
HeapAlloc dt=0 mem=3          # @60
HeapAlloc dt=0 mem=4          # @60, the same tick: stays after mem=3
Frequency freq=1000000000
)");
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(FirstArgs(r), ElementsAre(1, 10, 2, 3, 4, 11));
  EXPECT_THAT(r.Briefs(), ElementsAre("HeapAlloc p=0 g=0 @0", "HeapAlloc p=1 g=0 @20",
                                      "HeapAlloc p=0 g=0 @40", "HeapAlloc p=0 g=0 @60",
                                      "HeapAlloc p=0 g=0 @60", "HeapAlloc p=1 g=0 @60"));
}

TEST(V1OrderingTest, SmallestTimestampAmongReadyEventsWinsAcrossPs) {
  ASSERT_OPEN_TEXT(src, R"(
go 1.19
Batch p=0 ticks=1000000
HeapAlloc dt=10 mem=10
HeapAlloc dt=20 mem=30
Batch p=1 ticks=1000000
HeapAlloc dt=20 mem=20
HeapAlloc dt=20 mem=40
Batch p=2 ticks=1000005
HeapAlloc dt=0 mem=5
Frequency freq=1000000000
)");
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(FirstArgs(r), ElementsAre(5, 10, 20, 30, 40));
  EXPECT_THAT(r.Briefs(),
              ElementsAre("HeapAlloc p=2 g=0 @0", "HeapAlloc p=0 g=0 @5", "HeapAlloc p=1 g=0 @15",
                          "HeapAlloc p=0 g=0 @25", "HeapAlloc p=1 g=0 @35"));
}

// P 0's GoStart of g 5 carries sequence number 3, which only P 1's GoUnblock
// (sequence 2) makes reachable. Both have the same time; without the sequence
// rule the tie would go to P 0 and the start would precede the unblock.
TEST(V1OrderingTest, StartWaitsForUnblockOnOtherPWhenTimestampsTie) {
  ASSERT_OPEN_TEXT(src, R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0
GoCreate dt=0 g=6 stack=0 stk=0
GoStart dt=10 g=5 seq=1              # @10
GoBlockRecv dt=10 stk=0              # @20
GoStart dt=80 g=5 seq=3              # @100
Batch p=1 ticks=1000000
GoStart dt=30 g=6 seq=1              # @30
GoUnblock dt=70 g=5 seq=2 stk=0      # @100
Frequency freq=1000000000
)");
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Briefs(),
              ElementsAre("GoCreate p=0 g=0 @0", "GoCreate p=0 g=0 @0", "GoStart p=0 g=5 @10",
                          "GoBlockRecv p=0 g=5 @20", "GoStart p=1 g=6 @30",
                          "GoUnblock p=1 g=6 @100", "GoStart p=0 g=5 @100"));
  EXPECT_EQ(r.Nth("GoUnblock").args[0], 5u);
}

// The same with P 0's clock running early: causality puts the start after the
// unblock, and the merged order is then not monotonic in time, which Go
// rejects (ErrTimeOrder) rather than reordering against causality.
TEST(V1OrderingTest, StartTimestampedBeforeItsUnblockFailsWithTimeOrder) {
  constexpr std::string_view kTrace = R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0
GoCreate dt=0 g=6 stack=0 stk=0
GoStart dt=10 g=5 seq=1              # @10
GoBlockRecv dt=10 stk=0              # @20
GoStart dt=70 g=5 seq=3              # @90, before the unblock at @100
Batch p=1 ticks=1000000
GoStart dt=30 g=6 seq=1
GoUnblock dt=70 g=5 seq=2 stk=0      # @100
Frequency freq=1000000000
)";
  ASSERT_OPEN_TEXT(src, kTrace);
  RawReplay r = ReplayRows(src.get());
  EXPECT_EQ(r.status.code(), StatusCode::kCorrupt);
  EXPECT_EQ(r.status.message(),
            ErrorPrefix(kTrace, "GoStart dt=70", "GoStart") + "time stamps out of order");
}

TEST(V1OrderingTest, LocalStartAndUnblockAreRenamed) {
  ASSERT_OPEN_TEXT(src, R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0
GoCreate dt=0 g=6 stack=0 stk=0
GoStartLocal dt=10 g=5
GoBlock dt=10 stk=0
GoStartLocal dt=10 g=6
GoUnblockLocal dt=10 g=5 stk=0
GoEnd dt=10
GoStartLocal dt=10 g=5
GoEnd dt=10
Frequency freq=1000000000
)");
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Names(), ElementsAre("GoCreate", "GoCreate", "GoStart", "GoBlock", "GoStart",
                                     "GoUnblock", "GoEnd", "GoStart", "GoEnd"));
  EXPECT_EQ(r.rows[5].args[0], 5u);
  EXPECT_EQ(r.rows[5].link, 7u);
  std::map<std::string, uint64_t> counts;
  ASSERT_TRUE(src->CountEvents(&counts).ok());
  EXPECT_EQ(counts,
            (std::map<std::string, uint64_t>{
                {"GoBlock", 1}, {"GoCreate", 2}, {"GoEnd", 2}, {"GoStart", 3}, {"GoUnblock", 1}}));
}

// Go's parser takes a GoSysExitLocal's goroutine from the P (it is not among
// the events whose G is their first argument), so after GoSysBlock it is g 0;
// the point here is that the event already has its renamed name.
TEST(V1OrderingTest, LocalSysExitIsRenamedToGoSysExit) {
  constexpr std::string_view kTrace = R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0
GoStart dt=10 g=5 seq=1
GoSysCall dt=10 stk=0
GoSysBlock dt=10
GoSysExitLocal dt=10 g=5 ts=0
GoStartLocal dt=10 g=5
Frequency freq=1000000000
)";
  ASSERT_OPEN_TEXT(src, kTrace);
  RawReplay r = ReplayRows(src.get());
  EXPECT_EQ(r.status.message(), ErrorPrefix(kTrace, "GoSysExitLocal", "GoSysExit") +
                                    "g 0 is not waiting during syscall exit");
}

TEST(V1OrderingTest, GCStartWaitsForItsSequenceNumber) {
  // P 0 holds the second GC (seq 1) with an early clock: it can only follow
  // the first GC, and then time goes backwards.
  constexpr std::string_view kSkewed = R"(
go 1.19
Batch p=0 ticks=1000000
GCStart dt=10 seq=1 stk=0
Batch p=1 ticks=1000000
GCStart dt=20 seq=0 stk=0
GCDone dt=10
Frequency freq=1000000000
)";
  ASSERT_OPEN_TEXT(skewed, kSkewed);
  EXPECT_EQ(ReplayRows(skewed.get()).status.message(),
            ErrorPrefix(kSkewed, "GCStart dt=10", "GCStart") + "time stamps out of order");

  // With the sequence numbers the other way round, P 1's GCStart is ready at
  // once and the validator sees two GCs overlap.
  constexpr std::string_view kSwapped = R"(
go 1.19
Batch p=0 ticks=1000000
GCStart dt=10 seq=0 stk=0
Batch p=1 ticks=1000000
GCStart dt=20 seq=1 stk=0
GCDone dt=10
Frequency freq=1000000000
)";
  ASSERT_OPEN_TEXT(swapped, kSwapped);
  EXPECT_EQ(ReplayRows(swapped.get()).status.message(),
            ErrorPrefix(kSwapped, "GCStart dt=20", "GCStart") +
                "previous GC is not ended before a new one");
}

TEST(V1OrderingTest, CpuSamplesAreOrderedByTheirOwnTimestamp) {
  ASSERT_OPEN_TEXT(src, R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=1 stack=0 stk=0         # @0
GoStart dt=10 g=1 seq=1                 # @10
HeapAlloc dt=20 mem=1                   # @30
HeapAlloc dt=20 mem=2                   # @50
Batch p=-1 ticks=1000060                # samples are written late, out of order
CPUSample dt=1 ts=1000040 p=0 g=1 stk=0
CPUSample dt=1 ts=1000020 p=-1 g=0 stk=0
Frequency freq=1000000000
)");
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Briefs(), ElementsAre("GoCreate p=0 g=0 @0", "GoStart p=0 g=1 @10",
                                      "CPUSample p=-1 g=0 @20", "HeapAlloc p=0 g=1 @30",
                                      "CPUSample p=0 g=1 @40", "HeapAlloc p=0 g=1 @50"));
  EXPECT_EQ(r.rows[4].args[2], 1u);
  EXPECT_EQ(src->info().duration_ns, 50);
}

TEST(V1OrderingTest, UnreachableSequenceNumberHasNoConsistentOrder) {
  constexpr std::string_view kTrace = R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0
GoStart dt=10 g=5 seq=7                 # nothing brings g 5 to sequence 7
Frequency freq=1000000000
)";
  ASSERT_OPEN_TEXT(src, kTrace);
  std::map<std::string, uint64_t> counts;
  Status s = src->CountEvents(&counts);
  EXPECT_EQ(s.code(), StatusCode::kCorrupt);
  EXPECT_EQ(s.message(),
            fmt::format("trace_v1: no consistent ordering of events possible; P 0 waits at "
                        "offset {:#x} (GoStart g=5)",
                        OffsetOf(kTrace, "GoStart dt=10")));
}

TEST(V1OrderingTest, Go15TracesAreOrderedByTheGlobalSequence) {
  ASSERT_OPEN_TEXT(src, R"(
go 1.5
Batch p=0 seq=0 ticks=1000000
HeapAlloc seqdt=2 dt=0 mem=2            # seq 2 @0
HeapAlloc seqdt=2 dt=10 mem=4           # seq 4 @10
Batch p=1 seq=0 ticks=1000000
HeapAlloc seqdt=1 dt=0 mem=1            # seq 1 @0
HeapAlloc seqdt=2 dt=10 mem=3           # seq 3 @10
Frequency freq=1000000000 unused=0
)");
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(FirstArgs(r), ElementsAre(1, 2, 3, 4));
  EXPECT_THAT(r.Briefs(), ElementsAre("HeapAlloc p=1 g=0 @0", "HeapAlloc p=0 g=0 @0",
                                      "HeapAlloc p=1 g=0 @10", "HeapAlloc p=0 g=0 @10"));
}

TEST(V1OrderingTest, Go15SequenceOrderThatGoesBackInTimeFailsWithTimeOrder) {
  constexpr std::string_view kTrace = R"(
go 1.5
Batch p=0 seq=0 ticks=1000000
HeapAlloc seqdt=1 dt=50 mem=1           # seq 1 @50
Batch p=1 seq=0 ticks=1000000
HeapAlloc seqdt=2 dt=10 mem=2           # seq 2 @10
Frequency freq=1000000000
)";
  ASSERT_OPEN_TEXT(src, kTrace);
  EXPECT_EQ(ReplayRows(src.get()).status.message(),
            ErrorPrefix(kTrace, "mem=2", "HeapAlloc") + "time stamps out of order");
}

constexpr std::string_view kBlockingSyscall = R"(
go 1.19
Batch p=0 ticks=1000000
ProcStart dt=0 thread=7                 # @0
GoCreate dt=0 g=5 stack=0 stk=0         # @0
GoStart dt=10 g=5 seq=1                 # @10
GoSysCall dt=10 stk=0                   # @20
GoSysBlock dt=10                        # @30
ProcStop dt=10                          # @40
Batch p=1 ticks=1000000
ProcStart dt=45 thread=8                # @45
HeapAlloc dt=5 mem=1                    # @50
HeapAlloc dt=10 mem=2                   # @60
GoSysExit dt=20 g=5 seq=2 ts=1000055    # written @80, returned @55
GoStart dt=5 g=5 seq=3                  # @85
Frequency freq=1000000000
)";

TEST(V1OrderingTest, SysExitMovesToItsRealTimeAndEarlierInTheListing) {
  ASSERT_OPEN_TEXT(src, kBlockingSyscall);
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(
      r.Briefs(),
      ElementsAre("ProcStart p=0 g=0 @0", "GoCreate p=0 g=0 @0", "GoStart p=0 g=5 @10",
                  "GoSysCall p=0 g=5 @20", "GoSysBlock p=0 g=5 @30", "ProcStop p=0 g=0 @40",
                  "ProcStart p=1 g=0 @45", "HeapAlloc p=1 g=0 @50", "GoSysExit p=1000003 g=5 @55",
                  "HeapAlloc p=1 g=0 @60", "GoStart p=1 g=5 @85"));
  EXPECT_EQ(r.rows[8].index, 8u);
  EXPECT_EQ(r.rows[8].args[2], 1000055u);
}

TEST(V1OrderingTest, SysExitWithoutARealTimeStaysWhereItWasWritten) {
  std::string text(kBlockingSyscall);
  text.replace(text.find("ts=1000055"), 10, "ts=0");
  ASSERT_OPEN_TEXT(src, text);
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  std::vector<std::string> briefs = r.Briefs();
  ASSERT_EQ(briefs.size(), 11u);
  EXPECT_THAT(std::vector<std::string>(briefs.begin() + 7, briefs.end()),
              ElementsAre("HeapAlloc p=1 g=0 @50", "HeapAlloc p=1 g=0 @60",
                          "GoSysExit p=1000003 g=5 @80", "GoStart p=1 g=5 @85"));
}

TEST(V1OrderingTest, ReplaysAreRepeatable) {
  ASSERT_OPEN_TEXT(src, kBlockingSyscall);
  RawReplay first = ReplayRows(src.get());
  RawReplay second = ReplayRows(src.get());
  ASSERT_TRUE(second.status.ok()) << second.status.message();
  ASSERT_EQ(first.rows.size(), 11u);
  EXPECT_EQ(second.Briefs(), first.Briefs());
  for (size_t i = 0; i < first.rows.size(); ++i) {
    EXPECT_EQ(second.rows[i].link, first.rows[i].link) << i;
    EXPECT_EQ(second.rows[i].offset, first.rows[i].offset) << i;
  }
  EXPECT_EQ(first.Nth("GoSysCall").link, 8u);
}

TEST(V1OrderingTest, InfoCountsEventsGoroutinesProcsAndThreads) {
  ASSERT_OPEN_TEXT(src, kBlockingSyscall);
  std::map<std::string, uint64_t> counts;
  ASSERT_TRUE(src->CountEvents(&counts).ok());
  const model::TraceInfo& info = src->info();
  EXPECT_EQ(info.version, 1019);
  EXPECT_EQ(info.VersionString(), "1.19");
  EXPECT_EQ(info.frequency, 1000000000u);
  EXPECT_EQ(info.events, 11u);
  EXPECT_EQ(info.goroutines, 1u);
  EXPECT_EQ(info.procs, 2u);
  EXPECT_EQ(info.threads, 2u);
  EXPECT_EQ(info.duration_ns, 85);
  EXPECT_FALSE(info.partial);
  ASSERT_EQ(info.anomalies.size(), 1u);
  EXPECT_EQ(info.anomalies[0].id, "missing-stacks");
  EXPECT_EQ(counts["HeapAlloc"], 2u);
  EXPECT_EQ(counts["GoSysExit"], 1u);
}

TEST(V1OrderingTest, SysExitWithoutSyscallBlockIsAStrayExit) {
  constexpr std::string_view kTrace = R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0
GoStart dt=10 g=5 seq=1
GoBlock dt=10 stk=0                     # blocked, but not in a syscall
GoSysExit dt=10 g=5 seq=2 ts=1000025
Frequency freq=1000000000
)";
  ASSERT_OPEN_TEXT(src, kTrace);
  EXPECT_EQ(ReplayRows(src.get()).status.message(),
            ErrorPrefix(kTrace, "GoSysExit", "GoSysExit") + "stray syscall exit");
}

TEST(V1OrderingTest, SysExitBeforeItsSyscallBlockFailsWithTimeOrder) {
  constexpr std::string_view kTrace = R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0
GoStart dt=10 g=5 seq=1
GoSysCall dt=10 stk=0
GoSysBlock dt=10                        # @30
GoSysExit dt=10 g=5 seq=2 ts=1000025    # claims to have returned @25
Frequency freq=1000000000
)";
  ASSERT_OPEN_TEXT(src, kTrace);
  EXPECT_EQ(ReplayRows(src.get()).status.message(),
            ErrorPrefix(kTrace, "GoSysExit", "GoSysExit") + "time stamps out of order");
}

}  // namespace
}  // namespace tracenote::trace_v1_test
