#include "l10n/units.h"

#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

namespace tracenote::l10n {
namespace {

constexpr Language kEn = Language::kEnglish;
constexpr Language kRu = Language::kRussian;
#define NBSP "\u00A0"

constexpr int64_t kUs = 1000;
constexpr int64_t kMs = 1000 * kUs;
constexpr int64_t kS = 1000 * kMs;

TEST(UnitsTest, DurationsEnglish) {
  EXPECT_EQ(FormatDuration(0, kEn), "0ns");
  EXPECT_EQ(FormatDuration(850, kEn), "850ns");
  EXPECT_EQ(FormatDuration(12'300, kEn), "12.3μs");
  EXPECT_EQ(FormatDuration(123'456, kEn), "123μs");
  EXPECT_EQ(FormatDuration(10 * kMs, kEn), "10ms");
  EXPECT_EQ(FormatDuration(12'345'678, kEn), "12.3ms");
  EXPECT_EQ(FormatDuration(1'500 * kMs, kEn), "1.5s");
  EXPECT_EQ(FormatDuration(3'077'317'764, kEn), "3.08s");
  EXPECT_EQ(FormatDuration(125 * kS, kEn), "2m 5s");
  EXPECT_EQ(FormatDuration(3'723 * kS, kEn), "1h 2m");
  EXPECT_EQ(FormatDuration(-1'500 * kUs, kEn), "-1.5ms");
}

TEST(UnitsTest, DurationsRussian) {
  EXPECT_EQ(FormatDuration(850, kRu), "850 нс");
  EXPECT_EQ(FormatDuration(12'300, kRu), "12,3 мкс");
  EXPECT_EQ(FormatDuration(10 * kMs, kRu), "10 мс");
  EXPECT_EQ(FormatDuration(1'500 * kMs, kRu), "1,5 с");
  EXPECT_EQ(FormatDuration(125 * kS, kRu), "2 мин 5 с");
  EXPECT_EQ(FormatDuration(3'723 * kS, kRu), "1 ч 2 мин");
}

TEST(UnitsTest, DurationRoundingPicksTheUnitAfterRounding) {
  EXPECT_EQ(FormatDuration(999, kEn), "999ns");
  EXPECT_EQ(FormatDuration(1'000, kEn), "1μs");
  EXPECT_EQ(FormatDuration(999'950, kEn), "1ms");         // not "1000μs"
  EXPECT_EQ(FormatDuration(59'960 * kMs, kEn), "1m 0s");  // not "60s"
  EXPECT_EQ(FormatDuration(3'599'600 * kMs, kEn), "1h 0m");
  EXPECT_EQ(FormatDuration(std::numeric_limits<int64_t>::max(), kEn), "2,562,047h 47m");
  EXPECT_EQ(FormatDuration(std::numeric_limits<int64_t>::min(), kEn), "-2,562,047h 47m");
}

TEST(UnitsTest, BytesAreDecimal) {
  EXPECT_EQ(FormatBytes(0, kEn), "0B");
  EXPECT_EQ(FormatBytes(850, kEn), "850B");
  EXPECT_EQ(FormatBytes(1'000, kEn), "1kB");
  EXPECT_EQ(FormatBytes(37'344, kEn), "37.3kB");
  EXPECT_EQ(FormatBytes(4'194'304, kEn), "4.19MB");
  EXPECT_EQ(FormatBytes(4'200'000, kEn), "4.2MB");
  EXPECT_EQ(FormatBytes(999'999, kEn), "1MB");
  EXPECT_EQ(FormatBytes(3'000'000'000, kEn), "3GB");
  EXPECT_EQ(FormatBytes(850, kRu), "850 Б");
  EXPECT_EQ(FormatBytes(4'200'000, kRu), "4,2 МБ");
  EXPECT_EQ(FormatBytes(37'344, kRu), "37,3 кБ");
  EXPECT_EQ(FormatBytes(std::numeric_limits<uint64_t>::max(), kEn), "18,400PB");
}

TEST(UnitsTest, Percent) {
  EXPECT_EQ(FormatPercent(12.5, kEn), "12.5%");
  EXPECT_EQ(FormatPercent(12.5, kRu), "12,5" NBSP "%");
  EXPECT_EQ(FormatPercent(100, kEn), "100%");
  EXPECT_EQ(FormatPercent(99.96, kEn), "100%");
  EXPECT_EQ(FormatPercent(0.41234, kEn), "0.412%");
  EXPECT_EQ(FormatPercent(0, kEn), "0%");
}

TEST(UnitsTest, CountsUseLocaleGrouping) {
  EXPECT_EQ(FormatCount(16'562'133, kEn), "16,562,133");
  EXPECT_EQ(FormatCount(16'562'133, kRu), "16" NBSP "562" NBSP "133");
  EXPECT_EQ(FormatCount(7, kRu), "7");
  EXPECT_EQ(FormatCount(-1'234, kEn), "-1,234");
}

TEST(UnitsTest, Numbers) {
  EXPECT_EQ(FormatNumber(1.25, kEn), "1.25");
  EXPECT_EQ(FormatNumber(1.25, kRu), "1,25");
  EXPECT_EQ(FormatNumber(2, kEn), "2");
}

}  // namespace
}  // namespace tracenote::l10n
