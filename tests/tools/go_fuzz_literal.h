// Decoding Go string literals and Go's fuzz corpus files ("go test fuzz v1" +
// `[]byte("...")`), format doc §3.5: the literal is a Go string literal whose
// decoded bytes are the fuzz input. The v2 text encoder uses the same decoder
// for `data=` lines and txtar FAILURE regexps (§3.2, §3.3).
#ifndef TRACENOTE_TESTS_TOOLS_GO_FUZZ_LITERAL_H_
#define TRACENOTE_TESTS_TOOLS_GO_FUZZ_LITERAL_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace tracenote::test_tools {

// Decodes one Go string literal, quotes included: an interpreted literal
// "..." (escapes \a \b \f \n \r \t \v \\ \" \' \xNN, octal \NNN, \uNNNN,
// \UNNNNNNNN; other bytes taken as they are) or a raw literal `...` (bytes as
// they are, carriage returns dropped, as Go does).
StatusOr<std::vector<uint8_t>> DecodeGoStringLiteral(std::string_view literal);

// True when `text` starts with the "go test fuzz v1" line.
bool IsGoFuzzFile(std::string_view text);

// Decodes a whole corpus file holding one []byte value: the first line must be
// "go test fuzz v1", the first value line `[]byte(<literal>)`.
StatusOr<std::vector<uint8_t>> DecodeGoFuzzFile(std::string_view text);

}  // namespace tracenote::test_tools

#endif  // TRACENOTE_TESTS_TOOLS_GO_FUZZ_LITERAL_H_
