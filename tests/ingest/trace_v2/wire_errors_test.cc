// Inputs that are broken on the wire or break the limits and rules of the
// tables (go-trace-format.md 2.2, 2.4 and 5). Errors in the batch framing or
// the tables are found when the generation is indexed (for the first one,
// when the trace is opened: "t.trace: trace_v2: offset 0x..: generation N:
// ..."); errors in events when the replay reaches them ("trace_v2: offset
// 0x..: generation N, M m: Event: ...").
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "ingest/trace_v2/v2_test_util.h"

namespace tracenote::trace_v2_test {
namespace {

using ::testing::ElementsAre;

// The status of opening `text`, which must fail.
Status OpenError(std::string_view text) {
  auto src = OpenText(text);
  EXPECT_FALSE(src.ok()) << "opened";
  return src.ok() ? Status::Ok() : src.status();
}

// "t.trace: trace_v2: offset 0x..: generation G: " for the record on the
// line with `marker`.
std::string TablePrefix(std::string_view text, std::string_view marker, uint64_t gen) {
  return fmt::format("t.trace: trace_v2: offset {:#x}: generation {}: ", OffsetOf(text, marker),
                     gen);
}

constexpr std::string_view kM1Head = R"(Trace Go1.22
EventBatch gen=1 m=1 time=0
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=none gstatus=2
)";

TEST(V2WireErrorsTest, MissingFrequencyIsAnError) {
  const std::string trace = std::string(kM1Head);
  EXPECT_EQ(OpenError(trace).message(), TablePrefix(trace, "EventBatch", 1) + "no Frequency batch");
}

TEST(V2WireErrorsTest, Go125SyncBatchNeedsItsClockSnapshot) {
  const std::string trace = R"(Trace Go1.25
EventBatch gen=1 m=none time=0
Sync
Frequency freq=1000000000
)";
  EXPECT_EQ(OpenError(trace).message(),
            TablePrefix(trace, "EventBatch", 1) + "the Sync batch has no ClockSnapshot record");
}

TEST(V2WireErrorsTest, DuplicateStringIdIsAnError) {
  const std::string trace = std::string(kM1Head) + FreqBatch(1) + R"(
EventBatch gen=1 m=none time=0
Strings
String id=1
  data="a"
String id=1   # again
  data="b"
)";
  EXPECT_EQ(OpenError(trace).message(),
            TablePrefix(trace, "# again", 1) + "string id 1 appears twice");
}

TEST(V2WireErrorsTest, StackFrameNamingAMissingStringIsAnError) {
  const std::string trace = std::string(kM1Head) + Tables(1, {"main.f"}) + R"(
EventBatch gen=1 m=none time=0
Stacks
Stack id=1 nframes=2
  pc=1 func=1 file=0 line=1
  pc=2 func=5 file=1 line=2
)";
  EXPECT_EQ(OpenError(trace).message(),
            TablePrefix(trace, "Stack id=1", 1) +
                "frame 2 of stack 1 names a string the generation lacks");
}

TEST(V2WireErrorsTest, StringsLongerThan1024BytesAreAnError) {
  const auto trace = [](size_t len) {
    return std::string(kM1Head) + FreqBatch(1) +
           "EventBatch gen=1 m=none time=0 !pad\nStrings\nString id=1\n  data=\"" +
           std::string(len, 'a') + "\"\n";
  };
  EXPECT_TRUE(OpenText(trace(1024)).ok());
  EXPECT_EQ(OpenError(trace(1025)).message(), TablePrefix(trace(1025), "String id=1", 1) +
                                                  "string 1 is 1025 bytes long, more than 1024");
}

TEST(V2WireErrorsTest, StacksOfMoreThan128FramesAreAnError) {
  const std::string trace = std::string(kM1Head) + FreqBatch(1) + R"(
EventBatch gen=1 m=none time=0
Stacks
raw 03 01 8101          # Stack id=1 nframes=129
)";
  EXPECT_EQ(OpenError(trace).message(),
            TablePrefix(trace, "raw 03", 1) + "stack 1 has 129 frames, more than 128");
}

TEST(V2WireErrorsTest, EventNamingAStackNotInTheTableIsAnError) {
  const std::string stop =
      std::string(kM1Head) + "GoStop dt=1 reason_string=0 stack=9\n" + FreqBatch(1);
  EXPECT_EQ(OpenAndReplay(stop).message(), EventErrorPrefix(stop, "GoStop", 1, "M 1", "GoStop") +
                                               "stack 9 is not in the stack table");

  const std::string create =
      std::string(kM1Head) + "GoCreate dt=1 new_g=5 new_stack=9 stack=0\n" + FreqBatch(1);
  EXPECT_EQ(OpenAndReplay(create).message(),
            EventErrorPrefix(create, "GoCreate", 1, "M 1", "GoCreate") +
                "new_stack 9 is not in the stack table");
}

