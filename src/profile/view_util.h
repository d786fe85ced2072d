// Small string and number helpers the profile views share (internal to
// src/profile; not part of the library's interface). Each mirrors the Go
// function pprof uses, so outputs match byte for byte.
#ifndef TRACENOTE_SRC_PROFILE_VIEW_UTIL_H_
#define TRACENOTE_SRC_PROFILE_VIEW_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tracenote::profile {

// pprof's abs64.
inline int64_t Abs(int64_t v) { return v < 0 ? -v : v; }

// Go's filepath.Base for '/'-separated paths: trailing slashes removed,
// "" -> ".", all slashes -> "/".
inline std::string_view BaseName(std::string_view p) {
  if (p.empty()) return ".";
  while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
  size_t k = p.rfind('/');
  if (k != std::string_view::npos && p.size() > 1) p = p.substr(k + 1);
  return p;
}

// Go's filepath.SplitList: the ':'-separated parts ("" -> none; empty parts
// are kept). The views point into `s`.
inline std::vector<std::string_view> SplitList(std::string_view s) {
  std::vector<std::string_view> out;
  if (s.empty()) return out;
  while (true) {
    size_t j = s.find(':');
    out.push_back(s.substr(0, j));
    if (j == std::string_view::npos) break;
    s.remove_prefix(j + 1);
  }
  return out;
}

// Go's "%<width>s": right-aligns by runes (UTF-8), not bytes.
inline std::string PadLeft(const std::string& s, size_t width) {
  size_t runes = 0;
  for (unsigned char c : s) runes += (c & 0xC0) != 0x80;
  return runes >= width ? s : std::string(width - runes, ' ') + s;
}

}  // namespace tracenote::profile

#endif  // TRACENOTE_SRC_PROFILE_VIEW_UTIL_H_
