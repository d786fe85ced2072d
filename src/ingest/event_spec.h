// EventSpec: one row of a trace format's event table. Each reader keeps its
// format's table as constexpr data; the same rows drive wire decoding
// (argument counts, where the stack id is), the `dump` listing (names and
// argument labels) and the text-to-binary encoder used by the tests.
#ifndef TRACENOTE_SRC_INGEST_EVENT_SPEC_H_
#define TRACENOTE_SRC_INGEST_EVENT_SPEC_H_

#include <array>
#include <cstdint>
#include <string_view>

namespace tracenote {

inline constexpr int kMaxSpecArgs = 4;

struct EventSpec {
  std::string_view name;                            // Go's name for the event
  std::array<std::string_view, kMaxSpecArgs> args;  // named arguments, wire order
  uint8_t num_args;                                 // how many of `args` are used
  bool has_stack;                                   // a stack id follows the arguments
  bool timed;                                       // a timestamp delta precedes them
  uint16_t since;                                   // first version (1005 = go 1.5) with it
  std::string_view string_arg;  // label of a string resolved from an argument (or "")
};

}  // namespace tracenote

#endif  // TRACENOTE_SRC_INGEST_EVENT_SPEC_H_
