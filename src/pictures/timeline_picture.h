// The timeline picture, in the spirit of `go tool trace`'s view: a time
// axis on top, a band row naming the GC mark phases and stop-the-world
// pauses (whose translucent bands run down across every lane), one lane per
// P ("P0", ...) with the goroutines that ran on it, optionally one lane per
// OS thread ("M3", ...) below, and a legend row at the bottom.
//
// Every goroutine slice has a <title> child (goroutine, start, duration) so
// hovering shows its numbers; slices wide enough are labelled "G7". Marks
// differ by shape, not colour alone: triangle = preempted, circle = woken,
// square = syscall handoff, small tick = created. Marks of one kind closer
// than kMarkMergePx on a lane are drawn as one (their title gives the
// count), so the element count stays O(lanes * width) whatever the trace.
// All words come from the catalog (keys "timeline.*"); every string from the
// trace goes through SvgWriter's escaping. Output is deterministic.
#ifndef TRACENOTE_SRC_PICTURES_TIMELINE_PICTURE_H_
#define TRACENOTE_SRC_PICTURES_TIMELINE_PICTURE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/timeline.h"
#include "l10n/catalog.h"
#include "pictures/picture_canvas.h"

namespace tracenote::pictures {

// How to draw one timeline. Title and description are plain text, already
// localized by the caller (escaped here).
struct TimelineDrawing {
  std::string title;
  std::string description;
  std::vector<uint64_t> highlight;  // goroutines drawn with a thick outline
  bool threads = true;              // draw the OS thread lanes, when there are any
  // Tick labels relative to the window start ("+1.5ms") instead of trace
  // time ("1.5ms"); for zooms.
  bool relative_axis = false;
  int width = 1200;  // SVG width in px; the height follows the lanes
};

inline constexpr int kTimelineLaneHeight = 18;
inline constexpr double kMarkMergePx = 6.0;  // about a mark's size

std::string RenderTimelineSvg(const analysis::Timeline& timeline, const TimelineDrawing& drawing,
                              const l10n::Catalog& catalog, const PictureOptions& options);

}  // namespace tracenote::pictures

#endif  // TRACENOTE_SRC_PICTURES_TIMELINE_PICTURE_H_
