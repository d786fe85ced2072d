// Allocation hot spots in a heap or allocs profile.
//
// A heap profile has four columns: alloc_objects and alloc_space (everything
// allocated since the program started) and inuse_objects and inuse_space
// (what the last GC found still reachable). An allocation site is the leaf
// frame of a sample (Go removes the allocator's own runtime frames before
// writing). We rank sites by alloc_space, report their objects, average
// object size and the bytes still in use, and list the hottest one.
//
// Severity: info; warning when one site makes half or more of all the bytes
// allocated (one place to fix). No finding when nothing was allocated.
#include <algorithm>
#include <map>

#include "analysis/profile_detectors/profile_finding.h"
#include "analysis/profile_detectors/profile_frames.h"

namespace tracenote::analysis {

namespace {

constexpr size_t kMaxSites = 5;
constexpr double kWarnTopShare = 50;

}  // namespace

std::vector<ProfileFinding> DetectAllocHotspots(const ProfileAnalysisInput& in) {
  if (in.profile == nullptr) return {};
  if (in.kind != ProfileKind::kHeap && in.kind != ProfileKind::kAllocs) return {};
  const model::Profile& p = *in.profile;
  const int space = FindColumn(p, "alloc_space");
  const int objects = FindColumn(p, "alloc_objects");
  const int inuse = FindColumn(p, "inuse_space");
  if (space < 0) return {};
  const int64_t total = ColumnTotal(p, space);
  if (total <= 0) return {};

  std::map<std::string, FuncValue> sites;
  for (size_t s = 0; s < p.sample_count(); ++s) {
    const std::string func(LeafFrame(p, s).func);
    FuncValue& r = sites[func];
    r.func = func;
    r.value += p.value(s, space);
    if (objects >= 0) r.value2 += p.value(s, objects);
    if (inuse >= 0) r.value3 += p.value(s, inuse);
  }
  std::vector<FuncValue> rows;
  for (auto& [name, r] : sites) {
    if (r.value != 0) rows.push_back(r);
  }
  if (rows.empty()) return {};
  SortByMagnitude(&rows);
  if (rows.size() > kMaxSites) rows.resize(kMaxSites);

  int64_t top_sum = 0;
  for (const FuncValue& r : rows) top_sum += r.value;
  const double top_share = PercentOf(rows[0].value, total);

  ProfileFinding pf;
  pf.column = "alloc_space";
  Finding& f = pf.finding;
  f.id = "alloc-hotspots";
  f.severity = top_share >= kWarnTopShare ? Severity::kWarning : Severity::kInfo;
  f.title = "profile.finding.alloc_hotspots.title";
  f.explanation = "profile.finding.alloc_hotspots.explanation";
  f.args["sites"] = static_cast<int64_t>(rows.size());
  f.args["share"] = l10n::Percent{PercentOf(top_sum, total)};
  f.args["total"] = BytesLabel(total);
  f.args["top_func"] = l10n::TraceText{rows[0].func};
  f.args["top_share"] = l10n::Percent{top_share};
  f.args["kind"] = std::string(ProfileKindName(in.kind));
  // The sampling rate is the profile's period (runtime.MemProfileRate).
  f.args["rate"] = p.period > 1 ? std::string("yes") : std::string("no");
  f.args["period"] = BytesLabel(p.period);

  nlohmann::ordered_json sites_json = nlohmann::ordered_json::array();
  for (const FuncValue& r : rows) {
    Evidence e;
    e.message = "profile.evidence.alloc_hotspots.site";
    e.args["func"] = l10n::TraceText{r.func};
    e.args["space"] = BytesLabel(r.value);
    e.args["share"] = l10n::Percent{PercentOf(r.value, total)};
    e.args["objects"] = r.value2;
    e.args["avg"] = BytesLabel(r.value2 != 0 ? r.value / r.value2 : 0);
    e.args["has_inuse"] = std::string(inuse >= 0 ? "yes" : "no");
    e.args["inuse"] = BytesLabel(r.value3);
    f.evidence.push_back(std::move(e));
    nlohmann::ordered_json j;
    j["func"] = r.func;
    j["alloc_space"] = r.value;
    j["alloc_objects"] = r.value2;
    j["inuse_space"] = r.value3;
    j["share_percent"] = PercentOf(r.value, total);
    sites_json.push_back(std::move(j));
  }
  pf.list_functions.push_back(rows[0].func);
  f.numbers["alloc_space_total"] = total;
  f.numbers["alloc_objects_total"] = ColumnTotal(p, objects);
  if (inuse >= 0) f.numbers["inuse_space_total"] = ColumnTotal(p, inuse);
  f.numbers["sites"] = std::move(sites_json);
  return {std::move(pf)};
}

}  // namespace tracenote::analysis
