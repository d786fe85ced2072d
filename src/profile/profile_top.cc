// ComputeTop / FormatTopText: pprof's TextItems and printText.
#include "profile/profile_top.h"

#include "profile/measurement.h"
#include "profile/profile_report.h"

namespace tracenote::profile {
namespace {

// Go's %Ns: pads by runes, not bytes.
std::string PadLeft(const std::string& s, size_t width) {
  size_t runes = 0;
  for (unsigned char c : s) runes += (c & 0xC0) != 0x80;
  return runes >= width ? s : std::string(width - runes, ' ') + s;
}

}  // namespace

StatusOr<TopView> ComputeTop(const model::Profile& profile, const ViewOptions& options) {
  ASSIGN_OR_RETURN(ReportContext ctx, MakeReportContext(profile, options));
  GraphOptions gopt;
  gopt.granularity = options.granularity;
  gopt.noinlines = options.noinlines;
  gopt.trim_path = options.trim_path;
  gopt.source_path = options.source_path;
  NodeTable table(profile, gopt);
  int nodecount = options.nodecount < 0 ? 0 : options.nodecount;
  TrimmedGraph tg = BuildTrimmedGraph(table, ctx.selection, options, nodecount, true);
  SelectOutputUnit(ctx, tg.graph);

  TopView view;
  view.header_lines = ReportHeaderLines(profile, ctx, tg, options);
  view.total = ctx.total;
  view.sample_type = ctx.selection.type;
  view.sample_unit = ctx.selection.unit;
  view.output_unit = ctx.output_unit;
  int64_t flat_sum = 0;
  view.rows.reserve(tg.graph.nodes.size());
  for (const GraphNode& n : tg.graph.nodes) {
    TopRow row;
    row.name = tg.graph.Name(n);
    bool inl = false, noinl = false;
    for (uint32_t e : n.in) {
      const GraphEdge& edge = tg.graph.edges[e];
      if (edge.removed) continue;
      (edge.is_inline ? inl : noinl) = true;
    }
    if (inl) row.inline_kind = noinl ? InlineKind::kPartialInline : InlineKind::kInline;
    row.flat = n.FlatValue();
    row.cum = n.CumValue();
    flat_sum += row.flat;
    row.flat_text = ctx.FormatValue(row.flat);
    row.cum_text = ctx.FormatValue(row.cum);
    row.flat_percent = Percentage(row.flat, ctx.total);
    row.sum_percent = Percentage(flat_sum, ctx.total);
    row.cum_percent = Percentage(row.cum, ctx.total);
    view.rows.push_back(std::move(row));
  }
  return view;
}

std::string FormatTopText(const TopView& view) {
  std::string out;
  for (const std::string& line : view.header_lines) {
    out += line;
    out += '\n';
  }
  out += "      flat  flat%   sum%        cum   cum%\n";
  for (const TopRow& r : view.rows) {
    out += PadLeft(r.flat_text, 10);
    out += ' ';
    out += r.flat_percent;
    out += ' ';
    out += r.sum_percent;
    out += ' ';
    out += PadLeft(r.cum_text, 10);
    out += ' ';
    out += r.cum_percent;
    out += "  ";
    out += r.name;
    if (r.inline_kind == InlineKind::kInline) out += " (inline)";
    if (r.inline_kind == InlineKind::kPartialInline) out += " (partial-inline)";
    out += '\n';
  }
  return out;
}

}  // namespace tracenote::profile
