#include "report/ticket_document.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <utility>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "l10n/text_escape.h"
#include "render/template.h"
#include "report/profile_sections.h"

namespace tracenote::report {

namespace {

using kainjow::mustache::data;
using l10n::MessageArgs;

// One finding of the ticket and where it came from.
struct TicketFinding {
  const analysis::Finding* finding = nullptr;
  const model::Tables* tables = nullptr;  // the trace's, for evidence stacks; null for profiles
  std::string source_md;                  // "" when the report has a single input
};

// `text` cut to `max` code points, the last of them an ellipsis. Counts
// UTF-8 lead bytes, so a cut never splits a character; invalid bytes are
// left to the escaping, which replaces them.
std::string Shorten(std::string_view text, size_t max) {
  size_t points = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++points == max && max > 0) {
      size_t end = i + 1;
      while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
      if (end < text.size()) return std::string(text.substr(0, i)) + "…";
    }
  }
  return std::string(text);
}

// The arguments with every text value (names from the input) shortened.
MessageArgs ShortArgs(const MessageArgs& args, size_t max) {
  MessageArgs out = args;
  for (auto& [name, value] : out) {
    if (auto* t = std::get_if<l10n::TraceText>(&value)) t->text = Shorten(t->text, max);
    if (auto* s = std::get_if<std::string>(&value)) *s = Shorten(*s, max);
  }
  return out;
}

// The innermost frame's function of a stack, skipping the frame of an
// asynchronous preemption (as the report does); "" when there is none.
std::string Function(model::StackId stack, const model::Tables& t) {
  auto frames = t.stacks.Get(stack);
  size_t i = 0;
  while (i + 1 < frames.size() &&
         t.strings.Get(frames[i].func).rfind("runtime.asyncPreempt", 0) == 0) {
    ++i;
  }
  return frames.empty() ? std::string() : std::string(t.strings.Get(frames[i].func));
}

// Every finding of the report, the most severe first; within a severity the
// trace's before the profiles', each in its detectors' order.
std::vector<TicketFinding> CollectFindings(const ReportInput& in, const l10n::Catalog& c,
                                           size_t max_name) {
  const size_t profiles = in.profiles == nullptr ? 0 : in.profiles->size();
  const bool name_sources = (in.analysis != nullptr ? 1 : 0) + profiles > 1;
  std::vector<TicketFinding> out;
  if (in.analysis != nullptr && in.findings != nullptr) {
    const std::string source =
        name_sources ? l10n::MarkdownCode(Shorten(Basename(in.file), max_name)) : "";
    for (const analysis::Finding& f : *in.findings) {
      out.push_back({&f, in.analysis->tables, source});
    }
  }
  for (size_t i = 0; i < profiles; ++i) {
    const ProfileEntry& e = (*in.profiles)[i];
    std::string source;
    if (name_sources) {
      source = e.from_trace ? c.Format("ticket.source.trace_cpu")
                            : l10n::MarkdownCode(Shorten(Basename(e.file), max_name));
    }
    for (const analysis::ProfileFinding& f : e.findings)
      out.push_back({&f.finding, nullptr, source});
  }
  std::stable_sort(out.begin(), out.end(), [](const TicketFinding& a, const TicketFinding& b) {
    return a.finding->severity > b.finding->severity;
  });
  return out;
}

// One finding as ticket_item.md.mustache's data.
data Item(const TicketFinding& tf, const l10n::Catalog& c, const TicketOptions& o,
          size_t evidence_lines) {
  const analysis::Finding& f = *tf.finding;
  const std::string severity = analysis::SeverityName(f.severity);
  data item;
  item.set("symbol", c.FormatText("ticket.severity.symbol." + severity));
  item.set("severity", c.FormatText("common.severity." + severity));
  item.set("headline", c.Format(f.title, ShortArgs(f.args, o.max_name)));
  if (!tf.source_md.empty()) item.set("source", tf.source_md);
  data evidence = data::type::list;
  for (size_t i = 0; i < f.evidence.size() && i < evidence_lines; ++i) {
    const analysis::Evidence& e = f.evidence[i];
    std::string md = c.Format(e.message, ShortArgs(e.args, o.max_name));
    if (e.time != analysis::kUnknownTime) {
      md += " (" + c.Format("findings.evidence.at_time", {{"time", l10n::Duration{e.time}}}) + ")";
    }
    const std::string func = tf.tables != nullptr ? Function(e.stack, *tf.tables) : "";
    if (!func.empty()) md += " — " + l10n::MarkdownCode(Shorten(func, o.max_name));
    data row;
    row.set("md", md);
    evidence.push_back(row);
  }
  item.set("evidence", evidence);
  return item;
}

