// The pprof reader's wire rules (format doc §2): errors that name the offset,
// the field and the reason; unknown fields; packed and unpacked repeated
// scalars in any field order, as Go's runtime writes them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dump/profile_raw.h"
#include "ingest/pprof/pprof_reader.h"
#include "ingest/pprof/reader_test_util.h"
#include "ingest/sniff.h"
#include "tools/pprof_test_writer.h"

namespace tracenote::pprof {
namespace {

TEST(PprofReaderTest, WireErrorsNameOffsetFieldAndReason) {
  {
    WireWriter w;
    w.LyingLengthField(2, 4000, "abc");
    EXPECT_EQ(ErrorOf(w.bytes()),
              "pprof: t.pb: decoding: offset 0x0: field 2 (sample): length 4000 runs past the end "
              "of the input (3 bytes left)");
  }
  {
    WireWriter w;
    w.BytesField(6, "").Tag(9, 0).Raw(std::string(11, '\xff'));
    EXPECT_EQ(ErrorOf(w.bytes()),
              "pprof: t.pb: decoding: offset 0x2: field 9 (time_nanos): bad varint");
  }
  {
    WireWriter sample;
    sample.LyingLengthField(3, 50, "x");
    WireWriter w;
    w.BytesField(6, "").MessageField(2, sample);
    EXPECT_EQ(ErrorOf(w.bytes()),
              "pprof: t.pb: decoding: offset 0x4: in sample: field 3 (label): length 50 runs past "
              "the end of the enclosing message (1 bytes left)");
  }
  {
    // A known field with the wrong wire type: pprof says "type mismatch".
    WireWriter w;
    w.BytesField(6, "").BytesField(9, "abc");
    EXPECT_EQ(ErrorOf(w.bytes()),
              "pprof: t.pb: decoding: offset 0x2: field 9 (time_nanos): type mismatch: "
              "length-delimited encoding, expected varint");
  }
  {
    WireWriter w;
    w.BytesField(6, "").Tag(20, 7);
    EXPECT_EQ(ErrorOf(w.bytes()),
              "pprof: t.pb: decoding: offset 0x2: field 20: unknown wire type 7");
  }
}

TEST(PprofReaderTest, WireErrorsInsideSamples) {
  {
    WireWriter sample;
    sample.Tag(1, 1).Raw(std::string(8, '\0'));  // location_id as fixed64
    WireWriter w;
    w.BytesField(6, "").MessageField(2, sample);
    EXPECT_EQ(ErrorOf(w.bytes()),
              "pprof: t.pb: decoding: offset 0x4: in sample: field 1 (location_id): type "
              "mismatch: fixed64 encoding, expected varint or packed");
  }
  {
    WireWriter sample;
    sample.Tag(2, 2).Varint(2).Raw("\xff\xff");  // a packed value cut short
    WireWriter w;
    w.BytesField(6, "").MessageField(2, sample);
    EXPECT_EQ(ErrorOf(w.bytes()),
              "pprof: t.pb: decoding: offset 0x6: in sample: field 2 (value): bad varint in a "
              "packed value");
  }
  {
    WireWriter label;
    label.BytesField(2, "x");
    WireWriter sample;
    sample.MessageField(3, label);
    WireWriter w;
    w.BytesField(6, "").MessageField(2, sample);
    EXPECT_EQ(ErrorOf(w.bytes()),
              "pprof: t.pb: decoding: offset 0x6: in sample.label: field 2 (str): type mismatch: "
              "length-delimited encoding, expected varint");
  }
}

TEST(PprofReaderTest, UnknownFieldsInsideMessagesAreSkipped) {
  ProfileBuilder b = SmallCpu();
  WireWriter extra_label;
  extra_label.Int64Field(1, b.Str("k")).Int64Field(2, b.Str("v")).VarintField(9, 1);
  WireWriter sample;
  sample.PackedField(1, {1})
      .PackedField(2, {1, 2})
      .MessageField(3, extra_label)
      .BytesField(7, "??");
  WireWriter w;
  w.Raw(b.Serialize()).MessageField(2, sample);
  auto p = ReadProfile(w.bytes(), "t");
  ASSERT_TRUE(p.ok()) << p.status().message();
  ASSERT_EQ(p->sample_count(), 3u);
  ASSERT_EQ(p->sample_labels(2).size(), 1u);
  EXPECT_EQ(p->str(p->sample_labels(2)[0].str_str), "v");
}

std::string HandWritten(bool packed);  // below

TEST(PprofReaderTest, SniffTellsProfilesFromTraces) {
  EXPECT_EQ(SniffInput(SmallCpu().Serialize()), InputKind::kPprof);
  EXPECT_EQ(SniffInput(HandWritten(true)), InputKind::kPprof);  // starts with time_nanos
  EXPECT_EQ(SniffInput(SmallCpu().SerializeGzip()), InputKind::kGzip);
  EXPECT_EQ(SniffInput(std::string("go 1.22 trace\0\0\0", 16)), InputKind::kGoTraceV2);
  EXPECT_EQ(SniffInput("hello, world"), InputKind::kUnknown);
  EXPECT_FALSE(LooksLikeProfile(""));
  EXPECT_FALSE(LooksLikeProfile(std::string("\x0a\x50", 2)));      // length past the end
  EXPECT_FALSE(LooksLikeProfile(std::string("\x12\x00\x0f", 3)));  // wire type 7 next
  EXPECT_TRUE(LooksLikeProfile(std::string("\x0a\x00", 2)));
}

TEST(PprofReaderTest, UnknownFieldsAreSkipped) {
  WireWriter w;
  w.Raw(SmallCpu().Serialize()).VarintField(99, 5).BytesField(100, "zz");
  auto p = ReadProfile(w.bytes(), "t");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->sample_count(), 2u);
}

// A profile written by hand in Go's runtime order: values before location
// ids in samples, samples before their locations, the string table last.
std::string HandWritten(bool packed) {
  WireWriter vt1, vt2;
  vt1.Int64Field(1, 1).Int64Field(2, 2);  // samples/count
  vt2.Int64Field(1, 3).Int64Field(2, 4);  // cpu/nanoseconds
  WireWriter sample;
  if (packed) {
    sample.PackedField(2, {2, -5}).PackedField(1, {7, 8});
  } else {
    sample.UnpackedField(2, {2}).UnpackedField(1, {7}).UnpackedField(2, {-5}).UnpackedField(1, {8});
  }
  WireWriter fn, line, loc7, loc8;
  fn.VarintField(1, 1).Int64Field(2, 5);
  line.VarintField(1, 1).Int64Field(2, 42);
  loc7.VarintField(1, 7).MessageField(4, line);
  loc8.VarintField(1, 8).VarintField(3, 0x99);
  WireWriter w;
  w.Int64Field(9, 123456789)
      .MessageField(1, vt1)
      .MessageField(1, vt2)
      .MessageField(2, sample)
      .MessageField(4, loc7)
      .MessageField(5, fn)
      .MessageField(4, loc8);
  for (const char* s : {"", "samples", "count", "cpu", "nanoseconds", "main.f"}) w.BytesField(6, s);
  return w.bytes();
}

TEST(PprofReaderTest, PackedAndUnpackedAndAnyFieldOrder) {
  auto packed = ReadProfile(HandWritten(true), "p");
  auto unpacked = ReadProfile(HandWritten(false), "u");
  ASSERT_TRUE(packed.ok()) << packed.status().message();
  ASSERT_TRUE(unpacked.ok()) << unpacked.status().message();
  EXPECT_EQ(FormatProfileRaw(*packed), FormatProfileRaw(*unpacked));
  EXPECT_EQ(packed->values, (std::vector<int64_t>{2, -5}));  // 10-byte varint for -5
  ASSERT_EQ(packed->stack(0).size(), 2u);
  EXPECT_EQ(packed->locations[packed->stack(0)[0]].id, 7u);
  EXPECT_EQ(packed->time_nanos, 123456789);
  EXPECT_TRUE(HasAnomaly(*packed, "negative-values"));
}

}  // namespace
}  // namespace tracenote::pprof
