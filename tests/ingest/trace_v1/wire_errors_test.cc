// Records that are broken on the wire, and inputs that are not v1 traces at
// all. Broken records are reported when the trace is opened, as
// "<name>: trace_v1: offset 0x..: event <Name>: <what>".
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "base/file_blob.h"
#include "ingest/open_trace.h"
#include "ingest/trace_v1/v1_test_util.h"
#include "tools/v1_text_encoder.h"

namespace tracenote::trace_v1_test {
namespace {

using ::testing::HasSubstr;

// The status of opening `text`, which must fail.
Status OpenError(std::string_view text) {
  auto src = OpenText(text);
  EXPECT_FALSE(src.ok()) << "opened";
  return src.ok() ? Status::Ok() : src.status();
}

// What OpenError says for the record on the line with `marker`.
std::string Expected(std::string_view text, std::string_view marker, std::string_view event,
                     std::string_view what) {
  return TestName() + ": " + ErrorPrefix(text, marker, event) + std::string(what);
}

Status OpenBytes(std::vector<uint8_t> bytes) {
  auto src = OpenTraceBlob(FileBlob::FromBytes(std::move(bytes), TestName()));
  EXPECT_FALSE(src.ok()) << "opened";
  return src.ok() ? Status::Ok() : src.status();
}

TEST(V1WireErrorsTest, TruncatedVarintEndsTheReadableInput) {
  constexpr std::string_view kTrace = R"(
go 1.19
Frequency freq=1000000000
Batch p=0 ticks=1000000
HeapAlloc dt=0 mem=1
raw 0x61 0x05 0x80          # HeapAlloc dt=5, then a varint that never ends
)";
  ASSERT_OPEN_TEXT(src, kTrace);
  EXPECT_TRUE(src->info().partial);
  EXPECT_EQ(src->info().partial_reason,
            ErrorPrefix(kTrace, "raw 0x61", "HeapAlloc") + "truncated varint");
}

TEST(V1WireErrorsTest, UnknownEventTypes) {
  constexpr std::string_view kTrace = R"(
go 1.19
Batch p=0 ticks=1000000
HeapAlloc dt=0 mem=1
raw 0x32                    # type 50 does not exist
)";
  Status s = OpenError(kTrace);
  EXPECT_EQ(s.code(), StatusCode::kCorrupt);
  EXPECT_EQ(s.message(), TestName() + ": trace_v1: offset 0x18: unknown event type 50");
  EXPECT_EQ(OffsetOf(kTrace, "raw 0x32"), 0x18u);
  // Types newer than the header's version are unknown too.
  EXPECT_EQ(OpenError("go 1.11\nBatch p=0 ticks=1000000\nraw 0x31").message(),
            TestName() + ": trace_v1: offset 0x15: unknown event type 49");
  EXPECT_EQ(OpenError("go 1.5\nraw 0x25 0x01 0x01 0x61").message(),
            TestName() + ": trace_v1: offset 0x10: unknown event type 37");
  EXPECT_EQ(OpenError("go 1.19\nraw 0x00").message(),
            TestName() + ": trace_v1: offset 0x10: unknown event type 0");
  EXPECT_EQ(OpenError("go 1.19\nFutileWakeup dt=1").message(),
            TestName() +
                ": trace_v1: offset 0x10: event FutileWakeup: event type 36 is never written by "
                "the Go runtime");
}

TEST(V1WireErrorsTest, ArgumentCountDependsOnTheVersion) {
  // GCSweepDone gained swept and reclaimed in 1.9.
  constexpr std::string_view kOld = R"(
go 1.8
Batch p=0 ticks=1000000
GCSweepDone dt=1 swept=2 reclaimed=3 !rules=1.9
)";
  EXPECT_EQ(OpenError(kOld).message(), Expected(kOld, "GCSweepDone", "GCSweepDone",
                                                "has wrong number of arguments: want 1, got 3"));
  constexpr std::string_view kNew = R"(
go 1.9
Batch p=0 ticks=1000000
GCSweepDone dt=1 !rules=1.8
)";
  EXPECT_EQ(OpenError(kNew).message(), Expected(kNew, "GCSweepDone", "GCSweepDone",
                                                "has wrong number of arguments: want 3, got 1"));
  constexpr std::string_view kLong = R"(
go 1.19
Batch p=0 ticks=1000000
GoUnblock dt=1 g=7 seq=2 stk=3 !long !len=3   # the length leaves out the stack id
)";
  EXPECT_EQ(OpenError(kLong).message(), Expected(kLong, "GoUnblock", "GoUnblock",
                                                 "has wrong number of arguments: want 4, got 3"));
}

