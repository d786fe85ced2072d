#include "tools/txtar.h"

#include <fmt/format.h>

#include "tools/go_fuzz_literal.h"

namespace tracenote::test_tools {

namespace {

// If `line` (without its '\n') is a marker `-- NAME --`, sets *name and
// returns true. Go requires at least "-- " + " --"; a trailing '\r' is
// dropped first.
bool IsMarker(std::string_view line, std::string* name) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  constexpr std::string_view kOpen = "-- ", kClose = " --";
  if (line.size() < kOpen.size() + kClose.size()) return false;
  if (line.substr(0, kOpen.size()) != kOpen) return false;
  if (line.substr(line.size() - kClose.size()) != kClose) return false;
  std::string_view n = line.substr(kOpen.size(), line.size() - kOpen.size() - kClose.size());
  const auto first = n.find_first_not_of(" \t\r\v\f");
  if (first == std::string_view::npos) {
    n = {};
  } else {
    n = n.substr(first, n.find_last_not_of(" \t\r\v\f") - first + 1);
  }
  *name = std::string(n);
  return true;
}

Status TxtarError(const std::string& what) { return InvalidArgumentError("v2 txtar: " + what); }

// The first line of `data`, without its line ending.
std::string_view FirstLine(std::string_view data) {
  std::string_view line = data.substr(0, data.find('\n'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

Txtar ParseTxtar(std::string_view archive) {
  Txtar out;
  std::string* sink = &out.comment;
  size_t pos = 0;
  while (pos < archive.size()) {
    const size_t nl = archive.find('\n', pos);
    const size_t end = nl == std::string_view::npos ? archive.size() : nl;
    const std::string_view line = archive.substr(pos, end - pos);
    pos = nl == std::string_view::npos ? archive.size() : nl + 1;
    std::string name;
    if (IsMarker(line, &name)) {
      out.files.push_back(TxtarFile{std::move(name), ""});
      sink = &out.files.back().data;
      continue;
    }
    sink->append(line);
    sink->push_back('\n');
  }
  return out;
}

StatusOr<V2TestCase> ParseV2Txtar(std::string_view archive) {
  const Txtar ar = ParseTxtar(archive);
  std::string names;
  for (const TxtarFile& f : ar.files) names += (names.empty() ? "'" : ", '") + f.name + "'";
  if (ar.files.size() != 2 || ar.files[0].name != "expect" || ar.files[1].name != "trace") {
    return TxtarError(fmt::format("expected files 'expect' then 'trace', got {}",
                                  names.empty() ? "none" : names));
  }
  const std::string& expect = ar.files[0].data;
  if (expect.empty()) return TxtarError("the expect file is empty");
  const std::string_view line = FirstLine(expect);
  // Go splits the line at its first space.
  const size_t space = line.find(' ');
  const std::string_view word = line.substr(0, space);
  V2TestCase tc;
  tc.trace_text = ar.files[1].data;
  if (word == "SUCCESS") {
    tc.expect_success = true;
    return tc;
  }
  if (word != "FAILURE") return TxtarError(fmt::format("bad expect line '{}'", line));
  if (space == std::string_view::npos) {
    return TxtarError(fmt::format("FAILURE needs a quoted regexp: '{}'", line));
  }
  auto re = DecodeGoStringLiteral(line.substr(space + 1));
  if (!re.ok()) {
    return TxtarError(fmt::format("bad FAILURE regexp in '{}': {}", line, re.status().message()));
  }
  tc.error_regexp.assign(re->begin(), re->end());
  return tc;
}

}  // namespace tracenote::test_tools
