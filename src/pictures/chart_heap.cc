// Heap in use and heap goal over time, with GC cycles and stop-the-world
// pauses as bands.
#include <algorithm>

#include "pictures/charts.h"

namespace tracenote::pictures {
namespace {

using analysis::MetricPoint;

// A step line through `points` (each value holds until the next point, the
// last until `end`), as an SVG path.
std::string StepPath(const std::vector<MetricPoint>& points, int64_t end, const ChartFrame& f) {
  std::string d;
  for (size_t i = 0; i < points.size(); ++i) {
    const double x = f.X(static_cast<double>(points[i].time));
    const double y = f.Y(static_cast<double>(points[i].value));
    d += i == 0 ? "M" + Px(x) + " " + Px(y) : "H" + Px(x) + "V" + Px(y);
  }
  if (!points.empty()) d += "H" + Px(f.X(static_cast<double>(end)));
  return d;
}

// A band over the plot's height from time a to b, at least one unit wide.
void Band(render::SvgWriter& svg, const ChartFrame& f, int64_t a, int64_t b, std::string_view cls,
          const std::string& title) {
  const double x0 = f.X(static_cast<double>(a));
  const double x1 = std::max(f.X(static_cast<double>(b)), x0 + 1);
  svg.Open("rect", {{"x", Px(x0)},
                    {"y", Px(f.top())},
                    {"width", Px(x1 - x0)},
                    {"height", Px(f.bottom() - f.top())},
                    {"class", cls}});
  svg.Element("title", {}, title);
  svg.Close();
}

}  // namespace

std::string RenderHeapSvg(const analysis::TraceAnalysis& analysis, const ChartText& text,
                          const l10n::Catalog& catalog, const PictureOptions& options) {
  const int64_t end = analysis.end_time;
  if ((analysis.heap_live.empty() && analysis.heap_goal.empty()) || end <= 0) {
    return RenderEmptyChart(text, catalog.FormatText("chart.empty.heap"), options);
  }
  uint64_t top = 0;
  for (const MetricPoint& p : analysis.heap_live) top = std::max(top, p.value);
  for (const MetricPoint& p : analysis.heap_goal) top = std::max(top, p.value);
  AxisSpec x{0, static_cast<double>(end), false, ValueKind::kDuration,
             catalog.FormatText("chart.axis.time")};
  AxisSpec y{0, NiceCeiling(static_cast<double>(top)), false, ValueKind::kBytes,
             catalog.FormatText("chart.axis.heap")};
  PictureCanvas canvas(options, text.width, text.height, text.title, text.description);
  ChartFrame frame(&canvas, text.title, x, y, catalog);
  frame.DrawLegend({{catalog.FormatText("chart.legend.heap_live"), SeriesLineClass(0), false},
                    {catalog.FormatText("chart.legend.heap_goal"), SeriesLineClass(1), false},
                    {catalog.FormatText("chart.legend.gc"), "tnp-gc", true},
                    {catalog.FormatText("chart.legend.stw"), "tnp-stw", true}});
  render::SvgWriter& svg = canvas.svg();
  svg.Open("g", {{"class", "tnp-gc-bands"}});
  for (const analysis::GcCycle& c : analysis.gc_cycles) {
    const bool done = c.end != analysis::kUnknownTime;
    const l10n::MessageArgs args = {{"seq", static_cast<int64_t>(c.seq)},
                                    {"before", l10n::Bytes{c.heap_before}},
                                    {"after", l10n::Bytes{c.heap_after}},
                                    {"duration", l10n::Duration{done ? c.end - c.start : 0}}};
    Band(svg, frame, c.start, done ? c.end : end, "tnp-gc",
         catalog.FormatText(done ? "chart.heap.gc" : "chart.heap.gc_unfinished", args));
  }
  svg.Close();
  svg.Open("g", {{"class", "tnp-stw-bands"}});
  for (const analysis::StwPause& p : analysis.stw_pauses) {
    const bool done = p.end != analysis::kUnknownTime;
    Band(svg, frame, p.start, done ? p.end : end, "tnp-stw",
         catalog.FormatText("chart.heap.stw", {{"duration", l10n::Duration{p.duration()}}}));
  }
  svg.Close();
  frame.DrawAxes();
  svg.Open("g", {{"class", "tnp-series"}});
  if (!analysis.heap_goal.empty()) {
    svg.Empty("path",
              {{"d", StepPath(analysis.heap_goal, end, frame)}, {"class", SeriesLineClass(1)}});
  }
  if (!analysis.heap_live.empty()) {
    svg.Empty("path",
              {{"d", StepPath(analysis.heap_live, end, frame)}, {"class", SeriesLineClass(0)}});
  }
  svg.Close();
  return canvas.Finish();
}

}  // namespace tracenote::pictures
