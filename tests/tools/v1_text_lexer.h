// The line lexer of the v1 text form (see v1_text_encoder.h): splits one
// line into tokens and parses numbers.
#ifndef TRACENOTE_TESTS_TOOLS_V1_TEXT_LEXER_H_
#define TRACENOTE_TESTS_TOOLS_V1_TEXT_LEXER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace tracenote::test_tools {

// One token of a line: `word`, `key=value`, `key="quoted"`, `key=[...]`,
// `"quoted"` or `!flag[=value]`.
struct Token {
  std::string key;    // empty for a bare word or string
  std::string value;  // the word, the value, or the unescaped string
  bool quoted = false;
};

// Splits `line` into tokens. A `#` that starts a token starts a comment.
// Errors say what is wrong, without the line number.
Status TokenizeLine(std::string_view line, std::vector<Token>* out);

// Decimal, 0x-hex, or negative (as the two's complement 64-bit value).
std::optional<uint64_t> ParseValue(std::string_view v);

}  // namespace tracenote::test_tools

#endif  // TRACENOTE_TESTS_TOOLS_V1_TEXT_LEXER_H_
