// Merging and diffing profiles the way `go tool pprof` does when it is given
// several profiles, `-base`, `-diff_base` or `-normalize` (format doc §11.10;
// google/pprof profile/merge.go, internal/driver/fetch.go,
// internal/measurement ScaleProfiles).
//
// A merge first cuts every input down to the sample types (by type name)
// present in all of them, in the first input's order; then makes units
// compatible (values converted to the finest unit); then sums samples with
// the same stack and the same labels. Stacks are compared after the
// location tables are merged: mappings by build id or file (and size,
// offset), functions by (name, system name, file, start line), locations by
// address within their mapping plus their lines. The result has one string
// table and compacted tables holding only what surviving samples use;
// samples whose values sum to zero are dropped.
#ifndef TRACENOTE_SRC_PROFILE_PROFILE_MERGE_H_
#define TRACENOTE_SRC_PROFILE_PROFILE_MERGE_H_

#include <span>
#include <string_view>

#include "base/status.h"
#include "model/profile_model.h"

namespace tracenote::profile {

// The label pprof puts on every base sample with -diff_base; the views then
// take the report total from these samples only.
inline constexpr std::string_view kBaseLabelKey = "pprof::base";
inline constexpr std::string_view kBaseLabelValue = "true";

enum class DiffMode {
  kDiffBase,      // -diff_base: base samples labelled pprof::base=true
  kSubtractBase,  // -base: plain subtraction of an earlier snapshot
};

// source − base as pprof computes it: (diff_base) label the base samples;
// (normalize) scale each source column by Σbase/Σsource, which requires
// identical sample and period types; negate the base (rounding, dropping
// samples that become all zero); merge the two.
// Errors read like pprof's, e.g. "profiles have empty common sample type list".
StatusOr<model::Profile> DiffProfiles(const model::Profile& source, const model::Profile& base,
                                      DiffMode mode, bool normalize);

// Several profiles merged into one (pprof given several files). Header of the
// result: the first input's period type and drop/keep frames, the largest
// period, the smallest time_nanos as pprof's loop picks it (a zero in a later
// input wins over an earlier non-zero one), the summed duration, the
// comments of all inputs without repeats, the first non-empty
// default_sample_type and doc_url. A single input is returned as a copy
// (pprof does not re-merge it). No inputs is an error.
StatusOr<model::Profile> MergeProfiles(std::span<const model::Profile* const> profiles);

}  // namespace tracenote::profile

#endif  // TRACENOTE_SRC_PROFILE_PROFILE_MERGE_H_
