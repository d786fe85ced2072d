#include "pictures/timeline_picture.h"

#include <algorithm>
#include <string_view>

#include "l10n/units.h"
#include "pictures/timeline_legend.h"

namespace tracenote::pictures {
namespace {

using analysis::TimelineBand;
using analysis::TimelineBandKind;
using analysis::TimelineLane;
using analysis::TimelineMark;
using analysis::TimelineMarkKind;
using analysis::TimelineSlice;
using analysis::TimelineSliceKind;

constexpr double kLeft = 56;  // lane label column
constexpr double kRight = 16;
constexpr double kLanePitch = kTimelineLaneHeight + 4;
constexpr double kBandRow = 14;  // the row naming GC and STW bands
constexpr double kSectionGap = 24;
constexpr double kMinLabelledBandPx = 26;

std::string Id(uint64_t v) { return std::to_string(v); }

// Draws one timeline onto a canvas; the layout is computed in the
// constructor, so the canvas height is known before anything is drawn.
class TimelinePainter {
 public:
  TimelinePainter(const analysis::Timeline& t, const TimelineDrawing& d, const l10n::Catalog& c)
      : t_(t), d_(d), c_(c), width_(std::max(d.width, 320)) {
    x0_ = kLeft;
    x1_ = width_ - kRight;
    axis_y_ = d_.title.empty() ? 26 : 44;
    band_top_ = axis_y_ + 4;
    lanes_top_ = band_top_ + kBandRow + 4;
    double y = lanes_top_ + kLanePitch * static_cast<double>(t_.procs.size());
    draw_threads_ = d_.threads && !t_.threads.empty();
    threads_top_ = y + kSectionGap;
    if (draw_threads_) y = threads_top_ + kLanePitch * static_cast<double>(t_.threads.size());
    if (t_.procs.empty() && !draw_threads_) y += kLanePitch;  // room for "empty"
    lanes_bottom_ = y;
    legend_ = LayoutLegend(c_, x0_, x1_, lanes_bottom_ + 14);
    height_ = static_cast<int>(legend_.bottom + 8);
  }

  int height() const { return height_; }
  void SetHighlight(std::vector<uint64_t> h) {
    std::sort(h.begin(), h.end());
    highlight_ = std::move(h);
  }

  void Paint(PictureCanvas* canvas) {
    canvas_ = canvas;
    svg_ = &canvas->svg();
    if (!d_.title.empty()) canvas_->Label(x0_, 20, d_.title, "start", "tnp-title");
    const double lanes_end = lanes_bottom_ - 4;
    for (size_t i = 0; i < t_.procs.size(); ++i) LaneBackground(t_.procs[i], LaneY(i, false));
    if (draw_threads_) {
      canvas_->Label(x0_, threads_top_ - 8, c_.FormatText("timeline.section.threads"), "start",
                     "tnp-small");
      for (size_t i = 0; i < t_.threads.size(); ++i) {
        LaneBackground(t_.threads[i], LaneY(i, true));
      }
    }
    Axis(lanes_end);
    for (const TimelineBand& b : t_.bands) Band(b, lanes_end);
    for (size_t i = 0; i < t_.procs.size(); ++i) LaneContent(t_.procs[i], LaneY(i, false));
    if (draw_threads_) {
      for (size_t i = 0; i < t_.threads.size(); ++i) LaneContent(t_.threads[i], LaneY(i, true));
    }
    if (t_.procs.empty() && !draw_threads_) {
      canvas_->Label((x0_ + x1_) / 2, lanes_top_ + 13, c_.FormatText("timeline.empty"), "middle");
    }
    DrawLegend(canvas_, legend_);
  }

 private:
  double LaneY(size_t i, bool thread) const {
    return (thread ? threads_top_ : lanes_top_) + kLanePitch * static_cast<double>(i);
  }
  double X(int64_t time) const {
    const double span = static_cast<double>(t_.end - t_.start);
    return x0_ + static_cast<double>(time - t_.start) * (x1_ - x0_) / span;
  }
  l10n::Duration Time(int64_t t) const { return {t}; }

