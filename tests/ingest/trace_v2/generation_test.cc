// Generations and their tables in the v2 reader: sequence numbers that
// restart at each generation, statuses that are only legal in the first one,
// per-generation frequencies and clock snapshots, CPU samples, and what
// info() reports about them.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "ingest/trace_v2/v2_test_util.h"

namespace tracenote::trace_v2_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

// The anomaly with id `id` in `info`, or nullptr.
const model::Anomaly* FindAnomaly(const model::TraceInfo& info, std::string_view id) {
  for (const model::Anomaly& a : info.anomalies) {
    if (a.id == id) return &a;
  }
  return nullptr;
}

// Go's go122-confuse-seq-across-generations: in generation 2, M1's GoStart
// with g_seq 2 would follow generation 1's g_seq 1, but the status event of
// generation 2 restarts the count, so it must wait for M0's start and stop.
TEST(V2GenerationTest, SequenceNumbersRestartAtAGenerationBoundary) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.22
EventBatch gen=1 m=0 time=0
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=0 gstatus=2
GoStop dt=1 reason_string=1 stack=0
EventBatch gen=1 m=1 time=0
ProcStatus dt=1 p=1 pstatus=1
GoStart dt=1 g=1 g_seq=1
GoStop dt=1 reason_string=1 stack=0
)" + Tables(1, {"whatever"}) +
                          R"(
EventBatch gen=2 m=1 time=3
ProcStatus dt=1 p=1 pstatus=1
GoStart dt=1 g=1 g_seq=2
EventBatch gen=2 m=0 time=5
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=0 gstatus=1
GoStart dt=1 g=1 g_seq=1
GoStop dt=1 reason_string=1 stack=0
)" + Tables(2, {"whatever"}));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.OnThreads(),
              ElementsAre("M0 ProcStatus(p=0,pstatus=1)", "M1 ProcStatus(p=1,pstatus=1)",
                          "M0 GoStatus(g=1,m=0,gstatus=2)", "M0 GoStop(\"whatever\")",
                          "M1 GoStart(g=1)", "M1 GoStop(\"whatever\")",
                          // generation 2
                          "M1 ProcStatus(p=1,pstatus=1)", "M0 ProcStatus(p=0,pstatus=1)",
                          "M0 GoStatus(g=1,m=0,gstatus=1)", "M0 GoStart(g=1)",
                          "M0 GoStop(\"whatever\")", "M1 GoStart(g=1)"));

  std::map<std::string, uint64_t> counts;
  ASSERT_TRUE(src->CountEvents(&counts).ok());
  EXPECT_THAT(counts, UnorderedElementsAre(Pair("ProcStatus", 4), Pair("GoStatus", 2),
                                           Pair("GoStart", 3), Pair("GoStop", 3)));
  EXPECT_EQ(src->info().events, 12u);
  EXPECT_EQ(src->info().goroutines, 1u);
  EXPECT_EQ(src->info().procs, 2u);
  EXPECT_EQ(src->info().threads, 2u);
  EXPECT_FALSE(src->info().partial);
}

TEST(V2GenerationTest, StatusOfANewGoroutineAfterTheFirstGenerationIsAnError) {
  const std::string trace =
      "Trace Go1.22\nEventBatch gen=1 m=1 time=0\n"
      "ProcStatus dt=1 p=0 pstatus=1\n" +
      Tables(1) +
      "EventBatch gen=2 m=1 time=10\n"
      "ProcStatus dt=1 p=0 pstatus=1\n"
      "GoStatus dt=1 g=9 m=none gstatus=1\n" +
      Tables(2);
  EXPECT_EQ(OpenAndReplay(trace).message(),
            EventErrorPrefix(trace, "g=9", 2, "M 1", "GoStatus") +
                "found goroutine status for new goroutine after the first generation: id=9 "
                "status=Runnable");
}

// A status repeated at a generation boundary must agree with the state.
TEST(V2GenerationTest, StatusThatContradictsTheStateIsAnError) {
  const std::string trace =
      "Trace Go1.22\nEventBatch gen=1 m=1 time=0\n"
      "ProcStatus dt=1 p=0 pstatus=1\n" +
      Tables(1) +
      "EventBatch gen=2 m=1 time=10\n"
      "ProcStatus dt=1 p=0 pstatus=2\n" +
      Tables(2);
  EXPECT_EQ(OpenAndReplay(trace).message(),
            EventErrorPrefix(trace, "pstatus=2", 2, "M 1", "ProcStatus") +
                "inconsistent status for proc 0: old Running vs. new Idle");
}

