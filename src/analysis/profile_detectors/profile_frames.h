// Helpers the profile detectors share: finding a value column, the total
// pprof divides by, walking a sample's frames leaf first (inlined frames
// included, innermost first), and summing values per function.
#ifndef TRACENOTE_SRC_ANALYSIS_PROFILE_DETECTORS_PROFILE_FRAMES_H_
#define TRACENOTE_SRC_ANALYSIS_PROFILE_DETECTORS_PROFILE_FRAMES_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model/profile_model.h"

namespace tracenote::analysis {

// The index of the column whose type is `type`, or -1.
int FindColumn(const model::Profile& p, std::string_view type);

// pprof's total for a column: Σ|value| (of the pprof::base samples only,
// when a diff profile has them). 0 for column -1.
int64_t ColumnTotal(const model::Profile& p, int column);

// value / total in percent; 0 when total is 0.
double PercentOf(int64_t value, int64_t total);

// One frame of a sample: the function's name and the line.
struct Frame {
  std::string_view func;
  std::string_view file;
  int64_t line = 0;
};

// Calls fn for every frame of sample s, leaf first; stops when fn returns
// false. Locations without lines give one frame with an empty name.
void ForEachFrame(const model::Profile& p, size_t s, const std::function<bool(const Frame&)>& fn);

// The leaf frame of sample s (empty name when the stack is empty).
Frame LeafFrame(const model::Profile& p, size_t s);

// True for names in the runtime and the standard synchronization packages
// ("runtime.", "runtime/internal/", "internal/", "sync.", "sync/atomic.").
bool IsRuntimeOrSync(std::string_view func);

// A function with a summed value (and a second column alongside).
struct FuncValue {
  std::string func;
  int64_t value = 0;
  int64_t value2 = 0;
  int64_t value3 = 0;
};

// A byte count as `go tool pprof` prints it ("1.06GB", binary units), so
// that sentences match the listings and tables next to them.
std::string BytesLabel(int64_t bytes);

// Sorts by |value| descending, then name (stable output).
void SortByMagnitude(std::vector<FuncValue>* rows);

// The key with the largest |value| (ties: the first in key order); "" when
// the map is empty or every value is 0.
std::string HottestKey(const std::map<std::string, int64_t>& values);

}  // namespace tracenote::analysis

#endif  // TRACENOTE_SRC_ANALYSIS_PROFILE_DETECTORS_PROFILE_FRAMES_H_