TEST(V1WireErrorsTest, StringRecordsAreChecked) {
  constexpr std::string_view kZero = "go 1.19\nString id=0 \"x\"\n";
  EXPECT_EQ(OpenError(kZero).message(),
            Expected(kZero, "String", "String", "string has invalid id 0"));
  constexpr std::string_view kEmpty = "go 1.19\nString id=1 \"\"\n";
  EXPECT_EQ(OpenError(kEmpty).message(),
            Expected(kEmpty, "String", "String", "string has invalid length 0"));
  constexpr std::string_view kDup = R"(
go 1.19
String id=1 "main.main"
String id=1 "main.init"
)";
  EXPECT_EQ(OpenError(kDup).message(),
            Expected(kDup, "main.init", "String", "duplicate string id 1"));
  // The length is checked before anything is read: the megabyte is not there.
  constexpr std::string_view kHuge = "go 1.19\nString id=1 \"x\" !len=1000001\n";
  EXPECT_EQ(OpenError(kHuge).message(),
            Expected(kHuge, "String", "String", "string length 1000001 exceeds the limit"));
}

TEST(V1WireErrorsTest, UserLogMessageLengthIsChecked) {
  // UserLog id=1 keyid=3 stk=0, then a message length of 1000001 and no text.
  constexpr std::string_view kHuge = R"(
go 1.11
Batch p=0 ticks=1000000
raw 0xf0 0x04 0x01 0x01 0x03 0x00 0xc1 0x84 0x3d
)";
  EXPECT_EQ(OpenError(kHuge).message(),
            Expected(kHuge, "raw 0xf0", "UserLog", "log message length 1000001 exceeds the limit"));
  // A message cut short is where a killed process stopped writing.
  constexpr std::string_view kCut = R"(
go 1.11
Frequency freq=1000000000
Batch p=0 ticks=1000000
HeapAlloc dt=0 mem=1
raw 0xf0 0x04 0x01 0x01 0x03 0x00 0x05 0x68 0x69
)";
  ASSERT_OPEN_TEXT(src, kCut);
  EXPECT_EQ(src->info().partial_reason, ErrorPrefix(kCut, "raw 0xf0", "UserLog") +
                                            "log message runs past the end of the input");
}

TEST(V1WireErrorsTest, LengthPrefixedRecordWithTooManyValues) {
  constexpr std::string_view kTrace = R"(
go 1.19
Batch p=0 ticks=1000000
raw 0xcf 0x07 0x01 0x01 0x01 0x01 0x01 0x01 0x01   # GoEnd with 7 values
)";
  EXPECT_EQ(OpenError(kTrace).message(),
            Expected(kTrace, "raw 0xcf", "GoEnd", "has wrong number of arguments: want 1, got 7"));
}

TEST(V1WireErrorsTest, StackRecordsAreChecked) {
  constexpr std::string_view kMany = R"(
go 1.19
Batch p=0 ticks=1000000
HeapAlloc dt=0 mem=1
Stack id=1 frames=[] siz=1001
)";
  EXPECT_EQ(OpenError(kMany).message(),
            Expected(kMany, "Stack", "Stack", "bad number of frames 1001"));
  constexpr std::string_view kShort = R"(
go 1.19
Batch p=0 ticks=1000000
HeapAlloc dt=0 mem=1
Stack id=1 frames=[pc=0x401000 fn=0 file=0 line=1] siz=2
)";
  EXPECT_EQ(OpenError(kShort).message(),
            Expected(kShort, "Stack", "Stack", "has wrong number of arguments for its frames"));
}

TEST(V1WireErrorsTest, LengthPrefixThatCutsAValue) {
  constexpr std::string_view kTrace = R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=200 g=5 stack=0 stk=0 !len=1   # dt takes two bytes
HeapAlloc dt=0 mem=1
)";
  EXPECT_EQ(OpenError(kTrace).message(),
            Expected(kTrace, "GoCreate", "GoCreate", "record length does not match its values"));
}

TEST(V1WireErrorsTest, LengthPrefixOverTheLimit) {
  constexpr std::string_view kTrace = R"(
go 1.19
Batch p=0 ticks=1000000
HeapAlloc dt=1 mem=5 !long !len=3000
)";
  EXPECT_EQ(OpenError(kTrace).message(),
            Expected(kTrace, "HeapAlloc", "HeapAlloc", "argument length 3000 exceeds the limit"));
}

TEST(V1WireErrorsTest, FrequencyMustBePositive) {
  constexpr std::string_view kTrace = R"(
go 1.19
Batch p=0 ticks=1000000
HeapAlloc dt=0 mem=1
Frequency freq=0
)";
  EXPECT_EQ(OpenError(kTrace).message(),
            Expected(kTrace, "Frequency", "Frequency", "frequency is not positive"));
}

TEST(V1WireErrorsTest, VarintLongerThanTenBytes) {
  constexpr std::string_view kTrace = R"(
go 1.19
Batch p=0 ticks=1000000
raw 0x0f 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0x01   # GoEnd
)";
  EXPECT_EQ(OpenError(kTrace).message(),
            Expected(kTrace, "raw 0x0f", "GoEnd", "varint overflows 64 bits"));
}

