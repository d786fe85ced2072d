// Incomplete traces (a killed process, a cut download): what can be read is
// read, and the trace is marked partial with the reason and an anomaly.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "ingest/trace_v1/v1_test_util.h"

namespace tracenote::trace_v1_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> AnomalyIds(const model::TraceInfo& info) {
  std::vector<std::string> out;
  for (const model::Anomaly& a : info.anomalies) out.push_back(a.id);
  return out;
}

TEST(V1PartialTest, CutInsideTheLastRecordKeepsTheEventsBeforeIt) {
  constexpr std::string_view kTrace = R"(
go 1.19
Frequency freq=1000000000
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0
GoStart dt=10 g=5 seq=1
HeapAlloc dt=10 mem=4096
raw 0x51 0x0a                   # GoSched dt=10, and the stack id is cut off
)";
  ASSERT_OPEN_TEXT(src, kTrace);
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Briefs(),
              ElementsAre("GoCreate p=0 g=0 @0", "GoStart p=0 g=5 @10", "HeapAlloc p=0 g=5 @20"));
  const model::TraceInfo& info = src->info();
  EXPECT_TRUE(info.partial);
  EXPECT_EQ(info.partial_reason, ErrorPrefix(kTrace, "raw 0x51", "GoSched") + "truncated varint");
  EXPECT_THAT(AnomalyIds(info), ElementsAre("truncated", "missing-stacks"));
  EXPECT_EQ(info.anomalies[0].first_offset, OffsetOf(kTrace, "raw 0x51"));
  EXPECT_EQ(info.anomalies[0].count, 1u);
  EXPECT_EQ(info.events, 3u);
  EXPECT_EQ(info.duration_ns, 20);
}

TEST(V1PartialTest, CutInsideAStringOrALengthPrefixedRecord) {
  constexpr std::string_view kString = R"(
go 1.19
Frequency freq=1000000000
Batch p=0 ticks=1000000
HeapAlloc dt=0 mem=1
raw 0x25 0x01 0x0a 0x61 0x62    # String id=1 of 10 bytes, 2 written
)";
  ASSERT_OPEN_TEXT(str, kString);
  EXPECT_EQ(str->info().partial_reason,
            ErrorPrefix(kString, "raw 0x25", "String") + "string runs past the end of the input");
  EXPECT_EQ(ReplayRows(str.get()).rows.size(), 1u);

  constexpr std::string_view kLong = R"(
go 1.19
Frequency freq=1000000000
Batch p=0 ticks=1000000
HeapAlloc dt=0 mem=1
HeapAlloc dt=5 mem=2
raw 0xcd 0x04 0x01              # GoCreate of 4 bytes, 1 written
)";
  ASSERT_OPEN_TEXT(rec, kLong);
  EXPECT_EQ(rec->info().partial_reason,
            ErrorPrefix(kLong, "raw 0xcd", "GoCreate") + "record runs past the end of the input");
  EXPECT_EQ(ReplayRows(rec.get()).rows.size(), 2u);
}

TEST(V1PartialTest, MissingFrequencyIsPartialAndTimesStayInTicks) {
  constexpr std::string_view kBody = R"(
go 1.19
Batch p=0 ticks=1000000
HeapAlloc dt=0 mem=1
HeapAlloc dt=640 mem=2
)";
  ASSERT_OPEN_TEXT(src, kBody);
  const model::TraceInfo& info = src->info();
  EXPECT_TRUE(info.partial);
  EXPECT_EQ(info.partial_reason, "no Frequency record (the runtime writes it last)");
  EXPECT_EQ(info.frequency, 0u);
  EXPECT_THAT(AnomalyIds(info), ElementsAre("missing-frequency", "missing-stacks"));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Briefs(), ElementsAre("HeapAlloc p=0 g=0 @0", "HeapAlloc p=0 g=0 @640"));

  // The same events with 15.625 MHz ticks (64 ns each).
  ASSERT_OPEN_TEXT(timed, std::string(kBody) + "Frequency freq=15625000\n");
  EXPECT_FALSE(timed->info().partial);
  EXPECT_THAT(ReplayRows(timed.get()).Briefs(),
              ElementsAre("HeapAlloc p=0 g=0 @0", "HeapAlloc p=0 g=0 @40960"));
}

