// A static flame graph of a profile as one self-contained SVG (no scripts,
// no external resources). Root at the bottom, callees stacked above their
// callers, as in Brendan Gregg's flame graphs.
//
// Frames are built as pprof's flame graph builds them (format doc §11.9): a
// synthetic root, then each sample's locations from last (outermost) to first
// and, inside a location, its lines from last (physical function) to first
// (most deeply inlined), inlined frames flagged. A frame is identified by its
// function name (pprof's function granularity, names as in `top`) and its
// inline flag; boxes with identical prefixes are merged. A box's width is
// proportional to the sum of |value| of the samples through it, so diff
// profiles (negative values) draw fine and are coloured by the sign of their
// net value. Boxes narrower than FlameOptions::min_box_px are not drawn
// (their share stays in the parent's width, and the parent's tooltip counts
// them), and at most max_boxes boxes are drawn (the widest), so the SVG
// stays small for profiles with millions of stacks.
//
// Output is deterministic: the same profile and options give the same bytes.
// Colours come from a hash of the name; box text is dark on light fills,
// which reads in both light and dark page schemes. Every string from the
// profile is escaped (render/svg_writer.h).
#ifndef TRACENOTE_SRC_PROFILE_FLAME_GRAPH_H_
#define TRACENOTE_SRC_PROFILE_FLAME_GRAPH_H_

#include <cstddef>
#include <string>

#include "base/status.h"
#include "model/profile_model.h"

namespace tracenote::profile {

struct FlameOptions {
  int sample_index = -1;  // value column; -1: the profile's default column
  std::string title;      // visible heading and the SVG's <title>; "" = `default_title`
  int width = 1200;       // pixels
  int frame_height = 16;
  int font_size = 11;
  double min_box_px = 0.5;      // narrower boxes are folded into their parent
  size_t max_boxes = 6000;      // the widest boxes are kept beyond this
  bool xml_declaration = true;  // false for an SVG inlined into HTML
  // Element ids are "<id>-title" and "<id>-desc": unique per picture when
  // several are inlined into one page. Style classes start with "tnf-"
  // (CSS inside an inlined SVG applies to the whole page).
  std::string id = "flame";

  // Words that are not data; the caller passes them localized. `{type}`,
  // `{total}` and `{count}` are replaced by data.
  std::string default_title = "Flame graph";
  std::string description =
      "Flame graph of {type}, total {total}. Each box is a function; its width is its share of "
      "the total; callers are below their callees.";
  std::string of_total = "of total";  // "1.20s (12.50% of total)"
  std::string self = "self";          // "; self 10ms"
  std::string hidden = "narrow callees not drawn: {count}";
  std::string inline_mark = "(inline)";
  std::string root_name = "root";
  std::string empty = "No samples.";
};

// The SVG document. Errors: a sample_index that is not a column.
StatusOr<std::string> RenderFlameGraphSvg(const model::Profile& profile,
                                          const FlameOptions& options = {});

}  // namespace tracenote::profile

#endif  // TRACENOTE_SRC_PROFILE_FLAME_GRAPH_H_
