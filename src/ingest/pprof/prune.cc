#include "ingest/pprof/prune.h"

#include <re2/re2.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace tracenote::pprof {

std::string_view SimplifyFunctionName(std::string_view name) {
  if (!name.empty() && name[0] == '.') name.remove_prefix(1);
  // Leftmost match of "(anonymous namespace)" | "operator()" | "(": the
  // reserved names are skipped over, the first other '(' ends the name.
  static constexpr std::string_view kReserved[] = {"(anonymous namespace)", "operator()"};
  size_t i = 0;
  while (i < name.size()) {
    bool reserved = false;
    for (std::string_view r : kReserved) {
      if (name.substr(i, r.size()) == r) {
        i += r.size();
        reserved = true;
        break;
      }
    }
    if (reserved) continue;
    if (name[i] == '(') return name.substr(0, i);
    ++i;
  }
  return name;
}

namespace {

void AddRegexpAnomaly(model::Profile* p, std::string_view which, const std::string& pattern,
                      const std::string& error) {
  p->anomalies.push_back({"bad-" + std::string(which) + "-regexp",
                          "The profile's " + std::string(which) + " regexp \"" + pattern +
                              "\" does not compile (" + error + "); no frames were pruned.",
                          1, 0});
}

}  // namespace

void PruneFrames(model::Profile* p) {
  const std::string_view drop_src = p->str(p->drop_frames_str);
  if (drop_src.empty()) return;
  RE2::Options options;
  options.set_log_errors(false);
  RE2 drop("^(" + std::string(drop_src) + ")$", options);
  if (!drop.ok()) {
    AddRegexpAnomaly(p, "drop_frames", std::string(drop_src), drop.error());
    return;
  }
  std::unique_ptr<RE2> keep;
  const std::string_view keep_src = p->str(p->keep_frames_str);
  if (!keep_src.empty()) {
    keep = std::make_unique<RE2>("^(" + std::string(keep_src) + ")$", options);
    if (!keep->ok()) {
      AddRegexpAnomaly(p, "keep_frames", std::string(keep_src), keep->error());
      return;
    }
  }
  // Per string index: 0 unknown, 1 prune from here, 2 keep.
  std::vector<uint8_t> verdict(p->strings.size(), 0);
  auto prune_from_here = [&](uint32_t name_str) {
    if (verdict[name_str] == 0) {
      const std::string_view name = SimplifyFunctionName(p->str(name_str));
      const bool hit = RE2::PartialMatch(name, drop) && !(keep && RE2::PartialMatch(name, *keep));
      verdict[name_str] = hit ? 1 : 2;
    }
    return verdict[name_str] == 1;
  };

  // Mark locations: scan lines from the outermost (last) inwards.
  enum : uint8_t { kUser = 0, kPruneBeneath = 1, kPrune = 2 };
  std::vector<uint8_t> mark(p->locations.size(), kUser);
  for (size_t li = 0; li < p->locations.size(); ++li) {
    model::ProfileLocation& loc = p->locations[li];
    int64_t i = static_cast<int64_t>(loc.line_count) - 1;
    for (; i >= 0; --i) {
      const model::ProfileLine& line = p->lines[loc.first_line + i];
      if (line.function >= p->functions.size()) continue;
      const uint32_t name_str = p->functions[line.function].name_str;
      if (name_str != 0 && !p->str(name_str).empty() && prune_from_here(name_str)) break;
    }
    if (i < 0) continue;
    if (i == static_cast<int64_t>(loc.line_count) - 1) {
      mark[li] = kPrune;
    } else {
      mark[li] = kPruneBeneath;
      loc.first_line += static_cast<uint32_t>(i + 1);
      loc.line_count -= static_cast<uint32_t>(i + 1);
    }
  }

  // Cut stacks (leaf first): scan from the root; after the first user frame,
  // the first marked location decides where the kept part begins.
  uint32_t write = 0;
  for (size_t s = 0; s < p->sample_count(); ++s) {
    const uint32_t begin = p->stack_offsets[s];
    const uint32_t end = p->stack_offsets[s + 1];
    uint32_t keep_from = begin;
    bool found_user = false;
    for (int64_t i = static_cast<int64_t>(end) - 1; i >= static_cast<int64_t>(begin); --i) {
      const uint8_t m = mark[p->stack_locations[i]];
      if (m == kUser) {
        found_user = true;
        continue;
      }
      if (!found_user) continue;
      keep_from = static_cast<uint32_t>(m == kPrune ? i + 1 : i);
      break;
    }
    p->stack_offsets[s] = write;
    for (uint32_t i = keep_from; i < end; ++i) p->stack_locations[write++] = p->stack_locations[i];
  }
  p->stack_offsets[p->sample_count()] = write;
  p->stack_locations.resize(write);
}

}  // namespace tracenote::pprof
