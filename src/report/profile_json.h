// Profiles in the JSON report (`profiles[]`, `cross_check`): each profile's
// header (kind, sample types, period, duration, totals), the detectors'
// findings with their numbers and message arguments, the top rows with raw
// values, and the comparison with a base profile. Durations are integers in
// nanoseconds, like the rest of the JSON report.
#ifndef TRACENOTE_SRC_REPORT_PROFILE_JSON_H_
#define TRACENOTE_SRC_REPORT_PROFILE_JSON_H_

#include <vector>

#include "report/analysis_json.h"
#include "report/profile_entry.h"
#include "report/profile_sections.h"

namespace tracenote::report {

Json ProfileJson(const ProfileEntry& entry, const ProfileListingOptions& options);
Json ProfilesJson(const std::vector<ProfileEntry>& entries, const ProfileListingOptions& options);
Json CrossCheckJson(const CrossCheck& x);

}  // namespace tracenote::report

#endif  // TRACENOTE_SRC_REPORT_PROFILE_JSON_H_