TEST(V2GenerationTest, GenerationsOutOfOrderAreAnError) {
  const std::string trace =
      "Trace Go1.22\nEventBatch gen=1 m=1 time=0\n"
      "ProcStatus dt=1 p=0 pstatus=1\n" +
      Tables(1) +
      "EventBatch gen=3 m=1 time=10\n"
      "ProcStatus dt=1 p=0 pstatus=1\n" +
      Tables(3);
  auto src = OpenText(trace);
  ASSERT_FALSE(src.ok());
  EXPECT_EQ(src.status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(src.status().message(),
            fmt::format("t.trace: trace_v2: offset {:#x}: generation 3: generations out of "
                        "order: a batch of generation 3 inside generation 1",
                        OffsetOf(trace, "gen=3")));
}

// A flight-recorder snapshot: the first generation is 5, and its statuses
// describe goroutines and Ps that existed before.
TEST(V2GenerationTest, TraceStartingAtGenerationFiveIsASnapshot) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.22
EventBatch gen=5 m=1 time=100
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=none gstatus=2
GoStop dt=1 reason_string=0 stack=0
)" + Tables(5) + R"(
EventBatch gen=6 m=1 time=200
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=none gstatus=1
GoStart dt=1 g=1 g_seq=1
)" + Tables(6));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(r.rows.size(), 6u);
  const model::Anomaly* a = FindAnomaly(src->info(), "starts-mid-trace");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->count, 1u);
  EXPECT_THAT(a->description, HasSubstr("starts at generation 5"));
}

// A C thread calling into Go again gets the same goroutine id each time
// (the runtime reuses the extra M's goroutine): info() counts distinct
// goroutines, so that is one.
TEST(V2GenerationTest, GoroutineRecreatedForEachCgoCallbackCountsOnce) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.22
EventBatch gen=1 m=1 time=0
GoCreateSyscall dt=1 new_g=4
GoDestroySyscall dt=1
GoCreateSyscall dt=1 new_g=4
GoDestroySyscall dt=1
)" + Tables(1));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(r.rows.size(), 4u);
  EXPECT_EQ(src->info().goroutines, 1u);
}

// Events with the same time, and an event that has to wait for a later one,
// come out strictly increasing: each is moved 1 ns after the one before.
TEST(V2GenerationTest, EqualAndEarlierTimesAreMadeStrictlyIncreasing) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.22
EventBatch gen=1 m=1 time=10
ProcStatus dt=0 p=0 pstatus=1           # @10
HeapAlloc dt=0 heapalloc_value=1        # @10
HeapAlloc dt=0 heapalloc_value=2        # @10
ProcStop dt=10                          # @20
EventBatch gen=1 m=2 time=10
ProcStart dt=5 p=0 p_seq=1              # @15, after the stop
)" + Tables(1));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Labels(),
              ElementsAre("ProcStatus(p=0,pstatus=1)", "HeapAlloc(heapalloc_value=1)",
                          "HeapAlloc(heapalloc_value=2)", "ProcStop", "ProcStart(p=0)"));
  EXPECT_THAT(r.Times(), ElementsAre(0, 1, 2, 10, 11));
}

// Go's go123-sync, with events: each generation's times are read at its
// own frequency (2 ns per tick in generation 2).
TEST(V2GenerationTest, EachGenerationHasItsOwnFrequency) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.23
EventBatch gen=1 m=1 time=10
ProcStatus dt=1 p=0 pstatus=1           # tick 11: 11 ns
)" + Tables(1, {}, 1000000000) +
                          R"(
EventBatch gen=2 m=1 time=30
ProcStatus dt=1 p=0 pstatus=1           # tick 31: 62 ns
ProcStop dt=4                           # tick 35: 70 ns
)" + Tables(2, {}, 500000000));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Times(), ElementsAre(0, 51, 59));
  EXPECT_EQ(src->info().frequency, 1000000000u);
  EXPECT_EQ(src->info().duration_ns, 59);
}

// Go 1.25: the Sync batch's clock snapshot, taken at trace tick 50 + 60 =
// 110 (220 ns at 2 ns per tick), reads the wall clock at 1700000000 s +
// 500 ns; the first event is at tick 60 (120 ns), 100 ns earlier.
TEST(V2GenerationTest, ClockSnapshotGivesTheWallClockTimeOfTheFirstEvent) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.25
EventBatch gen=1 m=none time=50
Sync
Frequency freq=500000000
ClockSnapshot dt=60 mono=5 sec=1700000000 nsec=500
EventBatch gen=1 m=1 time=50
ProcStatus dt=10 p=0 pstatus=1
ProcStop dt=5
)");
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Times(), ElementsAre(0, 10));
  EXPECT_EQ(src->info().wall_clock_start_unix_ns, int64_t{1700000000000000400});
  EXPECT_EQ(src->info().frequency, 500000000u);
}

