// The frame every tracenote picture shares: an SVG root that is accessible
// (role="img", a <title> and a <desc> named by aria-labelledby), one style
// sheet for light and dark page schemes, and a colour-blind-safe palette.
//
// Colours are classes, never inline fills, so one sheet decides them for
// both schemes. The sheet is the same in every picture: inlined into one
// HTML page, several copies of it are harmless (CSS in an inline SVG
// applies to the whole page, hence the `tnp-` prefix on every class).
// Meaning is never carried by colour alone: goroutine slices are labelled,
// GC and stop-the-world bands are labelled and differ in opacity, marks
// differ in shape (triangle: preempted, circle: woken, square: syscall).
//
// Palettes are Paul Tol's (https://personal.sron.nl/~pault/): "light" for
// goroutine slices (black text reads on every fill) and "bright" for chart
// series, which stay distinguishable for the common kinds of colour
// blindness; series also differ by dash pattern.
#ifndef TRACENOTE_SRC_PICTURES_PICTURE_CANVAS_H_
#define TRACENOTE_SRC_PICTURES_PICTURE_CANVAS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "render/svg_writer.h"

namespace tracenote::pictures {

// How a picture will be used.
struct PictureOptions {
  // Unique among the pictures of one page: element ids are made from it
  // ("timeline" -> "timeline-title"). Letters, digits and '-' only.
  std::string id = "picture";
  bool standalone = true;  // a file of its own (XML declaration) or inlined into HTML
};

// Number of goroutine colour classes (tnp-g0 .. tnp-g8).
inline constexpr int kGoroutineColors = 9;
// Number of chart series classes (tnp-s0 .. tnp-s3; lines and fills).
inline constexpr int kSeriesColors = 4;

// "tnp-g<k>": the slice class of goroutine `g` (a stable hash, so the same
// goroutine has the same colour in every picture of a report).
std::string GoroutineClass(uint64_t g);
// "tnp-s<k>" for series k (mod kSeriesColors).
std::string SeriesClass(int k);

// A coordinate as SVG text: one decimal, no trailing ".0", no "-0"
// ("12", "12.5"). Locale-independent, so output is deterministic.
std::string Px(double v);

// Contract: construct, draw through svg(), Finish(). The root is
// width x height user units with a matching viewBox, so it scales down
// (the page's CSS gives it max-width: 100%); title and description are plain
// text (escaped here).
class PictureCanvas {
 public:
  PictureCanvas(const PictureOptions& options, int width, int height, std::string_view title,
                std::string_view description);
  render::SvgWriter& svg() { return svg_; }
  int width() const { return width_; }
  int height() const { return height_; }
  // An element id unique in the page: "<picture id>-<suffix>".
  std::string Id(std::string_view suffix) const;
  // A text label; `anchor` is start, middle or end; `cls` adds classes.
  void Label(double x, double y, std::string_view text, std::string_view anchor = "start",
             std::string_view cls = "tnp-text");
  std::string Finish() { return svg_.Finish(); }

 private:
  PictureOptions options_;
  render::SvgWriter svg_;
  int width_ = 0;
  int height_ = 0;
};

// The style sheet shared by all pictures (also used by the flame graph).
std::string_view PictureStyleSheet();

// "Nice" axis ticks over [lo, hi]: multiples of 1, 2 or 5 times a power of
// ten, at most `max_ticks` of them, all inside the range (never empty for
// lo < hi: at least lo itself).
std::vector<double> NiceTicks(double lo, double hi, int max_ticks);

}  // namespace tracenote::pictures

#endif  // TRACENOTE_SRC_PICTURES_PICTURE_CANVAS_H_
