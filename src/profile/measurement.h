// Measurement: how `go tool pprof` scales and prints sample values (its
// internal/measurement package): unit families (bytes, time, GCU), automatic
// scaling, explicit output units, percentages, and Go's %g formatting, which
// the percentages need byte for byte.
#ifndef TRACENOTE_SRC_PROFILE_MEASUREMENT_H_
#define TRACENOTE_SRC_PROFILE_MEASUREMENT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace tracenote::profile {

// Go's fmt "%<width>.<precision>g" for a finite or infinite double: shortest
// exponent form when exp < -4 || exp >= precision, two-digit exponents
// ("1.2e-05"), trailing zeros removed, right-aligned to `width` with spaces.
// precision < 0 means Go's shortest representation ("%g").
std::string GoFormatG(double v, int width, int precision);

// Go's "%.<precision>f" (round half to even on the exact binary value, as
// printf does).
std::string GoFormatF(double v, int precision);

// pprof's Percentage(value, total): "  100%" for 99.95..100.05, "%5.2f%%" at
// or above 1, "%5.2g%%" below; 0 when total is 0; never negative.
std::string Percentage(int64_t value, int64_t total);

// A value converted to a unit; `unit` is "" when it is not worth printing
// (count, sample, unit, or automatic scaling of an unknown unit).
struct ScaledValue {
  double value = 0;
  std::string unit;
};

// pprof's measurement.Scale(value, from, to). `to` may be a unit name,
// "minimum" or "auto" (scale to the largest unit with value >= 1).
ScaledValue Scale(int64_t value, std::string_view from_unit, std::string_view to_unit);

// pprof's ScaledLabel: Scale, then "%.2f" with a trailing ".00" removed and
// the unit appended; exactly "0" for zero.
std::string ScaledLabel(int64_t value, std::string_view from_unit, std::string_view to_unit);

// ScaledLabel(value, unit, "auto").
inline std::string AutoLabel(int64_t value, std::string_view unit) {
  return ScaledLabel(value, unit, "auto");
}

// pprof's selectOutputUnit for "minimum": the unit that prints the smallest
// non-zero node value `min_value` (0: none) as at least 0.01 given the report
// total `max_value`. Returns the sample unit itself when no known unit fits
// (so unknown units are appended verbatim, count/sample/unit print bare).
std::string ChooseMinimumUnit(int64_t min_value, int64_t max_value, std::string_view sample_unit);

// True when `unit` names a unit of one of the known families.
bool IsKnownUnit(std::string_view unit);
// Which unit family (bytes, time, GCU) a unit spelling belongs to, as pprof
// sniffs it: 1, 2, ... for the families, 0 for a unit pprof does not know.
// Two units convert into each other when their families are equal and not 0.
int UnitFamily(std::string_view unit);

}  // namespace tracenote::profile

#endif  // TRACENOTE_SRC_PROFILE_MEASUREMENT_H_