  void LaneBackground(const TimelineLane& lane, double y) {
    svg_->Empty("rect", {{"x", Px(x0_)},
                         {"y", Px(y)},
                         {"width", Px(x1_ - x0_)},
                         {"height", Px(kTimelineLaneHeight)},
                         {"class", "tnp-lane"}});
    const char* key = lane.kind == analysis::TimelineLaneKind::kProc ? "timeline.lane.proc"
                                                                     : "timeline.lane.thread";
    canvas_->Label(x0_ - 6, y + 13, c_.FormatText(key, {{"id", std::to_string(lane.id)}}), "end");
  }

  void Axis(double lanes_end) {
    const int64_t origin = d_.relative_axis ? t_.start : 0;
    const double lo = static_cast<double>(t_.start - origin);
    const double hi = static_cast<double>(t_.end - origin);
    const int max_ticks = std::max(2, static_cast<int>((x1_ - x0_) / 110));
    svg_->Empty("line", {{"x1", Px(x0_)},
                         {"y1", Px(axis_y_)},
                         {"x2", Px(x1_)},
                         {"y2", Px(axis_y_)},
                         {"class", "tnp-axis"}});
    for (double v : NiceTicks(lo, hi, max_ticks)) {
      const auto ns = static_cast<int64_t>(v);
      const double x = X(ns + origin);
      svg_->Empty("line", {{"x1", Px(x)},
                           {"y1", Px(axis_y_)},
                           {"x2", Px(x)},
                           {"y2", Px(lanes_end)},
                           {"class", "tnp-grid"}});
      std::string label = l10n::FormatDuration(ns, c_.language());
      if (d_.relative_axis) label = c_.FormatText("timeline.axis.relative", {{"offset", label}});
      // The first and last labels stay inside the picture.
      const std::string_view anchor = x - x0_ < 20 ? "start" : x1_ - x < 20 ? "end" : "middle";
      canvas_->Label(x, axis_y_ - 5, label, anchor, "tnp-small");
    }
  }

  void Band(const TimelineBand& b, double lanes_end) {
    const double xa = X(b.start);
    const double w = std::max(X(b.end) - xa, 1.0);
    const bool gc = b.kind == TimelineBandKind::kGcMark;
    const double top = gc ? band_top_ : band_top_ + kBandRow / 2;
    l10n::MessageArgs args = {{"start", Time(b.start)},
                              {"duration", l10n::Duration{b.end - b.start}},
                              {"count", static_cast<int64_t>(b.count)},
                              {"reason", b.reason}};
    const char* key = gc ? (b.count > 1 ? "timeline.band.gc_many" : "timeline.band.gc")
                         : (b.count > 1 ? "timeline.band.stw_many" : "timeline.band.stw");
    svg_->Open("rect", {{"x", Px(xa)},
                        {"y", Px(top)},
                        {"width", Px(w)},
                        {"height", Px(lanes_end - top)},
                        {"class", gc ? "tnp-gc" : "tnp-stw"}});
    svg_->Element("title", {}, c_.FormatText(key, args));
    svg_->Close();
    if (w >= kMinLabelledBandPx) {
      const char* label = gc ? "timeline.band.gc_label" : "timeline.band.stw_label";
      canvas_->Label(xa + 3, top + (gc ? 6 : kBandRow / 2) + 4, c_.FormatText(label), "start",
                     "tnp-small");
    }
  }

  void LaneContent(const TimelineLane& lane, double y) {
    for (const TimelineSlice& s : lane.slices) Slice(s, y);
    Marks(lane, y);
  }

