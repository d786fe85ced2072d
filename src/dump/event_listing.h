// The event listing behind `tracenote dump`: one row per event in Go's order,
// in the style of the hand-annotated listings the project started from:
//
//     16: 0.010234567 P0  GoStart      G7  main.go:24 g=7 seq=0 linked GoPreempt@17
//
// index, time in seconds since the first event, the P (Go's pseudo-Ps for
// timer/netpoll/syscall/GC events included), the event, its goroutine, where
// it happened (the outermost frame of the goroutine's own code, and after
// "->" the innermost frame when it is a different one), the named arguments
// and strings, and the event this one is linked to.
//
// ListingRow is computed first; the text and JSON formatters only format it.
#ifndef TRACENOTE_SRC_DUMP_EVENT_LISTING_H_
#define TRACENOTE_SRC_DUMP_EVENT_LISTING_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "ingest/trace_source.h"
#include "model/trace_model.h"

namespace tracenote::dump {

struct ListingRow {
  uint64_t index = 0;
  int64_t time = 0;
  std::string_view name;
  int64_t p = -1;
  uint64_t g = 0;
  int64_t m = -1;  // thread, for formats that record it per event (Go 1.22+)
  uint64_t offset = 0;
  const model::Frame* caller = nullptr;  // outermost frame of the goroutine's own code
  const model::Frame* callee = nullptr;  // innermost frame, when different from caller
  uint8_t num_args = 0;
  std::string_view arg_names[kMaxSpecArgs];
  uint64_t arg_values[kMaxSpecArgs] = {};
  std::string_view str_name;  // e.g. "label", "kind", "name", "category"
  std::string_view str_value;
  std::string_view message;  // UserLog's message
  uint64_t link = kNoLink;
  std::string_view link_name;
  model::StackId stack = 0;
};

ListingRow MakeRow(const RawEvent& ev, const model::Tables& tables);

// Text form: one line, without the newline. Strings from the trace are
// escaped so that an event is always exactly one line.
void AppendTextRow(const ListingRow& row, const model::Tables& tables, std::string* out);
// JSON form: one object (JSON Lines), without the newline.
void AppendJsonRow(const ListingRow& row, const model::Tables& tables, std::string* out);

// "file:line" of a frame ("?" when unknown, "0x4a2b3c" for PC-only frames).
std::string FrameLocation(const model::Frame& f, const model::Tables& tables);
// Makes an untrusted string printable on one line (\n, \t, \xNN escapes).
std::string EscapeForLine(std::string_view s);

}  // namespace tracenote::dump

#endif  // TRACENOTE_SRC_DUMP_EVENT_LISTING_H_
