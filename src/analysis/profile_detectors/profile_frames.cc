#include "analysis/profile_detectors/profile_frames.h"

#include <algorithm>
#include <cstdlib>

#include "profile/measurement.h"
#include "profile/profile_graph.h"

namespace tracenote::analysis {

int FindColumn(const model::Profile& p, std::string_view type) {
  for (size_t i = 0; i < p.sample_types.size(); ++i) {
    if (p.str(p.sample_types[i].type_str) == type) return static_cast<int>(i);
  }
  return -1;
}

int64_t ColumnTotal(const model::Profile& p, int column) {
  if (column < 0 || static_cast<size_t>(column) >= p.value_count()) return 0;
  profile::SampleSelection sel;
  sel.index = column;
  return profile::ComputeTotal(p, sel);
}

double PercentOf(int64_t value, int64_t total) {
  if (total == 0) return 0;
  return 100.0 * static_cast<double>(value) / static_cast<double>(total);
}

void ForEachFrame(const model::Profile& p, size_t s, const std::function<bool(const Frame&)>& fn) {
  for (uint32_t loc_index : p.stack(s)) {
    if (loc_index >= p.locations.size()) continue;
    const model::ProfileLocation& loc = p.locations[loc_index];
    auto lines = p.location_lines(loc);
    if (lines.empty()) {
      if (!fn(Frame{})) return;
      continue;
    }
    for (const model::ProfileLine& l : lines) {
      Frame f;
      if (l.function < p.functions.size()) {
        f.func = p.str(p.functions[l.function].name_str);
        f.file = p.str(p.functions[l.function].filename_str);
      }
      f.line = l.line;
      if (!fn(f)) return;
    }
  }
}

Frame LeafFrame(const model::Profile& p, size_t s) {
  Frame leaf;
  ForEachFrame(p, s, [&](const Frame& f) {
    leaf = f;
    return false;
  });
  return leaf;
}

bool IsRuntimeOrSync(std::string_view f) {
  for (std::string_view prefix :
       {"runtime.", "runtime/internal/", "internal/", "sync.", "sync/atomic."}) {
    if (f.starts_with(prefix)) return true;
  }
  return false;
}

std::string BytesLabel(int64_t bytes) { return profile::AutoLabel(bytes, "bytes"); }

void SortByMagnitude(std::vector<FuncValue>* rows) {
  std::stable_sort(rows->begin(), rows->end(), [](const FuncValue& a, const FuncValue& b) {
    const int64_t x = std::llabs(a.value), y = std::llabs(b.value);
    if (x != y) return x > y;
    return a.func < b.func;
  });
}

std::string HottestKey(const std::map<std::string, int64_t>& values) {
  const std::string* best = nullptr;
  int64_t best_v = 0;
  for (const auto& [key, v] : values) {
    if (std::llabs(v) > best_v) {
      best = &key;
      best_v = std::llabs(v);
    }
  }
  return best != nullptr ? *best : std::string();
}

}  // namespace tracenote::analysis