TEST(V1PartialTest, TraceWithoutEventsIsAnError) {
  auto empty = OpenText(R"(
go 1.19
Batch p=0 ticks=1000000
Frequency freq=1000000000
String id=1 "main.main"
)");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(empty.status().message(), TestName() + ": trace_v1: trace is empty");

  auto header_only = OpenText("go 1.19\n");
  ASSERT_FALSE(header_only.ok());
  EXPECT_EQ(header_only.status().message(),
            TestName() +
                ": trace_v1: no events could be read: no Frequency record (the runtime writes it "
                "last)");

  auto cut = OpenText("go 1.19\nraw 0x41 0x00 0x80");
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.status().message(),
            TestName() +
                ": trace_v1: no events could be read: trace_v1: offset 0x10: event Batch: "
                "truncated varint; no Frequency record (the runtime writes it last)");
}

// The lost tail of a partial trace held the unblock this start waits for:
// the replay stops there instead of failing.
TEST(V1PartialTest, InconsistencyInAPartialTraceEndsTheReplayEarly) {
  constexpr std::string_view kBody = R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0
GoStart dt=10 g=5 seq=1
GoBlock dt=10 stk=0
GoStart dt=10 g=5 seq=3              # waits for an unblock that is not in the file
HeapAlloc dt=10 mem=1
)";
  ASSERT_OPEN_TEXT(src, kBody);
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Names(), ElementsAre("GoCreate", "GoStart", "GoBlock"));
  ModelReplay m = ReplayModelEvents(src.get());
  ASSERT_TRUE(m.status.ok()) << m.status.message();
  EXPECT_EQ(m.events.size(), 3u);
  EXPECT_EQ(src->info().events, 3u);
  EXPECT_THAT(src->info().partial_reason,
              HasSubstr("; reading stopped: trace_v1: no consistent ordering of events possible"));

  // In a complete trace the same thing is an error.
  ASSERT_OPEN_TEXT(complete, std::string(kBody) + "Frequency freq=1000000000\n");
  Status s = ReplayRows(complete.get()).status;
  EXPECT_EQ(s.code(), StatusCode::kCorrupt);
  EXPECT_THAT(s.message(), HasSubstr("no consistent ordering of events possible"));
}

TEST(V1PartialTest, CountsOfAPartialTraceCoverTheReadableEvents) {
  ASSERT_OPEN_TEXT(src, R"(
go 1.19
Batch p=1 ticks=1000000
ProcStart dt=0 thread=11
GoCreate dt=0 g=5 stack=0 stk=0
GoStart dt=10 g=5 seq=1
raw 0x0f                        # GoEnd without its timestamp
)");
  std::map<std::string, uint64_t> counts;
  ASSERT_TRUE(src->CountEvents(&counts).ok());
  EXPECT_EQ(counts,
            (std::map<std::string, uint64_t>{{"GoCreate", 1}, {"GoStart", 1}, {"ProcStart", 1}}));
  const model::TraceInfo& info = src->info();
  EXPECT_EQ(info.events, 3u);
  EXPECT_EQ(info.goroutines, 1u);
  EXPECT_EQ(info.procs, 1u);
  EXPECT_EQ(info.threads, 1u);
  EXPECT_THAT(AnomalyIds(info), ElementsAre("truncated", "missing-frequency", "missing-stacks"));
  EXPECT_THAT(info.partial_reason, HasSubstr("event GoEnd: truncated varint; no Frequency record"));
}

// A sink may stop a replay; that is not an error and leaves the trace whole.
TEST(V1PartialTest, SinkThatStopsTheReplayEndsItWithoutError) {
  ASSERT_OPEN_TEXT(src, R"(
go 1.19
Batch p=0 ticks=1000000
HeapAlloc dt=0 mem=1
HeapAlloc dt=10 mem=2
HeapAlloc dt=10 mem=3
Frequency freq=1000000000
)");
  struct FirstTwo : RawEventSink {
    std::vector<uint64_t> seen;
    bool OnRawEvent(const RawEvent& e) override {
      seen.push_back(e.args[0]);
      return seen.size() < 2;
    }
  } sink;
  ASSERT_TRUE(src->ReplayRaw(ReplayOptions{}, &sink).ok());
  EXPECT_THAT(sink.seen, ElementsAre(1, 2));
  EXPECT_FALSE(src->info().partial);
  EXPECT_EQ(ReplayRows(src.get()).rows.size(), 3u);
}

}  // namespace
}  // namespace tracenote::trace_v1_test
