#include "conformance/manifest.h"

#include <charconv>
#include <fstream>
#include <sstream>

namespace tracenote::conformance {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// "`v1/golang-go/`" -> "v1/golang-go"; other cells lose their backticks too.
std::string StripTicks(std::string_view s) {
  s = Trim(s);
  if (s.size() >= 2 && s.front() == '`' && s.back() == '`') s = s.substr(1, s.size() - 2);
  while (!s.empty() && s.back() == '/') s.remove_suffix(1);
  return std::string(s);
}

bool ParseUint(std::string_view s, uint64_t* out) {
  s = Trim(s);
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// Splits a Markdown table row "| a | b |" into trimmed cells.
std::vector<std::string_view> SplitRow(std::string_view line) {
  std::vector<std::string_view> cells;
  line = Trim(line);
  if (line.empty() || line.front() != '|') return cells;
  line.remove_prefix(1);
  if (!line.empty() && line.back() == '|') line.remove_suffix(1);
  size_t start = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == '|') {
      cells.push_back(Trim(line.substr(start, i - start)));
      start = i + 1;
    }
  }
  return cells;
}

// The directory named by a "### `v1/golang-go/` — ..." heading, or "".
std::string SectionDirectory(std::string_view line) {
  if (!StartsWith(line, "### `")) return "";
  line.remove_prefix(4);
  const size_t close = line.find('`', 1);
  if (close == std::string_view::npos) return "";
  return StripTicks(line.substr(0, close + 1));
}

}  // namespace

const char* ExpectationName(Expectation e) {
  switch (e) {
    case Expectation::kGood:
      return "good";
    case Expectation::kBad:
      return "bad";
    case Expectation::kHistorical:
      return "historical";
    case Expectation::kWeird:
      return "weird";
    case Expectation::kFuzzEntry:
      return "fuzz entry";
    case Expectation::kTxtarSuccess:
      return "txtar SUCCESS";
    case Expectation::kTxtarFailure:
      return "txtar FAILURE";
    case Expectation::kTextSuccess:
      return "text SUCCESS";
    case Expectation::kOther:
      return "other";
  }
  return "?";
}

Expectation ClassifyExpectation(std::string_view text) {
  text = Trim(text);
  if (StartsWith(text, "good")) return Expectation::kGood;
  if (StartsWith(text, "historical")) {
    // The MANIFEST keeps one pre-release file as good: it happens to decode
    // under the final rules.
    return text.find("keep as good") != std::string_view::npos ? Expectation::kGood
                                                               : Expectation::kHistorical;
  }
  if (StartsWith(text, "bad")) return Expectation::kBad;
  if (StartsWith(text, "weird")) return Expectation::kWeird;
  if (StartsWith(text, "go-fuzz corpus entry")) return Expectation::kFuzzEntry;
  if (StartsWith(text, "txtar: expect SUCCESS")) return Expectation::kTxtarSuccess;
  if (StartsWith(text, "txtar: expect FAILURE")) return Expectation::kTxtarFailure;
  if (StartsWith(text, "plain text-form trace")) return Expectation::kTextSuccess;
  return Expectation::kOther;
}

bool ManifestEntry::ExpectsTimeOrderError() const {
  return expectation == Expectation::kBad &&
         (expectation_text.find("time-order") != std::string::npos ||
          expectation_text.find("ErrTimeOrder") != std::string::npos);
}

bool ParseDecodedContent(std::string_view text, ManifestEntry* entry) {
  entry->events.reset();
  entry->counts.clear();
  text = Trim(text);
  if (StartsWith(text, "structural decode fails")) return true;
  size_t start = 0;
  bool first = true;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = Trim(text.substr(start, comma - start));
    start = comma + 1;
    if (first) {
      first = false;
      const size_t space = item.find(' ');
      uint64_t n = 0;
      if (space == std::string_view::npos || item.substr(space + 1) != "ev" ||
          !ParseUint(item.substr(0, space), &n)) {
        return false;
      }
      entry->events = n;
      continue;
    }
    const size_t eq = item.find('=');
    uint64_t v = 0;
    if (eq == std::string_view::npos || !ParseUint(item.substr(eq + 1), &v)) return false;
    entry->counts[std::string(Trim(item.substr(0, eq)))] = v;
  }
  return !first;
}

Manifest ParseManifest(std::string_view text) {
  Manifest manifest;
  std::string directory;
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (StartsWith(line, "#")) {
      directory = SectionDirectory(line);
      continue;
    }
    if (directory.empty()) continue;
    std::vector<std::string_view> cells = SplitRow(line);
    // Only file rows: the first cell is a `quoted` file name.
    if (cells.empty() || !StartsWith(cells[0], "`")) continue;
    const std::string where = "MANIFEST line " + std::to_string(line_no);
    if (cells.size() != 8) {
      manifest.errors.push_back(where + ": expected 8 cells, got " + std::to_string(cells.size()));
      continue;
    }
    ManifestEntry e;
    e.directory = directory;
    e.file = StripTicks(cells[0]);
    e.header = std::string(cells[1]);
    if (!ParseUint(cells[2], &e.size)) manifest.errors.push_back(where + ": bad size");
    e.expectation_text = std::string(cells[6]);
    e.expectation = ClassifyExpectation(cells[6]);
    e.decoded_text = std::string(cells[7]);
    if (!ParseDecodedContent(cells[7], &e)) {
      manifest.errors.push_back(where + ": cannot parse decoded content: " + e.decoded_text);
    }
    if (e.expectation == Expectation::kOther) {
      manifest.errors.push_back(where + ": unknown expectation: " + e.expectation_text);
    }
    manifest.entries.push_back(std::move(e));
  }
  return manifest;
}

std::vector<ManifestEntry> Manifest::Under(std::string_view prefix) const {
  std::vector<ManifestEntry> out;
  for (const ManifestEntry& e : entries) {
    if (StartsWith(e.directory, prefix)) out.push_back(e);
  }
  return out;
}

std::optional<Manifest> LoadManifest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return ParseManifest(text.str());
}

}  // namespace tracenote::conformance
