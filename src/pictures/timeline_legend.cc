#include "pictures/timeline_legend.h"

#include <fmt/format.h>

namespace tracenote::pictures {
namespace {

constexpr double kRowHeight = 18;
constexpr double kIconWidth = 12;
constexpr double kItemGap = 14;

}  // namespace

void WriteMarkShape(render::SvgWriter* svg, MarkShape shape, double x, double y, bool open) {
  auto write = [&](std::string_view tag, render::SvgAttrs attrs) {
    if (open) {
      svg->Open(tag, attrs);
    } else {
      svg->Empty(tag, attrs);
    }
  };
  switch (shape) {
    case MarkShape::kTriangle: {
      const std::string points = fmt::format("{},{} {},{} {},{}", Px(x - 4), Px(y - 4), Px(x + 4),
                                             Px(y - 4), Px(x), Px(y + 3));
      write("polygon", {{"points", points}, {"class", "tnp-mark"}});
      break;
    }
    case MarkShape::kCircle:
      write("circle", {{"cx", Px(x)}, {"cy", Px(y)}, {"r", "3.5"}, {"class", "tnp-mark"}});
      break;
    case MarkShape::kSquare:
      write("rect", {{"x", Px(x - 3.5)},
                     {"y", Px(y - 3.5)},
                     {"width", "7"},
                     {"height", "7"},
                     {"class", "tnp-mark"}});
      break;
    case MarkShape::kTick:
      write("line", {{"x1", Px(x)},
                     {"y1", Px(y)},
                     {"x2", Px(x)},
                     {"y2", Px(y + 6)},
                     {"class", "tnp-mark-open"}});
      break;
  }
}

double TextWidth(std::string_view text, double font_px) {
  // Code points (not UTF-8 continuation bytes) times an average advance.
  double n = 0;
  for (char ch : text) {
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) n += 1;
  }
  return n * font_px * 0.52;
}

LegendLayout LayoutLegend(const l10n::Catalog& catalog, double x0, double x1, double top) {
  LegendLayout out;
  auto shape = [&](MarkShape s, const char* key) {
    LegendItem item;
    item.is_shape = true;
    item.shape = s;
    item.text = catalog.FormatText(key);
    out.items.push_back(std::move(item));
  };
  auto swatch = [&](const char* cls, const char* key) {
    LegendItem item;
    item.swatch_class = cls;
    item.text = catalog.FormatText(key);
    out.items.push_back(std::move(item));
  };
  shape(MarkShape::kTriangle, "timeline.legend.preempted");
  shape(MarkShape::kCircle, "timeline.legend.woken");
  shape(MarkShape::kSquare, "timeline.legend.handoff");
  shape(MarkShape::kTick, "timeline.legend.created");
  swatch("tnp-sys", "timeline.legend.syscall");
  swatch("tnp-agg", "timeline.legend.aggregate");
  swatch("tnp-gc", "timeline.legend.gc");
  swatch("tnp-stw", "timeline.legend.stw");
  double x = x0;
  double y = top + 10;
  for (LegendItem& item : out.items) {
    const double w = kIconWidth + 4 + TextWidth(item.text, 11);
    if (x > x0 && x + w > x1) {
      x = x0;
      y += kRowHeight;
    }
    item.x = x;
    item.y = y;
    x += w + kItemGap;
  }
  out.bottom = y + 6;
  return out;
}

void DrawLegend(PictureCanvas* canvas, const LegendLayout& legend) {
  render::SvgWriter& svg = canvas->svg();
  for (const LegendItem& item : legend.items) {
    const double cy = item.y - 4;
    if (item.is_shape) {
      const bool tick = item.shape == MarkShape::kTick;
      WriteMarkShape(&svg, item.shape, item.x + kIconWidth / 2, tick ? cy - 3 : cy, false);
    } else {
      svg.Empty("rect", {{"x", Px(item.x)},
                         {"y", Px(cy - 5)},
                         {"width", Px(kIconWidth)},
                         {"height", "10"},
                         {"class", item.swatch_class}});
    }
    canvas->Label(item.x + kIconWidth + 4, item.y, item.text);
  }
}

}  // namespace tracenote::pictures
