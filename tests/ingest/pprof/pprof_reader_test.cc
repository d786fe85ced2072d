// The pprof reader, one small case per rule of the format doc (§1 container,
// §2 wire rules, §3.4 labels, §4 string table, §5 validity, §6 pruning), with
// pprof's exact messages. Profiles are written with tools/pprof_test_writer.
#include "ingest/pprof/pprof_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dump/profile_raw.h"
#include "ingest/pprof/reader_test_util.h"
#include "tools/pprof_test_writer.h"

namespace tracenote::pprof {
namespace {

TEST(PprofReaderTest, ReadsASmallProfile) {
  auto p = ReadProfile(SmallCpu().Serialize(), "t.pb");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->sample_count(), 2u);
  ASSERT_EQ(p->value_count(), 2u);
  EXPECT_EQ(p->value(0, 1), 30000000);
  EXPECT_EQ(p->str(p->sample_types[1].type_str), "cpu");
  EXPECT_EQ(p->period, 10000000);
  // Stack leaf first, as indexes.
  ASSERT_EQ(p->stack(0).size(), 2u);
  EXPECT_EQ(p->locations[p->stack(0)[0]].id, 2u);
  EXPECT_EQ(p->locations[p->stack(0)[1]].id, 1u);
  // Inline lines innermost first.
  const auto lines = p->location_lines(p->locations[1]);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(p->str(p->functions[lines[0].function].name_str), "main.helper");
  EXPECT_EQ(lines[0].line, 22);
  EXPECT_EQ(p->str(p->functions[lines[1].function].name_str), "main.work");
  EXPECT_EQ(p->locations[0].mapping, 0u);
  EXPECT_TRUE(p->anomalies.empty());
}

TEST(PprofReaderTest, GzipAndRawGiveTheSameModel) {
  const ProfileBuilder b = SmallCpu();
  auto raw = ReadProfile(b.Serialize(), "a");
  auto gz = ReadProfile(b.SerializeGzip(), "b");
  ASSERT_TRUE(raw.ok() && gz.ok());
  EXPECT_EQ(FormatProfileRaw(*raw), FormatProfileRaw(*gz));
}

TEST(PprofReaderTest, EmptyInput) { EXPECT_EQ(ErrorOf(""), "pprof: t.pb: empty input file"); }

TEST(PprofReaderTest, GzipOfNothing) {
  EXPECT_EQ(ErrorOf(Gzip("")), "pprof: t.pb: decompressing: the gzip stream holds no data");
}

TEST(PprofReaderTest, BrokenGzip) {
  EXPECT_EQ(
      ErrorOf(std::string("\x1f\x8bxxxxxxxxxxxx", 14)).rfind("pprof: t.pb: decompressing: ", 0),
      0u);
}

TEST(PprofReaderTest, NestedGzipIsRefused) {
  EXPECT_EQ(ErrorOf(Gzip(SmallCpu().SerializeGzip())),
            "pprof: t.pb: decoding: the decompressed data is gzip again (nested gzip is not read)");
}

TEST(PprofReaderTest, StringTableMustStartWithEmptyString) {
  WireWriter w;
  w.BytesField(6, "x").BytesField(6, "");
  EXPECT_EQ(ErrorOf(w.bytes()), "pprof: t.pb: decoding: offset 0x0: string_table[0] must be ''");
}

TEST(PprofReaderTest, NoStringTableIsMalformed) {
  WireWriter w;
  w.Int64Field(9, 5);
  EXPECT_EQ(ErrorOf(w.bytes()),
            "pprof: t.pb: decoding: malformed profile format: the string table is empty (index 0 "
            "must be \"\")");
}

TEST(PprofReaderTest, StringIndexOutOfRange) {
  ProfileBuilder b = SmallCpu();
  b.proto().mutable_function(0)->set_name(99);
  EXPECT_EQ(ErrorOf(b.Serialize()),
            "pprof: t.pb: decoding: malformed profile format: function.name is string index 99, "
            "out of range (the string table has 11 entries)");
  ProfileBuilder n = SmallCpu();
  n.proto().mutable_sample_type(0)->set_unit(-1);
  EXPECT_NE(ErrorOf(n.Serialize()).find("sample_type is string index -1"), std::string::npos);
}

TEST(PprofReaderTest, ConcatenatedProfilesAreDetectedByTimeNanos) {
  ProfileBuilder b = SmallCpu();
  b.TimeNanos(1000);
  const std::string one = b.Serialize();
  const std::string err = ErrorOf(one + one);
  EXPECT_NE(err.find("pprof: t.pb: decoding: offset 0x"), std::string::npos) << err;
  EXPECT_NE(err.find("concatenated profiles detected"), std::string::npos) << err;
  // Gzip members concatenated reach the same check.
  EXPECT_NE(ErrorOf(Gzip(one) + Gzip(one)).find("concatenated profiles detected"),
            std::string::npos);
}

TEST(PprofReaderTest, ConcatenationWithoutTimeIsOneDoubledProfile) {
  ProfileBuilder b;
  b.SampleType("samples", "count");
  const uint64_t f = b.AddFunction("f");
  b.AddSample({b.AddLocation(1, {{f, 1}})}, {1});
  const std::string one = b.Serialize();
  // Every repeated field doubles: two sample types for one value, so
  // CheckValid fails, like pprof.
  EXPECT_EQ(ErrorOf(one + one),
            "pprof: t.pb: validating: malformed profile: mismatch: sample has 1 values vs. 2 "
            "types");
}

TEST(PprofReaderTest, CheckValidMessages) {
  {
    ProfileBuilder b = SmallCpu();
    b.proto().mutable_sample(1)->add_value(7);
    EXPECT_EQ(ErrorOf(b.Serialize()),
              "pprof: t.pb: validating: malformed profile: mismatch: sample has 3 values vs. 2 "
              "types");
  }
  {
    ProfileBuilder b = SmallCpu();
    b.proto().clear_sample_type();
    EXPECT_EQ(ErrorOf(b.Serialize()),
              "pprof: t.pb: validating: malformed profile: missing sample type information");
  }
  {
    ProfileBuilder b = SmallCpu();
    b.proto().mutable_sample(0)->add_location_id(77);
    EXPECT_EQ(ErrorOf(b.Serialize()),
              "pprof: t.pb: validating: malformed profile: sample has nil location");
  }
  {
    ProfileBuilder b = SmallCpu();
    b.proto().mutable_mapping(0)->set_id(0);
    b.proto().mutable_location(0)->set_mapping_id(0);
    b.proto().mutable_location(1)->set_mapping_id(0);
    EXPECT_EQ(ErrorOf(b.Serialize()),
              "pprof: t.pb: validating: malformed profile: found mapping with reserved ID=0");
  }
  {
    ProfileBuilder b = SmallCpu();
    b.AddMapping("/lib/x.so", 0, 0, 1);
    EXPECT_EQ(ErrorOf(b.Serialize()),
              "pprof: t.pb: validating: malformed profile: multiple mappings with same id: 1");
  }
  {
    ProfileBuilder b = SmallCpu();
    b.AddFunction("zero", "", 0, 0);
    b.proto().mutable_function(3)->set_id(0);
    EXPECT_EQ(ErrorOf(b.Serialize()),
              "pprof: t.pb: validating: malformed profile: found function with reserved ID=0");
  }
  {
    ProfileBuilder b = SmallCpu();
    b.AddLocation(0x5, {}, 1, 2);
    EXPECT_EQ(ErrorOf(b.Serialize()),
              "pprof: t.pb: validating: malformed profile: multiple locations with same id: 2");
  }
  {
    ProfileBuilder b = SmallCpu();
    b.proto().mutable_location(1)->mutable_line(1)->set_function_id(42);
    EXPECT_EQ(ErrorOf(b.Serialize()),
              "pprof: t.pb: validating: malformed profile: location id: 2 has a line with nil "
              "function");
  }
}

TEST(PprofReaderTest, SampleErrorsComeBeforeTableErrors) {
  ProfileBuilder b = SmallCpu();
  b.proto().mutable_function(0)->set_id(0);          // table error
  b.proto().mutable_sample(1)->add_location_id(99);  // sample error
  EXPECT_EQ(ErrorOf(b.Serialize()),
            "pprof: t.pb: validating: malformed profile: sample has nil location");
}

TEST(PprofReaderTest, DanglingMappingIdIsAccepted) {
  ProfileBuilder b = SmallCpu();
  b.proto().mutable_location(0)->set_mapping_id(9);
  auto p = ReadProfile(b.Serialize(), "t");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->locations[0].mapping, model::kNoIndex);
  EXPECT_TRUE(HasAnomaly(*p, "dangling-mapping-id"));
}

