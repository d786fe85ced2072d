// ComputeTop / FormatTopText: pprof's TextItems and printText.
#include "profile/profile_top.h"

namespace tracenote::profile {

StatusOr<TopView> ComputeTop(const model::Profile& profile, const ViewOptions& options) {
  ASSIGN_OR_RETURN(ReportContext ctx, MakeReportContext(profile, options));
  NodeTable table(profile, MakeGraphOptions(options));
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
    static_cast<ValueColumns&>(row) = MakeValueColumns(ctx, n, &flat_sum);
    row.name = tg.graph.Name(n);
    bool inl = false, noinl = false;
    for (uint32_t e : n.in) {
      const GraphEdge& edge = tg.graph.edges[e];
      if (edge.removed) continue;
      (edge.is_inline ? inl : noinl) = true;
    }
    if (inl) row.inline_kind = noinl ? InlineKind::kPartialInline : InlineKind::kInline;
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
    AppendValueColumns(out, r);
    out += "  ";
    out += r.name;
    if (r.inline_kind == InlineKind::kInline) out += " (inline)";
    if (r.inline_kind == InlineKind::kPartialInline) out += " (partial-inline)";
    out += '\n';
  }
  return out;
}

}  // namespace tracenote::profile
