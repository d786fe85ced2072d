// EncodeV2Text: writes a Go 1.22+ ("v2") execution trace from Go's own text
// form of it (format doc §3.3, what Go's internal/trace/raw reads and the
// `trace` file of every `v2/tests/*.test` holds), converting it as Go's test
// harness does (§3.4). Event names and argument lists come from the reader's
// own event table (kV2Specs, kV2ExperimentalSpecs, V2Spec): the encoder has no
// table of its own.
//
// One record per line. Tokens are separated by any Unicode whitespace; a `#`
// where a token would begin (or inside one, ending it) starts a comment;
// lines that are empty or only comment are skipped.
//
//   Trace Go1.22                     header (first line): selects the event set (an
//                                    event whose `since` is later is an error) and
//                                    writes "go 1.22 trace", NUL-padded to 16 bytes;
//                                    Go1.22, Go1.23, Go1.25 and Go1.26 are known
//   EventBatch gen=1 m=0 time=0 size=5
//   Frequency freq=15625000          untimed events: the table's arguments
//   GoStart dt=1 g=4 g_seq=1         timed events: dt, then the table's arguments
//   GoBlock dt=2 reason_string=3 stack=1   ... then stack, for events with one
//   CPUSample time=9 m=1 p=0 g=4 stack=2   untimed, but with a stack
//   String id=3                      followed by one line `data=<Go string literal>`
//     data="chan receive"            (double-quoted with Go escapes, or back-quoted)
//   Stack id=1 nframes=2             followed by `nframes` frame lines
//     pc=4804475 func=3 file=4 line=80
//     pc=4804022 func=5 file=4 line=44
//   ExperimentalBatch exp=1 gen=1 m=0 time=5   followed by a data line (the payload)
//   EndOfGeneration                  (Go1.26) a lone byte
//
// Every argument is `name=value` with exactly the table's names, in table
// order, each present once, nothing after the last; values are unsigned
// decimal 64-bit numbers (18446744073709551615 = ^0).
//
// Each record is written as its event id byte, then every value as a minimal
// uvarint in the order given (dt and stack included; ExperimentalBatch's exp
// too), then Stack's frames (pc, func, file, line each) and, for String and
// ExperimentalBatch, uvarint(len(data)) and the data bytes. Nothing else: an
// EventBatch's size= is written as given, whatever follows it (Go's test
// files computed it from the minimal encodings, so the bytes line up).
//
// Extensions for hand-written tests (Go's text form has none of them):
//   EventBatch gen=1 m=0 time=0     size= omitted: the size written is the byte
//                                   count of the payload lines that follow, up to
//                                   the next EventBatch, ExperimentalBatch or
//                                   EndOfGeneration line or the end of the text
//   EventBatch ... !pad             trailing flag: the size (given or computed) is
//                                   written as a 10-byte padded uvarint, as the
//                                   runtime writes it
//   raw 01 ff d9fdfb                literal bytes, two hex digits each (a token may
//                                   hold several), for corrupt inputs; counted in a
//                                   computed batch size
//   m=none p=none                   an argument named m or p may be `none`: ^0
//
// Errors name the line (1-based, counted in `text`) and the event:
//   "v2 text line 7: GoStart: expected argument 'g_seq', got 'seq'"
//   "v2 text line 7: GoStart: missing argument 'g_seq'"
//   "v2 text line 7: GoStart: unexpected 'x=1' after the last argument"
//   "v2 text line 7: GoStart: bad value 'x' for 'g' (want an unsigned decimal)"
//   "v2 text line 3: unknown event 'GoStrat'"
//   "v2 text line 3: GoSwitch: not in Go1.22 traces (since Go1.23)"
//   "v2 text line 4: Stack: expected 2 frame lines, the text ends after 1"
//   "v2 text line 5: String: expected a line data=<Go string literal>, got 'x'"
//   "v2 text line 1: expected the header 'Trace Go1.<minor>', got 'go 1.22'"
#ifndef TRACENOTE_TESTS_TOOLS_V2_TEXT_ENCODER_H_
#define TRACENOTE_TESTS_TOOLS_V2_TEXT_ENCODER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "tools/txtar.h"  // V2TestCase, ParseV2Txtar: the `.test` files

namespace tracenote::test_tools {

// Encodes a whole trace written in the text form above: the 16-byte header,
// then the records in order. Never throws; errors are kInvalidArgument.
StatusOr<std::vector<uint8_t>> EncodeV2Text(std::string_view text);

// The argument names of `type` in the text form, in order: "dt" for timed
// events, the table's arguments, "stack" for events with a stack; e.g.
// {"dt", "g", "g_seq"} for GoStart, {"time", "m", "p", "g", "stack"} for
// CPUSample. Empty for an id no version defines.
std::vector<std::string_view> V2TextArgNames(uint8_t type);

}  // namespace tracenote::test_tools

#endif  // TRACENOTE_TESTS_TOOLS_V2_TEXT_ENCODER_H_