TEST(PprofReaderTest, NoMappingsGetsPprofsPlaceholder) {
  ProfileBuilder b;
  b.SampleType("samples", "count");
  const uint64_t f = b.AddFunction("f");
  b.AddSample({b.AddLocation(0, {{f, 1}})}, {1});
  auto p = ReadProfile(b.Serialize(), "t");
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->mappings.size(), 1u);
  EXPECT_EQ(p->mappings[0].id, 1u);
  EXPECT_EQ(p->locations[0].mapping, 0u);
  EXPECT_TRUE(HasAnomaly(*p, "no-mappings"));
}

TEST(PprofReaderTest, LabelClassification) {
  ProfileBuilder b = SmallCpu();
  b.AddSample({1}, {1, 1},
              {TestLabel{"thread", "main", 0, ""}, TestLabel{"bytes", "", 512, ""},
               TestLabel{"size", "", 3, "kilobytes"}, TestLabel{"keyonly", "", 0, ""},
               TestLabel{"unitonly", "", 0, "count"}});
  auto p = ReadProfile(b.Serialize(), "t");
  ASSERT_TRUE(p.ok());
  const auto labels = p->sample_labels(2);
  ASSERT_EQ(labels.size(), 4u);  // the key-only label is dropped
  EXPECT_EQ(p->str(labels[0].key_str), "thread");
  EXPECT_EQ(p->str(labels[0].str_str), "main");
  EXPECT_EQ(labels[1].num, 512);
  EXPECT_EQ(labels[1].num_unit_str, 0u);
  EXPECT_EQ(p->str(labels[2].num_unit_str), "kilobytes");
  EXPECT_EQ(p->str(labels[3].key_str), "unitonly");
  EXPECT_EQ(labels[3].num, 0);
}

