// The profiles of one report: each decoded profile with what the report
// needs about it computed once (its kind, the detectors' findings, the
// comparison with a base profile), and the cross-check of a trace against a
// CPU profile. Both the Markdown/HTML document and the JSON output read
// these, so the numbers are the same in every format.
#ifndef TRACENOTE_SRC_REPORT_PROFILE_ENTRY_H_
#define TRACENOTE_SRC_REPORT_PROFILE_ENTRY_H_

#include <optional>
#include <string>
#include <vector>

#include "analysis/profile_detectors/profile_finding.h"
#include "analysis/trace_analysis.h"
#include "model/profile_model.h"

namespace tracenote::report {

// One profile section. Contract: `findings` were computed from `profile`
// (MakeProfileEntry); `diff`, when present, is profile − base with pprof's
// -diff_base semantics, and `diff_error` says why it is absent after a
// failed comparison.
struct ProfileEntry {
  std::string file;         // as the user gave it; "" for the trace's CPU samples
  bool from_trace = false;  // the CPU samples embedded in the trace
  model::Profile profile;
  analysis::ProfileKind kind = analysis::ProfileKind::kOther;
  std::vector<analysis::ProfileFinding> findings;
  std::string base_file;
  std::optional<model::Profile> diff;
  std::string diff_error;
};

ProfileEntry MakeProfileEntry(std::string file, model::Profile profile, bool from_trace);

// Compares entry->profile with `base` (pprof -diff_base) and stores the
// result or the error in the entry.
void AttachBase(ProfileEntry* entry, std::string base_file, const model::Profile& base);

// GC CPU share from the trace against the GC share of a CPU profile.
//  trace_percent:   (gc_worker_time + gc_assist_time) / (duration × GOMAXPROCS)
//  profile_percent: (mark workers + assists CPU) / (profile duration × GOMAXPROCS),
//                   -1 when the profile has no duration
//  profile_busy_percent: (mark workers + assists) / all CPU samples
// They agree when within max(5 points, a quarter of the larger share).
struct CrossCheck {
  std::string profile_file;
  uint64_t gomaxprocs = 0;
  int64_t trace_duration_ns = 0;
  int64_t trace_gc_ns = 0;
  double trace_percent = 0;
  int64_t profile_duration_ns = 0;
  int64_t profile_gc_ns = 0;
  int64_t profile_total_ns = 0;
  int64_t profile_gc_samples = 0;
  double profile_percent = -1;
  double profile_busy_percent = 0;
  double difference_points = 0;  // |trace - profile|, rounded to 0.1
  bool agree = false;
};

// Needs a CPU profile entry (kind kCpu) and a trace.
std::optional<CrossCheck> ComputeCrossCheck(const analysis::TraceAnalysis& trace,
                                            const ProfileEntry& cpu);

}  // namespace tracenote::report

#endif  // TRACENOTE_SRC_REPORT_PROFILE_ENTRY_H_
