#include "l10n/text_escape.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace tracenote::l10n {
namespace {

// Decodes the UTF-8 sequence at s[i]. Returns its length and sets *cp, or
// returns 0 when the bytes there are not valid UTF-8 (overlong forms,
// surrogates and code points above U+10FFFF are invalid).
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* cp) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t len = 0;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if (c >= 0xC2 && c <= 0xDF) {
    len = 2, *cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3, *cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4, *cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (b & 0x3F);
  }
  if (len == 3 && (*cp < 0x800 || (*cp >= 0xD800 && *cp <= 0xDFFF))) return 0;
  if (len == 4 && (*cp < 0x10000 || *cp > 0x10FFFF)) return 0;
  return len;
}

bool IsBidiControl(uint32_t cp) {
  return cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

void AppendEscape(uint32_t cp, std::string* out) {
  char buf[16];
  if (cp < 0x80) {
    std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(cp));
  } else {
    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
  }
  out->append(buf);
}

size_t LongestBacktickRun(std::string_view s) {
  size_t longest = 0, run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

}  // namespace

std::string SanitizeText(std::string_view text, LineBreaks breaks) {
  std::string out;
  out.reserve(text.size());
  const char* line_break = breaks == LineBreaks::kKeep ? "\n" : " ";
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    size_t len = DecodeUtf8(text, i, &cp);
    if (len == 0) {
      out.append("\xEF\xBF\xBD");  // U+FFFD REPLACEMENT CHARACTER
      ++i;
      continue;
    }
    if (cp == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;  // "\r\n" is one line break, written when the "\n" comes
      continue;
    }
    if (cp == '\n' || cp == '\r') {
      out.append(line_break);
    } else if ((cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F) || IsBidiControl(cp)) {
      AppendEscape(cp, &out);
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string ShortenText(std::string_view text, size_t max_chars) {
  std::string s = SanitizeText(text, LineBreaks::kKeep);
  // The byte offset where the max_chars-th code point starts is where "…"
  // goes if there are more than max_chars code points.
  size_t count = 0, cut = s.size();
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (count + 1 == std::max<size_t>(max_chars, 1)) cut = i;
    ++count;
  }
  if (count <= max_chars) return s;
  s.resize(cut);
  return s + "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
}

std::string EscapeMarkdown(std::string_view text) {
  std::string s = SanitizeText(text, LineBreaks::kToSpace);
  size_t begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  size_t end = s.find_last_not_of(" \t") + 1;
  std::string_view v = std::string_view(s).substr(begin, end - begin);

  // "1." or "1)" at the start would begin an ordered list.
  size_t digits = 0;
  while (digits < v.size() && v[digits] >= '0' && v[digits] <= '9') ++digits;
  bool list_number =
      digits > 0 && digits <= 9 && digits < v.size() && (v[digits] == '.' || v[digits] == ')');

  std::string out;
  out.reserve(v.size() + v.size() / 8);
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    bool escape = std::strchr("\\`*_[]<&|~#", c) != nullptr ||
                  (i == 0 && std::strchr(">-+=", c) != nullptr) || (list_number && i == digits);
    if (c != '\0' && escape) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string MarkdownCode(std::string_view text, MarkdownContext context) {
  std::string s = ShortenText(SanitizeText(text, LineBreaks::kToSpace));
  if (s.empty()) return "";
  if (context == MarkdownContext::kTableCell) {
    std::string escaped;
    for (char c : s) {
      if (c == '|') escaped.push_back('\\');
      escaped.push_back(c);
    }
    s = std::move(escaped);
  }
  std::string fence(LongestBacktickRun(s) + 1, '`');
  bool has_non_space = s.find_first_not_of(' ') != std::string::npos;
  bool pad =
      s.front() == '`' || s.back() == '`' || (has_non_space && s.front() == ' ' && s.back() == ' ');
  std::string out = fence;
  if (pad) out.push_back(' ');
  out += s;
  if (pad) out.push_back(' ');
  out += fence;
  return out;
}

std::string MarkdownCodeBlock(std::string_view text, std::string_view info) {
  std::string body = SanitizeText(text, LineBreaks::kKeep);
  if (!body.empty() && body.back() != '\n') body.push_back('\n');
  std::string fence(std::max<size_t>(3, LongestBacktickRun(body) + 1), '`');
  std::string clean_info;
  for (char c : SanitizeText(info, LineBreaks::kToSpace)) {
    if (c != '`') clean_info.push_back(c);
  }
  return fence + clean_info + "\n" + body + fence + "\n";
}

std::string EscapeHtml(std::string_view text) {
  std::string s = SanitizeText(text, LineBreaks::kKeep);
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&':
        out.append("&amp;");
        break;
      case '<':
        out.append("&lt;");
        break;
      case '>':
        out.append("&gt;");
        break;
      case '"':
        out.append("&quot;");
        break;
      case '\'':
        out.append("&#39;");
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace tracenote::l10n
