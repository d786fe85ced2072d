// MessageArgs: the named, typed values a catalog message is formatted with.
// Values carry their kind so that the formatter can localize them: a
// duration becomes "10 ms" or "10 мс", a byte count "4.2 MB" or "4,2 МБ", a
// count drives plural rules ("1 горутина", "3 горутины", "5 горутин").
#ifndef TRACENOTE_SRC_L10N_MESSAGE_ARGS_H_
#define TRACENOTE_SRC_L10N_MESSAGE_ARGS_H_

#include <cstdint>
#include <map>
#include <string>
#include <variant>

namespace tracenote::l10n {

struct Duration {
  int64_t ns = 0;
};
struct Bytes {
  uint64_t n = 0;
};
struct Percent {
  double value = 0;  // 12.5 means 12.5 %
};
// Text that came from the trace (function names, log messages): shown as
// code and always escaped.
struct TraceText {
  std::string text;
};

// A count (integer, drives plurals), a plain number, text written by us, or
// one of the kinds above.
using ArgValue = std::variant<int64_t, double, std::string, Duration, Bytes, Percent, TraceText>;
using MessageArgs = std::map<std::string, ArgValue>;

}  // namespace tracenote::l10n

#endif  // TRACENOTE_SRC_L10N_MESSAGE_ARGS_H_
