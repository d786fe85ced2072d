// EncodeV1Text: writes a Go 1.5–1.21 ("v1") execution trace from a readable
// text form, so that tests can state small traces inline. Event names and
// argument lists come from the reader's own event table (kV1Specs,
// V1WireArgCount, V1EventName): the encoder has no table of its own.
//
// One record per line; blank lines and everything after a `#` that starts a
// token are ignored.
//
//   go 1.19                          header (first record): "go 1.19 trace", NUL-padded to 16
//   Batch p=0 ticks=1000000          untimed events: the table's argument names
//   GoCreate dt=5 g=1 stack=2 stk=1  timed events: dt= is the timestamp delta, then the
//                                    table's arguments in any order, then stk= (the
//                                    trailing stack id, only for events with a stack;
//                                    default 0)
//   String id=1 "main.main"          string record; escapes \n \t \\ \" \xNN
//   Stack id=1 frames=[pc=0x401000 fn=1 file=2 line=10, pc=0x401010 fn=3 file=2 line=20]
//   Frequency freq=1000000000
//   UserLog dt=1 id=0 keyid=3 stk=0 message="hello"   (trailing inline string)
//   raw 0x41 0x00 "text"             literal bytes (and quoted text), for corrupt inputs
//
// Names are the table's (GCSTWStart, HeapGoal) or Go's name in any v1 version
// (STWStart, GCScanStart, NextGC). Values are decimal, 0x-hex or negative
// (written as the two's complement uvarint: p=-1 is ff ff ff ff ff ff ff ff ff 01).
//
// Go 1.5 traces (`go 1.5`): timed events also take seqdt= (the global
// sequence delta); Batch takes p, seq, ticks; Frequency and TimerGoroutine
// take an extra unused= (default 0). Stack frames are just pc=.
//
// The argument-count code is the runtime's: A = min(values - 1, 3), counting
// the values after the type byte (dt and stk included; in 1.5 the seq delta
// is not counted, A = min(values - 2, 3)); A == 3 writes the values
// length-prefixed. Stack records are always length-prefixed.
//
// Trailing flags change how one record is written:
//   !long       length-prefixed form (A = 3) even for fewer values
//   !pad        the length prefix padded to 10 bytes (as Go 1.21 writes stack lengths)
//   !padall     every varint of the record padded to 10 bytes
//   !len=N      write N as the length prefix (or String length) instead of the real one
//   !rules=1.N  take the argument list of another version (for wrong-count tests)
//   siz=N       (Stack) write N as the frame count instead of the number of frames
//
// Errors (unknown event or argument, missing argument, bad value) name the
// line: "v1 text line 3: GoCreate: unknown argument 'x' (arguments: dt g stack stk)".
#ifndef TRACENOTE_TESTS_TOOLS_V1_TEXT_ENCODER_H_
#define TRACENOTE_TESTS_TOOLS_V1_TEXT_ENCODER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace tracenote::test_tools {

// Encodes a whole trace written in the text form above.
StatusOr<std::vector<uint8_t>> EncodeV1Text(std::string_view text);

// The argument names a record of `type` takes in the text form for header
// version `version` (1000 + minor), in wire order: e.g. {"dt", "g", "stack",
// "stk"} for GoCreate in 1.11. Empty for String and Stack, whose syntax is
// special.
std::vector<std::string> V1TextArgNames(uint8_t type, int version);

}  // namespace tracenote::test_tools

#endif  // TRACENOTE_TESTS_TOOLS_V1_TEXT_ENCODER_H_
