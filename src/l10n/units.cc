#include "l10n/units.h"

#include <cmath>
#include <memory>
#include <mutex>

#include <unicode/measfmt.h>
#include <unicode/measunit.h>
#include <unicode/measure.h>
#include <unicode/numberformatter.h>

#include "l10n/icu_util.h"

namespace tracenote::l10n {
namespace {

using icu::number::LocalizedNumberFormatter;
using icu::number::NumberFormatter;
using icu::number::Precision;

// The one place where the unit width per language is chosen (see units.h).
UNumberUnitWidth UnitWidthFor(Language lang) {
  return lang == Language::kRussian ? UNUM_UNIT_WIDTH_SHORT : UNUM_UNIT_WIDTH_NARROW;
}
UMeasureFormatWidth MeasureWidthFor(Language lang) {
  return lang == Language::kRussian ? UMEASFMT_WIDTH_SHORT : UMEASFMT_WIDTH_NARROW;
}

enum Unit { kNs, kUs, kMs, kS, kB, kKB, kMB, kGB, kTB, kPB, kUnitCount };

icu::MeasureUnit IcuUnit(Unit u) {
  switch (u) {
    case kNs:
      return icu::MeasureUnit::getNanosecond();
    case kUs:
      return icu::MeasureUnit::getMicrosecond();
    case kMs:
      return icu::MeasureUnit::getMillisecond();
    case kS:
      return icu::MeasureUnit::getSecond();
    case kB:
      return icu::MeasureUnit::getByte();
    case kKB:
      return icu::MeasureUnit::getKilobyte();
    case kMB:
      return icu::MeasureUnit::getMegabyte();
    case kGB:
      return icu::MeasureUnit::getGigabyte();
    case kTB:
      return icu::MeasureUnit::getTerabyte();
    case kPB:
      return icu::MeasureUnit::getPetabyte();
    case kUnitCount:
      break;
  }
  return icu::MeasureUnit::getByte();
}

// Formatters are immutable once built and safe to share between threads, so
// each language builds its set once.
struct Formatters {
  explicit Formatters(Language lang) {
    icu::Locale locale = IcuLocale(lang);
    auto base = NumberFormatter::withLocale(locale);
    count = base.precision(Precision::integer());
    number = base.precision(Precision::maxFraction(3));
    percent_large = base.unit(icu::NoUnit::percent()).precision(Precision::maxFraction(1));
    percent_small = base.unit(icu::NoUnit::percent()).precision(Precision::maxSignificantDigits(3));
    for (int u = 0; u < kUnitCount; ++u) {
      units[u] = base.unit(IcuUnit(static_cast<Unit>(u)))
                     .unitWidth(UnitWidthFor(lang))
                     .precision(Precision::maxSignificantDigits(3));
    }
    UErrorCode status = U_ZERO_ERROR;
    measure = std::make_unique<icu::MeasureFormat>(locale, MeasureWidthFor(lang), status);
    if (U_FAILURE(status)) measure.reset();
  }
  LocalizedNumberFormatter count, number, percent_large, percent_small;
  LocalizedNumberFormatter units[kUnitCount];
  std::unique_ptr<icu::MeasureFormat> measure;
};

const Formatters& For(Language lang) {
  static const Formatters en(Language::kEnglish);
  static const Formatters ru(Language::kRussian);
  return lang == Language::kRussian ? ru : en;
}

std::string Format(const LocalizedNumberFormatter& f, double value) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString s = f.formatDouble(value, status).toString(status);
  if (U_FAILURE(status)) return std::to_string(value);
  return ToUtf8(s);
}

std::string FormatUnit(Language lang, Unit unit, double value) {
  return Format(For(lang).units[unit], value);
}

// `v` rounded to three significant digits (v >= 1000).
double RoundToThreeDigits(uint64_t v) {
  uint64_t scale = 1;
  while (v / scale >= 1000) scale *= 10;
  uint64_t q = v / scale;
  if (v % scale >= scale / 2) ++q;
  return static_cast<double>(q) * static_cast<double>(scale);
}

// "2m 5s" / "2 мин 5 с": two whole-number measures joined by the locale's
// unit list pattern.
std::string FormatPair(Language lang, bool negative, uint64_t big, icu::MeasureUnit* big_unit,
                       uint64_t small, icu::MeasureUnit* small_unit) {
  UErrorCode status = U_ZERO_ERROR;
  double first = static_cast<double>(big) * (negative ? -1 : 1);
  icu::Measure measures[2] = {icu::Measure(first, big_unit, status),
                              icu::Measure(static_cast<double>(small), small_unit, status)};
  const icu::MeasureFormat* f = For(lang).measure.get();
  icu::UnicodeString out;
  icu::FieldPosition pos;
  if (f != nullptr && U_SUCCESS(status)) {
    // Unlike the number formatters, MeasureFormat is not documented as safe
    // for concurrent use.
    static std::mutex mu;
    std::lock_guard<std::mutex> lock(mu);
    f->formatMeasures(measures, 2, out, pos, status);
  }
  if (f == nullptr || U_FAILURE(status)) {
    return std::to_string(big) + " " + std::to_string(small);  // ICU data missing
  }
  return ToUtf8(out);
}

}  // namespace

std::string FormatDuration(int64_t ns, Language lang) {
  bool negative = ns < 0;
  uint64_t a = negative ? 0 - static_cast<uint64_t>(ns) : static_cast<uint64_t>(ns);
  double sign = negative ? -1 : 1;
  if (a < 1000) return FormatUnit(lang, kNs, sign * static_cast<double>(a));
  double r = RoundToThreeDigits(a);
  if (r < 1e6) return FormatUnit(lang, kUs, sign * r / 1e3);
  if (r < 1e9) return FormatUnit(lang, kMs, sign * r / 1e6);
  if (r < 60e9) return FormatUnit(lang, kS, sign * r / 1e9);
  UErrorCode status = U_ZERO_ERROR;
  uint64_t seconds = (a + 500'000'000) / 1'000'000'000;
  if (seconds < 3600) {
    return FormatPair(lang, negative, seconds / 60, icu::MeasureUnit::createMinute(status),
                      seconds % 60, icu::MeasureUnit::createSecond(status));
  }
  uint64_t minutes = (seconds + 30) / 60;
  return FormatPair(lang, negative, minutes / 60, icu::MeasureUnit::createHour(status),
                    minutes % 60, icu::MeasureUnit::createMinute(status));
}

std::string FormatBytes(uint64_t bytes, Language lang) {
  if (bytes < 1000) return FormatUnit(lang, kB, static_cast<double>(bytes));
  double r = RoundToThreeDigits(bytes);
  static constexpr Unit kDecimal[] = {kKB, kMB, kGB, kTB, kPB};
  double scale = 1e3;
  for (Unit unit : kDecimal) {
    if (r < scale * 1e3 || unit == kPB) return FormatUnit(lang, unit, r / scale);
    scale *= 1e3;
  }
  return FormatUnit(lang, kPB, r / 1e15);
}

std::string FormatPercent(double percent, Language lang) {
  const Formatters& f = For(lang);
  return Format(std::fabs(percent) >= 10 ? f.percent_large : f.percent_small, percent);
}

std::string FormatCount(int64_t n, Language lang) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString s = For(lang).count.formatInt(n, status).toString(status);
  if (U_FAILURE(status)) return std::to_string(n);
  return ToUtf8(s);
}

std::string FormatNumber(double value, Language lang) { return Format(For(lang).number, value); }

}  // namespace tracenote::l10n
