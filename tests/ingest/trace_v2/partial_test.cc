// Where generations end (Go 1.26's EndOfGeneration byte, or the next
// generation's first batch before that) and what is left of a trace that is
// cut off: the readable part is replayed, info() says it is partial and why.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/trace_v2/v2_test_util.h"

namespace tracenote::trace_v2_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// Two Go 1.26 generations of M1, each closed by its EndOfGeneration byte;
// the second one's is left out when `end_second` is false.
std::string Go126Trace(bool end_second) {
  return "Trace Go1.26\n" + SyncBatch(1) +
         "EventBatch gen=1 m=1 time=0\n"
         "ProcStatus dt=1 p=0 pstatus=1\n"
         "GoStatus dt=1 g=1 m=none gstatus=2\n"
         "EndOfGeneration\n" +
         SyncBatch(2) +
         "EventBatch gen=2 m=1 time=10\n"
         "ProcStatus dt=1 p=0 pstatus=1\n"
         "GoStatus dt=1 g=1 m=none gstatus=2\n"
         "GoStop dt=1 reason_string=0 stack=0\n" +
         (end_second ? "EndOfGeneration\n" : "");
}

TEST(V2PartialTest, Go126EndOfGenerationBytesEndGenerations) {
  ASSERT_OPEN_V2(src, Go126Trace(true));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Labels(),
              ElementsAre("ProcStatus(p=0,pstatus=1)", "GoStatus(g=1,m=none,gstatus=2)",
                          "ProcStatus(p=0,pstatus=1)", "GoStatus(g=1,m=none,gstatus=2)", "GoStop"));
  EXPECT_FALSE(src->info().partial) << src->info().partial_reason;
}

// Go's reader calls this "incomplete generation; trace likely truncated".
TEST(V2PartialTest, Go126GenerationWithoutItsEndIsPartial) {
  const std::string trace = Go126Trace(false);
  ASSERT_OPEN_V2(src, trace);
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  ASSERT_GE(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].Label(), "ProcStatus(p=0,pstatus=1)");
  EXPECT_EQ(r.rows[1].Label(), "GoStatus(g=1,m=none,gstatus=2)");
  EXPECT_TRUE(src->info().partial);
  EXPECT_THAT(src->info().partial_reason, StartsWith("the input ends inside generation 2"));
  bool truncated = false;
  for (const model::Anomaly& a : src->info().anomalies) truncated |= a.id == "truncated";
  EXPECT_TRUE(truncated);
}

TEST(V2PartialTest, Go126GenerationsMustFollowEachOther) {
  std::string trace = Go126Trace(true);
  for (size_t at = trace.find("gen=2"); at != std::string::npos; at = trace.find("gen=2")) {
    trace.replace(at, 5, "gen=3");
  }
  ASSERT_OPEN_V2(src, trace);
  RawReplay r = ReplayRows(src.get());
  EXPECT_EQ(r.rows.size(), 2u);  // generation 1
  EXPECT_EQ(r.status.message(),
            fmt::format("trace_v2: offset {:#x}: generation 3: generations out of order: 3 "
                        "follows 1",
                        OffsetOf(trace, "gen=3")));
}

TEST(V2PartialTest, Go126EndOfGenerationBeforeAnyBatchIsAnError) {
  auto src = OpenText("Trace Go1.26\nEndOfGeneration\n");
  ASSERT_FALSE(src.ok());
  EXPECT_EQ(src.status().message(),
            "t.trace: trace_v2: offset 0x10: EndOfGeneration with no generation before it");
}

// Go 1.22: generation 1 whole, then generation 2's tables and M1's batch;
// M2's batch, the last, is cut 2 bytes before its end.
constexpr std::string_view kTwoGenerations = R"(Trace Go1.22
EventBatch gen=1 m=1 time=0
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=none gstatus=2
EventBatch gen=1 m=none time=0
Frequency freq=1000000000
EventBatch gen=2 m=none time=0
Frequency freq=1000000000
EventBatch gen=2 m=1 time=10
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=none gstatus=2
EventBatch gen=2 m=2 time=10
ProcStatus dt=1 p=1 pstatus=1
HeapAlloc dt=1 heapalloc_value=100
)";

TEST(V2PartialTest, CutInsideTheLastBatchKeepsEverythingBeforeIt) {
  std::vector<uint8_t> bytes = Encode(kTwoGenerations);
  ASSERT_TRUE(OpenBytes(bytes).ok());
  bytes.resize(bytes.size() - 2);
  auto src = OpenBytes(bytes);
  ASSERT_TRUE(src.ok()) << src.status().message();
  RawReplay r = ReplayRows(src->get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.OnThreads(),
              ElementsAre("M1 ProcStatus(p=0,pstatus=1)", "M1 GoStatus(g=1,m=none,gstatus=2)",
                          "M1 ProcStatus(p=0,pstatus=1)", "M1 GoStatus(g=1,m=none,gstatus=2)"));
  const model::TraceInfo& info = (*src)->info();
  EXPECT_TRUE(info.partial);
  EXPECT_EQ(info.partial_reason,
            fmt::format("the input ends inside generation 2 (trace_v2: offset {:#x}: generation 2: "
                        "batch of 7 bytes is cut off: the input ends after 5 of them); its events "
                        "were read as far as they hang together",
                        OffsetOf(kTwoGenerations, "gen=2 m=2")));
}

