// Txtar archives (format doc §3.1) and the `.test` files of Go's trace test
// suite built on them (§3.2).
//
// A txtar archive is text; a line `-- NAME --` starts a file named NAME whose
// content is every following line up to the next such line or the end. Text
// before the first marker is the archive's comment. As in Go's
// golang.org/x/tools/txtar, a file's content always ends with a newline
// (one is added when the archive's last line has none), and parsing never
// fails: text without markers is all comment.
//
// A Go v2 trace test (`v2/tests/*.test`) is an archive with exactly two files,
// `expect` then `trace`. The first line of `expect` is `SUCCESS` or
// `FAILURE <Go quoted regexp>`; `trace` is the text form of a trace (see
// v2_text_encoder.h). ParseV2Txtar checks this shape; its errors start with
// "v2 txtar: " and say what is wrong ("v2 txtar: expected files 'expect' then
// 'trace', got 'trace'", "v2 txtar: bad expect line 'MAYBE'").
#ifndef TRACENOTE_TESTS_TOOLS_TXTAR_H_
#define TRACENOTE_TESTS_TOOLS_TXTAR_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace tracenote::test_tools {

// One file of a txtar archive.
struct TxtarFile {
  std::string name;  // the marker's name, surrounding whitespace removed
  std::string data;  // the lines after the marker, each ending in '\n'
};

// A whole txtar archive.
struct Txtar {
  std::string comment;  // the text before the first marker
  std::vector<TxtarFile> files;
};

// Splits `archive` into its comment and files, in order. Marker lines may end
// in "\r\n". Never fails.
Txtar ParseTxtar(std::string_view archive);

// One test of Go's v2 trace test suite.
struct V2TestCase {
  bool expect_success = false;  // SUCCESS (else FAILURE)
  std::string error_regexp;     // FAILURE's regexp, unquoted (Go RE2 syntax)
  std::string trace_text;       // the `trace` file: v2 text form
};

// Parses a `.test` archive: files `expect` then `trace` and nothing else;
// the expect line `SUCCESS` (anything after a space is ignored, as Go does)
// or `FAILURE "<regexp>"` (a Go string literal, double- or back-quoted).
// An empty `expect` file is an error (Go would read it as SUCCESS).
StatusOr<V2TestCase> ParseV2Txtar(std::string_view archive);

}  // namespace tracenote::test_tools

#endif  // TRACENOTE_TESTS_TOOLS_TXTAR_H_
