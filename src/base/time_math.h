// Time arithmetic for hostile inputs: a trace may state any tick count and
// any frequency, so conversions to nanoseconds saturate instead of
// overflowing. kMaxTimeNs (about 146 years) is far beyond any real trace and
// leaves room to add two times without overflow.
#ifndef TRACENOTE_SRC_BASE_TIME_MATH_H_
#define TRACENOTE_SRC_BASE_TIME_MATH_H_

#include <cstdint>

namespace tracenote {

inline constexpr int64_t kMaxTimeNs = int64_t{1} << 62;

// ticks * ns_per_tick, truncated toward zero, clamped to [0, kMaxTimeNs].
inline int64_t TicksToNs(uint64_t ticks, double ns_per_tick) {
  const double ns = static_cast<double>(ticks) * ns_per_tick;
  if (!(ns > 0)) return 0;  // also NaN
  if (ns >= static_cast<double>(kMaxTimeNs)) return kMaxTimeNs;
  return static_cast<int64_t>(ns);
}

// a + b for times in [0, kMaxTimeNs], clamped to kMaxTimeNs.
inline int64_t AddTimes(int64_t a, int64_t b) { return a > kMaxTimeNs - b ? kMaxTimeNs : a + b; }

}  // namespace tracenote

#endif  // TRACENOTE_SRC_BASE_TIME_MATH_H_