TEST(V2WireErrorsTest, EventNamingAStringNotInTheTableIsAnError) {
  const std::string trace =
      std::string(kM1Head) + "GoStop dt=1 reason_string=9 stack=0\n" + Tables(1, {"preempted"});
  EXPECT_EQ(OpenAndReplay(trace).message(), EventErrorPrefix(trace, "GoStop", 1, "M 1", "GoStop") +
                                                "reason_string 9 is not in the string table");
}

TEST(V2WireErrorsTest, BatchLargerThan64KiBIsAnError) {
  const std::string trace = "Trace Go1.22\nEventBatch gen=1 m=1 time=0 size=65537\n";
  EXPECT_EQ(OpenError(trace).message(), TablePrefix(trace, "EventBatch", 1) +
                                            "batch of 65537 bytes, more than the maximum 65536");
}

// An unknown byte cannot be skipped: events carry no length.
TEST(V2WireErrorsTest, UnknownEventByteNamesTheOffsetGenerationAndThread) {
  const std::string trace = std::string(kM1Head) + "raw 60 01\n" + Tables(1);
  ASSERT_OPEN_V2(src, trace);
  RawReplay r = ReplayRows(src.get());
  EXPECT_EQ(r.status.code(), StatusCode::kCorrupt);
  EXPECT_EQ(r.status.message(),
            fmt::format("trace_v2: offset {:#x}: generation 1, M 1: byte 0x60 is not an event of a "
                        "go 1.22 trace",
                        OffsetOf(trace, "raw 60")));
}

// GoSwitch (45) exists from Go 1.23 on.
TEST(V2WireErrorsTest, EventOfALaterVersionIsAnError) {
  const std::string trace =
      std::string(kM1Head) + "raw 2d 01 07 01   # GoSwitch dt=1 g=7 g_seq=1\n" + Tables(1);
  EXPECT_EQ(OpenAndReplay(trace).message(),
            EventErrorPrefix(trace, "raw 2d", 1, "M 1", "GoSwitch") +
                "byte 0x2d is not an event of a go 1.22 trace");
}

TEST(V2WireErrorsTest, VarintThatRunsPastItsBatchIsAnError) {
  const std::string cut =
      std::string(kM1Head) + "raw 10 01 85   # GoStart dt=1 g=<cut>\n" + Tables(1);
  EXPECT_EQ(OpenAndReplay(cut).message(), EventErrorPrefix(cut, "raw 10", 1, "M 1", "GoStart") +
                                              "the event runs past the end of its batch");

  const std::string overflow =
      std::string(kM1Head) + "raw 10 01 ffffffffffffffffff7f 01  # g > 2^64\n" + Tables(1);
  EXPECT_EQ(OpenAndReplay(overflow).message(),
            EventErrorPrefix(overflow, "raw 10", 1, "M 1", "GoStart") + "varint overflows 64 bits");
}

TEST(V2WireErrorsTest, NonBatchByteAtTheTopLevelIsAnError) {
  EXPECT_EQ(OpenError("Trace Go1.22\nraw 07\n").message(),
            "t.trace: trace_v2: offset 0x10: expected a batch (EventBatch), found byte 0x07");
  // Byte 52 ends a generation only from Go 1.26 on.
  EXPECT_EQ(OpenError("Trace Go1.25\nraw 34\n").message(),
            "t.trace: trace_v2: offset 0x10: expected a batch (EventBatch), found byte 0x34");
}

// As in Go's reader, an error where the next generation would begin is
// reported once the complete generation before it has been read.
TEST(V2WireErrorsTest, NonBatchByteAfterACompleteGenerationIsReportedAfterIt) {
  const std::string trace = "Trace Go1.22\n" + FreqBatch(1) +
                            "EventBatch gen=1 m=1 time=0 size=18\n"
                            "ProcStatus dt=1 p=0 pstatus=1\n"
                            "GoStatus dt=1 g=1 m=none gstatus=2\n"
                            "raw 07 00 00\n";
  ASSERT_OPEN_V2(src, trace);
  RawReplay r = ReplayRows(src.get());
  EXPECT_THAT(r.Labels(),
              ElementsAre("ProcStatus(p=0,pstatus=1)", "GoStatus(g=1,m=none,gstatus=2)"));
  EXPECT_EQ(r.status.message(),
            fmt::format("trace_v2: offset {:#x}: expected a batch (EventBatch), found byte 0x07",
                        OffsetOf(trace, "raw 07")));
  EXPECT_FALSE(src->info().partial) << src->info().partial_reason;
}

}  // namespace
}  // namespace tracenote::trace_v2_test
