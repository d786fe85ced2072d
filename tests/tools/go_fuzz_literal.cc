#include "tools/go_fuzz_literal.h"

#include <string>

namespace tracenote::test_tools {

namespace {

constexpr std::string_view kFuzzHeader = "go test fuzz v1";

Status LiteralError(size_t pos, const std::string& what) {
  return CorruptError("go fuzz literal: offset " + std::to_string(pos) + ": " + what);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t r, std::vector<uint8_t>* out) {
  if (r < 0x80) {
    out->push_back(static_cast<uint8_t>(r));
  } else if (r < 0x800) {
    out->push_back(static_cast<uint8_t>(0xc0 | (r >> 6)));
    out->push_back(static_cast<uint8_t>(0x80 | (r & 0x3f)));
  } else if (r < 0x10000) {
    out->push_back(static_cast<uint8_t>(0xe0 | (r >> 12)));
    out->push_back(static_cast<uint8_t>(0x80 | ((r >> 6) & 0x3f)));
    out->push_back(static_cast<uint8_t>(0x80 | (r & 0x3f)));
  } else {
    out->push_back(static_cast<uint8_t>(0xf0 | (r >> 18)));
    out->push_back(static_cast<uint8_t>(0x80 | ((r >> 12) & 0x3f)));
    out->push_back(static_cast<uint8_t>(0x80 | ((r >> 6) & 0x3f)));
    out->push_back(static_cast<uint8_t>(0x80 | (r & 0x3f)));
  }
}

// Reads `digits` hex digits at s[*i], advancing *i.
bool ReadHex(std::string_view s, size_t* i, int digits, uint32_t* out) {
  if (*i + digits > s.size()) return false;
  uint32_t v = 0;
  for (int k = 0; k < digits; ++k) {
    const int h = HexValue(s[*i + k]);
    if (h < 0) return false;
    v = v * 16 + static_cast<uint32_t>(h);
  }
  *i += digits;
  *out = v;
  return true;
}

StatusOr<std::vector<uint8_t>> DecodeInterpreted(std::string_view body) {
  std::vector<uint8_t> out;
  out.reserve(body.size());
  size_t i = 0;
  while (i < body.size()) {
    const char c = body[i];
    if (c == '"' || c == '\n') return LiteralError(i, "unescaped quote or newline");
    if (c != '\\') {
      out.push_back(static_cast<uint8_t>(c));
      ++i;
      continue;
    }
    const size_t at = i;
    if (++i >= body.size()) return LiteralError(at, "backslash at end of literal");
    const char e = body[i++];
    uint32_t v = 0;
    switch (e) {
      case 'a':
        out.push_back('\a');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'v':
        out.push_back('\v');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '"':
        out.push_back('"');
        break;
      case '\'':
        return LiteralError(at, "\\' is not valid in a double-quoted literal");
      case 'x':
        if (!ReadHex(body, &i, 2, &v)) return LiteralError(at, "bad \\x escape");
        out.push_back(static_cast<uint8_t>(v));
        break;
      case 'u':
      case 'U':
        if (!ReadHex(body, &i, e == 'u' ? 4 : 8, &v)) return LiteralError(at, "bad \\u escape");
        if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) {
          return LiteralError(at, "escape is not a valid Unicode code point");
        }
        AppendUtf8(v, &out);
        break;
      default:
        if (e >= '0' && e <= '7') {
          v = static_cast<uint32_t>(e - '0');
          for (int k = 0; k < 2; ++k, ++i) {
            if (i >= body.size() || body[i] < '0' || body[i] > '7') {
              return LiteralError(at, "octal escape needs three digits");
            }
            v = v * 8 + static_cast<uint32_t>(body[i] - '0');
          }
          if (v > 255) return LiteralError(at, "octal escape above \\377");
          out.push_back(static_cast<uint8_t>(v));
          break;
        }
        return LiteralError(at, std::string("unknown escape \\") + e);
    }
  }
  return out;
}

}  // namespace

StatusOr<std::vector<uint8_t>> DecodeGoStringLiteral(std::string_view literal) {
  if (literal.size() < 2) return LiteralError(0, "too short for a string literal");
  const char q = literal.front();
  if ((q != '"' && q != '`') || literal.back() != q) {
    return LiteralError(0, "not a quoted string literal");
  }
  std::string_view body = literal.substr(1, literal.size() - 2);
  if (q == '"') return DecodeInterpreted(body);
  std::vector<uint8_t> out;
  for (char c : body) {
    if (c == '`') return LiteralError(0, "backquote inside a raw literal");
    if (c != '\r') out.push_back(static_cast<uint8_t>(c));
  }
  return out;
}

bool IsGoFuzzFile(std::string_view text) {
  if (text.substr(0, kFuzzHeader.size()) != kFuzzHeader) return false;
  return text.size() == kFuzzHeader.size() || text[kFuzzHeader.size()] == '\n' ||
         text[kFuzzHeader.size()] == '\r';
}

StatusOr<std::vector<uint8_t>> DecodeGoFuzzFile(std::string_view text) {
  if (!IsGoFuzzFile(text)) return CorruptError("not a Go fuzz corpus file");
  size_t pos = text.find('\n');
  while (pos != std::string_view::npos && pos < text.size()) {
    size_t nl = text.find('\n', pos + 1);
    std::string_view line =
        text.substr(pos + 1, (nl == std::string_view::npos ? text.size() : nl) - pos - 1);
    pos = nl;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    // Go writes one value per line; blank lines and comments are skipped.
    if (line.empty() || line.substr(0, 2) == "//") continue;
    constexpr std::string_view kOpen = "[]byte(";
    if (line.substr(0, kOpen.size()) != kOpen || line.back() != ')') {
      return CorruptError("go fuzz file: the value is not a []byte(...) literal");
    }
    return DecodeGoStringLiteral(line.substr(kOpen.size(), line.size() - kOpen.size() - 1));
  }
  return CorruptError("go fuzz file: no value");
}

}  // namespace tracenote::test_tools
