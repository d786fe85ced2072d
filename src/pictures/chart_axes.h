// The parts every chart shares: its texts and size, the plot area with
// linear or logarithmic axes, ticks chosen with NiceTicks and labelled in
// the report's language (durations, bytes, percentages, counts), axis
// titles, a legend, and the picture shown when there is nothing to plot.
//
// Layout of a chart (width x height user units): the visible title on the
// first line, the legend on the second, then the plot area with the y tick
// labels on its left and the x tick labels and x axis title below it.
#ifndef TRACENOTE_SRC_PICTURES_CHART_AXES_H_
#define TRACENOTE_SRC_PICTURES_CHART_AXES_H_

#include <string>
#include <string_view>
#include <vector>

#include "l10n/catalog.h"
#include "pictures/picture_canvas.h"

namespace tracenote::pictures {

// What the caller says about a chart: title and description are plain,
// already localized text (the <title>/<desc> and the visible title); the
// size is in user units.
struct ChartText {
  std::string title;
  std::string description;
  int width = 800;
  int height = 260;
};

// How the values of an axis read.
enum class ValueKind { kDuration, kBytes, kPercent, kCount };

// One axis: the range shown (lo < hi; lo > 0 for a log axis), its scale, how
// its values are formatted, and its title (localized).
struct AxisSpec {
  double lo = 0;
  double hi = 1;
  bool log = false;
  ValueKind kind = ValueKind::kCount;
  std::string title;
};

// A value as a tick label: "10ms", "4.2MB", "50%", "1,024" (localized).
std::string FormatAxisValue(ValueKind kind, double value, l10n::Language lang);

// The smallest "nice" number (a tick of NiceTicks(0, x, 5)) at least `max`,
// to end a linear axis on a labelled tick; 1 for max <= 0.
double NiceCeiling(double max);

// The classes of series line k: "tnp-line tnp-s<k>" plus a dash pattern that
// differs for each of the first four series, so lines differ not by colour
// alone.
std::string SeriesLineClass(int k);

// One legend item: a line sample (with `cls` as its classes) or a filled
// swatch, and its label.
struct LegendEntry {
  std::string label;
  std::string cls;
  bool swatch = false;
};

// Contract: construct on a canvas (draws the visible title), then X()/Y()
// map data values to user units inside the plot area; DrawAxes() draws the
// grid, axes, tick labels and axis titles; DrawLegend() the legend line.
// Values outside an axis range are clamped to the plot area.
class ChartFrame {
 public:
  ChartFrame(PictureCanvas* canvas, std::string_view title, const AxisSpec& x, const AxisSpec& y,
             const l10n::Catalog& catalog);

  double X(double v) const;
  double Y(double v) const;
  double left() const { return left_; }
  double right() const { return right_; }
  double top() const { return top_; }
  double bottom() const { return bottom_; }

  void DrawAxes();
  void DrawLegend(const std::vector<LegendEntry>& entries);

 private:
  std::vector<double> Ticks(const AxisSpec& axis, double pixels, double spacing) const;

  PictureCanvas* canvas_;
  AxisSpec x_;
  AxisSpec y_;
  l10n::Language lang_;
  double left_ = 0, right_ = 0, top_ = 0, bottom_ = 0;
};

// A complete chart saying there is nothing to show: the frame, the title and
// `message` (localized) in the middle of an empty plot area.
std::string RenderEmptyChart(const ChartText& text, std::string_view message,
                             const PictureOptions& options);

// The approximate width of `text` in the 11px font (for layout only).
double TextWidth(std::string_view text);

}  // namespace tracenote::pictures

#endif  // TRACENOTE_SRC_PICTURES_CHART_AXES_H_