  void Slice(const TimelineSlice& s, double y) {
    const double xa = X(s.start);
    const double w = std::max(X(s.end) - xa, 1.0);
    std::string cls;
    l10n::MessageArgs args = {{"g", Id(s.goroutine)},
                              {"start", Time(s.start)},
                              {"duration", l10n::Duration{s.duration()}}};
    const char* key = "timeline.slice.title";
    switch (s.kind) {
      case TimelineSliceKind::kRunning:
        cls = GoroutineClass(s.goroutine);
        break;
      case TimelineSliceKind::kSyscall:
        cls = "tnp-sys";
        key = "timeline.syscall.title";
        break;
      case TimelineSliceKind::kSyscallBlocked:
        cls = "tnp-sys";
        key = "timeline.syscall_blocked.title";
        break;
      case TimelineSliceKind::kAggregate:
        cls = "tnp-agg";
        key = s.goroutines_capped ? "timeline.aggregate.title_many" : "timeline.aggregate.title";
        args["slices"] = static_cast<int64_t>(s.slices);
        args["goroutines"] = static_cast<int64_t>(s.goroutines);
        break;
    }
    if (s.kind != TimelineSliceKind::kAggregate &&
        std::binary_search(highlight_.begin(), highlight_.end(), s.goroutine)) {
      cls += " tnp-hl";
    }
    svg_->Open("rect", {{"x", Px(xa)},
                        {"y", Px(y + 1)},
                        {"width", Px(w)},
                        {"height", Px(kTimelineLaneHeight - 2)},
                        {"class", cls}});
    svg_->Element("title", {}, c_.FormatText(key, args));
    svg_->Close();
    if (s.labelled) {
      const std::string label = c_.FormatText("timeline.goroutine", {{"g", Id(s.goroutine)}});
      if (TextWidth(label, 10) + 6 <= w) {
        canvas_->Label(xa + 3, y + 13, label, "start",
                       s.kind == TimelineSliceKind::kRunning ? "tnp-on-fill" : "tnp-small");
      }
    }
  }

  // Marks of one kind closer than kMarkMergePx are drawn as one.
  void Marks(const TimelineLane& lane, double y) {
    // The mark of one kind waiting to absorb its close neighbours.
    struct Pending {
      bool set = false;
      double x = 0;
      TimelineMark mark;
    };
    Pending pending[analysis::kTimelineMarkKinds];
    for (const TimelineMark& m : lane.marks) {
      Pending& p = pending[static_cast<int>(m.kind)];
      const double x = X(m.time);
      if (p.set && x - p.x < kMarkMergePx) {
        p.mark.count += m.count;
        continue;
      }
      if (p.set) Mark(p.mark, p.x, y);
      p = {true, x, m};
    }
    for (const Pending& p : pending) {
      if (p.set) Mark(p.mark, p.x, y);
    }
  }

  void Mark(const TimelineMark& m, double x, double y) {
    const double cy = y + kTimelineLaneHeight / 2.0;
    l10n::MessageArgs args = {{"g", Id(m.goroutine)},
                              {"by", Id(m.by)},
                              {"count", static_cast<int64_t>(m.count)},
                              {"time", Time(m.time)}};
    const bool one = m.count == 1;
    const char* key = "timeline.mark.preempted";
    switch (m.kind) {
      case TimelineMarkKind::kPreempted:
        WriteMarkShape(svg_, MarkShape::kTriangle, x, cy, true);
        break;
      case TimelineMarkKind::kWoken:
        key = one && m.by != 0 ? "timeline.mark.woken_by" : "timeline.mark.woken";
        WriteMarkShape(svg_, MarkShape::kCircle, x, cy, true);
        break;
      case TimelineMarkKind::kSyscallHandoff:
        key = "timeline.mark.handoff";
        WriteMarkShape(svg_, MarkShape::kSquare, x, cy, true);
        break;
      case TimelineMarkKind::kCreated:
        key = one && m.by != 0 ? "timeline.mark.created_by" : "timeline.mark.created";
        WriteMarkShape(svg_, MarkShape::kTick, x, y + 1, true);
        break;
    }
    svg_->Element("title", {}, c_.FormatText(key, args));
    svg_->Close();
  }

  const analysis::Timeline& t_;
  const TimelineDrawing& d_;
  const l10n::Catalog& c_;
  PictureCanvas* canvas_ = nullptr;
  render::SvgWriter* svg_ = nullptr;
  std::vector<uint64_t> highlight_;
  LegendLayout legend_;
  int width_;
  int height_ = 0;
  double x0_ = 0, x1_ = 0;
  double axis_y_ = 0, band_top_ = 0, lanes_top_ = 0, threads_top_ = 0, lanes_bottom_ = 0;
  bool draw_threads_ = false;
};

}  // namespace

std::string RenderTimelineSvg(const analysis::Timeline& timeline, const TimelineDrawing& drawing,
                              const l10n::Catalog& catalog, const PictureOptions& options) {
  TimelinePainter painter(timeline, drawing, catalog);
  painter.SetHighlight(drawing.highlight);
  PictureCanvas canvas(options, std::max(drawing.width, 320), painter.height(), drawing.title,
                       drawing.description);
  painter.Paint(&canvas);
  return canvas.Finish();
}

}  // namespace tracenote::pictures
