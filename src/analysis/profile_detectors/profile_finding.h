// Profile detectors: what they take and what they report.
//
// A profile detector is a pure function of one decoded profile. It reports
// analysis::Finding values exactly like the trace detectors (catalog keys for
// the headline, the explanation and the evidence rows, typed arguments,
// numbers for JSON), plus the names of the functions whose `list` output
// illustrates the finding; the report computes those listings with the views
// (profile/profile_list.h), so detectors stay free of formatting.
//
// Values may be negative (a profile minus its base, pprof -diff_base):
// detectors never crash on them, and shares are computed against the total of
// absolute values, like pprof's percentages.
#ifndef TRACENOTE_SRC_ANALYSIS_PROFILE_DETECTORS_PROFILE_FINDING_H_
#define TRACENOTE_SRC_ANALYSIS_PROFILE_DETECTORS_PROFILE_FINDING_H_

#include <string>
#include <string_view>
#include <vector>

#include "analysis/detectors/finding.h"
#include "model/profile_model.h"

namespace tracenote::analysis {

// What a profile measures, told apart by its sample types (and, for the two
// contention profiles that share them, by where the stacks end).
enum class ProfileKind {
  kCpu,           // samples/count, cpu/nanoseconds
  kHeap,          // alloc_objects, alloc_space, inuse_objects, inuse_space
  kAllocs,        // the same, default_sample_type alloc_space
  kMutex,         // contentions/count, delay/nanoseconds; stacks end in Unlock
  kBlock,         // contentions/count, delay/nanoseconds; stacks end where goroutines waited
  kGoroutine,     // goroutine/count
  kThreadcreate,  // threadcreate/count
  kOther,
};
// "cpu", "heap", "allocs", "mutex", "block", "goroutine", "threadcreate", "other".
const char* ProfileKindName(ProfileKind kind);
ProfileKind ClassifyProfile(const model::Profile& profile);

struct ProfileAnalysisInput {
  const model::Profile* profile = nullptr;
  ProfileKind kind = ProfileKind::kOther;
};

// A finding plus what the report should list under it.
struct ProfileFinding {
  Finding finding;
  std::string column;                       // sample type the listings use ("cpu", "delay")
  std::vector<std::string> list_functions;  // exact function names, most important first
};

using ProfileDetectorFn = std::vector<ProfileFinding> (*)(const ProfileAnalysisInput& input);

struct ProfileDetectorInfo {
  const char* id;
  ProfileDetectorFn fn;
};

// The registered detectors, in report order (profile_detectors.cc).
const std::vector<ProfileDetectorInfo>& AllProfileDetectors();

// Runs every detector; findings sorted by severity (critical first), then in
// registration order.
std::vector<ProfileFinding> RunProfileDetectors(const ProfileAnalysisInput& input);

// GC cost in a CPU profile (gc_cost_detector.cc).
std::vector<ProfileFinding> DetectGcCost(const ProfileAnalysisInput& input);
// Top allocation sites in a heap or allocs profile.
std::vector<ProfileFinding> DetectAllocHotspots(const ProfileAnalysisInput& input);
// Ms created by the runtime, in a heap or threadcreate profile.
std::vector<ProfileFinding> DetectThreadCreation(const ProfileAnalysisInput& input);
// Contended call sites in a mutex or block profile.
std::vector<ProfileFinding> DetectContention(const ProfileAnalysisInput& input);

// Where a CPU profile's time went, for the GC cost finding and the
// trace/profile cross-check. Each sample is counted once, in the category of
// the frame nearest its leaf that names one (an assist inside mallocgc is an
// assist; mallocgc inside a mark worker is the worker's).
struct GcBreakdown {
  int64_t total = 0;  // Σ|cpu| of all samples
  int64_t workers = 0, assists = 0, alloc = 0, sweep = 0, write_barriers = 0;
  // Samples (SIGPROF hits from the samples/count column, else records)
  // counted in any category, and as workers or assists.
  int64_t samples = 0;
  int64_t gc_samples = 0;
  int64_t Gc() const { return workers + assists + sweep + write_barriers; }
  int64_t All() const { return Gc() + alloc; }
};
// column: the cpu column (-1 when the profile has none: all zero).
GcBreakdown ComputeGcBreakdown(const model::Profile& profile, int column);

}  // namespace tracenote::analysis

#endif  // TRACENOTE_SRC_ANALYSIS_PROFILE_DETECTORS_PROFILE_FINDING_H_
