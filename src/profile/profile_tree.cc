// ComputeTree / ComputePeek / FormatTreeText: pprof's printTree.
#include "profile/profile_tree.h"

#include <re2/re2.h>

#include "profile/measurement.h"
#include "profile/view_util.h"

namespace tracenote::profile {
namespace {

constexpr std::string_view kSeparator =
    "----------------------------------------------------------+-------------";
constexpr std::string_view kLegend =
    "      flat  flat%   sum%        cum   cum%   calls calls% + context \t \t ";

StatusOr<TreeView> Compute(const model::Profile& profile, const RE2* rx,
                           const ViewOptions& options) {
  ASSIGN_OR_RETURN(ReportContext ctx, MakeReportContext(profile, options));
  NodeTable table(profile, MakeGraphOptions(options));
  const bool trim = rx == nullptr;
  int nodecount = options.nodecount < 0 ? 80 : options.nodecount;
  ViewOptions effective = options;
  if (!trim) {
    effective.nodefraction = 0;
    effective.edgefraction = 0;
  }
  TrimmedGraph tg = BuildTrimmedGraph(table, ctx.selection, effective, nodecount, trim);
  SelectOutputUnit(ctx, tg.graph);

  TreeView view;
  view.header_lines = ReportHeaderLines(profile, ctx, tg, effective);
  view.total = ctx.total;
  view.any_graph_nodes = !tg.graph.nodes.empty();
  const Graph& g = tg.graph;
  int64_t flat_sum = 0;
  bool any_match = false;
  for (const GraphNode& n : g.nodes) {
    const std::string& name = g.Name(n);
    if (rx != nullptr && !RE2::PartialMatch(name, *rx)) continue;
    any_match = true;
    TreeNodeRow row;
    static_cast<ValueColumns&>(row) = MakeValueColumns(ctx, n, &flat_sum);
    row.name = name;
    auto edge_row = [&](uint32_t e, bool caller) {
      const GraphEdge& edge = g.edges[e];
      TreeEdgeRow r;
      r.name = g.Name(caller ? edge.src : edge.dst);
      r.weight = edge.weight;  // pprof prints the raw sum here, even with -mean
      r.is_inline = edge.is_inline;
      r.weight_text = ctx.FormatValue(r.weight);
      r.percent = Percentage(r.weight, row.cum);
      return r;
    };
    for (uint32_t e : SortedEdges(g, n.in)) row.callers.push_back(edge_row(e, true));
    for (uint32_t e : SortedEdges(g, n.out)) row.callees.push_back(edge_row(e, false));
    view.nodes.push_back(std::move(row));
  }
  if (rx != nullptr && !any_match) {
    return InvalidArgumentError("no matches found for regexp: " + rx->pattern());
  }
  return view;
}

void AppendEdge(std::string& out, const TreeEdgeRow& e) {
  out += PadLeft(e.weight_text, 50);
  out += ' ';
  out += e.percent;
  out += " |   ";
  out += e.name;
  if (e.is_inline) out += " (inline)";
  out += '\n';
}

}  // namespace

StatusOr<TreeView> ComputeTree(const model::Profile& profile, const ViewOptions& options) {
  return Compute(profile, nullptr, options);
}

StatusOr<TreeView> ComputePeek(const model::Profile& profile, std::string_view regex,
                               const ViewOptions& options) {
  RE2 rx(regex, RE2::Quiet);
  if (!rx.ok()) {
    return InvalidArgumentError("parsing regexp \"" + std::string(regex) + "\": " + rx.error());
  }
  return Compute(profile, &rx, options);
}

std::string FormatTreeText(const TreeView& view) {
  std::string out;
  for (const std::string& line : view.header_lines) {
    out += line;
    out += '\n';
  }
  out += kSeparator;
  out += '\n';
  out += kLegend;
  out += '\n';
  for (const TreeNodeRow& n : view.nodes) {
    out += kSeparator;
    out += '\n';
    for (const TreeEdgeRow& e : n.callers) AppendEdge(out, e);
    AppendValueColumns(out, n);
    out += "                | ";
    out += n.name;
    out += '\n';
    for (const TreeEdgeRow& e : n.callees) AppendEdge(out, e);
  }
  if (view.any_graph_nodes) {
    out += kSeparator;
    out += '\n';
  }
  return out;
}

}  // namespace tracenote::profile
