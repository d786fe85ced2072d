// FormatProfileRaw (`pprof -raw`) and its Go time/duration formatting.
#include "dump/profile_raw.h"

#include <gtest/gtest.h>

#include "ingest/pprof/pprof_reader.h"
#include "tools/pprof_test_writer.h"

namespace tracenote {
namespace {

using pprof_test::ProfileBuilder;
using pprof_test::TestLabel;

TEST(ProfileRawTest, GoDuration) {
  EXPECT_EQ(FormatGoDuration(0), "0s");
  EXPECT_EQ(FormatGoDuration(999), "999ns");
  EXPECT_EQ(FormatGoDuration(1500), "1.5µs");
  EXPECT_EQ(FormatGoDuration(10000000), "10ms");
  EXPECT_EQ(FormatGoDuration(3131234000), "3.131234s");
  EXPECT_EQ(FormatGoDuration(int64_t{16500} * 1000000000), "4h35m0s");
  EXPECT_EQ(FormatGoDuration(-1500000), "-1.5ms");
}

TEST(ProfileRawTest, GoTimeUtc) {
  EXPECT_EQ(FormatGoTimeUtc(1550630080126127000), "2019-02-20 02:34:40.126127 +0000 UTC");
  EXPECT_EQ(FormatGoTimeUtc(0), "1970-01-01 00:00:00 +0000 UTC");
  EXPECT_EQ(FormatGoTimeUtc(-1), "1969-12-31 23:59:59.999999999 +0000 UTC");
}

TEST(ProfileRawTest, SmallProfile) {
  ProfileBuilder b;
  b.SampleType("samples", "count").SampleType("cpu", "nanoseconds");
  b.PeriodType("cpu", "nanoseconds", 10000000).DefaultSampleType("cpu").Comment("hello");
  b.TimeNanos(1550630080126127000).DurationNanos(3131234000);
  b.AddMapping("/bin/app", 0x1000, 0x2000);
  const uint64_t f = b.AddFunction("main.f", "f.go", 3, 0, "main.f_sys");
  const uint64_t g = b.AddFunction("main.g", "g.go");
  b.AddLocation(0x1010, {{g, 7}, {f, 4}}, 1);
  b.AddLocation(0, {}, 0);
  b.AddSample({1, 2}, {1, 10},
              {TestLabel{"k", "v2", 0, ""}, TestLabel{"b", "x", 0, ""}, TestLabel{"k", "v1", 0, ""},
               TestLabel{"bytes", "", 64, ""}});
  b.proto().mutable_mapping(0)->set_has_functions(true);
  auto p = pprof::ReadProfile(b.Serialize(), "t");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(FormatProfileRaw(*p),
            "Comment: hello\n"
            "PeriodType: cpu nanoseconds\n"
            "Period: 10000000\n"
            "Time: 2019-02-20 02:34:40.126127 +0000 UTC\n"
            "Duration: 3.13\n"
            "Samples:\n"
            "samples/count cpu/nanoseconds[dflt]\n"
            "          1         10: 1 2 \n"
            "                b:[x] k:[v2 v1]\n"
            "                bytes:[64]\n"
            "Locations\n"
            "     1: 0x1010 M=1 main.g g.go:7:0 s=0\n"
            "             main.f f.go:4:0 s=3(main.f_sys)\n"
            "     2: 0x0 \n"
            "Mappings\n"
            "1: 0x1000/0x2000/0x0 /bin/app  [FN]\n");
}

}  // namespace
}  // namespace tracenote