// The tables come last in a generation: cut off, they take the strings the
// generation's events name with them. The events are still read, without
// their strings.
TEST(V2PartialTest, CutOffStringTableStillReadsTheEventsNamingStrings) {
  const std::string trace = "Trace Go1.22\n" + FreqBatch(1) +
                            "EventBatch gen=1 m=1 time=0\n"
                            "ProcStatus dt=1 p=0 pstatus=1\n"
                            "GoStatus dt=1 g=1 m=none gstatus=2\n" +
                            FreqBatch(2) +
                            "EventBatch gen=2 m=1 time=10\n"
                            "ProcStatus dt=1 p=0 pstatus=1\n"
                            "GoStatus dt=1 g=1 m=none gstatus=2\n"
                            "GoStop dt=1 reason_string=1 stack=0\n" +
                            StringsBatch(2, {"preempted"});
  std::vector<uint8_t> bytes = Encode(trace);
  bytes.resize(bytes.size() - 3);
  auto src = OpenBytes(bytes);
  ASSERT_TRUE(src.ok()) << src.status().message();
  RawReplay r = ReplayRows(src->get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(r.rows.size(), 5u);
  EXPECT_EQ((*src)->info().partial_reason,
            fmt::format("the input ends inside generation 2 (trace_v2: offset {:#x}: generation 2: "
                        "batch of 13 bytes is cut off: the input ends after 10 of them); its "
                        "events were read as far as they hang together",
                        OffsetOf(trace, "gen=2 m=none time=0\nStrings")));
}

// Go 1.26: generation 1 lacks its EndOfGeneration byte, but the input goes
// on with generation 2, whole and closed. The input does not end inside
// generation 1: the replay must either fail on the missing byte or go on
// with generation 2, not stop quietly after generation 1.
TEST(V2PartialTest, Go126MissingEndBeforeTheNextGenerationIsNotACutOff) {
  std::string trace = Go126Trace(true);
  trace.erase(trace.find("EndOfGeneration\n"), 16);
  ASSERT_OPEN_V2(src, trace);
  RawReplay r = ReplayRows(src.get());
  EXPECT_TRUE(!r.status.ok() || r.rows.size() == 5)
      << "status '" << r.status.message() << "', " << r.rows.size() << " events";
  EXPECT_THAT(src->info().partial_reason, Not(HasSubstr("the input ends inside generation 1")));
}

// Cut inside the header of generation 2's first batch: generation 1 is whole.
TEST(V2PartialTest, CutAtTheStartOfTheNextGenerationKeepsTheCompleteOne) {
  const size_t gen2 = OffsetOf(kTwoGenerations, "gen=2 m=none");
  std::vector<uint8_t> bytes = Encode(kTwoGenerations);
  bytes.resize(gen2 + 3);  // EventBatch, gen=2, m=none cut after 1 byte
  auto src = OpenBytes(bytes);
  ASSERT_TRUE(src.ok()) << src.status().message();
  RawReplay r = ReplayRows(src->get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Labels(),
              ElementsAre("ProcStatus(p=0,pstatus=1)", "GoStatus(g=1,m=none,gstatus=2)"));
  EXPECT_TRUE((*src)->info().partial);
  EXPECT_THAT((*src)->info().partial_reason,
              StartsWith("the input is cut off after 1 complete generation: "));
  EXPECT_THAT((*src)->info().partial_reason, HasSubstr("truncated batch header"));
}

TEST(V2PartialTest, CutInsideTheFirstBatchHeaderIsAnError) {
  std::vector<uint8_t> bytes = Encode(kTwoGenerations);
  bytes.resize(16 + 3);  // EventBatch gen=1 m=1, no time
  auto src = OpenBytes(bytes);
  ASSERT_FALSE(src.ok());
  EXPECT_EQ(src.status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(src.status().message(), "t.trace: trace_v2: offset 0x13: truncated batch header");
}

TEST(V2PartialTest, CutInsideTheFirstBatchIsAnError) {
  std::vector<uint8_t> bytes = Encode(kTwoGenerations);
  bytes.resize(16 + 5 + 3);  // the first batch holds 18 bytes
  auto src = OpenBytes(bytes);
  ASSERT_FALSE(src.ok());
  EXPECT_EQ(src.status().message(),
            "t.trace: trace_v2: offset 0x10: generation 1: batch of 18 bytes is cut off: the input "
            "ends after 3 of them");
}

// A header alone is not a trace.
TEST(V2PartialTest, HeaderWithoutGenerationsIsAnError) {
  auto src = OpenText("Trace Go1.22\n");
  ASSERT_FALSE(src.ok());
  EXPECT_EQ(src.status().message(), "t.trace: trace_v2: the trace has a header but no generations");
}

}  // namespace
}  // namespace tracenote::trace_v2_test
