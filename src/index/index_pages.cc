#include "index/index_pages.h"

#include <nlohmann/json.hpp>

#include "index/csp_hash.h"
#include "index/index_links.h"
#include "l10n/embedded_files.h"
#include "l10n/text_escape.h"
#include "l10n/units.h"
#include "render/markdown.h"
#include "render/template.h"

namespace tracenote::index {
namespace {

namespace mustache = kainjow::mustache;
using Json = nlohmann::json;

// The fixed columns of the table of inputs, before one per finding id.
enum Column { kInput, kStatus, kKind, kDate, kDuration, kWorst, kFixedColumns };

// Which report a link points at: the page's own format.
enum class LinkFormat { kMarkdown, kHtml };

// Builds the Mustache data of an index page; shared by both formats, which
// differ only in where links point and in how the table is drawn.
class PageData {
 public:
  PageData(const IndexModel& model, const l10n::Catalog& catalog, const PageSettings& settings,
           LinkFormat format)
      : model_(model), catalog_(catalog), settings_(settings), format_(format) {}

  mustache::data Head() const;
  mustache::data InputsTable() const;
  mustache::data Errors() const;
  // {"rows": [[key per column] per row]}: numbers for counts, durations,
  // dates and severities, strings for text, null for "not known".
  Json SortKeys() const;
  std::string Title() const {
    return catalog_.FormatText("index.title", {{"inputs", int64_t{model_.inputs}}});
  }
  std::string InputsNote() const;

 private:
  std::string Lang() const { return l10n::LanguageCode(catalog_.language()); }
  // The relative URL of a record's report in the page's format ("" if none).
  std::string ReportUrl(const batch::BatchRecord& r) const;
  std::string SeverityCell(SeverityRank rank) const;
  std::string FindingName(const std::string& id) const {
    const std::string key = "index.finding." + id;
    return catalog_.Has(key) ? catalog_.FormatText(key) : id;
  }

