// GC cost in a CPU profile.
//
// The collector's CPU time shows up in a CPU profile under a handful of
// runtime roots: the background mark workers (runtime.gcBgMarkWorker, with
// gcDrain -> scanobject -> greyobject under it), mark assists
// (runtime.gcAssistAlloc*, which allocating goroutines run on their own
// time), the allocator (runtime.mallocgc), sweeping (runtime.bgsweep,
// sweepone, (*sweepLocked).sweep) and write barriers (gcWriteBarrier*,
// wbBufFlush*). Each sample is counted once, in the category of the frame
// nearest the leaf that names one, so nested roots (an assist inside
// mallocgc, a sweep inside the allocator) are not counted twice. Marking
// frames reached without a worker or assist root (a stack cut at
// systemstack) count as workers.
//
// Severity by the share of all CPU samples (GC and allocation together):
//   >= 50 %  critical  (the GC CPU limiter caps the collector near 50 %)
//   >= 25 %  warning   (above the pacer's 25 % background goal)
//   >=  5 %  info
//   below    no finding
#include <algorithm>
#include <array>
#include <map>

#include "analysis/profile_detectors/profile_finding.h"
#include "analysis/profile_detectors/profile_frames.h"

namespace tracenote::analysis {

namespace {

constexpr double kInfoShare = 5;
constexpr double kWarnShare = 25;
constexpr double kCriticalShare = 50;

enum Part { kWorkers = 0, kAssists, kAlloc, kSweep, kWriteBarriers, kParts, kNone = kParts };
constexpr std::array<const char*, kParts> kPartNames = {"workers", "assists", "alloc", "sweep",
                                                        "wb"};

// The category a frame names as a root, or kNone.
Part StrongPart(std::string_view f) {
  if (f.starts_with("runtime.gcBgMarkWorker")) return kWorkers;
  if (f.starts_with("runtime.gcAssistAlloc")) return kAssists;
  if (f == "runtime.bgsweep" || f == "runtime.sweepone" || f == "runtime.deductSweepCredit" ||
      f.starts_with("runtime.(*sweepLocked).sweep") || f == "runtime.(*mspan).sweep") {
    return kSweep;
  }
  if (f.starts_with("runtime.gcWriteBarrier") || f.starts_with("runtime.wbBufFlush")) {
    return kWriteBarriers;
  }
  if (f.starts_with("runtime.mallocgc")) return kAlloc;
  return kNone;
}

// Marking work seen without its root.
bool MarkFrame(std::string_view f) {
  return f.starts_with("runtime.gcDrain") || f.starts_with("runtime.markroot") ||
         f == "runtime.scanobject" || f == "runtime.scanblock" || f == "runtime.greyobject" ||
         f == "runtime.scanstack" || f == "runtime.scanframeworker" || f == "runtime.gcMarkDone" ||
         f == "runtime.gcMarkTermination" || f == "runtime._GC";
}

struct SampleClass {
  Part part = kNone;
  std::string_view root;  // the frame that named the category
};

SampleClass Classify(const model::Profile& p, size_t s) {
  SampleClass c;
  bool mark = false;
  std::string_view mark_root;
  ForEachFrame(p, s, [&](const Frame& f) {
    const Part part = StrongPart(f.func);
    if (part != kNone) {
      c.part = part;
      c.root = f.func;
      return false;
    }
    if (!mark && MarkFrame(f.func)) {
      mark = true;
      mark_root = f.func;
    }
    return true;
  });
  if (c.part == kNone && mark) {
    c.part = kWorkers;
    c.root = mark_root;
  }
  return c;
}

// Where the GC's samples were, for the finding's evidence and listings: per
// category the roots and leaves, and the program's functions that paid for
// allocation and assists.
struct GcDetails {
  std::array<std::map<std::string, int64_t>, kParts> roots, leaves;
  std::map<std::string, int64_t> all_leaves;
  std::map<std::string, int64_t> payers;
};

// One pass over the samples: the breakdown and, when `details` is given,
// where the time went.
GcBreakdown Tally(const model::Profile& p, int column, GcDetails* details) {
  GcBreakdown b;
  if (column < 0 || static_cast<size_t>(column) >= p.value_count()) return b;
  b.total = ColumnTotal(p, column);
  // Samples are SIGPROF hits (the samples/count column) when the profile
  // has them, else records.
  const int hits = FindColumn(p, "samples");
  for (size_t s = 0; s < p.sample_count(); ++s) {
    const int64_t v = p.value(s, column);
    if (v == 0) continue;
    const SampleClass c = Classify(p, s);
    if (c.part == kNone) continue;
    const int64_t n = hits >= 0 ? std::llabs(p.value(s, hits)) : 1;
    b.samples += n;
    switch (c.part) {
      case kWorkers:
        b.workers += v;
        b.gc_samples += n;
        break;
      case kAssists:
        b.assists += v;
        b.gc_samples += n;
        break;
      case kAlloc:
        b.alloc += v;
        break;
      case kSweep:
        b.sweep += v;
        break;
      case kWriteBarriers:
        b.write_barriers += v;
        break;
      default:
        break;
    }
    if (details == nullptr) continue;
    details->roots[c.part][std::string(c.root)] += v;
    const std::string leaf(LeafFrame(p, s).func);
    details->leaves[c.part][leaf] += v;
    details->all_leaves[leaf] += v;
    if (c.part == kAssists || c.part == kAlloc) {
      std::string payer;
      ForEachFrame(p, s, [&](const Frame& fr) {
        if (!fr.func.empty() && !IsRuntimeOrSync(fr.func)) payer = std::string(fr.func);
        return payer.empty();
      });
      if (!payer.empty()) details->payers[payer] += v;
    }
  }
  return b;
}

}  // namespace

GcBreakdown ComputeGcBreakdown(const model::Profile& p, int column) {
  return Tally(p, column, nullptr);
}

std::vector<ProfileFinding> DetectGcCost(const ProfileAnalysisInput& in) {
  if (in.profile == nullptr || in.kind != ProfileKind::kCpu) return {};
  const model::Profile& p = *in.profile;
  const int column = FindColumn(p, "cpu");
  if (column < 0) return {};
  GcDetails details;
  const GcBreakdown b = Tally(p, column, &details);
  const double share = PercentOf(b.All(), b.total);
  if (b.total <= 0 || share < kInfoShare) return {};
  const std::array<int64_t, kParts> value = {b.workers, b.assists, b.alloc, b.sweep,
                                             b.write_barriers};

  ProfileFinding pf;
  pf.column = "cpu";
  Finding& f = pf.finding;
  f.id = "gc-cost";
  f.severity = share >= kCriticalShare ? Severity::kCritical
               : share >= kWarnShare   ? Severity::kWarning
                                       : Severity::kInfo;
  f.title = "profile.finding.gc_cost.title";
  f.explanation = "profile.finding.gc_cost.explanation";
  f.args["share"] = l10n::Percent{share};
  f.args["gc_share"] = l10n::Percent{PercentOf(b.Gc(), b.total)};
  f.args["total"] = l10n::Duration{b.total};
  f.args["time"] = l10n::Duration{b.All()};
  for (int part = 0; part < kParts; ++part) {
    f.args[kPartNames[part]] = l10n::Percent{PercentOf(value[part], b.total)};
  }

  std::array<int, kParts> order = {0, 1, 2, 3, 4};
  std::stable_sort(order.begin(), order.end(),
                   [&](int x, int y) { return std::llabs(value[x]) > std::llabs(value[y]); });
  for (int part : order) {
    if (value[part] == 0) continue;
    Evidence e;
    e.message = "profile.evidence.gc_cost.part";
    e.args["part"] = std::string(kPartNames[part]);
    e.args["value"] = l10n::Duration{value[part]};
    e.args["share"] = l10n::Percent{PercentOf(value[part], b.total)};
    e.args["func"] = l10n::TraceText{HottestKey(details.leaves[part])};
    f.evidence.push_back(std::move(e));
  }
  // The listings: the root of the largest category (as in the seeds'
  // runtime.gcBgMarkWorker listing), then the hottest leaf under any root.
  const std::string root = HottestKey(details.roots[order[0]]);
  if (!root.empty()) pf.list_functions.push_back(root);
  const std::string leaf = HottestKey(details.all_leaves);
  if (!leaf.empty() && leaf != root) pf.list_functions.push_back(leaf);
  // And the program's own function whose allocations cost the most (it pays
  // the assists).
  const std::string payer = HottestKey(details.payers);
  if (!payer.empty()) pf.list_functions.push_back(payer);

  f.numbers["total_cpu_ns"] = b.total;
  f.numbers["share_percent"] = share;
  f.numbers["gc_share_percent"] = PercentOf(b.Gc(), b.total);
  f.numbers["mark_workers_ns"] = b.workers;
  f.numbers["mark_assists_ns"] = b.assists;
  f.numbers["malloc_ns"] = b.alloc;
  f.numbers["sweep_ns"] = b.sweep;
  f.numbers["write_barriers_ns"] = b.write_barriers;
  return {std::move(pf)};
}

}  // namespace tracenote::analysis
