#include "pictures/picture_canvas.h"

#include <fmt/format.h>

#include <cmath>

namespace tracenote::pictures {
namespace {

// Light scheme first, then the dark overrides. No '>' or quotes: the sheet
// goes through the XML escaper and must read the same after it.
constexpr std::string_view kStyleSheet =
    ".tnp-text{font:11px sans-serif;fill:#222}"
    ".tnp-title{font:bold 13px sans-serif;fill:#222}"
    ".tnp-small{font:10px sans-serif;fill:#444}"
    ".tnp-on-fill{font:10px sans-serif;fill:#000}"
    ".tnp-axis{stroke:#555;stroke-width:1;fill:none}"
    ".tnp-grid{stroke:#ccc;stroke-width:0.5;fill:none}"
    ".tnp-lane{fill:#f2f2f2}"
    ".tnp-g0{fill:#77aadd}.tnp-g1{fill:#ee8866}.tnp-g2{fill:#eedd88}"
    ".tnp-g3{fill:#ffaabb}.tnp-g4{fill:#99ddff}.tnp-g5{fill:#44bb99}"
    ".tnp-g6{fill:#bbcc33}.tnp-g7{fill:#aaaa00}.tnp-g8{fill:#dddddd}"
    ".tnp-agg{fill:#999}"
    ".tnp-sys{fill:#fff;stroke:#222;stroke-width:1;stroke-dasharray:3 2}"
    ".tnp-gc{fill:#4477aa;fill-opacity:0.14}"
    ".tnp-stw{fill:#aa3377;fill-opacity:0.38}"
    ".tnp-mark{fill:#222;stroke:none}"
    ".tnp-mark-open{fill:none;stroke:#222;stroke-width:1.2}"
    ".tnp-hl{stroke:#000;stroke-width:2}"
    ".tnp-s0{stroke:#4477aa}.tnp-s1{stroke:#ee6677}.tnp-s2{stroke:#228833}.tnp-s3{stroke:#ccbb44}"
    ".tnp-f0{fill:#4477aa}.tnp-f1{fill:#ee6677}.tnp-f2{fill:#228833}.tnp-f3{fill:#ccbb44}"
    ".tnp-line{fill:none;stroke-width:1.6}"
    ".tnp-dash{stroke-dasharray:6 3}"
    ".tnp-dot{stroke-dasharray:1.5 2.5}"
    ".tnp-dashdot{stroke-dasharray:8 3 1.5 3}"
    ".tnp-ref{stroke:#222;stroke-width:1;stroke-dasharray:2 2;fill:none}"
    "@media (prefers-color-scheme:dark){"
    ".tnp-text,.tnp-title{fill:#e6e6e6}.tnp-small{fill:#bbb}"
    ".tnp-axis{stroke:#aaa}.tnp-grid{stroke:#444}.tnp-lane{fill:#2b2b2b}"
    ".tnp-agg{fill:#777}.tnp-sys{fill:#1e1e1e;stroke:#ddd}"
    ".tnp-gc{fill:#77aadd;fill-opacity:0.2}.tnp-stw{fill:#ee99cc;fill-opacity:0.4}"
    ".tnp-mark{fill:#eee}.tnp-mark-open{stroke:#eee}.tnp-hl{stroke:#fff}.tnp-ref{stroke:#ddd}"
    ".tnp-s0{stroke:#77aadd}.tnp-s1{stroke:#ff8899}.tnp-s2{stroke:#55bb66}.tnp-s3{stroke:#ddcc66}"
    ".tnp-f0{fill:#77aadd}.tnp-f1{fill:#ff8899}.tnp-f2{fill:#55bb66}.tnp-f3{fill:#ddcc66}"
    "}";

}  // namespace

std::string GoroutineClass(uint64_t g) {
  // A multiplicative hash spreads neighbouring ids over the palette.
  const uint64_t h = (g * 0x9E3779B97F4A7C15ULL) >> 32;
  return fmt::format("tnp-g{}", h % kGoroutineColors);
}

std::string SeriesClass(int k) { return fmt::format("tnp-s{}", k % kSeriesColors); }

std::string Px(double v) {
  const double r = std::round(v * 10.0) / 10.0;
  if (r == 0.0) return "0";
  if (r == std::floor(r)) return fmt::format("{:.0f}", r);
  return fmt::format("{:.1f}", r);
}

std::string_view PictureStyleSheet() { return kStyleSheet; }

PictureCanvas::PictureCanvas(const PictureOptions& options, int width, int height,
                             std::string_view title, std::string_view description)
    : options_(options), svg_(options.standalone), width_(width), height_(height) {
  const std::string w = std::to_string(width);
  const std::string h = std::to_string(height);
  const std::string view_box = "0 0 " + w + " " + h;
  const std::string title_id = Id("title");
  const std::string desc_id = Id("desc");
  const std::string labelled_by = title_id + " " + desc_id;
  svg_.Open("svg", {{"xmlns", "http://www.w3.org/2000/svg"},
                    {"class", "tnp-picture"},
                    {"width", w},
                    {"height", h},
                    {"viewBox", view_box},
                    {"role", "img"},
                    {"aria-labelledby", labelled_by}});
  svg_.Element("title", {{"id", title_id}}, title);
  svg_.Element("desc", {{"id", desc_id}}, description);
  svg_.Element("style", {}, PictureStyleSheet());
}

std::string PictureCanvas::Id(std::string_view suffix) const {
  return options_.id + "-" + std::string(suffix);
}

void PictureCanvas::Label(double x, double y, std::string_view text, std::string_view anchor,
                          std::string_view cls) {
  const std::string xs = Px(x);
  const std::string ys = Px(y);
  if (anchor == "start") {
    svg_.Element("text", {{"x", xs}, {"y", ys}, {"class", cls}}, text);
  } else {
    svg_.Element("text", {{"x", xs}, {"y", ys}, {"text-anchor", anchor}, {"class", cls}}, text);
  }
}

std::vector<double> NiceTicks(double lo, double hi, int max_ticks) {
  std::vector<double> ticks;
  if (!(hi > lo) || max_ticks < 1) {
    ticks.push_back(lo);
    return ticks;
  }
  const double raw = (hi - lo) / max_ticks;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  const double first = std::ceil(lo / step) * step;
  for (int i = 0; i <= max_ticks + 1; ++i) {
    const double v = first + i * step;
    if (v > hi + step * 1e-9) break;
    ticks.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
  }
  if (ticks.empty()) ticks.push_back(lo);
  return ticks;
}

}  // namespace tracenote::pictures
