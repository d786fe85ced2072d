#include "report/report_document.h"

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <set>
#include <string_view>

#include "l10n/text_escape.h"
#include "l10n/units.h"
#include "render/markdown.h"
#include "render/template.h"
#include "report/report_pictures.h"
#include "report/report_tables.h"
#include "report/trace_pictures.h"

namespace tracenote::report {

namespace {

using kainjow::mustache::data;
using l10n::MessageArgs;

// A template object {md: the picture's Markdown}, or nothing when the report
// has no such picture.
std::optional<data> PictureObject(const ReportInput& in, std::string_view name) {
  std::string md = PictureMarkdown(in.pictures, name);
  if (md.empty()) return std::nullopt;
  data d;
  d.set("md", md);
  return d;
}

// The pictures among `names` that the report has, as a template list.
data PictureList(const ReportInput& in, std::initializer_list<std::string_view> names) {
  data list = data::type::list;
  for (std::string_view name : names) {
    if (auto d = PictureObject(in, name)) list.push_back(*d);
  }
  return list;
}

// "func file:line" of a stack's innermost frame, "" when none. An
// asynchronous preemption's own frame (runtime.asyncPreempt) says nothing
// about the code: the frame it interrupted is shown instead.
std::string Where(model::StackId stack, const model::Tables& t) {
  auto frames = t.stacks.Get(stack);
  size_t i = 0;
  while (i + 1 < frames.size() &&
         t.strings.Get(frames[i].func).rfind("runtime.asyncPreempt", 0) == 0) {
    ++i;
  }
  if (frames.empty()) return "";
  return fmt::format("{} {}:{}", t.strings.Get(frames[i].func), t.strings.Get(frames[i].file),
                     frames[i].line);
}

data Summary(const ReportInput& in, const l10n::Catalog& c) {
  const analysis::TraceAnalysis& a = *in.analysis;
  MessageArgs args;
  args["go_version"] = a.info.VersionString();
  args["duration"] = l10n::Duration{a.end_time};
  args["gomaxprocs"] = static_cast<int64_t>(a.max_gomaxprocs);
  args["goroutines"] = static_cast<int64_t>(a.GoroutineCount());
  args["threads"] = static_cast<int64_t>(a.threads.size());
  args["gc_cycles"] = static_cast<int64_t>(a.gc_cycles.size());
  std::string text = c.Format("report.summary", args);
  if (a.info.wall_clock_start_unix_ns != 0) {
    std::string when = model::WallClockRfc3339(a.info.wall_clock_start_unix_ns);
    when[10] = ' ';
    when.pop_back();  // "2025-10-07 14:03:21"
    text += " " + c.Format("report.recorded", {{"start", when}});
  }
  const auto& findings = *in.findings;
  if (!findings.empty()) {
    std::string list;
    for (size_t i = 0; i < findings.size() && i < 3; ++i) {
      if (!list.empty()) list += "; ";
      list += c.FormatText(findings[i].title, findings[i].args);
    }
    text += " " + c.Format("report.headline",
                           {{"count", static_cast<int64_t>(findings.size())}, {"list", list}});
  }
  return data(text);
}

data Findings(const ReportInput& in, const l10n::Catalog& c, l10n::Language lang) {
  const model::Tables& t = *in.analysis->tables;
  data section;
  section.set("heading", c.FormatText("report.section.findings"));
  section.set("none", c.FormatText("report.no_findings"));
  data items = data::type::list;
  std::set<std::string> shown;  // close-ups shared by findings appear once
  for (const analysis::Finding& f : *in.findings) {
    data item;
    const std::string picture_name = CloseUpPictureName(f);
    if (auto picture = PictureObject(in, picture_name);
        picture && shown.insert(picture_name).second) {
      item.set("picture", *picture);
    }
    item.set("headline", c.Format(f.title, f.args));
    item.set("severity",
             c.FormatText(std::string("common.severity.") + analysis::SeverityName(f.severity)));
    item.set("explanation", c.Format(f.explanation, f.args));
    data evidence = data::type::list;
    for (const analysis::Evidence& e : f.evidence) {
      std::string md = c.Format(e.message, e.args);
      if (e.time != analysis::kUnknownTime) {
        md +=
            " (" + c.Format("findings.evidence.at_time", {{"time", l10n::Duration{e.time}}}) + ")";
      }
      const std::string where = Where(e.stack, t);
      if (!where.empty()) md += " — " + l10n::MarkdownCode(where);
      data row;
      row.set("md", md);
      evidence.push_back(row);
    }
    item.set("evidence", evidence);
    items.push_back(item);
  }
  section.set("items", items);
  (void)lang;
  return section;
}

data Walk(const ReportInput& in, const l10n::Catalog& c, l10n::Language lang) {
  const Walkthrough& w = *in.walkthrough;
  const model::Tables& t = *in.analysis->tables;
  data section;
  section.set("heading", c.FormatText("report.section.walkthrough"));
  std::string intro = c.Format("walkthrough.intro");
  if (w.limited) {
    intro +=
        " " + c.Format("walkthrough.limited", {{"listed", static_cast<int64_t>(w.listed_events)},
                                               {"total", static_cast<int64_t>(w.total_events)}});
  }
  section.set("intro", intro);
  data episodes = data::type::list;
  for (const Episode& ep : w.episodes) {
    std::string comment;
    if (ep.gap_before) comment = c.Format("walkthrough.gap") + " ";
    for (const Comment& cm : ep.comments) {
      if (!comment.empty() && comment.back() != ' ') comment += " ";
      comment += c.Format(cm.message, cm.args);
    }
    std::string lines;
    for (size_t i = 0; i < ep.rows.size(); ++i) {
      if (ep.collapsed > 0 && i == 4) {
        lines += "   ... " +
                 c.FormatText("walkthrough.collapsed",
                              {{"goroutine", static_cast<int64_t>(ep.goroutine)},
                               {"count", static_cast<int64_t>(ep.collapsed)},
                               {"period", l10n::Duration{ep.period}}}) +
                 "\n";
      }
      lines += FormatWalkRow(ep.rows[i], t, lang) + "\n";
    }
    data e;
    e.set("comment", comment);
    e.set("events", l10n::MarkdownCodeBlock(lines, "text"));
    episodes.push_back(e);
  }
  section.set("episodes", episodes);
  return section;
}

// The profiles' anomalies, one note each, after the trace's.
void AddProfileQuality(const ReportInput& in, const l10n::Catalog& c, data* items) {
  if (in.profiles == nullptr) return;
  for (const ProfileEntry& e : *in.profiles) {
    for (const model::Anomaly& an : e.profile.anomalies) {
      data row;
      row.set("md", c.Format("profile.quality.anomaly",
                             {{"file", Basename(e.file)}, {"description", an.description}}));
      items->push_back(row);
    }
  }
}

// The sections of the profiles and the cross-check (report.md.mustache's
// `profiles` and `cross_check`); nothing when there are no profiles.
void AddProfileSections(const ReportInput& in, const l10n::Catalog& c, const DocumentOptions& o,
                        data* d) {
  if (in.profiles == nullptr || in.profiles->empty()) return;
  data list = data::type::list;
  std::vector<std::string> explained;
  for (size_t i = 0; i < in.profiles->size(); ++i) {
    data section = ProfileSection((*in.profiles)[i], c, o.listing, &explained);
    if (auto flame = PictureObject(in, FlamePictureName(i))) section.set("flame", *flame);
    list.push_back(section);
  }
  d->set("profiles", list);
  if (in.cross_check != nullptr) d->set("cross_check", CrossCheckSection(*in.cross_check, c));
}

// The summary of a report about profiles only: what they are, and the
// headlines of their most severe findings.
data ProfilesSummary(const ReportInput& in, const l10n::Catalog& c) {
  std::string list;
  std::vector<const analysis::ProfileFinding*> findings;
  for (const ProfileEntry& e : *in.profiles) {
    if (!list.empty()) list += ", ";
    list += ProfileLabel(e, c);
    for (const analysis::ProfileFinding& f : e.findings) findings.push_back(&f);
  }
  std::string text =
      c.Format("profile.report.summary",
               {{"count", static_cast<int64_t>(in.profiles->size())}, {"list", list}});
  std::stable_sort(findings.begin(), findings.end(), [](const auto* a, const auto* b) {
    return a->finding.severity > b->finding.severity;
  });
  if (!findings.empty()) {
    std::string titles;
    for (size_t i = 0; i < findings.size() && i < 3; ++i) {
      if (!titles.empty()) titles += "; ";
      titles += c.FormatText(findings[i]->finding.title, findings[i]->finding.args);
    }
    text += " " + c.Format("report.headline",
                           {{"count", static_cast<int64_t>(findings.size())}, {"list", titles}});
  }
  return data(text);
}

// A report about profiles only (no trace among the inputs).
StatusOr<std::string> RenderProfilesOnly(const ReportInput& in, const l10n::Catalog& c,
                                         const DocumentOptions& o, std::string* title_out) {
  std::string files;
  for (const ProfileEntry& e : *in.profiles) {
    if (!files.empty()) files += ", ";
    files += Basename(e.file);
  }
  const std::string title =
      c.FormatText("profile.report.title",
                   {{"count", static_cast<int64_t>(in.profiles->size())}, {"files", files}});
  *title_out = title;
  data d;
  d.set("title", title);
  d.set("summary", ProfilesSummary(in, c));
  AddProfileSections(in, c, o, &d);
  data items = data::type::list;
  AddProfileQuality(in, c, &items);
  if (!items.is_empty_list()) {
    data q;
    q.set("heading", c.FormatText("report.section.data_quality"));
    q.set("none", std::string());
    q.set("items", items);
    d.set("data_quality", q);
  }
  return render::RenderTemplate("report.md.mustache", d);
}

data Quality(const ReportInput& in, const l10n::Catalog& c) {
  const analysis::TraceAnalysis& a = *in.analysis;
  data section;
  section.set("heading", c.FormatText("report.section.data_quality"));
  section.set("none", c.FormatText("report.data_quality.none"));
  data items = data::type::list;
  auto add = [&](std::string md) {
    data row;
    row.set("md", std::move(md));
    items.push_back(row);
  };
  for (const model::Anomaly& an : a.info.anomalies) {
    const std::string key = "report.quality." + an.id;
    add(c.Has(key) ? c.Format(key, {{"count", static_cast<int64_t>(an.count)},
                                    {"offset", fmt::format("{:#x}", an.first_offset)}})
                   : c.Format("report.quality.other", {{"id", an.id}}));
  }
  if (a.evidence_truncated) add(c.Format("report.quality.evidence_truncated"));
  AddProfileQuality(in, c, &items);
  section.set("items", items);
  return section;
}

// The front matter's tags: the ids of the trace's findings, then the
// profiles'.
std::vector<std::string> Tags(const ReportInput& in) {
  std::vector<std::string> tags;
  if (in.findings != nullptr) {
    for (const analysis::Finding& f : *in.findings) tags.push_back(f.id);
  }
  if (in.profiles != nullptr) {
    for (const ProfileEntry& e : *in.profiles) {
      for (const analysis::ProfileFinding& f : e.findings) tags.push_back(f.finding.id);
    }
  }
  return tags;
}

// Markdown to the requested format, with front matter for Markdown.
StatusOr<std::string> Finish(const std::string& markdown, const std::string& title,
                             const std::vector<std::string>& tags, l10n::Language lang,
                             const DocumentOptions& o, const PictureSet* pictures) {
  const render::PictureRefs refs = pictures == nullptr
                                       ? render::PictureRefs{}
                                       : pictures->Refs(o.picture_links, o.picture_link_prefix);
  if (o.format == ReportFormat::kHtml) {
    render::PageInfo page;
    page.title = title;
    page.language = lang;
    page.generator = o.generator;
    return render::MarkdownToHtmlPage(markdown, page, refs);
  }
  std::string out;
  if (o.front_matter != render::FrontMatterKind::kNone) {
    render::FrontMatterInfo fm;
    fm.title = title;
    fm.date = o.date;
    fm.draft = o.draft;
    fm.tags = tags;
    out = render::FrontMatter(o.front_matter, fm) + "\n";
  }
  return out + render::MarkdownToGfm(markdown, refs);
}

}  // namespace

StatusOr<std::string> RenderReport(const ReportInput& in, const l10n::Catalog& c,
                                   const DocumentOptions& o) {
  const l10n::Language lang = c.language();
  if (in.analysis == nullptr) {
    if (in.profiles == nullptr || in.profiles->empty()) {
      return InvalidArgumentError("a report needs a trace or a profile");
    }
    std::string title;
    ASSIGN_OR_RETURN(std::string markdown, RenderProfilesOnly(in, c, o, &title));
    return Finish(markdown, title, Tags(in), lang, o, in.pictures);
  }
  const std::string title = c.FormatText("report.title", {{"file", Basename(in.file)}});
  data d;
  d.set("title", title);
  d.set("summary", Summary(in, c));
  if (auto timeline = PictureObject(in, "timeline")) d.set("timeline", *timeline);
  if (in.analysis->info.partial) {
    d.set("partial", c.Format("report.partial", {{"reason", in.analysis->info.partial_reason}}));
  }
  d.set("findings", Findings(in, c, lang));
  if (in.walkthrough != nullptr && !in.walkthrough->episodes.empty()) {
    d.set("walkthrough", Walk(in, c, lang));
  }
  data goroutines = GoroutineSection(*in.analysis, c, o.max_goroutine_rows);
  goroutines.set("pictures", PictureList(in, {"goroutines", "sched-latency"}));
  d.set("goroutines", goroutines);
  if (!in.analysis->gc_cycles.empty()) {
    data gc = GcSection(*in.analysis, c);
    gc.set("pictures", PictureList(in, {"heap", "mmu"}));
    d.set("gc_cycles", gc);
  }
  AddProfileSections(in, c, o, &d);
  d.set("data_quality", Quality(in, c));

  ASSIGN_OR_RETURN(std::string markdown, render::RenderTemplate("report.md.mustache", d));
  return Finish(markdown, title, Tags(in), lang, o, in.pictures);
}

}  // namespace tracenote::report