  const IndexModel& model_;
  const l10n::Catalog& catalog_;
  const PageSettings& settings_;
  LinkFormat format_;
};

mustache::data Cell(std::string text, std::string href = "", bool numeric = false) {
  mustache::data cell;
  cell.set("text", l10n::SanitizeText(text, l10n::LineBreaks::kToSpace));
  cell.set("linked", !href.empty());
  cell.set("href", href);
  cell.set("numeric", numeric);
  return cell;
}

// Column headers; `numeric` is right-aligned, `sorted` is the column the
// rows come sorted by (-1: none).
mustache::data Columns(const std::vector<std::string>& headers, int numeric, int sorted) {
  mustache::data columns = mustache::data::type::list;
  for (size_t i = 0; i < headers.size(); ++i) {
    mustache::data c;
    c.set("index", std::to_string(i));
    c.set("text", headers[i]);
    c.set("numeric", static_cast<int>(i) == numeric);
    c.set("sorted", static_cast<int>(i) == sorted);
    columns.push_back(c);
  }
  return columns;
}

std::string PageData::ReportUrl(const batch::BatchRecord& r) const {
  auto it = r.reports.find(Lang());
  if (it == r.reports.end()) return {};
  const std::string& path = format_ == LinkFormat::kHtml ? it->second.html : it->second.md;
  if (path.empty()) return {};
  return PathToUrl(RelativeTo(settings_.out_dir, r.results_folder, path));
}

std::string PageData::SeverityCell(SeverityRank rank) const {
  if (rank == SeverityRank::kNone) return catalog_.FormatText("index.cell.none");
  const std::string name = SeverityName(rank);
  return catalog_.FormatText("index.severity.symbol." + name) + " " +
         catalog_.FormatText("common.severity." + name);
}

std::string PageData::InputsNote() const {
  auto symbol = [this](const char* name) {
    return catalog_.FormatText(std::string("index.severity.symbol.") + name);
  };
  return catalog_.FormatText(
      "index.inputs.note",
      {{"critical", symbol("critical")}, {"warning", symbol("warning")}, {"info", symbol("info")}});
}

mustache::data PageData::Head() const {
  mustache::data d;
  d.set("title", Title());
  d.set("overview", catalog_.Format("index.overview", {{"inputs", int64_t{model_.inputs}},
                                                       {"ok", int64_t{model_.ok}},
                                                       {"partial", int64_t{model_.partial}},
                                                       {"errors", int64_t{model_.errors}},
                                                       {"traces", int64_t{model_.traces}},
                                                       {"profiles", int64_t{model_.profiles}}}));
  d.set("findings_heading", catalog_.FormatText("index.section.findings"));
  d.set("findings_none", catalog_.FormatText("index.findings.none"));
  mustache::data lines = mustache::data::type::list;
  for (const FindingAggregate& f : model_.findings) {
    const int total = f.kind == "trace"     ? model_.traces
                      : f.kind == "profile" ? model_.profiles
                                            : model_.inputs;
    mustache::data line;
    line.set("md", catalog_.Format("index.findings.line", {{"name", FindingName(f.id)},
                                                           {"count", int64_t{f.inputs}},
                                                           {"kind", f.kind},
                                                           {"total", int64_t{total}},
                                                           {"critical", int64_t{f.critical}},
                                                           {"warning", int64_t{f.warning}},
                                                           {"info", int64_t{f.info}}}));
    lines.push_back(line);
  }
  d.set("finding_lines", lines);
  d.set("worst_heading", catalog_.FormatText("index.section.worst"));
  mustache::data worst = mustache::data::type::list;
  for (const WorstValue& w : model_.worst) {
    mustache::data item;
    item.set("label", catalog_.FormatText("index.worst." + w.metric));
    item.set("known", w.value >= 0);
    item.set("unknown", catalog_.FormatText("index.worst.unknown"));
    std::string href, input;
    if (w.value >= 0) {
      const batch::BatchRecord& r = *model_.rows[w.row].record;
      item.set("value", l10n::FormatDuration(w.value, catalog_.language()));
      href = ReportUrl(r);
      input = l10n::SanitizeText(r.input, l10n::LineBreaks::kToSpace);
    }
    item.set("linked", !href.empty());
    item.set("href", href);
    item.set("input", input);
    worst.push_back(item);
  }
  d.set("worst", worst);
  return d;
}

mustache::data PageData::InputsTable() const {
  std::vector<std::string> headers;
  for (const char* key : {"index.column.input", "index.column.status", "index.column.kind",
                          "index.column.date", "index.column.duration", "index.column.severity"}) {
    headers.push_back(catalog_.FormatText(key));
  }
  for (const FindingAggregate& f : model_.findings) headers.push_back(FindingName(f.id));
  mustache::data table;
  table.set("columns", Columns(headers, kDuration, kWorst));
  mustache::data rows = mustache::data::type::list;
  const std::string none = catalog_.FormatText("index.cell.none");
  for (size_t i = 0; i < model_.rows.size(); ++i) {
    const IndexRow& row = model_.rows[i];
    const batch::BatchRecord& r = *row.record;
    mustache::data cells = mustache::data::type::list;
    cells.push_back(Cell(r.input, ReportUrl(r)));
    cells.push_back(Cell(catalog_.FormatText("index.status." + r.status)));
    cells.push_back(Cell(r.detail.empty() ? none : r.detail));
    cells.push_back(Cell(r.date.empty() ? none : r.date));
    cells.push_back(
        Cell(r.duration_ns < 0 ? none : l10n::FormatDuration(r.duration_ns, catalog_.language()),
             "", /*numeric=*/true));
    cells.push_back(Cell(r.status == "error" ? none : SeverityCell(row.worst)));
    for (const FindingAggregate& f : model_.findings) {
      auto it = row.by_finding.find(f.id);
      cells.push_back(
          Cell(SeverityCell(it == row.by_finding.end() ? SeverityRank::kNone : it->second)));
    }
    mustache::data tr;
    tr.set("index", std::to_string(i));
    tr.set("cells", cells);
    rows.push_back(tr);
  }
  table.set("rows", rows);
  return table;
}

mustache::data PageData::Errors() const {
  mustache::data d;
  if (model_.error_rows.empty()) return d;
  std::vector<std::string> headers;
  for (const char* key : {"index.column.input", "index.column.stage", "index.column.message",
                          "index.column.offset"}) {
    headers.push_back(catalog_.FormatText(key));
  }
  mustache::data table;
  table.set("columns", Columns(headers, /*numeric=*/3, /*sorted=*/-1));
  mustache::data rows = mustache::data::type::list;
  const std::string none = catalog_.FormatText("index.cell.none");
  for (size_t i : model_.error_rows) {
    const batch::BatchRecord& r = *model_.rows[i].record;
    mustache::data cells = mustache::data::type::list;
    cells.push_back(Cell(r.input));
    cells.push_back(Cell(r.error_stage.empty() ? none : r.error_stage));
    cells.push_back(Cell(r.error_message.empty() ? none : r.error_message));
    cells.push_back(Cell(r.error_offset < 0 ? none : std::to_string(r.error_offset), "", true));
    mustache::data tr;
    tr.set("cells", cells);
    rows.push_back(tr);
  }
  table.set("rows", rows);
  mustache::data errors;
  errors.set("heading", catalog_.FormatText("index.section.errors"));
  errors.set("table", table);
  d.set("errors", errors);
  return d;
}

Json PageData::SortKeys() const {
  Json rows = Json::array();
  for (const IndexRow& row : model_.rows) {
    const batch::BatchRecord& r = *row.record;
    Json keys = Json::array();
    keys.push_back(l10n::SanitizeText(r.input, l10n::LineBreaks::kToSpace));
    keys.push_back(r.status == "error" ? 2 : r.status == "partial" ? 1 : 0);
    keys.push_back(r.detail.empty() ? Json(nullptr) : Json(l10n::SanitizeText(r.detail)));
    const std::optional<int64_t> date = ParseRfc3339(r.date);
    keys.push_back(date ? Json(*date) : Json(nullptr));
    keys.push_back(r.duration_ns < 0 ? Json(nullptr) : Json(r.duration_ns));
    keys.push_back(r.status == "error" ? -1 : static_cast<int>(row.worst));
    for (const FindingAggregate& f : model_.findings) {
      auto it = row.by_finding.find(f.id);
      keys.push_back(it == row.by_finding.end() ? 0 : static_cast<int>(it->second));
    }
    rows.push_back(std::move(keys));
  }
  return Json{{"rows", std::move(rows)}};
}

// JSON that is inert inside a <script> element: '<', '>' and '&' only occur
// inside strings in JSON, where \u escapes mean the same characters.
std::string ScriptSafeJson(const Json& json) {
  const std::string text = json.dump(-1, ' ', false, Json::error_handler_t::replace);
  std::string out;
  for (char c : text) {
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

StatusOr<std::string> RenderIndexMarkdown(const IndexModel& model, const l10n::Catalog& catalog,
                                          const PageSettings& settings) {
  PageData page(model, catalog, settings, LinkFormat::kMarkdown);
  mustache::data d = page.Head();
  d.set("inputs_heading", catalog.FormatText("index.section.inputs"));
  d.set("inputs_note", page.InputsNote());
  d.set("inputs", page.InputsTable());
  const mustache::data errors = page.Errors();
  if (errors.get("errors") != nullptr) d.set("errors", *errors.get("errors"));
  ASSIGN_OR_RETURN(std::string markdown, render::RenderTemplate("index.md.mustache", d));
  return render::MarkdownToGfm(markdown);
}

StatusOr<std::string> RenderIndexHtml(const IndexModel& model, const l10n::Catalog& catalog,
                                      const PageSettings& settings) {
  PageData page(model, catalog, settings, LinkFormat::kHtml);
  ASSIGN_OR_RETURN(std::string head, render::RenderTemplate("index_head.md.mustache", page.Head()));
  ASSIGN_OR_RETURN(std::string errors,
                   render::RenderTemplate("index_errors.md.mustache", page.Errors()));
  const std::string_view script = l10n::EmbeddedFile("templates/index_sort.js");
  mustache::data d;
  d.set("title", page.Title());
  d.set("lang", l10n::LanguageCode(catalog.language()));
  d.set("generator", settings.generator);
  d.set("csp_script", CspHashSource(script));
  d.set("css", std::string(l10n::EmbeddedFile("templates/report.css")));
  d.set("index_css", std::string(l10n::EmbeddedFile("templates/index.css")));
  d.set("head_html", render::MarkdownToHtml(head));
  d.set("inputs_heading", catalog.FormatText("index.section.inputs"));
  d.set("inputs_note", page.InputsNote());
  d.set("sort_hint", catalog.FormatText("index.sort.hint"));
  d.set("inputs", page.InputsTable());
  d.set("errors_html", render::MarkdownToHtml(errors));
  d.set("sort_keys", ScriptSafeJson(page.SortKeys()));
  d.set("script", std::string(script));
  return render::RenderTemplate("index.html.mustache", d);
}

}  // namespace tracenote::index
