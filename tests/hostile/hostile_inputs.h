// Hostile inputs (issue 7, item 5): a Go 1.22+ trace and a pprof profile
// whose strings carry markup, script, Markdown and template syntax, invalid
// UTF-8, control characters and very long text. They are made by code here,
// never kept as binary blobs, so a reader can see exactly what each one holds.
//
// Every payload that could become live markup names `window.__tn_pwned`
// (what the browser check looks for) or carries a `tn_` marker word (what the
// Markdown re-parse looks for: a heading, table cell, emphasis or link whose
// text is a marker came from the data).
#ifndef TRACENOTE_TESTS_HOSTILE_HOSTILE_INPUTS_H_
#define TRACENOTE_TESTS_HOSTILE_HOSTILE_INPUTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"

namespace tracenote::hostile {

// The payloads, each a string of bytes (some of them not UTF-8).
struct Payloads {
  std::string script;      // <script>...</script>
  std::string img;         // <img onerror=...>
  std::string svg;         // <svg onload=...>
  std::string md_link;     // [..](javascript:...) and ![..](javascript:...)
  std::string md_blocks;   // "# heading" and a table row, on lines of their own
  std::string md_inline;   // backticks, *emph*, <details>, {{mustache}}, ICU {0} and '
  std::string controls;    // NUL, ESC [31m, \r, \b, U+202E
  std::string bad_utf8;    // lone 0xff, truncated sequence, overlong form, surrogate
  std::string autolink;    // a bare URL and www. name (GFM autolinks)
  std::string long_trace;  // the longest string a Go 1.22+ trace may hold (1024 bytes)
  std::string long_pprof;  // a 100 KB string
};
const Payloads& GetPayloads();

// A Go 1.25 trace (one generation, GOMAXPROCS=2) with preemptions, a syscall
// that loses its P, a GC cycle and a blocked goroutine, so that findings,
// close-ups and the walk-through all print strings from it. Its function
// and file names, task, region and log strings, goroutine label and block
// reason are payloads.
StatusOr<std::vector<uint8_t>> HostileV2Trace();

// A Go 1.19 trace: one goroutine in a task with a region and a log message,
// whose task, region, log and stack strings are payloads.
StatusOr<std::vector<uint8_t>> HostileV1Trace();

// A gzipped CPU profile whose function names, file names, string labels,
// comment and mapping file are payloads, with a 100 KB function name.
std::string HostileProfileGzip();

}  // namespace tracenote::hostile

#endif  // TRACENOTE_TESTS_HOSTILE_HOSTILE_INPUTS_H_
