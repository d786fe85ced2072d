#include "render/front_matter.h"

#include <cstdio>

#include "l10n/text_escape.h"

namespace tracenote::render {
namespace {

enum class Syntax { kToml, kYaml };

bool IsDigits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return false;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// A double-quoted TOML basic string or YAML double-quoted scalar. After
// SanitizeText the only control characters left are tab and newline.
std::string Quote(std::string_view text, Syntax syntax) {
  std::string s = l10n::SanitizeText(text, l10n::LineBreaks::kKeep);
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    std::string_view rest = std::string_view(s).substr(i);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out.append("\\n");
    } else if (c == '\t') {
      out.append("\\t");
    } else if (syntax == Syntax::kYaml && rest.size() >= 3 &&
               (rest.substr(0, 3) == "\xE2\x80\xA8" || rest.substr(0, 3) == "\xE2\x80\xA9" ||
                rest.substr(0, 3) == "\xEF\xBB\xBF" || rest.substr(0, 3) == "\xEF\xBF\xBE" ||
                rest.substr(0, 3) == "\xEF\xBF\xBF")) {
      // YAML reads U+2028/U+2029 as line breaks and does not allow U+FEFF,
      // U+FFFE, U+FFFF inside a scalar: write them as escapes.
      unsigned cp = ((rest[0] & 0x0F) << 12) | ((rest[1] & 0x3F) << 6) | (rest[2] & 0x3F);
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04X", cp);
      out.append(buf);
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

std::string List(const std::vector<std::string>& items, Syntax syntax) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.append(", ");
    out += Quote(items[i], syntax);
  }
  out.push_back(']');
  return out;
}

}  // namespace

std::optional<FrontMatterKind> ParseFrontMatterKind(std::string_view name) {
  if (name == "none") return FrontMatterKind::kNone;
  if (name == "hugo") return FrontMatterKind::kHugo;
  if (name == "jekyll") return FrontMatterKind::kJekyll;
  return std::nullopt;
}

bool IsRfc3339(std::string_view d) {
  // 2021-08-10T12:15:17[.frac](Z|+03:00)
  if (!(IsDigits(d, 0, 4) && d.size() > 19 && d[4] == '-' && IsDigits(d, 5, 2) && d[7] == '-' &&
        IsDigits(d, 8, 2) && d[10] == 'T' && IsDigits(d, 11, 2) && d[13] == ':' &&
        IsDigits(d, 14, 2) && d[16] == ':' && IsDigits(d, 17, 2))) {
    return false;
  }
  auto two = [&d](size_t pos) { return (d[pos] - '0') * 10 + (d[pos + 1] - '0'); };
  if (two(5) < 1 || two(5) > 12 || two(8) < 1 || two(8) > 31 || two(11) > 23 || two(14) > 59 ||
      two(17) > 59) {
    return false;
  }
  size_t i = 19;
  if (d[i] == '.') {
    size_t start = ++i;
    while (i < d.size() && d[i] >= '0' && d[i] <= '9') ++i;
    if (i == start) return false;
  }
  std::string_view zone = d.substr(i);
  if (zone == "Z") return true;
  return zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && IsDigits(zone, 1, 2) &&
         zone[3] == ':' && IsDigits(zone, 4, 2) && two(i + 1) <= 23 && two(i + 4) <= 59;
}

std::string FrontMatter(FrontMatterKind kind, const FrontMatterInfo& info) {
  if (kind == FrontMatterKind::kNone) return "";
  Syntax syntax = kind == FrontMatterKind::kHugo ? Syntax::kToml : Syntax::kYaml;
  const char* fence = syntax == Syntax::kToml ? "+++\n" : "---\n";
  const char* assign = syntax == Syntax::kToml ? " = " : ": ";
  std::string out = fence;
  auto line = [&](const char* key, const std::string& value) {
    out.append(key).append(assign).append(value).push_back('\n');
  };
  line("title", Quote(info.title, syntax));
  if (IsRfc3339(info.date)) line("date", info.date);
  if (!info.tags.empty()) line("tags", List(info.tags, syntax));
  line("draft", info.draft ? "true" : "false");
  out.append(fence);
  return out;
}

}  // namespace tracenote::render
