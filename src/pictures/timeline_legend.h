// The pieces of the timeline picture shared by its lanes and its legend: the
// mark shapes (triangle = preempted, circle = woken, square = syscall
// handoff, tick = created) and the legend row at the bottom, which explains
// the shapes, the slice kinds and the bands in the catalog's language.
#ifndef TRACENOTE_SRC_PICTURES_TIMELINE_LEGEND_H_
#define TRACENOTE_SRC_PICTURES_TIMELINE_LEGEND_H_

#include <string>
#include <string_view>
#include <vector>

#include "l10n/catalog.h"
#include "pictures/picture_canvas.h"
#include "render/svg_writer.h"

namespace tracenote::pictures {

enum class MarkShape : uint8_t { kTriangle, kCircle, kSquare, kTick };

// Writes the shape centred on (x, y) (a tick hangs down from y). With
// `open`, the element stays open for a <title> child and the caller closes
// it; otherwise it is written empty.
void WriteMarkShape(render::SvgWriter* svg, MarkShape shape, double x, double y, bool open);

// An estimate of the width of `text` in a sans-serif font of `font_px`
// (SVG cannot measure text; this errs on the wide side).
double TextWidth(std::string_view text, double font_px);

// One legend entry placed: a shape or a swatch of `swatch_class`, then text.
struct LegendItem {
  bool is_shape = false;
  MarkShape shape = MarkShape::kTriangle;
  std::string swatch_class;
  std::string text;
  double x = 0;
  double y = 0;  // the baseline of the text
};

// The legend laid out in rows between x0 and x1, from `top` down.
struct LegendLayout {
  std::vector<LegendItem> items;
  double bottom = 0;
};

LegendLayout LayoutLegend(const l10n::Catalog& catalog, double x0, double x1, double top);
void DrawLegend(PictureCanvas* canvas, const LegendLayout& legend);

}  // namespace tracenote::pictures

#endif  // TRACENOTE_SRC_PICTURES_TIMELINE_LEGEND_H_
