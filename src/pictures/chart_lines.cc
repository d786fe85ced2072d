// The line charts: the MMU curve and the goroutine counts over time.
#include <algorithm>
#include <cmath>

#include "pictures/charts.h"

namespace tracenote::pictures {

std::string RenderMmuSvg(const std::vector<analysis::MmuPoint>& curve, const ChartText& text,
                         const l10n::Catalog& catalog, const PictureOptions& options) {
  if (curve.size() < 2) {
    return RenderEmptyChart(text, catalog.FormatText("chart.empty.mmu"), options);
  }
  AxisSpec x{static_cast<double>(curve.front().window_ns),
             static_cast<double>(curve.back().window_ns), true, ValueKind::kDuration,
             catalog.FormatText("chart.axis.window")};
  AxisSpec y{0, 100, false, ValueKind::kPercent, catalog.FormatText("chart.axis.utilization")};
  PictureCanvas canvas(options, text.width, text.height, text.title, text.description);
  ChartFrame frame(&canvas, text.title, x, y, catalog);
  frame.DrawLegend({{catalog.FormatText("chart.legend.mmu"), SeriesLineClass(0), false}});
  frame.DrawAxes();
  render::SvgWriter& svg = canvas.svg();
  std::string d;
  for (const analysis::MmuPoint& p : curve) {
    d += (d.empty() ? "M" : "L") + Px(frame.X(static_cast<double>(p.window_ns))) + " " +
         Px(frame.Y(100 * p.mmu));
  }
  svg.Open("g", {{"class", "tnp-series"}});
  svg.Empty("path", {{"d", d}, {"class", SeriesLineClass(0)}});
  for (const analysis::MmuPoint& p : curve) {
    svg.Open("circle", {{"cx", Px(frame.X(static_cast<double>(p.window_ns)))},
                        {"cy", Px(frame.Y(100 * p.mmu))},
                        {"r", "2"},
                        {"class", "tnp-f0"}});
    svg.Element("title", {},
                catalog.FormatText("chart.mmu.point", {{"window", l10n::Duration{p.window_ns}},
                                                       {"percent", l10n::Percent{100 * p.mmu}}}));
    svg.Close();
  }
  svg.Close();
  return canvas.Finish();
}

namespace {

using analysis::GoroutineCountBin;

// A step line of one count over the bins; a point only where it changes.
std::string CountPath(const analysis::GoroutineCounts& c, uint64_t GoroutineCountBin::*field,
                      const ChartFrame& f) {
  std::string d;
  uint64_t last = 0;
  for (size_t i = 0; i < c.bins.size(); ++i) {
    const uint64_t v = c.bins[i].*field;
    const std::string x = Px(f.X(static_cast<double>(c.bins[i].start)));
    if (i == 0) {
      d = "M" + x + " " + Px(f.Y(static_cast<double>(v)));
    } else if (v != last) {
      d += "H" + x + "V" + Px(f.Y(static_cast<double>(v)));
    }
    last = v;
  }
  d += "H" + Px(f.X(static_cast<double>(c.duration)));
  return d;
}

}  // namespace

std::string RenderGoroutineCountSvg(const analysis::GoroutineCounts& counts, const ChartText& text,
                                    const l10n::Catalog& catalog, const PictureOptions& options) {
  if (counts.bins.empty() || counts.max_alive == 0 || counts.duration <= 0) {
    return RenderEmptyChart(text, catalog.FormatText("chart.empty.goroutines"), options);
  }
  uint64_t max_syscall = 0;
  for (const GoroutineCountBin& b : counts.bins) max_syscall = std::max(max_syscall, b.syscall);
  AxisSpec x{0, static_cast<double>(counts.duration), false, ValueKind::kDuration,
             catalog.FormatText("chart.axis.time")};
  AxisSpec y{0, NiceCeiling(static_cast<double>(counts.max_alive)), false, ValueKind::kCount,
             catalog.FormatText("chart.axis.goroutines")};
  struct Series {
    const char* key;
    uint64_t GoroutineCountBin::*field;
    uint64_t peak;
  };
  std::vector<Series> series = {
      {"chart.legend.alive", &GoroutineCountBin::alive, counts.max_alive},
      {"chart.legend.runnable", &GoroutineCountBin::runnable, counts.max_runnable},
      {"chart.legend.running", &GoroutineCountBin::running, counts.max_running},
  };
  if (max_syscall > 0) {
    series.push_back({"chart.legend.syscall", &GoroutineCountBin::syscall, max_syscall});
  }
  PictureCanvas canvas(options, text.width, text.height, text.title, text.description);
  ChartFrame frame(&canvas, text.title, x, y, catalog);
  std::vector<LegendEntry> legend;
  for (size_t k = 0; k < series.size(); ++k) {
    legend.push_back(
        {catalog.FormatText(series[k].key), SeriesLineClass(static_cast<int>(k)), false});
  }
  frame.DrawLegend(legend);
  frame.DrawAxes();
  render::SvgWriter& svg = canvas.svg();
  svg.Open("g", {{"class", "tnp-series"}});
  for (size_t k = 0; k < series.size(); ++k) {
    svg.Open("path", {{"d", CountPath(counts, series[k].field, frame)},
                      {"class", SeriesLineClass(static_cast<int>(k))}});
    svg.Element(
        "title", {},
        catalog.FormatText("chart.goroutines.peak", {{"series", catalog.FormatText(series[k].key)},
                                                     {"n", static_cast<int64_t>(series[k].peak)}}));
    svg.Close();
  }
  svg.Close();
  return canvas.Finish();
}

}  // namespace tracenote::pictures
