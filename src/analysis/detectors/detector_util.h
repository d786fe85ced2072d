// Small helpers shared by the detectors: robust statistics over durations
// and picking the most common stack of a group of events.
#ifndef TRACENOTE_SRC_ANALYSIS_DETECTORS_DETECTOR_UTIL_H_
#define TRACENOTE_SRC_ANALYSIS_DETECTORS_DETECTOR_UTIL_H_

#include <algorithm>
#include <cstdint>
#include <map>
#include <vector>

#include "model/stack_table.h"

namespace tracenote::analysis {

// The q-quantile (0..1) of `v` by nearest rank; 0 for an empty vector.
// Sorts `v` in place.
inline int64_t QuantileOf(std::vector<int64_t>* v, double q) {
  if (v->empty()) return 0;
  std::sort(v->begin(), v->end());
  size_t rank = static_cast<size_t>(q * static_cast<double>(v->size() - 1) + 0.5);
  return (*v)[std::min(rank, v->size() - 1)];
}

// The stack that occurs most often (ties: the smaller id, for stable output).
inline model::StackId MostCommonStack(const std::vector<model::StackId>& stacks) {
  std::map<model::StackId, size_t> n;
  for (model::StackId s : stacks) {
    if (s != 0) ++n[s];
  }
  model::StackId best = 0;
  size_t best_n = 0;
  for (const auto& [s, c] : n) {
    if (c > best_n) {
      best = s;
      best_n = c;
    }
  }
  return best;
}

}  // namespace tracenote::analysis

#endif  // TRACENOTE_SRC_ANALYSIS_DETECTORS_DETECTOR_UTIL_H_
