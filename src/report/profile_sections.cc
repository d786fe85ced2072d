#include "report/profile_sections.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>

#include "analysis/profile_detectors/profile_frames.h"
#include "l10n/text_escape.h"
#include "profile/measurement.h"
#include "profile/profile_list.h"
#include "profile/profile_top.h"
#include "render/table_data.h"

namespace tracenote::report {

namespace {

using kainjow::mustache::data;

// A value of the profile's unit as a typed message argument.
l10n::ArgValue ValueArg(int64_t v, std::string_view unit) {
  if (unit == "nanoseconds") return l10n::Duration{v};
  if (unit == "bytes") return analysis::BytesLabel(v);  // as the tables print it
  return v;
}

// A regexp matching exactly `name` (RE2 syntax): ASCII punctuation escaped.
std::string QuoteMeta(std::string_view name) {
  std::string out = "^";
  for (char ch : name) {
    const unsigned char u = static_cast<unsigned char>(ch);
    if (u < 0x80 && !std::isalnum(u) && ch != '_') out += '\\';
    out += ch;
  }
  return out + "$";
}

// The sample type name, or "" when the profile has no such column.
std::string ColumnIfPresent(const model::Profile& p, const std::string& type) {
  return type.empty() || analysis::FindColumn(p, type) < 0 ? std::string() : type;
}

int64_t SampleCount(const model::Profile& p) {
  // CPU profiles count SIGPROF hits in their first column; others have one
  // record per distinct stack.
  if (!p.sample_types.empty() && p.str(p.sample_types[0].type_str) == "samples") {
    int64_t n = 0;
    for (size_t s = 0; s < p.sample_count(); ++s) n += p.value(s, 0);
    return n;
  }
  return static_cast<int64_t>(p.sample_count());
}

std::string Intro(const ProfileEntry& e, const l10n::Catalog& c) {
  const model::Profile& p = e.profile;
  const int col = p.DefaultSampleIndex();
  const std::string unit = col >= 0 ? std::string(p.str(p.sample_types[col].unit_str)) : "";
  const int64_t total = analysis::ColumnTotal(p, col);
  const bool cpu_period = p.str(p.period_type.unit_str) == "nanoseconds" && p.period > 0;
  if (e.from_trace) {
    return c.Format("profile.intro.trace_cpu", {{"samples", SampleCount(p)},
                                                {"period", l10n::Duration{p.period}},
                                                {"total", ValueArg(total, unit)}});
  }
  std::string types;
  for (const model::ProfileValueType& t : p.sample_types) {
    if (!types.empty()) types += ", ";
    types += std::string(p.str(t.type_str)) + "/" + std::string(p.str(t.unit_str));
  }
  l10n::MessageArgs args;
  args["samples"] = SampleCount(p);
  args["total"] = ValueArg(total, unit);
  args["sample_type"] =
      l10n::TraceText{col >= 0 ? std::string(p.str(p.sample_types[col].type_str)) : ""};
  args["has_duration"] = std::string(p.duration_nanos > 0 ? "yes" : "no");
  args["duration"] = l10n::Duration{p.duration_nanos};
  args["has_period"] = std::string(cpu_period ? "yes" : "no");
  args["period"] = l10n::Duration{p.period};
  args["columns"] = static_cast<int64_t>(p.sample_types.size());
  args["types"] = l10n::TraceText{types};
  return c.Format("profile.intro", args);
}

data FindingItem(const ProfileEntry& e, const analysis::ProfileFinding& pf, const l10n::Catalog& c,
                 const ProfileListingOptions& o, std::vector<std::string>* explained) {
  const analysis::Finding& f = pf.finding;
  data item;
  item.set("headline", c.Format(f.title, f.args));
  item.set("severity",
           c.FormatText(std::string("common.severity.") + analysis::SeverityName(f.severity)));
  if (std::find(explained->begin(), explained->end(), f.explanation) != explained->end()) {
    item.set("explanation", c.Format("profile.explained_above"));
  } else {
    item.set("explanation", c.Format(f.explanation, f.args));
    explained->push_back(f.explanation);
  }
  data evidence = data::type::list;
  for (const analysis::Evidence& ev : f.evidence) {
    data row;
    row.set("md", c.Format(ev.message, ev.args));
    evidence.push_back(row);
  }
  item.set("evidence", evidence);
  data listings = data::type::list;
  const std::string column = ColumnIfPresent(e.profile, pf.column);
  for (const std::string& func : pf.list_functions) {
    const std::string text = ListingExcerpt(e.profile, func, column, o);
    if (text.empty()) continue;
    data l;
    l.set("caption", c.Format("profile.listing.caption", {{"func", l10n::TraceText{func}}}));
    l.set("code", l10n::MarkdownCodeBlock(text, "text"));
    listings.push_back(l);
  }
  item.set("listings", listings);
  return item;
}

// The columns of pprof -top; a diff's tables leave out sum%, which adds up
// changes of both signs.
void AddTopColumns(render::TableData* t, const l10n::Catalog& c, bool with_sum) {
  t->AddColumn(c.FormatText("profile.column.flat"), true);
  t->AddColumn(c.FormatText("profile.column.flat_percent"), true);
  if (with_sum) t->AddColumn(c.FormatText("profile.column.sum_percent"), true);
  t->AddColumn(c.FormatText("profile.column.cum"), true);
  t->AddColumn(c.FormatText("profile.column.cum_percent"), true);
  t->AddColumn(c.FormatText("profile.column.function"));
}

void AddTopRow(render::TableData* t, const profile::TopRow& r, bool with_sum) {
  t->AddRow();
  t->AddText(r.flat_text);
  t->AddText(r.flat_percent);
  if (with_sum) t->AddText(r.sum_percent);
  t->AddText(r.cum_text);
  t->AddText(r.cum_percent);
  t->AddCode(r.name);
}

std::optional<data> TopSection(const ProfileEntry& e, const l10n::Catalog& c,
                               const ProfileListingOptions& o) {
  profile::ViewOptions vo;
  vo.nodecount = o.top_rows;
  auto view = profile::ComputeTop(e.profile, vo);
  if (!view.ok() || view->rows.empty()) return std::nullopt;
  render::TableData table;
  AddTopColumns(&table, c, true);
  for (const profile::TopRow& r : view->rows) AddTopRow(&table, r, true);
  data s;
  s.set("heading", c.FormatText("profile.top.heading"));
  s.set("intro",
        c.Format("profile.top.intro", {{"shown", static_cast<int64_t>(view->rows.size())},
                                       {"sample_type", l10n::TraceText{view->sample_type}}}));
  s.set("table", table.Build());
  return s;
}

data DiffSection(const ProfileEntry& e, const l10n::Catalog& c, const ProfileListingOptions& o) {
  data s;
  s.set("heading", c.FormatText("profile.diff.heading", {{"base", Basename(e.base_file)}}));
  data groups = data::type::list;
  if (!e.diff) {
    s.set("intro", c.Format("profile.diff.error", {{"error", e.diff_error}}));
    s.set("groups", groups);
    return s;
  }
  profile::ViewOptions vo;
  vo.nodefraction = 0;
  vo.unit = "auto";  // changes of every size in one table: each in its own unit
  auto view = profile::ComputeTop(*e.diff, vo);
  if (!view.ok()) {
    s.set("intro", c.Format("profile.diff.error", {{"error", view.status().message()}}));
    s.set("groups", groups);
    return s;
  }
  const std::string base_total = profile::AutoLabel(view->total, view->sample_unit);
  s.set("intro", c.Format("profile.diff.intro", {{"base_total", base_total}}));
  const DiffChanges changes = SplitChanges(*view, o);
  for (auto [key, rows] :
       {std::pair{"profile.diff.grew", &changes.grew}, {"profile.diff.shrank", &changes.shrank}}) {
    if (rows->empty()) continue;
    render::TableData table;
    AddTopColumns(&table, c, false);
    for (const profile::TopRow* r : *rows) AddTopRow(&table, *r, false);
    data g;
    g.set("caption", c.Format(key));
    g.set("table", table.Build());
    groups.push_back(g);
  }
  if (changes.grew.empty() && changes.shrank.empty()) {
    data g;
    g.set("caption", c.Format("profile.diff.none"));
    g.set("table", data(false));
    groups.push_back(g);
  }
  s.set("groups", groups);
  return s;
}

}  // namespace

std::string Basename(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

DiffChanges SplitChanges(const profile::TopView& view, const ProfileListingOptions& o) {
  const size_t limit = static_cast<size_t>(std::max(1, o.top_rows / 2));
  DiffChanges out;
  for (const profile::TopRow& r : view.rows) {
    if (r.flat > 0) out.grew.push_back(&r);
    if (r.flat < 0) out.shrank.push_back(&r);
  }
  auto by_magnitude = [](const profile::TopRow* a, const profile::TopRow* b) {
    return std::llabs(a->flat) > std::llabs(b->flat);
  };
  for (auto* rows : {&out.grew, &out.shrank}) {
    std::stable_sort(rows->begin(), rows->end(), by_magnitude);
    if (rows->size() > limit) rows->resize(limit);
  }
  return out;
}

std::string ProfileLabel(const ProfileEntry& e, const l10n::Catalog& c) {
  if (e.from_trace) return c.FormatText("profile.kind", {{"kind", std::string("trace_cpu")}});
  return c.FormatText("profile.kind", {{"kind", std::string(analysis::ProfileKindName(e.kind))}}) +
         " " + Basename(e.file);
}

std::string ListingExcerpt(const model::Profile& profile, const std::string& func,
                           const std::string& sample_type, const ProfileListingOptions& o) {
  profile::ListOptions lo;
  lo.view.sample_index = sample_type;
  lo.view.source_path = o.source_path;
  lo.view.trim_path = o.trim_path;
  lo.use_goroot = o.use_goroot;
  auto view = profile::ComputeList(profile, QuoteMeta(func), lo);
  if (!view.ok() || view->routines.empty()) return "";
  profile::ListView out = *view;
  out.routines.clear();
  for (const profile::ListRoutine& r : view->routines) {
    if (out.routines.size() >= o.max_routines) break;
    if (r.flat == 0 && r.cum == 0) continue;
    profile::ListRoutine t = r;
    t.lines.clear();
    // Keep the lines with samples and `context_lines` around each.
    std::vector<bool> keep(r.lines.size(), false);
    for (size_t i = 0; i < r.lines.size(); ++i) {
      if (r.lines[i].flat == 0 && r.lines[i].cum == 0) continue;
      const size_t lo_i = i >= o.context_lines ? i - o.context_lines : 0;
      const size_t hi_i = std::min(r.lines.size() - 1, i + o.context_lines);
      for (size_t k = lo_i; k <= hi_i; ++k) keep[k] = true;
    }
    for (size_t i = 0; i < r.lines.size() && t.lines.size() < o.max_lines; ++i) {
      if (keep[i]) t.lines.push_back(r.lines[i]);
    }
    out.routines.push_back(std::move(t));
  }
  if (out.routines.empty()) return "";
  return profile::FormatListText(out);
}

data ProfileSection(const ProfileEntry& e, const l10n::Catalog& c, const ProfileListingOptions& o,
                    std::vector<std::string>* explained) {
  data s;
  if (e.from_trace) {
    s.set("heading", c.FormatText("profile.section.trace_cpu"));
  } else {
    s.set("heading", c.FormatText("profile.section.heading",
                                  {{"kind", std::string(analysis::ProfileKindName(e.kind))},
                                   {"file", Basename(e.file)}}));
  }
  s.set("intro", Intro(e, c));
  s.set("none", c.FormatText("profile.findings.none"));
  data items = data::type::list;
  for (const analysis::ProfileFinding& pf : e.findings)
    items.push_back(FindingItem(e, pf, c, o, explained));
  s.set("items", items);
  if (auto top = TopSection(e, c, o)) s.set("top", *top);
  if (!e.base_file.empty()) s.set("diff", DiffSection(e, c, o));
  return s;
}

data CrossCheckSection(const CrossCheck& x, const l10n::Catalog& c) {
  data s;
  s.set("heading", c.FormatText("crosscheck.heading"));
  l10n::MessageArgs args;
  args["trace_gc"] = l10n::Percent{x.trace_percent};
  args["procs"] = static_cast<int64_t>(x.gomaxprocs);
  args["duration"] = l10n::Duration{x.trace_duration_ns};
  args["profile_gc"] = l10n::Percent{x.profile_percent};
  args["profile_duration"] = l10n::Duration{x.profile_duration_ns};
  args["profile_busy"] = l10n::Percent{x.profile_busy_percent};
  args["agree"] = std::string(x.agree ? "yes" : "no");
  args["diff"] = x.difference_points;
  args["gc_samples"] = x.profile_gc_samples;
  s.set("text",
        c.Format(x.profile_percent >= 0 ? "crosscheck.text" : "crosscheck.no_profile_duration",
                 args));
  return s;
}

}  // namespace tracenote::report
