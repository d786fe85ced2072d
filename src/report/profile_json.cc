#include "report/profile_json.h"

#include "analysis/profile_detectors/profile_frames.h"
#include "profile/profile_top.h"
#include "report/findings_json.h"

namespace tracenote::report {

namespace {

Json TopRowsJson(const profile::TopView& view) {
  Json rows = Json::array();
  for (const profile::TopRow& r : view.rows) {
    rows.push_back({{"func", r.name},
                    {"flat", r.flat},
                    {"cum", r.cum},
                    {"flat_text", r.flat_text},
                    {"flat_percent", r.flat_percent},
                    {"sum_percent", r.sum_percent},
                    {"cum_text", r.cum_text},
                    {"cum_percent", r.cum_percent}});
  }
  return rows;
}

Json ProfileFindingsJson(const std::vector<analysis::ProfileFinding>& findings) {
  Json out = Json::array();
  for (const analysis::ProfileFinding& pf : findings) {
    const analysis::Finding& f = pf.finding;
    Json j;
    j["id"] = f.id;
    j["severity"] = analysis::SeverityName(f.severity);
    j["title_key"] = f.title;
    j["args"] = ArgsJson(f.args);
    j["numbers"] = f.numbers;
    Json evidence = Json::array();
    for (const analysis::Evidence& e : f.evidence) {
      evidence.push_back({{"message_key", e.message}, {"args", ArgsJson(e.args)}});
    }
    j["evidence"] = std::move(evidence);
    j["listing_sample_type"] = pf.column;
    j["listings"] = pf.list_functions;
    out.push_back(std::move(j));
  }
  return out;
}

// The comparison with the base profile: the largest changes each way, or
// why there is none.
Json DiffJson(const ProfileEntry& e, const ProfileListingOptions& o) {
  Json d;
  d["base_file"] = e.base_file;
  if (!e.diff) {
    d["error"] = e.diff_error;
    return d;
  }
  profile::ViewOptions vo;
  vo.nodefraction = 0;
  auto view = profile::ComputeTop(*e.diff, vo);
  if (!view.ok()) {
    d["error"] = view.status().message();
    return d;
  }
  d["base_total"] = view->total;
  const DiffChanges changes = SplitChanges(*view, o);
  for (auto [key, rows] : {std::pair{"grew", &changes.grew}, {"shrank", &changes.shrank}}) {
    Json list = Json::array();
    for (const profile::TopRow* r : *rows) {
      list.push_back({{"func", r->name}, {"flat", r->flat}, {"cum", r->cum}});
    }
    d[key] = std::move(list);
  }
  return d;
}

}  // namespace

Json ProfileJson(const ProfileEntry& e, const ProfileListingOptions& o) {
  const model::Profile& p = e.profile;
  Json j;
  j["file"] = e.from_trace ? Json(nullptr) : Json(e.file);
  j["source"] = e.from_trace ? "trace" : "profile";
  j["kind"] = analysis::ProfileKindName(e.kind);
  Json types = Json::array();
  for (const model::ProfileValueType& t : p.sample_types) {
    types.push_back({{"type", p.str(t.type_str)}, {"unit", p.str(t.unit_str)}});
  }
  j["sample_types"] = std::move(types);
  const int col = p.DefaultSampleIndex();
  j["default_sample_type"] = col >= 0 ? Json(p.str(p.sample_types[col].type_str)) : Json(nullptr);
  j["period_type"] = {{"type", p.str(p.period_type.type_str)},
                      {"unit", p.str(p.period_type.unit_str)}};
  j["period"] = p.period;
  j["duration_ns"] = p.duration_nanos;
  j["samples"] = p.sample_count();
  Json totals = Json::object();
  for (size_t i = 0; i < p.sample_types.size(); ++i) {
    totals[std::string(p.str(p.sample_types[i].type_str))] =
        analysis::ColumnTotal(p, static_cast<int>(i));
  }
  j["totals"] = std::move(totals);
  j["findings"] = ProfileFindingsJson(e.findings);
  profile::ViewOptions vo;
  vo.nodecount = o.top_rows;
  auto top = profile::ComputeTop(p, vo);
  j["top"] = top.ok() ? TopRowsJson(*top) : Json::array();
  if (!e.base_file.empty()) j["diff"] = DiffJson(e, o);
  Json anomalies = Json::array();
  for (const model::Anomaly& a : p.anomalies) {
    anomalies.push_back({{"id", a.id}, {"count", a.count}, {"description", a.description}});
  }
  j["anomalies"] = std::move(anomalies);
  return j;
}

Json ProfilesJson(const std::vector<ProfileEntry>& entries, const ProfileListingOptions& o) {
  Json out = Json::array();
  for (const ProfileEntry& e : entries) out.push_back(ProfileJson(e, o));
  return out;
}

Json CrossCheckJson(const CrossCheck& x) {
  Json j;
  j["profile_file"] = x.profile_file.empty() ? Json(nullptr) : Json(x.profile_file);
  j["gomaxprocs"] = x.gomaxprocs;
  j["trace_duration_ns"] = x.trace_duration_ns;
  j["trace_gc_ns"] = x.trace_gc_ns;
  j["trace_gc_percent"] = x.trace_percent;
  j["profile_duration_ns"] = x.profile_duration_ns;
  j["profile_gc_ns"] = x.profile_gc_ns;
  j["profile_cpu_ns"] = x.profile_total_ns;
  j["profile_gc_samples"] = x.profile_gc_samples;
  j["profile_gc_percent"] = x.profile_percent >= 0 ? Json(x.profile_percent) : Json(nullptr);
  j["profile_gc_busy_percent"] = x.profile_busy_percent;
  j["difference_points"] = x.difference_points;
  j["agree"] = x.agree;
  return j;
}

}  // namespace tracenote::report
