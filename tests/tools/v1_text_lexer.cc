#include "tools/v1_text_lexer.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

namespace tracenote::test_tools {

namespace {

// Reads a double-quoted string starting at s[*i] == '"'.
std::optional<std::string> ReadQuoted(std::string_view s, size_t* i) {
  std::string out;
  for (++*i; *i < s.size(); ++*i) {
    char c = s[*i];
    if (c == '"') {
      ++*i;
      return out;
    }
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++*i >= s.size()) return std::nullopt;
    switch (s[*i]) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case '\\':
        out += '\\';
        break;
      case '"':
        out += '"';
        break;
      case 'x': {
        if (*i + 2 >= s.size()) return std::nullopt;
        unsigned v = 0;
        auto r = std::from_chars(s.data() + *i + 1, s.data() + *i + 3, v, 16);
        if (r.ec != std::errc() || r.ptr != s.data() + *i + 3) return std::nullopt;
        out += static_cast<char>(v);
        *i += 2;
        break;
      }
      default:
        return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

Status TokenizeLine(std::string_view s, std::vector<Token>* out) {
  auto err = [](std::string_view what) { return InvalidArgumentError(std::string(what)); };
  size_t i = 0;
  auto space = [&](size_t k) { return std::isspace(static_cast<unsigned char>(s[k])) != 0; };
  while (true) {
    while (i < s.size() && space(i)) ++i;
    if (i >= s.size() || s[i] == '#') return Status::Ok();
    Token t;
    size_t start = i;
    while (i < s.size() && !space(i) && s[i] != '=' && s[i] != '"' && s[i] != '[') ++i;
    std::string word(s.substr(start, i - start));
    if (i < s.size() && s[i] == '=') {
      t.key = word;
      ++i;
      word.clear();
    }
    if (i < s.size() && s[i] == '"') {
      if (!word.empty()) return err(fmt::format("stray text before a string: '{}'", word));
      auto q = ReadQuoted(s, &i);
      if (!q) return err("unterminated or badly escaped string");
      t.value = *q;
      t.quoted = true;
    } else if (i < s.size() && s[i] == '[') {
      if (!word.empty()) return err(fmt::format("stray text before '[': '{}'", word));
      size_t close = s.find(']', i);
      if (close == std::string_view::npos) return err("'[' without ']'");
      t.value = std::string(s.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      start = i;
      while (i < s.size() && !space(i)) ++i;
      t.value = word + std::string(s.substr(start, i - start));
    }
    if (i < s.size() && !space(i)) return err(fmt::format("junk after '{}'", t.value));
    out->push_back(std::move(t));
  }
}

std::optional<uint64_t> ParseValue(std::string_view v) {
  bool neg = !v.empty() && v[0] == '-';
  if (neg) v.remove_prefix(1);
  int base = 10;
  if (v.size() > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
    v.remove_prefix(2);
    base = 16;
  }
  uint64_t x = 0;
  auto r = std::from_chars(v.data(), v.data() + v.size(), x, base);
  if (v.empty() || r.ec != std::errc() || r.ptr != v.data() + v.size()) return std::nullopt;
  return neg ? ~x + 1 : x;
}

}  // namespace tracenote::test_tools
