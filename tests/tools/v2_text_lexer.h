// The lexer of Go's v2 text trace form (see v2_text_encoder.h), following
// Go's internal/trace/raw text reader: lines, whitespace-separated tokens,
// `#` comments, `name=value` arguments and unsigned decimal values.
#ifndef TRACENOTE_TESTS_TOOLS_V2_TEXT_LEXER_H_
#define TRACENOTE_TESTS_TOOLS_V2_TEXT_LEXER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace tracenote::test_tools {

// The byte length of the whitespace character at s[i] (Go's unicode.IsSpace:
// ASCII \t \n \v \f \r and space, U+0085, U+00A0 and the other Unicode
// White_Space characters, UTF-8 encoded), or 0 if s[i] does not start one.
size_t V2SpaceLen(std::string_view s, size_t i);

// Go's readToken: skips whitespace; returns "" if the line ends or a `#`
// comes first; otherwise the token, which ends at whitespace, `#` or the end.
// *rest is what follows the token ("" when there is no token).
std::string_view V2ReadToken(std::string_view s, std::string_view* rest);

// `s` without leading and trailing whitespace (Go's strings.TrimSpace).
std::string_view V2TrimSpace(std::string_view s);

// Go's strconv.ParseUint(s, 10, 64): one or more decimal digits, no sign, no
// other characters, at most 2^64-1.
std::optional<uint64_t> V2ParseDecimal(std::string_view s);

// One line of the text, without its '\n' or a '\r' before it.
struct V2TextLine {
  int number = 0;  // 1-based
  std::string_view text;
};

// Walks the lines of a text, skipping (as Go does) the lines that hold no
// token: empty, all whitespace, or only a comment.
class V2LineReader {
 public:
  explicit V2LineReader(std::string_view text) : text_(text) {}

  // The next line with a token, or false at the end of the text.
  bool Next(V2TextLine* out);

  // The number of the last line read (0 before the first).
  int line_number() const { return number_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int number_ = 0;
};

}  // namespace tracenote::test_tools

#endif  // TRACENOTE_TESTS_TOOLS_V2_TEXT_LEXER_H_
