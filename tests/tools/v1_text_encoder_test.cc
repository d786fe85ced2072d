#include "tools/v1_text_encoder.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/trace_v1/v1_event_spec.h"
#include "ingest/trace_v1/v1_tokenizer.h"

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
  auto r = EncodeV1Text(text);
  EXPECT_TRUE(r.ok()) << r.status().message();
  if (!r.ok()) return {};
  EXPECT_GE(r->size(), 16u);
  return Bytes(r->begin() + 16, r->end());
}

std::string EncodeError(std::string_view text) {
  auto r = EncodeV1Text(text);
  EXPECT_FALSE(r.ok());
  return r.ok() ? "" : r.status().message();
}

TEST(V1TextEncoderTest, ReproducesTheWorkedExampleOfTheFormatDoc) {
  // go-trace-format.md §1.3a: the first bytes of http_1_11_good.
  auto r = EncodeV1Text(R"(
go 1.11
Batch p=0 ticks=641897129020907
GoCreate dt=6 g=1 stack=2 stk=1
GoCreate dt=125 g=2 stack=3 stk=1
GoWaiting dt=5 g=2
GoCreate dt=10 g=3 stack=4 stk=1   # argument order is free
GoWaiting g=3 dt=3
)");
  ASSERT_TRUE(r.ok()) << r.status().message();
  Bytes want = Cat(Header("go 1.11 trace"),
                   {0x41, 0x00, 0xeb, 0x9b, 0xee, 0x92, 0xd5, 0xf9, 0x91, 0x01, 0xcd, 0x04,
                    0x06, 0x01, 0x02, 0x01, 0xcd, 0x04, 0x7d, 0x02, 0x03, 0x01, 0x5f, 0x05,
                    0x02, 0xcd, 0x04, 0x0a, 0x03, 0x04, 0x01, 0x5f, 0x03, 0x03});
  EXPECT_EQ(*r, want);
}

TEST(V1TextEncoderTest, PadsTheHeaderWithNuls) {
  auto r = EncodeV1Text("go 1.5\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, Header("go 1.5 trace"));
  EXPECT_EQ((*r)[12], 0);
  EXPECT_EQ(r->size(), 16u);
}

TEST(V1TextEncoderTest, WritesNegativePAsTenByteUvarintOfAllOnes) {
  EXPECT_EQ(Body("go 1.19\nBatch p=-1 ticks=5"),
            (Bytes{0x41, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x05}));
}

TEST(V1TextEncoderTest, ChoosesTheArgumentCountCodeAsTheRuntimeDoes) {
  // GoEnd: 1 value (A=0); GoSched: dt+stk (A=1); GoStart: dt g seq (A=2);
  // GoUnblock: dt g seq stk (A=3, length-prefixed).
  EXPECT_EQ(Body("go 1.19\nGoEnd dt=2"), (Bytes{0x0f, 0x02}));
  EXPECT_EQ(Body("go 1.19\nGoSched dt=3 stk=4"), (Bytes{0x51, 0x03, 0x04}));
  EXPECT_EQ(Body("go 1.19\nGoStart dt=300 g=7 seq=1"), (Bytes{0x8e, 0xac, 0x02, 0x07, 0x01}));
  EXPECT_EQ(Body("go 1.19\nGoUnblock dt=1 g=7 seq=2 stk=3"),
            (Bytes{0xd5, 0x04, 0x01, 0x07, 0x02, 0x03}));
}

TEST(V1TextEncoderTest, WritesStacksLengthPrefixedAndPadsTheLengthOnRequest) {
  EXPECT_EQ(Body("go 1.19\nStack id=1 frames=[pc=0x401000 fn=1 file=2 line=10]"),
            (Bytes{0xc3, 0x09, 0x01, 0x01, 0x80, 0xa0, 0x80, 0x02, 0x01, 0x02, 0x0a}));
  EXPECT_EQ(Body("go 1.21\nStack id=2 frames=[] !pad"),
            (Bytes{0xc3, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x02, 0x00}));
  // siz= overrides the frame count (for corrupt-input tests).
  EXPECT_EQ(Body("go 1.19\nStack id=3 frames=[] siz=1001"), (Bytes{0xc3, 0x03, 0x03, 0xe9, 0x07}));
}

TEST(V1TextEncoderTest, WritesStringsWithEscapes) {
  EXPECT_EQ(Body(R"(go 1.19
String id=7 "a\tb\x00\"")"),
            (Bytes{0x25, 0x07, 0x05, 'a', '\t', 'b', 0x00, '"'}));
  EXPECT_EQ(Body("go 1.19\nString id=1 \"x\" !len=1000001"),
            (Bytes{0x25, 0x01, 0xc1, 0x84, 0x3d, 'x'}));
}

TEST(V1TextEncoderTest, AppendsUserLogMessageAfterTheArguments) {
  EXPECT_EQ(Body(R"(go 1.11
UserLog dt=1 id=0 keyid=3 stk=0 message="hi")"),
            (Bytes{0xf0, 0x04, 0x01, 0x00, 0x03, 0x00, 0x02, 'h', 'i'}));
}

TEST(V1TextEncoderTest, FlagsForceLongFormAndPadding) {
  EXPECT_EQ(Body("go 1.19\nHeapAlloc dt=1 mem=5 !long"), (Bytes{0xe1, 0x02, 0x01, 0x05}));
  EXPECT_EQ(Body("go 1.19\nHeapAlloc dt=1 mem=5 !long !len=3"), (Bytes{0xe1, 0x03, 0x01, 0x05}));
  EXPECT_EQ(Body("go 1.19\nGoEnd dt=1 !padall"),
            (Bytes{0x0f, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}));
  // !rules= writes an event with another version's argument list.
  EXPECT_EQ(Body("go 1.8\nGCSweepDone dt=1 swept=2 reclaimed=3 !rules=1.9"),
            (Bytes{0x8c, 0x01, 0x02, 0x03}));
}

TEST(V1TextEncoderTest, UsesTheGo15Layout) {
  EXPECT_EQ(Body(R"(go 1.5
Batch p=1 seq=10 ticks=100
Frequency freq=64
GoStart seqdt=1 dt=2 g=3
GoCreate seqdt=1 dt=2 g=4 stack=0x401000 stk=0
Stack id=1 frames=[pc=0x401000]
)"),
            (Bytes{0x41, 0x01, 0x0a, 0x64, 0x02, 0x40, 0x00, 0x4e, 0x01, 0x02,
                   0x03, 0xcd, 0x08, 0x01, 0x02, 0x04, 0x80, 0xa0, 0x80, 0x02,
                   0x00, 0xc3, 0x06, 0x01, 0x01, 0x80, 0xa0, 0x80, 0x02}));
}

TEST(V1TextEncoderTest, AppendsRawBytesAndText) {
  auto r = EncodeV1Text("raw \"go 1.6 trace\" 0x00 0 0x00 0\nraw 0x41 255");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, Cat(Header("go 1.6 trace"), {0x41, 0xff}));
  EXPECT_EQ(r->size(), 18u);
}

