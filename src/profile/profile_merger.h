// Internals of profile_merge.cc: an input of a merge (a profile with its
// header as edited so far and the steps its values go through) and the merge
// itself (pprof's combineHeaders and profileMerger). Not a public API.
#ifndef TRACENOTE_SRC_PROFILE_PROFILE_MERGER_H_
#define TRACENOTE_SRC_PROFILE_PROFILE_MERGER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "model/profile_model.h"

namespace tracenote::profile::merge_internal {

struct TypeText {
  std::string type, unit;
  bool operator==(const TypeText&) const = default;
};

// A change of a sample's values: ScaleN by `ratios` (pprof rounds, and drops
// the sample when every column it scaled became 0), or keep only `columns`.
struct Step {
  std::vector<double> ratios;
  std::vector<uint32_t> columns;
};

// An input as the merge sees it: the profile untouched, plus the header as
// edited so far and the steps its values go through. Nothing is copied.
struct Input {
  const model::Profile* p = nullptr;
  std::vector<TypeText> sample_types;
  std::string default_sample_type;
  TypeText period_type;
  int64_t period = 0;
  std::vector<Step> steps;
  bool add_base_label = false;
  bool HasPeriodType() const { return !period_type.type.empty() || !period_type.unit.empty(); }
};

Input MakeInput(const model::Profile& p);
int64_t WrapAdd(int64_t a, int64_t b);
bool AllOnes(const std::vector<double>& ratios);
// pprof's Profile.compatible: identical period type and sample types.
Status CheckCompatible(const Input& a, const Input& b);
// pprof's combineHeaders and Merge of inputs that already have the same
// sample types and units: samples with the same stack and labels summed,
// tables compacted, string table rebuilt, all-zero samples dropped.
StatusOr<model::Profile> MergeInputs(const std::vector<Input>& inputs);

}  // namespace tracenote::profile::merge_internal

#endif  // TRACENOTE_SRC_PROFILE_PROFILE_MERGER_H_