TEST(PprofReaderTest, DefaultSampleType) {
  ProfileBuilder b = SmallCpu();
  auto last = ReadProfile(b.Serialize(), "t");
  EXPECT_EQ(last->DefaultSampleIndex(), 1);
  b.DefaultSampleType("samples");
  auto first = ReadProfile(b.Serialize(), "t");
  EXPECT_EQ(first->DefaultSampleIndex(), 0);
  ProfileBuilder c = SmallCpu();
  c.DefaultSampleType("nosuch");
  EXPECT_EQ(ReadProfile(c.Serialize(), "t")->DefaultSampleIndex(), 1);
}

TEST(PprofReaderTest, LegacyFormatsAreRecognisedAndRefused) {
  const std::pair<std::string, std::string> kCases[] = {
      {"heap profile: 1: 2 [3: 4] @ heap/1048576\n", "heap profile text"},
      {"heap profile: 1: 2 [3: 4] @ growthz\n", "heap growth profile text"},
      {"--- contention:\ncycles/second=1\n", "contention profile text"},
      {"--- mutex:\n", "contention profile text"},
      {"goroutine profile: total 3\n1 @ 0x1\n", "Go goroutine profile text"},
      {"--- threadz 1 ---\n", "thread dump text"},
      {"--- heapz 1 ---\n0 0 @ 0\n", "Java heap profile text"},
      {std::string(
           "\0\0\0\0\0\0\0\0\3\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x10\x27\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
           40),
       "gperftools binary CPU profile"},
  };
  for (const auto& [bytes, which] : kCases) {
    auto p = ReadProfile(bytes, "old");
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.status().code(), StatusCode::kUnsupported);
    EXPECT_EQ(p.status().message(), "pprof: old: unsupported legacy pprof format (" + which +
                                        "); only profile.proto profiles are read");
  }
}

TEST(PprofReaderTest, OtherInputIsNotAProfile) {
  auto p = ReadProfile("hello, world", "x.txt");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kNotATrace);
  EXPECT_EQ(p.status().message(),
            "pprof: x.txt: not a pprof profile (profile.proto; this looks like text): it starts "
            "with bytes 68 65 6c 6c 6f 2c 20 77");
  EXPECT_EQ(ReadProfile("go 1.22 trace\0\0\0", "t").status().code(), StatusCode::kNotATrace);
  EXPECT_EQ(ReadProfile(std::string("\x00\x01\x02", 3), "t").status().code(),
            StatusCode::kNotATrace);
}

TEST(PprofReaderTest, SurvivableOdditiesBecomeAnomalies) {
  ProfileBuilder b = SmallCpu();
  b.proto().set_period(0);
  b.AddLocation(0, {}, 1);  // neither address nor lines
  b.proto().add_string_table(std::string("bad\xff\xfe", 5));
  auto p = ReadProfile(b.Serialize(), "t");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_TRUE(HasAnomaly(*p, "period-not-positive"));
  EXPECT_TRUE(HasAnomaly(*p, "empty-location"));
  EXPECT_TRUE(HasAnomaly(*p, "invalid-utf8"));
}

TEST(PprofReaderTest, ReadProfileFileNamesTheFile) {
  auto p = ReadProfileFile("/nonexistent/dir/cpu.pprof");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace tracenote::pprof
