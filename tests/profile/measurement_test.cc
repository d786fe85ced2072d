// Measurement: Go's %g, pprof's Percentage, unit scaling and unit choice.
#include "profile/measurement.h"

#include <gtest/gtest.h>

namespace tracenote::profile {
namespace {

TEST(GoFormatGTest, MatchesGoFmt) {
  EXPECT_EQ(GoFormatG(0, 5, 2), "    0");
  EXPECT_EQ(GoFormatG(0.5, 5, 2), "  0.5");
  EXPECT_EQ(GoFormatG(0.019, 5, 2), "0.019");
  EXPECT_EQ(GoFormatG(0.0123, 5, 2), "0.012");
  EXPECT_EQ(GoFormatG(1.2e-05, 5, 2), "1.2e-05");
  EXPECT_EQ(GoFormatG(0.99, 5, 2), " 0.99");
  EXPECT_EQ(GoFormatG(0.999, 5, 2), "    1");
  EXPECT_EQ(GoFormatG(0.0001, 5, 2), "0.0001");
  EXPECT_EQ(GoFormatG(0.00001, 5, 2), "1e-05");
  EXPECT_EQ(GoFormatG(123456, 0, 2), "1.2e+05");
  EXPECT_EQ(GoFormatG(100, 0, 3), "100");
  EXPECT_EQ(GoFormatG(1000, 0, 3), "1e+03");
  EXPECT_EQ(GoFormatG(-0.25, 0, 2), "-0.25");
  EXPECT_EQ(GoFormatG(0.125, 0, 2), "0.12");  // exact tie rounds to even
  EXPECT_EQ(GoFormatG(0.1, 0, -1), "0.1");
  EXPECT_EQ(GoFormatG(1e21, 0, -1), "1e+21");
  EXPECT_EQ(GoFormatG(123456.0, 0, -1), "123456");
  EXPECT_EQ(GoFormatG(1234567.0, 0, -1), "1.234567e+06");
}

TEST(PercentageTest, SwitchesFormatAtOnePercent) {
  EXPECT_EQ(Percentage(1, 1), "  100%");
  EXPECT_EQ(Percentage(9996, 10000), "  100%");
  EXPECT_EQ(Percentage(1529, 10000), "15.29%");
  EXPECT_EQ(Percentage(100, 10000), " 1.00%");
  EXPECT_EQ(Percentage(50, 10000), "  0.5%");
  EXPECT_EQ(Percentage(4, 24029), "0.017%");
  EXPECT_EQ(Percentage(0, 10), "    0%");
  EXPECT_EQ(Percentage(5, 0), "    0%");
  EXPECT_EQ(Percentage(-1529, 10000), "15.29%");
  EXPECT_EQ(Percentage(3, 250000), "0.0012%");
}

TEST(ScaleTest, AutoScalesKnownFamilies) {
  EXPECT_EQ(ScaledLabel(1280000000, "nanoseconds", "auto"), "1.28s");
  EXPECT_EQ(ScaledLabel(10000000, "nanoseconds", "auto"), "10ms");
  EXPECT_EQ(ScaledLabel(524288, "bytes", "auto"), "512kB");
  EXPECT_EQ(ScaledLabel(1572864, "bytes", "auto"), "1.50MB");
  EXPECT_EQ(ScaledLabel(3600000000000, "nanoseconds", "auto"), "1hrs");
  EXPECT_EQ(ScaledLabel(0, "nanoseconds", "auto"), "0");
  EXPECT_EQ(ScaledLabel(-1200000000, "nanoseconds", "auto"), "-1.20s");
  EXPECT_EQ(ScaledLabel(10000000, "nanoseconds", "s"), "0.01s");
  EXPECT_EQ(ScaledLabel(1500, "ms", "seconds"), "1.50s");
  EXPECT_EQ(ScaledLabel(5, "microseconds", "auto"), "5us");
}

TEST(ScaleTest, UnknownUnits) {
  EXPECT_EQ(ScaledLabel(781, "count", "count"), "781");
  EXPECT_EQ(ScaledLabel(11100, "cycles", "cycles"), "11100cycles");
  EXPECT_EQ(ScaledLabel(11111, "cycles", "minimum"), "11111");
  EXPECT_EQ(ScaledLabel(7, "", "count"), "7");
  EXPECT_FALSE(IsKnownUnit("cycles"));
  EXPECT_TRUE(IsKnownUnit("Bytes"));
  EXPECT_TRUE(IsKnownUnit("NANOSECONDS"));
}

TEST(ChooseMinimumUnitTest, PicksUnitForSmallestValue) {
  // 10ms smallest, 240s total: "s" so that 10ms prints as 0.01s.
  EXPECT_EQ(ChooseMinimumUnit(10000000, 240290000000, "nanoseconds"), "s");
  // 10ms smallest, 500ms total: same unit family member "ms".
  EXPECT_EQ(ChooseMinimumUnit(10000000, 500000000, "nanoseconds"), "ms");
  EXPECT_EQ(ChooseMinimumUnit(512, 1 << 30, "bytes"), "kB");
  EXPECT_EQ(ChooseMinimumUnit(0, 1 << 20, "bytes"), "MB");
  EXPECT_EQ(ChooseMinimumUnit(3, 100, "count"), "count");
  EXPECT_EQ(ChooseMinimumUnit(3, 100, "cycles"), "cycles");
}

}  // namespace
}  // namespace tracenote::profile
