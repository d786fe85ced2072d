// The report's profile sections, as Mustache data for
// templates/report.md.mustache (`profiles[]` and `cross_check`): for each
// profile its heading and intro, the detectors' findings with their
// commentary and listings (`go tool pprof -list` excerpts around the lines
// with samples), a top table, and the comparison with a base profile; then
// the trace/CPU profile cross-check.
//
// Numbers in tables and listings are printed as `go tool pprof` prints them
// (its units and %); numbers in sentences are formatted for the language.
#ifndef TRACENOTE_SRC_REPORT_PROFILE_SECTIONS_H_
#define TRACENOTE_SRC_REPORT_PROFILE_SECTIONS_H_

#include <string>
#include <vector>

#include <kainjow/mustache.hpp>

#include "l10n/catalog.h"
#include "profile/profile_top.h"
#include "report/profile_entry.h"

namespace tracenote::report {

// Where listings find source files (pprof's -source_path and -trim_path),
// and whether the standard library is looked up under GOROOT.
struct ProfileListingOptions {
  std::string source_path;
  std::string trim_path;
  bool use_goroot = true;
  size_t max_lines = 24;     // per routine, after keeping only hot lines ± context
  size_t context_lines = 2;  // around each line with samples
  size_t max_routines = 2;   // per function
  int top_rows = 10;
};

// `explained`: explanation keys already shown earlier in the report; a
// finding whose explanation is there refers to it instead of repeating it
// (and adds its own key).
kainjow::mustache::data ProfileSection(const ProfileEntry& entry, const l10n::Catalog& c,
                                       const ProfileListingOptions& o,
                                       std::vector<std::string>* explained);
kainjow::mustache::data CrossCheckSection(const CrossCheck& x, const l10n::Catalog& c);

// The excerpt of `go tool pprof -list` for one function (exact name) in the
// profile, column `sample_type` ("" = default); "" when it has no samples.
std::string ListingExcerpt(const model::Profile& profile, const std::string& func,
                           const std::string& sample_type, const ProfileListingOptions& o);

// The rows of a diff's top view that changed, largest change first (ties
// in the view's order): grown (flat > 0) and shrunk (flat < 0), at most
// half of o.top_rows (and at least one) of each. Pointers into `view`.
struct DiffChanges {
  std::vector<const profile::TopRow*> grew, shrank;
};
DiffChanges SplitChanges(const profile::TopView& view, const ProfileListingOptions& o);

// The last element of a '/'-separated path.
std::string Basename(std::string_view path);

// The summary sentence's short description of a profile ("CPU profile
// cpu.pb.gz"), plain text.
std::string ProfileLabel(const ProfileEntry& entry, const l10n::Catalog& c);

}  // namespace tracenote::report

#endif  // TRACENOTE_SRC_REPORT_PROFILE_SECTIONS_H_