// Early Go 1.22 builds on Windows wrote the CPU tick rate while counting in
// units of 256 ticks: 1052163 ticks are read at 2693536955/256 per second
// (100000019 ns), not at the rate written (390624 ns).
TEST(V2GenerationTest, LowResolutionClockFrequencyIsDividedBy256) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.22
EventBatch gen=1 m=1 time=0
ProcStatus dt=0 p=0 pstatus=1
ProcStop dt=1052163
)" + Tables(1, {}, 2693536955));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(src->info().duration_ns, 100000019);
  EXPECT_EQ(src->info().frequency, 2693536955u);
  const model::Anomaly* a = FindAnomaly(src->info(), "low-resolution-clock-frequency");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->count, 1u);
  EXPECT_THAT(a->description, HasSubstr("times were read at 10521628 ticks per second"));
}

// The runtime writes every batch size as a 10-byte uvarint.
TEST(V2GenerationTest, PaddedBatchSizesAreAccepted) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.22
EventBatch gen=1 m=none time=0 !pad
Frequency freq=1000000000
EventBatch gen=1 m=1 time=0 !pad
ProcStatus dt=1 p=0 pstatus=1
ProcStop dt=1
)");
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Labels(), ElementsAre("ProcStatus(p=0,pstatus=1)", "ProcStop"));
}

// CPU samples carry absolute times and come between the events by time.
TEST(V2GenerationTest, CpuSamplesAreMergedByTime) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.22
EventBatch gen=1 m=1 time=0
ProcStatus dt=10 p=0 pstatus=1          # @10
GoStatus dt=10 g=1 m=none gstatus=2     # @20
GoStop dt=20 reason_string=0 stack=0    # @40
EventBatch gen=1 m=none time=0
CPUSamples
CPUSample time=30 m=1 p=0 g=1 stack=1
CPUSample time=15 m=1 p=none g=0 stack=0
EventBatch gen=1 m=none time=0
Stacks
Stack id=1 nframes=1
  pc=4096 func=1 file=2 line=7
)" + Tables(1, {"main.spin", "main.go"}));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Labels(),
              ElementsAre("ProcStatus(p=0,pstatus=1)", "CPUSample(m=1,p=none,g=0)",
                          "GoStatus(g=1,m=none,gstatus=2)", "CPUSample(m=1,p=0,g=1)", "GoStop"));
  EXPECT_THAT(r.Times(), ElementsAre(0, 5, 10, 20, 30));
  EXPECT_EQ(r.Nth("CPUSample").p, -1);
  EXPECT_EQ(TopFunction(*src, r.Nth("CPUSample", 1).stack), "main.spin");

  ModelReplay m = ReplayModelEvents(src.get());
  ASSERT_TRUE(m.status.ok()) << m.status.message();
  EXPECT_EQ(m.lines[1], "@5 StackSample g=0 p=-1 m=1");
  EXPECT_EQ(m.lines[3], "@20 StackSample g=1 p=0 m=1");
  EXPECT_EQ(TopFunction(*src, m.events[3].stack), "main.spin");

  std::map<std::string, uint64_t> counts;
  ASSERT_TRUE(src->CountEvents(&counts).ok());
  EXPECT_EQ(counts["CPUSample"], 2u);
  EXPECT_EQ(src->info().events, 3u);  // samples are not events
}

// Go 1.23's experimental data (GODEBUG=traceallocfree=1): its batches are
// skipped and counted; its events in event batches are ordered like others.
TEST(V2GenerationTest, ExperimentalBatchesAreSkippedAndCounted) {
  ASSERT_OPEN_V2(src, R"(Trace Go1.23
ExperimentalBatch exp=1 gen=1 m=1 time=0
data="\x01\x02\x03"
EventBatch gen=1 m=1 time=0
ProcStatus dt=1 p=0 pstatus=1
SpanAlloc dt=1 id=7 npages_value=2 kindclass=3
)" + Tables(1));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Labels(), ElementsAre("ProcStatus(p=0,pstatus=1)",
                                      "SpanAlloc(id=7,npages_value=2,kindclass=3)"));
  const model::Anomaly* a = FindAnomaly(src->info(), "experimental-batches");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->count, 1u);
}

}  // namespace
}  // namespace tracenote::trace_v2_test