// The summary line: inputs, what they are, duration, counts, partial.
std::string Summary(const ReportInput& in, const std::vector<TicketFinding>& findings,
                    const l10n::Catalog& c, const TicketOptions& o) {
  std::vector<std::string> files, what;
  int64_t duration = 0;
  if (in.analysis != nullptr) {
    files.push_back(Shorten(Basename(in.file), o.max_name));
    what.push_back(
        c.FormatText("ticket.what.trace", {{"go_version", in.analysis->info.VersionString()}}));
    duration = in.analysis->end_time;
  }
  if (in.profiles != nullptr) {
    for (const ProfileEntry& e : *in.profiles) {
      if (!e.from_trace) files.push_back(Shorten(Basename(e.file), o.max_name));
      const std::string kind = e.from_trace ? "trace_cpu" : analysis::ProfileKindName(e.kind);
      what.push_back(c.FormatText("profile.kind", {{"kind", kind}}));
      if (in.analysis == nullptr) duration = std::max(duration, e.profile.duration_nanos);
    }
  }
  auto join = [](const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
    return out;
  };
  int64_t counts[3] = {0, 0, 0};
  for (const TicketFinding& tf : findings) ++counts[static_cast<int>(tf.finding->severity)];
  std::vector<std::string> by_severity;
  for (int s = 2; s >= 0; --s) {
    if (counts[s] == 0) continue;
    by_severity.push_back(c.FormatText(
        std::string("ticket.count.") + analysis::SeverityName(static_cast<analysis::Severity>(s)),
        {{"count", counts[s]}}));
  }
  const std::string counted = findings.empty()
                                  ? c.FormatText("ticket.findings.none")
                                  : c.FormatText("ticket.findings.counts",
                                                 {{"total", static_cast<int64_t>(findings.size())},
                                                  {"by_severity", join(by_severity)}});
  const bool partial = in.analysis != nullptr && in.analysis->info.partial;
  MessageArgs args = {{"files", join(files)},
                      {"what", join(what)},
                      {"findings", counted},
                      {"partial", std::string(partial ? "yes" : "no")}};
  if (duration <= 0) return c.Format("ticket.summary.no_duration", args);
  args["duration"] = l10n::Duration{duration};
  return c.Format("ticket.summary", args);
}

// The data-quality line's text ("" when there is nothing to say).
std::string Quality(const ReportInput& in, const l10n::Catalog& c, const TicketOptions& o) {
  std::vector<std::string> parts;
  auto anomalies = [&](const std::vector<model::Anomaly>& list, const std::string& file) {
    if (list.empty()) return;
    std::string ids;
    for (const model::Anomaly& an : list) ids += (ids.empty() ? "" : ", ") + an.id;
    parts.push_back(
        c.Format("ticket.quality.anomalies", {{"count", static_cast<int64_t>(list.size())},
                                              {"file", Shorten(Basename(file), o.max_name)},
                                              {"ids", Shorten(ids, o.max_name)}}));
  };
  if (in.analysis != nullptr) {
    const model::TraceInfo& info = in.analysis->info;
    if (info.partial) {
      parts.push_back(c.Format("ticket.quality.partial",
                               {{"reason", Shorten(info.partial_reason, o.max_name)}}));
    }
    anomalies(info.anomalies, in.file);
    if (in.analysis->evidence_truncated)
      parts.push_back(c.Format("ticket.quality.evidence_truncated"));
  }
  if (in.profiles != nullptr) {
    for (const ProfileEntry& e : *in.profiles) {
      if (!e.from_trace) anomalies(e.profile.anomalies, e.file);
    }
  }
  std::string text;
  for (const std::string& p : parts) text += (text.empty() ? "" : "; ") + p;
  return text;
}

// cmark-gfm pass ///////////////////////////////////////////////////////////

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};

// Link destinations a ticket must not carry (cmark's own rule, as in
// render/markdown.cc): script schemes, file:, and data: other than images.
bool IsDangerousUrl(std::string_view url) {
  std::string u;
  for (size_t i = 0; i < url.size() && i < 16; ++i) {
    u.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(url[i]))));
  }
  auto starts = [&u](std::string_view prefix) { return u.rfind(prefix, 0) == 0; };
  if (starts("data:")) {
    return !(starts("data:image/png") || starts("data:image/gif") || starts("data:image/jpeg") ||
             starts("data:image/webp"));
  }
  return starts("javascript:") || starts("vbscript:") || starts("file:");
}

