#include "report/profile_entry.h"

#include <algorithm>
#include <cmath>

#include "analysis/profile_detectors/profile_frames.h"
#include "profile/profile_merge.h"

namespace tracenote::report {

ProfileEntry MakeProfileEntry(std::string file, model::Profile profile, bool from_trace) {
  ProfileEntry e;
  e.file = std::move(file);
  e.from_trace = from_trace;
  e.profile = std::move(profile);
  e.kind = analysis::ClassifyProfile(e.profile);
  analysis::ProfileAnalysisInput in;
  in.profile = &e.profile;
  in.kind = e.kind;
  e.findings = analysis::RunProfileDetectors(in);
  return e;
}

void AttachBase(ProfileEntry* entry, std::string base_file, const model::Profile& base) {
  entry->base_file = std::move(base_file);
  auto diff = profile::DiffProfiles(entry->profile, base, profile::DiffMode::kDiffBase,
                                    /*normalize=*/false);
  if (diff.ok()) {
    entry->diff = std::move(*diff);
  } else {
    entry->diff_error = diff.status().message();
  }
}

std::optional<CrossCheck> ComputeCrossCheck(const analysis::TraceAnalysis& a,
                                            const ProfileEntry& cpu) {
  if (cpu.kind != analysis::ProfileKind::kCpu) return std::nullopt;
  const int column = analysis::FindColumn(cpu.profile, "cpu");
  if (column < 0) return std::nullopt;
  const analysis::GcBreakdown b = analysis::ComputeGcBreakdown(cpu.profile, column);
  CrossCheck c;
  c.profile_file = cpu.file;
  c.gomaxprocs = std::max<uint64_t>(1, a.max_gomaxprocs);
  c.trace_duration_ns = a.end_time;
  c.trace_gc_ns = a.gc_worker_time + a.gc_assist_time;
  const double capacity =
      static_cast<double>(c.gomaxprocs) * static_cast<double>(std::max<int64_t>(1, a.end_time));
  c.trace_percent = 100.0 * static_cast<double>(c.trace_gc_ns) / capacity;
  c.profile_duration_ns = cpu.profile.duration_nanos;
  c.profile_gc_ns = b.workers + b.assists;
  c.profile_total_ns = b.total;
  c.profile_gc_samples = b.gc_samples;
  c.profile_busy_percent = analysis::PercentOf(c.profile_gc_ns, b.total);
  if (c.profile_duration_ns > 0) {
    c.profile_percent =
        100.0 * static_cast<double>(c.profile_gc_ns) /
        (static_cast<double>(c.gomaxprocs) * static_cast<double>(c.profile_duration_ns));
  }
  const double other = c.profile_percent >= 0 ? c.profile_percent : c.profile_busy_percent;
  c.difference_points = std::round(std::fabs(c.trace_percent - other) * 10.0) / 10.0;
  const double tolerance = std::max(5.0, 0.25 * std::max(c.trace_percent, other));
  c.agree = std::fabs(c.trace_percent - other) <= tolerance;
  return c;
}

}  // namespace tracenote::report
