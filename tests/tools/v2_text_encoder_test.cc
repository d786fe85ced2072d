#include "tools/v2_text_encoder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/trace_v2/v2_event_spec.h"

namespace tracenote::test_tools {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes Header(std::string_view h) {
  Bytes b(h.begin(), h.end());
  b.resize(16, 0);
  return b;
}

Bytes Cat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The records after the 16-byte header.
Bytes Body(std::string_view text) {
  auto r = EncodeV2Text(text);
  EXPECT_TRUE(r.ok()) << r.status().message();
  if (!r.ok()) return {};
  EXPECT_GE(r->size(), 16u);
  return Bytes(r->begin() + 16, r->end());
}

std::string EncodeError(std::string_view text) {
  auto r = EncodeV2Text(text);
  EXPECT_FALSE(r.ok());
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  return r.status().message();
}

TEST(V2TextEncoderTest, ReproducesTheWorkedExampleOfTheFormatDoc) {
  // go-trace-format.md §2.2a: time d9fdfbcce70c = 440127127257; size padded.
  auto r = EncodeV2Text(
      "Trace Go1.22\n"
      "EventBatch gen=1 m=18446744073709551615 time=440127127257 size=5 !pad\n"
      "Frequency freq=15625000\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  const Bytes want = Cat(Header("go 1.22 trace"),
                         {0x01, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                          0x01, 0xd9, 0xfd, 0xfb, 0xcc, 0xe7, 0x0c, 0x85, 0x80, 0x80, 0x80,
                          0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x08, 0xa8, 0xd6, 0xb9, 0x07});
  ASSERT_EQ(want.size(), 0x31u);
  EXPECT_EQ(*r, want);
  // The same with m=none and the size computed (still padded).
  EXPECT_EQ(EncodeV2Text("Trace Go1.22\n"
                         "EventBatch gen=1 m=none time=440127127257 !pad\n"
                         "Frequency freq=15625000\n")
                .value(),
            want);
}

TEST(V2TextEncoderTest, WritesTimedEventsAsIdDtArgsStack) {
  EXPECT_EQ(Body("Trace Go1.22\n"
                 "EventBatch gen=1 m=0 time=0 size=23\n"
                 "GoStart dt=1 g=4 g_seq=1\n"
                 "GoBlock dt=300 reason_string=3 stack=2\n"
                 "GoStatus dt=0 g=1 m=18446744073709551615 gstatus=2\n"),
            Bytes({0x01, 0x01, 0x00, 0x00, 0x17,                          // batch
                   0x10, 0x01, 0x04, 0x01,                                // GoStart
                   0x14, 0xac, 0x02, 0x03, 0x02,                          // GoBlock
                   0x19, 0x00, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  // GoStatus
                   0xff, 0xff, 0xff, 0x01, 0x02}));
}

TEST(V2TextEncoderTest, StringDataTakesGoEscapesAndRawLiterals) {
  EXPECT_EQ(Body("Trace Go1.22\n"
                 "Strings\n"
                 "String id=1\n"
                 "\tdata=\"a\\x00\\n\\\"b\\u00e9\"\n"
                 "String id=2\n"
                 "  data = `x\\n`  \n"),
            Bytes({0x04, 0x05, 0x01, 0x07, 'a', 0x00, '\n', '"', 'b', 0xc3, 0xa9,  //
                   0x05, 0x02, 0x03, 'x', '\\', 'n'}));
}

TEST(V2TextEncoderTest, StackIsFollowedByItsFrameLines) {
  EXPECT_EQ(Body("Trace Go1.22\n"
                 "Stacks\n"
                 "Stack id=5 nframes=2\n"
                 "\tpc=4804475 func=3 file=4 line=80\n"
                 "\n"
                 "  # a comment line between frames is skipped\n"
                 "\tpc=1 func=6 file=4 line=200\n"
                 "Stack id=6 nframes=0\n"),
            Bytes({0x02, 0x03, 0x05, 0x02,                    //
                   0xfb, 0x9e, 0xa5, 0x02, 0x03, 0x04, 0x50,  //
                   0x01, 0x06, 0x04, 0xc8, 0x01, 0x03, 0x06, 0x00}));
}

TEST(V2TextEncoderTest, CPUSampleIsUntimedWithAStack) {
  EXPECT_EQ(V2TextArgNames(trace_v2::kEvCPUSample),
            std::vector<std::string_view>({"time", "m", "p", "g", "stack"}));
  EXPECT_EQ(Body("Trace Go1.22\n"
                 "CPUSamples\n"
                 "CPUSample time=200 m=3 p=none g=0 stack=7\n"),
            Bytes({0x06, 0x07, 0xc8, 0x01, 0x03, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                   0xff, 0x01, 0x00, 0x07}));
}

TEST(V2TextEncoderTest, ExperimentalBatchIsFollowedByItsData) {
  EXPECT_EQ(Body("Trace Go1.23\n"
                 "ExperimentalBatch exp=1 gen=2 m=9 time=300\n"
                 "data=\"\\x01\\x02z\"\n"
                 "EventBatch gen=2 m=9 time=301\n"
                 "SpanAlloc dt=1 id=7 npages_value=2 kindclass=3\n"),
            Bytes({0x31, 0x01, 0x02, 0x09, 0xac, 0x02, 0x03, 0x01, 0x02, 'z',  //
                   0x01, 0x02, 0x09, 0xad, 0x02, 0x05, 0x81, 0x01, 0x07, 0x02, 0x03}));
}

TEST(V2TextEncoderTest, SyncBatchWithClockSnapshotInGo125) {
  auto r = EncodeV2Text(
      "Trace Go1.25\n"
      "EventBatch gen=1 m=18446744073709551615 time=9 size=16\n"
      "Sync\n"
      "Frequency freq=1000000000\n"
      "ClockSnapshot dt=1 mono=99 sec=1740755049 nsec=123\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  const Bytes want =
      Cat(Header("go 1.25 trace"), {0x01, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                    0xff, 0x01, 0x09, 0x10, 0x32, 0x08, 0x80, 0x94, 0xeb, 0xdc,
                                    0x03, 0x33, 0x01, 0x63, 0xe9, 0xa0, 0x87, 0xbe, 0x06, 0x7b});
  EXPECT_EQ(*r, want);
  EXPECT_NE(EncodeError("Trace Go1.23\nClockSnapshot dt=1 mono=99 sec=1 nsec=1\n")
                .find("line 2: ClockSnapshot: not in Go1.23 traces (since Go1.25)"),
            std::string::npos);
}

TEST(V2TextEncoderTest, EndOfGenerationInGo126ClosesAComputedBatch) {
  auto r = EncodeV2Text(
      "Trace Go1.26\n"
      "EventBatch gen=1 m=1 time=5\n"
      "ProcStatus dt=1 p=0 pstatus=1\n"
      "EndOfGeneration\n"
      "EventBatch gen=2 m=1 time=6\n"
      "ProcStop dt=1\n"
      "EndOfGeneration\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(
      *r, Cat(Header("go 1.26 trace"), {0x01, 0x01, 0x01, 0x05, 0x04, 0x0d, 0x01, 0x00, 0x01, 0x34,
                                        0x01, 0x02, 0x01, 0x06, 0x02, 0x0b, 0x01, 0x34}));
  EXPECT_NE(EncodeError("Trace Go1.25\nEndOfGeneration\n")
                .find("EndOfGeneration: not in Go1.25 traces (since Go1.26)"),
            std::string::npos);
}

TEST(V2TextEncoderTest, ComputedSizeCountsRawBytesAndEndsAtTheNextBatch) {
  EXPECT_EQ(
      Body("Trace Go1.22\n"
           "EventBatch gen=1 m=0 time=0   # size computed: 2 + 3\n"
           "raw 01ff\n"
           "ProcStart dt=1 p=0 p_seq=1 # 4 bytes\n"
           "EventBatch gen=1 m=0 time=0 size=7 !pad\n"
           "raw 0b 01\n"
           "EventBatch gen=1 m=1 time=0 !pad\n"),
      Bytes({0x01, 0x01, 0x00, 0x00, 0x06, 0x01, 0xff, 0x0a, 0x01, 0x00, 0x01,  //
             0x01, 0x01, 0x00, 0x00, 0x87, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00,
             0x0b, 0x01,  //
             0x01, 0x01, 0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}));
  EXPECT_EQ(Body("Trace Go1.22\nraw DEAD\n"), Bytes({0xde, 0xad}));
  EXPECT_NE(EncodeError("Trace Go1.22\nraw 0\n").find("line 2: raw: odd number"),
            std::string::npos);
  EXPECT_NE(EncodeError("Trace Go1.22\nraw zz\n").find("raw: bad hex byte in 'zz'"),
            std::string::npos);
  EXPECT_NE(EncodeError("Trace Go1.22\nraw # nothing\n").find("raw: no bytes"), std::string::npos);
}

TEST(V2TextEncoderTest, AcceptsAnyWhitespaceAndComments) {
  const Bytes want = {0x10, 0x01, 0x04, 0x01};
  EXPECT_EQ(Body("# leading comment\n\n  Trace\tGo1.22 # header\r\n"
                 "\v GoStart\tdt=1\xc2\xa0g=4\xe3\x80\x80g_seq=1#trailing\r\n"
                 "   # only a comment\n"),
            want);
}

TEST(V2TextEncoderTest, ArgumentErrorsNameTheLineAndTheArgument) {
  const std::string head = "Trace Go1.22\n\n# comment\nEventBatch gen=1 m=0 time=0\n\n\n";
  EXPECT_EQ(EncodeError(head + "GoStart dt=1 g=4 seq=1\n"),
            "v2 text line 7: GoStart: expected argument 'g_seq', got 'seq'");
  EXPECT_EQ(EncodeError(head + "GoStart dt=1 g_seq=1 g=4\n"),
            "v2 text line 7: GoStart: expected argument 'g', got 'g_seq'");
  EXPECT_EQ(EncodeError(head + "GoStart dt=1 g=4\n"),
            "v2 text line 7: GoStart: missing argument 'g_seq'");
  EXPECT_EQ(EncodeError(head + "GoStart dt=1 g=4 g_seq=1 x=1\n"),
            "v2 text line 7: GoStart: unexpected 'x=1' after the last argument");
  EXPECT_EQ(EncodeError(head + "GoStart dt=1 g=0x4 g_seq=1\n"),
            "v2 text line 7: GoStart: bad value '0x4' for 'g' (want an unsigned decimal)");
  EXPECT_EQ(EncodeError(head + "GoStart dt=1 g=-1 g_seq=1\n"),
            "v2 text line 7: GoStart: bad value '-1' for 'g' (want an unsigned decimal)");
  EXPECT_EQ(EncodeError(head + "GoStart dt=1 g=none g_seq=1\n"),
            "v2 text line 7: GoStart: bad value 'none' for 'g' (want an unsigned decimal)");
  EXPECT_EQ(EncodeError(head + "HeapAlloc dt=1 heapalloc_value=18446744073709551616\n"),
            "v2 text line 7: HeapAlloc: bad value '18446744073709551616' for 'heapalloc_value' "
            "(want an unsigned decimal)");
  EXPECT_EQ(EncodeError(head + "GoStart dt=1 g 4\n"),
            "v2 text line 7: GoStart: malformed argument 'g' (want g=<value>)");
  EXPECT_EQ(EncodeError(head + "GoStrat dt=1\n"), "v2 text line 7: unknown event 'GoStrat'");
  EXPECT_EQ(EncodeError(head + "None\n"), "v2 text line 7: unknown event 'None'");
  EXPECT_EQ(EncodeError(head + "GoStop dt=1 reason_string=2 stack=1 !pad\n"),
            "v2 text line 7: GoStop: unexpected '!pad' after the last argument");
  EXPECT_EQ(EncodeError("Trace Go1.22\nEventBatch gen=1 m=0 time=0 !pad !pad\n"),
            "v2 text line 2: EventBatch: unexpected '!pad' after the last argument");
}

TEST(V2TextEncoderTest, StackAndDataErrorsNameTheirLines) {
  EXPECT_EQ(EncodeError("Trace Go1.22\nStack id=1 nframes=3\npc=1 func=2 file=3 line=4\n"),
            "v2 text line 2: Stack: expected 3 frame lines, the text ends after 1");
  EXPECT_EQ(EncodeError("Trace Go1.22\nStack id=1 nframes=1\n\npc=1 fn=2 file=3 line=4\n"),
            "v2 text line 4: Stack frame 1: expected argument 'func', got 'fn'");
  EXPECT_EQ(EncodeError("Trace Go1.22\nString id=1\n"),
            "v2 text line 2: String: expected a line data=<Go string literal>, the text ends");
  EXPECT_EQ(EncodeError("Trace Go1.22\nString id=1\nStrings\n"),
            "v2 text line 3: String: expected a line data=<Go string literal>, got 'Strings'");
  const std::string bad = EncodeError("Trace Go1.22\nString id=1\ndata=\"\\q\"\n");
  EXPECT_EQ(bad.rfind("v2 text line 3: String: bad data: ", 0), 0u) << bad;
  EXPECT_NE(EncodeError("Trace Go1.22\nString id=1\ndata=unquoted\n").find("line 3: String: bad"),
            std::string::npos);
}

TEST(V2TextEncoderTest, HeaderErrors) {
  EXPECT_EQ(EncodeError(""), "v2 text: no header line");
  EXPECT_EQ(EncodeError("# nothing\n"), "v2 text: no header line");
  EXPECT_EQ(EncodeError("go 1.22\n"),
            "v2 text line 1: expected the header 'Trace Go1.<minor>', got 'go 1.22'");
  EXPECT_EQ(EncodeError("\nTrace Go1.22 extra\n"),
            "v2 text line 2: expected the header 'Trace Go1.<minor>', got 'Trace Go1.22 extra'");
  EXPECT_EQ(EncodeError("Trace Go1.24\n"),
            "v2 text line 1: unsupported version Go1.24 (known: Go1.22 Go1.23 Go1.25 Go1.26)");
  EXPECT_EQ(EncodeError("Trace Go1.21\n"),
            "v2 text line 1: unsupported version Go1.21 (known: Go1.22 Go1.23 Go1.25 Go1.26)");
  auto r = EncodeV2Text("Trace Go1.23\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, Header("go 1.23 trace"));
}

TEST(V2TextEncoderTest, EventNamesFollowTheVersion) {
  EXPECT_EQ(EncodeError("Trace Go1.22\nEventBatch gen=1 m=0 time=0\nGoSwitch dt=1 g=2 g_seq=1\n"),
            "v2 text line 3: GoSwitch: not in Go1.22 traces (since Go1.23)");
  EXPECT_EQ(EncodeError("Trace Go1.22\nExperimentalBatch exp=1 gen=1 m=0 time=0\n"),
            "v2 text line 2: ExperimentalBatch: not in Go1.22 traces (since Go1.23)");
  EXPECT_EQ(EncodeError("Trace Go1.22\nHeapObjectFree dt=1 id=1\n"),
            "v2 text line 2: HeapObjectFree: not in Go1.22 traces (since Go1.23)");
  EXPECT_EQ(Body("Trace Go1.23\nGoSwitch dt=1 g=2 g_seq=1\n"), Bytes({0x2d, 0x01, 0x02, 0x01}));
  EXPECT_EQ(Body("Trace Go1.25\nSync\n"), Bytes({0x32}));
}

TEST(V2TextEncoderTest, ArgumentNamesComeFromTheReadersTable) {
  EXPECT_EQ(V2TextArgNames(trace_v2::kEvGoStart),
            std::vector<std::string_view>({"dt", "g", "g_seq"}));
  EXPECT_EQ(V2TextArgNames(trace_v2::kEvUserLog),
            std::vector<std::string_view>({"dt", "task", "key_string", "value_string", "stack"}));
  EXPECT_EQ(V2TextArgNames(trace_v2::kEvEventBatch),
            std::vector<std::string_view>({"gen", "m", "time", "size"}));
  EXPECT_EQ(V2TextArgNames(trace_v2::kEvGoroutineStackFree),
            std::vector<std::string_view>({"dt", "id"}));
  EXPECT_TRUE(V2TextArgNames(0).empty());
  EXPECT_TRUE(V2TextArgNames(100).empty());
}

}  // namespace
}  // namespace tracenote::test_tools
