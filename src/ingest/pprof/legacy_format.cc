#include "ingest/pprof/legacy_format.h"

#include <cstdint>
#include <cstring>

namespace tracenote::pprof {

namespace {

// gperftools' binary CPU profile starts with five header words
// 0, 3, 0 (1 for the Java variant), period, 0, in 32- or 64-bit words of
// either byte order.
std::optional<std::string> DetectBinaryCpu(std::string_view b) {
  for (int width : {8, 4}) {
    if (b.size() < static_cast<size_t>(5 * width)) continue;
    for (bool little : {true, false}) {
      uint64_t w[5];
      for (int i = 0; i < 5; ++i) {
        uint64_t v = 0;
        for (int k = 0; k < width; ++k) {
          const uint8_t byte = static_cast<uint8_t>(b[i * width + (little ? k : width - 1 - k)]);
          v |= static_cast<uint64_t>(byte) << (8 * k);
        }
        w[i] = v;
      }
      if (w[0] == 0 && w[1] == 3 && w[4] == 0 && w[3] != 0) {
        if (w[2] == 0) return std::string("gperftools binary CPU profile");
        if (w[2] == 1) return std::string("Java binary CPU profile");
      }
    }
  }
  return std::nullopt;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// "<name> profile: total <N>" (Go's debug=1 count profiles).
std::optional<std::string> DetectCountProfile(std::string_view line) {
  const size_t space = line.find(' ');
  if (space == 0 || space == std::string_view::npos) return std::nullopt;
  std::string_view name = line.substr(0, space);
  std::string_view rest = line.substr(space);
  if (!StartsWith(rest, " profile: total ")) return std::nullopt;
  rest.remove_prefix(std::strlen(" profile: total "));
  if (rest.empty()) return std::nullopt;
  for (char c : rest) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return "Go " + std::string(name) + " profile text";
}

std::optional<std::string> DetectText(std::string_view b) {
  // The first line that is neither blank nor a '#' comment.
  size_t pos = 0;
  while (pos < b.size()) {
    size_t eol = b.find('\n', pos);
    if (eol == std::string_view::npos) eol = b.size();
    std::string_view line = b.substr(pos, eol - pos);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    size_t lead = 0;
    while (lead < line.size() && (line[lead] == ' ' || line[lead] == '\t')) ++lead;
    line.remove_prefix(lead);
    pos = eol + 1;
    if (line.empty() || line[0] == '#') continue;
    if (StartsWith(line, "heap profile:")) {
      if (line.find("@ growthz") != std::string_view::npos) return "heap growth profile text";
      if (line.find("@ fragmentationz") != std::string_view::npos) {
        return "heap fragmentation profile text";
      }
      return "heap profile text";
    }
    if (StartsWith(line, "--- heapz 1 ---")) return "Java heap profile text";
    if (StartsWith(line, "--- contention") || StartsWith(line, "--- mutex:")) {
      return "contention profile text";
    }
    if (StartsWith(line, "--- threadz") || StartsWith(line, "--- Thread "))
      return "thread dump text";
    return DetectCountProfile(line);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> DetectLegacyFormat(std::string_view bytes) {
  if (auto binary = DetectBinaryCpu(bytes)) return binary;
  return DetectText(bytes.substr(0, 4096));
}

}  // namespace tracenote::pprof
