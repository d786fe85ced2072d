#include "tools/v2_text_lexer.h"

namespace tracenote::test_tools {

namespace {

uint8_t At(std::string_view s, size_t i) { return i < s.size() ? static_cast<uint8_t>(s[i]) : 0; }

// The byte length of the UTF-8 sequence starting at s[i] (1 for a stray or
// truncated byte, as Go's range loop reads an invalid byte as one rune).
size_t RuneLen(std::string_view s, size_t i) {
  const uint8_t b = At(s, i);
  size_t n = b < 0xc0 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : b < 0xf8 ? 4 : 1;
  if (i + n > s.size()) return 1;
  for (size_t k = 1; k < n; ++k) {
    if ((At(s, i + k) & 0xc0) != 0x80) return 1;
  }
  return n;
}

}  // namespace

size_t V2SpaceLen(std::string_view s, size_t i) {
  const uint8_t b0 = At(s, i);
  if (i >= s.size()) return 0;
  if (b0 == ' ' || (b0 >= '\t' && b0 <= '\r')) return 1;
  const uint8_t b1 = At(s, i + 1), b2 = At(s, i + 2);
  if (b0 == 0xc2 && (b1 == 0x85 || b1 == 0xa0)) return 2;  // U+0085, U+00A0
  if (i + 2 >= s.size()) return 0;
  if (b0 == 0xe1 && b1 == 0x9a && b2 == 0x80) return 3;  // U+1680
  if (b0 == 0xe2 && b1 == 0x80) {
    // U+2000..U+200A, U+2028, U+2029, U+202F
    if (b2 <= 0x8a && b2 >= 0x80) return 3;
    if (b2 == 0xa8 || b2 == 0xa9 || b2 == 0xaf) return 3;
  }
  if (b0 == 0xe2 && b1 == 0x81 && b2 == 0x9f) return 3;  // U+205F
  if (b0 == 0xe3 && b1 == 0x80 && b2 == 0x80) return 3;  // U+3000
  return 0;
}

std::string_view V2ReadToken(std::string_view s, std::string_view* rest) {
  size_t i = 0;
  while (i < s.size()) {
    const size_t n = V2SpaceLen(s, i);
    if (n == 0) break;
    i += n;
  }
  if (i >= s.size() || s[i] == '#') {
    *rest = {};
    return {};
  }
  const size_t start = i;
  while (i < s.size() && s[i] != '#' && V2SpaceLen(s, i) == 0) i += RuneLen(s, i);
  *rest = s.substr(i);
  return s.substr(start, i - start);
}

std::string_view V2TrimSpace(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const size_t n = V2SpaceLen(s, i);
    if (n == 0) break;
    i += n;
  }
  const size_t start = i;
  size_t end = start;  // the end of the last non-space rune
  while (i < s.size()) {
    const size_t n = V2SpaceLen(s, i);
    if (n > 0) {
      i += n;
    } else {
      i += RuneLen(s, i);
      end = i;
    }
  }
  return s.substr(start, end - start);
}

std::optional<uint64_t> V2ParseDecimal(std::string_view s) {
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    const uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

bool V2LineReader::Next(V2TextLine* out) {
  while (pos_ < text_.size()) {
    const size_t nl = text_.find('\n', pos_);
    const size_t end = nl == std::string_view::npos ? text_.size() : nl;
    std::string_view line = text_.substr(pos_, end - pos_);
    pos_ = nl == std::string_view::npos ? text_.size() : nl + 1;
    ++number_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view rest;
    if (V2ReadToken(line, &rest).empty()) continue;
    *out = V2TextLine{number_, line};
    return true;
  }
  return false;
}

}  // namespace tracenote::test_tools
