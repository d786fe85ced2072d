// The scheduler latency histogram.
#include <algorithm>
#include <cmath>

#include "pictures/charts.h"

namespace tracenote::pictures {
namespace {

using analysis::LatencyHistogram;

// The lower edge of bucket i, exact (BucketLow truncates to whole ns).
double Edge(int i) { return std::pow(2.0, static_cast<double>(i) / LatencyHistogram::kPerOctave); }

struct Bar {
  int first_bucket = 0;
  int end_bucket = 0;  // exclusive
  uint64_t count = 0;
};

// Groups the occupied buckets into at most about kLatencyBars bars of equal
// bucket count, aligned to multiples of the group size so that the same
// latency falls into the same bar whatever else the trace holds.
std::vector<Bar> GroupBars(const LatencyHistogram& h) {
  int first = -1, last = -1;
  for (int i = 0; i < LatencyHistogram::kBuckets; ++i) {
    if (h.counts[i] == 0) continue;
    if (first < 0) first = i;
    last = i;
  }
  std::vector<Bar> bars;
  if (first < 0) return bars;
  const int span = last - first + 1;
  const int group = std::max(1, (span + kLatencyBars - 1) / kLatencyBars);
  for (int start = first - first % group; start <= last; start += group) {
    Bar b{start, std::min(start + group, LatencyHistogram::kBuckets), 0};
    for (int i = b.first_bucket; i < b.end_bucket; ++i) b.count += h.counts[i];
    bars.push_back(b);
  }
  return bars;
}

}  // namespace

std::string RenderSchedLatencySvg(const LatencyHistogram& histogram, const ChartText& text,
                                  const l10n::Catalog& catalog, const PictureOptions& options) {
  const std::vector<Bar> bars = GroupBars(histogram);
  if (bars.empty() || histogram.total == 0) {
    return RenderEmptyChart(text, catalog.FormatText("chart.empty.latency"), options);
  }
  uint64_t tallest = 0;
  for (const Bar& b : bars) tallest = std::max(tallest, b.count);
  AxisSpec x{Edge(bars.front().first_bucket), Edge(bars.back().end_bucket), true,
             ValueKind::kDuration, catalog.FormatText("chart.axis.sched_wait")};
  AxisSpec y{0, NiceCeiling(static_cast<double>(tallest)), false, ValueKind::kCount,
             catalog.FormatText("chart.axis.waits")};
  PictureCanvas canvas(options, text.width, text.height, text.title, text.description);
  ChartFrame frame(&canvas, text.title, x, y, catalog);
  frame.DrawLegend({{catalog.FormatText("chart.legend.waits"), "tnp-f0", true},
                    {catalog.FormatText("chart.legend.percentiles"), "tnp-ref", false}});
  frame.DrawAxes();
  render::SvgWriter& svg = canvas.svg();
  svg.Open("g", {{"class", "tnp-bars"}});
  for (const Bar& b : bars) {
    if (b.count == 0) continue;
    const double x0 = frame.X(Edge(b.first_bucket)), x1 = frame.X(Edge(b.end_bucket));
    const double y0 = frame.Y(static_cast<double>(b.count));
    const double width = std::max(x1 - x0 - 1, 0.5);
    svg.Open("rect", {{"x", Px(x0 + 0.5)},
                      {"y", Px(y0)},
                      {"width", Px(width)},
                      {"height", Px(std::max(frame.bottom() - y0, 0.5))},
                      {"class", "tnp-f0"}});
    const auto low = static_cast<int64_t>(std::llround(Edge(b.first_bucket)));
    const auto high = static_cast<int64_t>(std::llround(Edge(b.end_bucket)));
    svg.Element("title", {},
                catalog.FormatText("chart.latency.bar", {{"n", static_cast<int64_t>(b.count)},
                                                         {"low", l10n::Duration{low}},
                                                         {"high", l10n::Duration{high}}}));
    svg.Close();
  }
  svg.Close();
  // Percentile markers. Labels go along the top of the plot; one that would
  // overlap the previous label moves a line down.
  struct Marker {
    std::string label;
    int64_t value;
  };
  const std::vector<Marker> markers = {
      {"p50", histogram.Quantile(0.50)},
      {"p90", histogram.Quantile(0.90)},
      {"p99", histogram.Quantile(0.99)},
      {"max", histogram.max},
  };
  svg.Open("g", {{"class", "tnp-markers"}});
  double last_end = -1e9;
  int row = 0;
  for (const Marker& m : markers) {
    const l10n::MessageArgs args = {{"name", m.label}, {"value", l10n::Duration{m.value}}};
    const std::string label = m.label == "max"
                                  ? catalog.FormatText("chart.latency.max", args)
                                  : catalog.FormatText("chart.latency.percentile", args);
    const double px = frame.X(static_cast<double>(std::max<int64_t>(m.value, 1)));
    svg.Open("g", {});
    svg.Element("title", {}, label);
    svg.Empty("line", {{"x1", Px(px)},
                       {"y1", Px(frame.top())},
                       {"x2", Px(px)},
                       {"y2", Px(frame.bottom())},
                       {"class", "tnp-ref"}});
    const double w = TextWidth(label);
    // Right of the line, or left of it near the right edge.
    const bool left_side = px + 3 + w > frame.right();
    const double start = left_side ? px - 3 - w : px + 3;
    row = start < last_end + 4 ? row + 1 : 0;
    canvas.Label(left_side ? px - 3 : px + 3, frame.top() + 10 + 11 * row, label,
                 left_side ? "end" : "start", "tnp-small");
    last_end = std::max(last_end, start + w);
    svg.Close();
  }
  svg.Close();
  return canvas.Finish();
}

}  // namespace tracenote::pictures
