#include "pictures/chart_axes.h"

#include <algorithm>
#include <cmath>

#include "l10n/units.h"

namespace tracenote::pictures {
namespace {

constexpr double kMarginLeft = 70;
constexpr double kMarginRight = 20;
constexpr double kMarginTop = 46;
constexpr double kMarginBottom = 38;
constexpr double kTitleBaseline = 16;
constexpr double kLegendBaseline = 33;

double Transform(const AxisSpec& a, double v) {
  if (!a.log) return v;
  return std::log10(std::max(v, a.lo > 0 ? a.lo : 1e-9));
}

}  // namespace

std::string FormatAxisValue(ValueKind kind, double value, l10n::Language lang) {
  switch (kind) {
    case ValueKind::kDuration:
      return l10n::FormatDuration(static_cast<int64_t>(std::llround(value)), lang);
    case ValueKind::kBytes:
      return l10n::FormatBytes(static_cast<uint64_t>(std::llround(std::max(value, 0.0))), lang);
    case ValueKind::kPercent:
      return l10n::FormatPercent(value, lang);
    case ValueKind::kCount:
      return l10n::FormatCount(static_cast<int64_t>(std::llround(value)), lang);
  }
  return "";
}

double NiceCeiling(double max) {
  if (!(max > 0)) return 1;
  const std::vector<double> ticks = NiceTicks(0, max, 5);
  if (ticks.size() < 2) return max;
  const double step = ticks[1] - ticks[0];
  return std::ceil(max / step - 1e-9) * step;
}

std::string SeriesLineClass(int k) {
  static constexpr std::string_view kDashes[] = {"", " tnp-dash", " tnp-dot", " tnp-dashdot"};
  return "tnp-line " + SeriesClass(k) + std::string(kDashes[k % 4]);
}

double TextWidth(std::string_view text) {
  size_t chars = 0;
  for (char c : text) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return 6.2 * static_cast<double>(chars);
}

ChartFrame::ChartFrame(PictureCanvas* canvas, std::string_view title, const AxisSpec& x,
                       const AxisSpec& y, const l10n::Catalog& catalog)
    : canvas_(canvas), x_(x), y_(y), lang_(catalog.language()) {
  left_ = kMarginLeft;
  right_ = canvas->width() - kMarginRight;
  top_ = kMarginTop;
  bottom_ = canvas->height() - kMarginBottom;
  if (right_ <= left_ + 10) right_ = left_ + 10;
  if (bottom_ <= top_ + 10) bottom_ = top_ + 10;
  canvas_->Label(8, kTitleBaseline, title, "start", "tnp-title");
}

double ChartFrame::X(double v) const {
  const double lo = Transform(x_, x_.lo), hi = Transform(x_, x_.hi);
  const double f = hi > lo ? (Transform(x_, v) - lo) / (hi - lo) : 0.0;
  return left_ + std::clamp(f, 0.0, 1.0) * (right_ - left_);
}

double ChartFrame::Y(double v) const {
  const double lo = Transform(y_, y_.lo), hi = Transform(y_, y_.hi);
  const double f = hi > lo ? (Transform(y_, v) - lo) / (hi - lo) : 0.0;
  return bottom_ - std::clamp(f, 0.0, 1.0) * (bottom_ - top_);
}

// At most one tick per `spacing` units. Linear axes take NiceTicks. Log axes take the powers of ten
// inside the range, or, when there are fewer than three, 1-2-5 multiples of them.
std::vector<double> ChartFrame::Ticks(const AxisSpec& axis, double pixels, double spacing) const {
  const int max_ticks = std::max(2, static_cast<int>(pixels / spacing));
  if (!axis.log) {
    std::vector<double> ticks = NiceTicks(axis.lo, axis.hi, max_ticks);
    // Counts are whole: no "0.5 goroutines" (which would read "1" twice).
    if (axis.kind == ValueKind::kCount) {
      std::erase_if(ticks, [](double v) { return v != std::floor(v); });
    }
    return ticks;
  }
  std::vector<double> ticks;
  const int e_lo = static_cast<int>(std::floor(std::log10(axis.lo)));
  const int e_hi = static_cast<int>(std::ceil(std::log10(axis.hi)));
  for (const std::vector<double>& mantissas :
       {std::vector<double>{1}, std::vector<double>{1, 2, 5}}) {
    ticks.clear();
    for (int e = e_lo; e <= e_hi; ++e) {
      for (double m : mantissas) {
        const double v = m * std::pow(10.0, e);
        if (v >= axis.lo * (1 - 1e-9) && v <= axis.hi * (1 + 1e-9)) ticks.push_back(v);
      }
    }
    if (ticks.size() >= 3) break;
  }
  // Thin out to what fits, keeping every k-th tick.
  const size_t keep = (ticks.size() + max_ticks - 1) / max_ticks;
  std::vector<double> out;
  for (size_t i = 0; i < ticks.size(); i += std::max<size_t>(keep, 1)) out.push_back(ticks[i]);
  if (out.empty()) out.push_back(axis.lo);
  return out;
}

void ChartFrame::DrawAxes() {
  render::SvgWriter& svg = canvas_->svg();
  svg.Open("g", {{"class", "tnp-axes"}});
  for (double v : Ticks(y_, bottom_ - top_, 40)) {
    const std::string y = Px(Y(v));
    svg.Empty("line",
              {{"x1", Px(left_)}, {"y1", y}, {"x2", Px(right_)}, {"y2", y}, {"class", "tnp-grid"}});
    canvas_->Label(left_ - 6, Y(v) + 4, FormatAxisValue(y_.kind, v, lang_), "end", "tnp-small");
  }
  const double label_y = bottom_ + 14;
  for (double v : Ticks(x_, right_ - left_, 80)) {
    const std::string x = Px(X(v));
    svg.Empty("line", {{"x1", x},
                       {"y1", Px(bottom_)},
                       {"x2", x},
                       {"y2", Px(bottom_ + 4)},
                       {"class", "tnp-axis"}});
    canvas_->Label(X(v), label_y, FormatAxisValue(x_.kind, v, lang_), "middle", "tnp-small");
  }
  const std::string path = "M" + Px(left_) + " " + Px(top_) + "V" + Px(bottom_) + "H" + Px(right_);
  svg.Empty("path", {{"d", path}, {"class", "tnp-axis"}});
  canvas_->Label((left_ + right_) / 2, canvas_->height() - 6, x_.title, "middle", "tnp-text");
  const double cy = (top_ + bottom_) / 2;
  const std::string rotate = "rotate(-90 12 " + Px(cy) + ")";
  svg.Element("text",
              {{"x", "12"},
               {"y", Px(cy)},
               {"transform", rotate},
               {"text-anchor", "middle"},
               {"class", "tnp-text"}},
              y_.title);
  svg.Close();
}

void ChartFrame::DrawLegend(const std::vector<LegendEntry>& entries) {
  render::SvgWriter& svg = canvas_->svg();
  svg.Open("g", {{"class", "tnp-legend"}});
  double x = left_;
  const double y = kLegendBaseline;
  for (const LegendEntry& e : entries) {
    if (e.swatch) {
      svg.Empty(
          "rect",
          {{"x", Px(x)}, {"y", Px(y - 9)}, {"width", "18"}, {"height", "10"}, {"class", e.cls}});
    } else {
      svg.Empty("line", {{"x1", Px(x)},
                         {"y1", Px(y - 4)},
                         {"x2", Px(x + 18)},
                         {"y2", Px(y - 4)},
                         {"class", e.cls}});
    }
    canvas_->Label(x + 23, y, e.label);
    x += 23 + TextWidth(e.label) + 16;
  }
  svg.Close();
}

std::string RenderEmptyChart(const ChartText& text, std::string_view message,
                             const PictureOptions& options) {
  PictureCanvas canvas(options, text.width, text.height, text.title, text.description);
  canvas.Label(8, kTitleBaseline, text.title, "start", "tnp-title");
  const double w = std::max(text.width - kMarginLeft - kMarginRight, 10.0);
  const double h = std::max(text.height - kMarginTop - kMarginBottom, 10.0);
  canvas.svg().Empty("rect", {{"x", Px(kMarginLeft)},
                              {"y", Px(kMarginTop)},
                              {"width", Px(w)},
                              {"height", Px(h)},
                              {"class", "tnp-lane"}});
  canvas.Label(kMarginLeft + w / 2, kMarginTop + h / 2 + 4, message, "middle", "tnp-text");
  return canvas.Finish();
}

}  // namespace tracenote::pictures