// Parses the template's Markdown with the GFM extensions, keeps only the
// HTML blocks whose text is one of `allowed` (each at most once, directly
// under the document), drops every other HTML node and dangerous link
// destination, and renders the tree back as GFM. An error when an allowed
// block is missing: the template and the code disagree.
StatusOr<std::string> NormalizeTicket(std::string_view markdown,
                                      const std::vector<std::string>& allowed) {
  cmark_gfm_core_extensions_ensure_registered();
  std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(CMARK_OPT_DEFAULT));
  for (const char* name : {"table", "strikethrough", "autolink", "tagfilter"}) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser.get(), ext);
    }
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, NodeDeleter> doc(cmark_parser_finish(parser.get()));
  std::vector<bool> seen(allowed.size(), false);
  std::vector<cmark_node*> drop;
  cmark_iter* iter = cmark_iter_new(doc.get());
  cmark_event_type ev;
  while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* node = cmark_iter_get_node(iter);
    const cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE) {
      const char* literal = cmark_node_get_literal(node);
      auto it = std::find(allowed.begin(), allowed.end(), literal == nullptr ? "" : literal);
      const size_t i = static_cast<size_t>(it - allowed.begin());
      const bool keep = type == CMARK_NODE_HTML_BLOCK && it != allowed.end() && !seen[i] &&
                        cmark_node_parent(node) == doc.get();
      if (keep) seen[i] = true;
      if (!keep) drop.push_back(node);
    } else if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
      const char* url = cmark_node_get_url(node);
      if (url != nullptr && IsDangerousUrl(url)) cmark_node_set_url(node, "");
    }
  }
  cmark_iter_free(iter);
  for (cmark_node* node : drop) cmark_node_free(node);  // unlinks it too
  if (std::find(seen.begin(), seen.end(), false) != seen.end()) {
    return Status(StatusCode::kInternal,
                  "ticket: the template's <details> block is not where it should be");
  }
  char* text = cmark_render_commonmark(doc.get(), CMARK_OPT_DEFAULT, /*width=*/0);
  std::string out = text == nullptr ? std::string() : std::string(text);
  std::free(text);
  return out;
}

}  // namespace

StatusOr<std::string> RenderTicket(const ReportInput& in, const l10n::Catalog& c,
                                   const TicketOptions& o) {
  if (in.analysis == nullptr && (in.profiles == nullptr || in.profiles->empty())) {
    return InvalidArgumentError("a ticket needs a trace or a profile");
  }
  const std::vector<TicketFinding> findings = CollectFindings(in, c, o.max_name);
  data d;
  d.set("summary", Summary(in, findings, c, o));
  data top = data::type::list;
  for (size_t i = 0; i < findings.size() && i < o.top; ++i) {
    top.push_back(Item(findings[i], c, o, o.evidence_lines));
  }
  d.set("top", top);
  std::vector<std::string> allowed_html;
  if (findings.size() > o.top) {
    const size_t more = findings.size() - o.top;
    const std::string summary_html =
        l10n::EscapeHtml(c.FormatText("ticket.more", {{"count", static_cast<int64_t>(more)}}));
    data rest;
    rest.set("summary_html", summary_html);
    data items = data::type::list;
    for (size_t i = o.top; i < findings.size() && i - o.top < o.max_rest; ++i) {
      items.push_back(Item(findings[i], c, o, 0));
    }
    rest.set("items", items);
    if (more > o.max_rest) {
      rest.set("cut",
               c.Format("ticket.more.cut", {{"count", static_cast<int64_t>(more - o.max_rest)}}));
    }
    d.set("rest", rest);
    // The exact HTML blocks templates/ticket.md.mustache writes.
    allowed_html = {"<details>\n<summary>" + summary_html + "</summary>\n", "</details>\n"};
  }
  if (std::string quality = Quality(in, c, o); !quality.empty()) {
    data q;
    q.set("heading", c.FormatText("ticket.quality.heading"));
    q.set("text", quality);
    d.set("quality", q);
  }
  d.set("reproduce", c.Format("ticket.reproduce"));
  d.set("command", l10n::MarkdownCodeBlock(o.command, "sh"));
  ASSIGN_OR_RETURN(std::string markdown, render::RenderTemplate("ticket.md.mustache", d));
  return NormalizeTicket(markdown, allowed_html);
}

std::string ShellQuote(std::string_view arg) {
  const bool plain = !arg.empty() && std::all_of(arg.begin(), arg.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           std::string_view("@%+=:,./_-").find(ch) != std::string_view::npos;
  });
  if (plain) return std::string(arg);
  std::string out = "'";
  for (char ch : arg) {
    if (ch == '\'') {
      out += "'\\''";
    } else {
      out += ch;
    }
  }
  return out + "'";
}

std::string ShellCommandLine(const std::vector<std::string>& args) {
  std::string out;
  for (const std::string& a : args) out += (out.empty() ? "" : " ") + ShellQuote(a);
  return out;
}

}  // namespace tracenote::report