TEST(V1WireErrorsTest, PaddedVarintsAreLegal) {
  ASSERT_OPEN_TEXT(src, R"(
go 1.21
Batch p=0 ticks=1000000 !padall
GoCreate dt=0 g=5 stack=1 stk=1 !padall
GoStart dt=10 g=5 seq=1 !padall
GoEnd dt=10
Frequency freq=1000000000 !padall
String id=1 "main.main" !padall
Stack id=1 frames=[pc=0x401000 fn=1 file=1 line=3] !pad
)");
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Briefs(), ::testing::ElementsAre("GoCreate p=0 g=0 @0", "GoStart p=0 g=5 @10",
                                                 "GoEnd p=0 g=5 @20"));
  EXPECT_EQ(TopFunction(*src, r.rows[1].stack), "main.main");
  EXPECT_TRUE(src->info().anomalies.empty());
}

TEST(V1WireErrorsTest, InputsThatAreNotTraces) {
  std::string text = "hello, world\n";
  Status s = OpenBytes(std::vector<uint8_t>(text.begin(), text.end()));
  EXPECT_EQ(s.code(), StatusCode::kNotATrace);
  EXPECT_EQ(
      s.message(),
      TestName() + ": not a Go execution trace: it starts with bytes 68 65 6c 6c 6f 2c 20 77");
  s = OpenBytes({});
  EXPECT_EQ(s.code(), StatusCode::kNotATrace);
  EXPECT_EQ(s.message(), TestName() + ": not a Go execution trace: it is empty");
  // A header that is almost right is no header.
  s = OpenBytes(test_tools::EncodeV1Text("raw \"go 1.19 trace!!!\"").value());
  EXPECT_EQ(s.code(), StatusCode::kNotATrace);
}

TEST(V1WireErrorsTest, PprofProfileIsRecognised) {
  // profile.proto: field 1 (sample_type), length-delimited.
  Status s = OpenBytes({0x0a, 0x04, 0x08, 0x01, 0x10, 0x02});
  EXPECT_EQ(s.code(), StatusCode::kNotATrace);
  EXPECT_EQ(s.message(), TestName() + ": this looks like a pprof profile, not an execution trace");
}

TEST(V1WireErrorsTest, UnknownHeaderVersionsAreUnsupported) {
  for (std::string header : {"go 1.6", "go 1.12", "go 1.99"}) {
    SCOPED_TRACE(header);
    Status s = OpenError(header + "\n");
    EXPECT_EQ(s.code(), StatusCode::kUnsupported);
  }
  EXPECT_EQ(
      OpenError("go 1.12\n").message(),
      TestName() + ": a Go execution trace of a version no Go release wrote: \"go 1.12 trace\"");
}

// The header is quoted without its NUL padding (a one-digit minor has more).
TEST(V1WireErrorsTest, UnknownOneDigitVersionIsNamedWithoutItsPadding) {
  Status s = OpenError("go 1.6\n");
  EXPECT_EQ(
      s.message(),
      TestName() + ": a Go execution trace of a version no Go release wrote: \"go 1.6 trace\"");
  EXPECT_EQ(s.message().find('\0'), std::string::npos);
}

std::vector<uint8_t> Gzip(const std::vector<uint8_t>& in) {
  z_stream zs{};
  EXPECT_EQ(
      deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
      Z_OK);
  std::vector<uint8_t> out(deflateBound(&zs, in.size()) + 64);
  zs.next_in = const_cast<Bytef*>(in.data());
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

TEST(V1WireErrorsTest, GzipCompressedTraceReadsLikeThePlainOne) {
  auto bytes = test_tools::EncodeV1Text(R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0
GoStart dt=10 g=5 seq=1
HeapAlloc dt=10 mem=4096
GoEnd dt=10
Frequency freq=1000000000
)");
  ASSERT_TRUE(bytes.ok());
  std::vector<uint8_t> gz = Gzip(*bytes);
  ASSERT_EQ(gz[0], 0x1f);
  ASSERT_EQ(gz[1], 0x8b);
  auto plain = OpenTraceBlob(FileBlob::FromBytes(*bytes, "plain"));
  auto zipped = OpenTraceBlob(FileBlob::FromBytes(gz, "zipped"));
  ASSERT_TRUE(plain.ok()) << plain.status().message();
  ASSERT_TRUE(zipped.ok()) << zipped.status().message();
  RawReplay a = ReplayRows(plain->get());
  RawReplay b = ReplayRows(zipped->get());
  ASSERT_TRUE(b.status.ok()) << b.status.message();
  EXPECT_EQ(b.Briefs(), a.Briefs());
  EXPECT_THAT(b.Briefs(), ::testing::ElementsAre("GoCreate p=0 g=0 @0", "GoStart p=0 g=5 @10",
                                                 "HeapAlloc p=0 g=5 @20", "GoEnd p=0 g=5 @30"));
  EXPECT_EQ(b.rows[2].offset, a.rows[2].offset);
  EXPECT_EQ((*zipped)->info().events, 4u);
  EXPECT_EQ((*zipped)->info().version, 1019);
}

}  // namespace
}  // namespace tracenote::trace_v1_test
