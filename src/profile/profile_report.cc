// Header lines and value formatting shared by the text views (pprof's
// ProfileLabels, reportLabels, selectOutputUnit, formatValue).
#include "profile/profile_report.h"

#include <ctime>
#include <string>

#include "profile/measurement.h"
#include "profile/view_util.h"

namespace tracenote::profile {
namespace {

// Go's time.Unix(0, ns).Format("2006-01-02 15:04:05 MST") in the local zone.
std::string FormatTime(int64_t ns) {
  int64_t sec = ns / 1000000000;
  if (ns % 1000000000 < 0) --sec;
  std::time_t t = static_cast<std::time_t>(sec);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[128];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %Z", &tm);
  return buf;
}

}  // namespace

std::string ReportContext::FormatValue(int64_t v) const {
  return ScaledLabel(v, selection.unit, output_unit);
}

StatusOr<ReportContext> MakeReportContext(const model::Profile& profile,
                                          const ViewOptions& options) {
  ReportContext ctx;
  ASSIGN_OR_RETURN(ctx.selection, SelectSample(profile, options.sample_index, options.mean));
  ctx.total = ComputeTotal(profile, ctx.selection);
  ctx.output_unit = options.unit.empty() ? "minimum" : options.unit;
  return ctx;
}

void SelectOutputUnit(ReportContext& ctx, const Graph& graph) {
  if (ctx.output_unit != "minimum" || graph.nodes.empty()) return;
  int64_t min_value = 0;
  for (const GraphNode& n : graph.nodes) {
    int64_t node_min = Abs(n.FlatValue());
    if (node_min == 0) node_min = Abs(n.CumValue());
    if (node_min > 0 && (min_value == 0 || node_min < min_value)) min_value = node_min;
  }
  ctx.output_unit = ChooseMinimumUnit(min_value, ctx.total, ctx.selection.unit);
}

ValueColumns MakeValueColumns(const ReportContext& ctx, const GraphNode& n, int64_t* flat_sum) {
  ValueColumns c;
  c.flat = n.FlatValue();
  c.cum = n.CumValue();
  *flat_sum += c.flat;
  c.flat_text = ctx.FormatValue(c.flat);
  c.cum_text = ctx.FormatValue(c.cum);
  c.flat_percent = Percentage(c.flat, ctx.total);
  c.sum_percent = Percentage(*flat_sum, ctx.total);
  c.cum_percent = Percentage(c.cum, ctx.total);
  return c;
}

void AppendValueColumns(std::string& out, const ValueColumns& c) {
  out += PadLeft(c.flat_text, 10);
  out += ' ';
  out += c.flat_percent;
  out += ' ';
  out += c.sum_percent;
  out += ' ';
  out += PadLeft(c.cum_text, 10);
  out += ' ';
  out += c.cum_percent;
}

std::vector<std::string> ProfileHeaderLines(const model::Profile& p, const ReportContext& ctx) {
  std::vector<std::string> out;
  if (!p.mappings.empty()) {
    std::string_view file = p.str(p.mappings[0].filename_str);
    if (!file.empty()) out.push_back("File: " + std::string(BaseName(file)));
    std::string_view build_id = p.str(p.mappings[0].build_id_str);
    if (!build_id.empty()) out.push_back("Build ID: " + std::string(build_id));
  }
  for (uint32_t c : p.comments) {
    std::string_view comment = p.str(c);
    if (!comment.empty() && comment[0] == '#') continue;
    out.emplace_back(comment);
  }
  if (!ctx.selection.type.empty()) out.push_back("Type: " + ctx.selection.type);
  if (p.doc_url_str != 0 && !p.str(p.doc_url_str).empty()) {
    out.push_back("Doc: " + std::string(p.str(p.doc_url_str)));
  }
  if (p.time_nanos != 0) out.push_back("Time: " + FormatTime(p.time_nanos));
  if (p.duration_nanos != 0) {
    std::string duration = AutoLabel(p.duration_nanos, "nanoseconds");
    ScaledValue total_ns = Scale(ctx.total, ctx.selection.unit, "nanoseconds");
    std::string ratio;
    if (total_ns.unit == "ns" && total_ns.value != 0) {
      ratio = "(" + Percentage(static_cast<int64_t>(total_ns.value), p.duration_nanos) + ")";
    }
    out.push_back("Duration: " + duration + ", Total samples = " + ctx.FormatValue(ctx.total) +
                  " " + ratio);
  }
  return out;
}

std::vector<std::string> ReportHeaderLines(const model::Profile& p, const ReportContext& ctx,
                                           const TrimmedGraph& tg, const ViewOptions& options) {
  std::vector<std::string> out;
  if (!options.compact_labels) out = ProfileHeaderLines(p, ctx);
  int64_t shown = 0;
  for (const GraphNode& n : tg.graph.nodes) shown += n.FlatValue();
  std::string pct = Percentage(shown, ctx.total);
  size_t b = pct.find_first_not_of(' ');
  pct = b == std::string::npos ? "" : pct.substr(b);
  out.push_back("Showing nodes accounting for " + ctx.FormatValue(shown) + ", " + pct + " of " +
                ctx.FormatValue(ctx.total) + " total");
  if (ctx.total != 0) {
    if (tg.dropped_nodes > 0) {
      double x = static_cast<double>(ctx.total) * options.nodefraction;
      out.push_back("Dropped " + std::to_string(tg.dropped_nodes) +
                    (tg.dropped_nodes > 1 ? " nodes" : " node") +
                    " (cum <= " + ctx.FormatValue(Abs(static_cast<int64_t>(x))) + ")");
    }
    int node_count = static_cast<int>(tg.graph.nodes.size());
    if (node_count > 0 && node_count < tg.orig_count) {
      out.push_back("Showing top " + std::to_string(node_count) + " nodes out of " +
                    std::to_string(tg.orig_count));
    }
  }
  return out;
}

}  // namespace tracenote::profile
