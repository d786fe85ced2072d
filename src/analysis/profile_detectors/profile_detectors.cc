// The table of profile detectors and the classification of profiles. Adding
// a detector: write <name>_detector.cc with a pure function of the input,
// declare it in profile_finding.h, add a row here and its messages to
// locales/*/profile_findings.json.
#include <algorithm>

#include "analysis/profile_detectors/profile_finding.h"
#include "analysis/profile_detectors/profile_frames.h"

namespace tracenote::analysis {

const char* ProfileKindName(ProfileKind kind) {
  switch (kind) {
    case ProfileKind::kCpu:
      return "cpu";
    case ProfileKind::kHeap:
      return "heap";
    case ProfileKind::kAllocs:
      return "allocs";
    case ProfileKind::kMutex:
      return "mutex";
    case ProfileKind::kBlock:
      return "block";
    case ProfileKind::kGoroutine:
      return "goroutine";
    case ProfileKind::kThreadcreate:
      return "threadcreate";
    case ProfileKind::kOther:
      return "other";
  }
  return "other";
}

namespace {

// Mutex and block profiles have the same sample types. A mutex profile's
// stacks end where the lock was released (Unlock); a block profile's where
// the goroutine waited. The delay under Unlock frames decides.
ProfileKind ContentionKind(const model::Profile& p, int delay) {
  int64_t unlock = 0, other = 0;
  for (size_t s = 0; s < p.sample_count(); ++s) {
    int64_t v = delay >= 0 ? p.value(s, delay) : 1;
    if (v < 0) v = -v;
    bool is_unlock = false;
    ForEachFrame(p, s, [&](const Frame& f) {
      if (!IsRuntimeOrSync(f.func)) return false;
      if (f.func.find("Unlock") != std::string_view::npos || f.func == "runtime.unlock" ||
          f.func == "runtime.unlock2") {
        is_unlock = true;
        return false;
      }
      return true;
    });
    (is_unlock ? unlock : other) += v;
  }
  return unlock > other ? ProfileKind::kMutex : ProfileKind::kBlock;
}

}  // namespace

ProfileKind ClassifyProfile(const model::Profile& p) {
  if (FindColumn(p, "cpu") >= 0) return ProfileKind::kCpu;
  if (FindColumn(p, "alloc_space") >= 0 || FindColumn(p, "inuse_space") >= 0) {
    return p.str(p.default_sample_type_str) == "alloc_space" ? ProfileKind::kAllocs
                                                             : ProfileKind::kHeap;
  }
  const int delay = FindColumn(p, "delay");
  if (FindColumn(p, "contentions") >= 0 && delay >= 0) return ContentionKind(p, delay);
  if (FindColumn(p, "goroutine") >= 0) return ProfileKind::kGoroutine;
  if (FindColumn(p, "threadcreate") >= 0) return ProfileKind::kThreadcreate;
  return ProfileKind::kOther;
}

const std::vector<ProfileDetectorInfo>& AllProfileDetectors() {
  static const std::vector<ProfileDetectorInfo> kDetectors = {
      {"gc-cost", DetectGcCost},
      {"alloc-hotspots", DetectAllocHotspots},
      {"thread-creation", DetectThreadCreation},
      {"contention", DetectContention},
  };
  return kDetectors;
}

std::vector<ProfileFinding> RunProfileDetectors(const ProfileAnalysisInput& input) {
  std::vector<ProfileFinding> all;
  if (input.profile == nullptr) return all;
  for (const ProfileDetectorInfo& d : AllProfileDetectors()) {
    for (ProfileFinding& f : d.fn(input)) all.push_back(std::move(f));
  }
  std::stable_sort(all.begin(), all.end(), [](const ProfileFinding& a, const ProfileFinding& b) {
    return a.finding.severity > b.finding.severity;
  });
  return all;
}

}  // namespace tracenote::analysis