TEST(V1TextEncoderTest, AcceptsTheNamesOfEveryVersion) {
  EXPECT_EQ(Body("go 1.21\nSTWStart dt=1 kindid=9"), Body("go 1.21\nGCSTWStart dt=1 kindid=9"));
  EXPECT_EQ(Body("go 1.5\nNextGC seqdt=1 dt=1 mem=8"), (Bytes{0x62, 0x01, 0x01, 0x08}));
  EXPECT_EQ(Body("go 1.21\nGoStartLocal dt=1 g=2"), (Bytes{0x66, 0x01, 0x02}));
}

TEST(V1TextEncoderTest, ReportsMistakesWithTheLineNumber) {
  EXPECT_EQ(EncodeError("go 1.19\n\nGoFly dt=1"), "v1 text line 3: unknown event 'GoFly'");
  EXPECT_EQ(EncodeError("go 1.19\nGoCreate dt=1 g=2 stack=3 newg=4"),
            "v1 text line 2: GoCreate: unknown argument 'newg' (arguments: dt g stack stk)");
  EXPECT_EQ(EncodeError("go 1.19\n# c\nGoStart dt=1 g=2"),
            "v1 text line 3: GoStart: missing argument 'seq'");
  EXPECT_EQ(EncodeError("go 1.19\nGoEnd dt=x"), "v1 text line 2: GoEnd: bad value 'x' for 'dt'");
  EXPECT_EQ(EncodeError("go 1.11\nCPUSample dt=1 ts=2 p=0 g=1"),
            "v1 text line 2: CPUSample does not exist in go 1.11 traces (use !rules=)");
  EXPECT_EQ(EncodeError("GoEnd dt=1"),
            "v1 text line 1: the first record must be the header 'go 1.N'");
  EXPECT_EQ(EncodeError("go 1.19\nGoEnd dt=1 !pad"),
            "v1 text line 2: GoEnd: !pad and !len need !long");
  EXPECT_EQ(EncodeError("go 1.19\nString id=1 \"abc"),
            "v1 text line 2: unterminated or badly escaped string");
  EXPECT_EQ(EncodeError("go 1.7\nGCSweepDone dt=1 swept=2"),
            "v1 text line 2: GCSweepDone: unknown argument 'swept' (arguments: dt)");
}

// Every event of every version, with distinct multi-byte values, decodes back
// through the reader's own record decoder with the count Go expects.
TEST(V1TextEncoderTest, EveryEventOfEveryVersionRoundTripsThroughTheDecoder) {
  int checked = 0;
  for (int ver : {1005, 1007, 1008, 1009, 1010, 1011, 1019, 1021}) {
    for (int t = 1; t < trace_v1::kNumV1Types; ++t) {
      const auto type = static_cast<uint8_t>(t);
      if (t == trace_v1::kString || t == trace_v1::kStack || t == trace_v1::kFutileWakeup ||
          trace_v1::kV1Specs[t].since > ver) {
        continue;
      }
      std::vector<std::string> names = V1TextArgNames(type, ver);
      std::string line = fmt::format("go 1.{}\n{}", ver - 1000, trace_v1::kV1Specs[t].name);
      for (size_t i = 0; i < names.size(); ++i) line += fmt::format(" {}={}", names[i], 200 + i);
      if (t == trace_v1::kUserLog) line += " message=\"m\"";
      auto bytes = EncodeV1Text(line);
      ASSERT_TRUE(bytes.ok()) << line << ": " << bytes.status().message();
      trace_v1::V1Record rec;
      bool truncated = false;
      Status s = trace_v1::DecodeV1Record(bytes->data(), bytes->size(), 16, ver, &rec, &truncated);
      ASSERT_TRUE(s.ok()) << line << ": " << s.message();
      ASSERT_EQ(rec.num_values, trace_v1::V1WireArgCount(type, ver)) << line;
      ASSERT_EQ(rec.num_values, static_cast<int>(names.size())) << line;
      for (size_t i = 0; i < names.size(); ++i) EXPECT_EQ(rec.values[i], 200 + i) << line;
      EXPECT_EQ(rec.end, bytes->size()) << line;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 329);  // 34 (1.5) + 37 + 39 + 41 + 41 + 45 + 46 + 46 (1.21)
}

}  // namespace
}  // namespace tracenote::test_tools
