#include "analysis/mutator_utilization.h"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace tracenote::analysis {

using model::EventKind;
using model::GoState;

double MutatorUtilization::Mean() const {
  if (duration <= 0) return 1.0;
  double sum = 0;
  for (const UtilizationSegment& s : segments) sum += s.integral;
  return std::clamp(sum / static_cast<double>(duration), 0.0, 1.0);
}

MutatorUtilizationCollector::MutatorUtilizationCollector(const model::Tables* tables,
                                                         size_t max_segments)
    : tables_(tables), max_segments_(std::max<size_t>(max_segments, 4)) {}

double MutatorUtilizationCollector::CurrentUtilization() const {
  if (stw_open_ > 0) return 0.0;
  const double busy = static_cast<double>(busy_) / static_cast<double>(gomaxprocs_);
  return std::clamp(1.0 - busy, 0.0, 1.0);
}

void MutatorUtilizationCollector::Advance(int64_t t) {
  if (t <= last_time_) return;
  open_.integral += u_ * static_cast<double>(t - last_time_);
  last_time_ = t;
}

// Bounded steps. While the step function has fewer than max_segments_
// pieces, every change of u closes the open segment: each segment is one
// exact step. When the limit is reached, the minimum span a segment must
// have before it may be closed (resolution_) doubles and neighbours shorter
// than it are merged, summing their integrals; this repeats until at most
// half the limit remain. From then on, changes of u inside a segment shorter
// than the resolution fold into it. Every segment but the open one is then
// at least `resolution_` long, so the count stays below duration/resolution
// plus one, and the integral of u over any union of segments is exact.
void MutatorUtilizationCollector::Update(int64_t t) {
  const double u = CurrentUtilization();
  if (u == u_) return;
  Advance(t);
  if (t > open_.start && t - open_.start >= resolution_) {
    open_.end = t;
    segments_.push_back(open_);
    open_ = {t, t, 0.0};
    if (segments_.size() >= max_segments_) Compact();
  }
  u_ = u;
}

void MutatorUtilizationCollector::Compact() {
  while (segments_.size() > max_segments_ / 2) {
    resolution_ *= 2;
    std::vector<UtilizationSegment> merged;
    merged.reserve(segments_.size() / 2 + 1);
    for (const UtilizationSegment& s : segments_) {
      if (!merged.empty() && merged.back().end - merged.back().start < resolution_) {
        merged.back().end = s.end;
        merged.back().integral += s.integral;
      } else {
        merged.push_back(s);
      }
    }
    segments_ = std::move(merged);
  }
}

void MutatorUtilizationCollector::SetBusy(GoroutineFlags& g, bool before_busy) {
  const bool now_busy = g.running && (g.worker || g.assist);
  busy_ += static_cast<int64_t>(now_busy) - static_cast<int64_t>(before_busy);
}

void MutatorUtilizationCollector::OnEvent(const model::Event& e) {
  switch (e.kind) {
    case EventKind::kGoTransition: {
      GoroutineFlags& g = goroutines_[e.resource];
      const bool before = g.running && (g.worker || g.assist);
      const auto to = static_cast<GoState>(e.to);
      g.running = to == GoState::kRunning;
      // A worker label holds for one run: the next run is labelled again.
      if (!g.running) g.worker = false;
      SetBusy(g, before);
      if (to == GoState::kNotExist) goroutines_.erase(e.resource);
      break;
    }
    case EventKind::kLabel: {
      if (tables_->strings.Get(e.name).substr(0, 3) != "GC ") return;
      GoroutineFlags& g = goroutines_[e.resource];
      const bool before = g.running && (g.worker || g.assist);
      g.worker = true;
      SetBusy(g, before);
      break;
    }
    case EventKind::kRangeBegin:
    case EventKind::kRangeActive:
    case EventKind::kRangeEnd: {
      const std::string_view name = tables_->strings.Get(e.name);
      const bool begin = e.kind != EventKind::kRangeEnd;
      if (name.substr(0, model::kRangeSTWPrefix.size()) == model::kRangeSTWPrefix) {
        // An Active event re-announces a range already open (Go 1.22+
        // generations); it opens one only when none is.
        if (e.kind == EventKind::kRangeBegin || (begin && stw_open_ == 0)) {
          ++stw_open_;
        } else if (!begin && stw_open_ > 0) {
          --stw_open_;
        }
      } else if (name == model::kRangeMarkAssist) {
        const uint64_t id = e.kind == EventKind::kRangeActive ? e.resource : e.goroutine;
        GoroutineFlags& g = goroutines_[id];
        const bool before = g.running && (g.worker || g.assist);
        g.assist = begin;
        SetBusy(g, before);
      } else {
        return;
      }
      break;
    }
    case EventKind::kMetric:
      if (tables_->strings.Get(e.name) != model::kMetricGomaxprocs) return;
      gomaxprocs_ = std::max<uint64_t>(e.value, 1);
      break;
    default:
      return;
  }
  Update(e.time);
}

MutatorUtilization MutatorUtilizationCollector::Finish(int64_t end_time) {
  end_time = std::max(end_time, last_time_);
  Advance(end_time);
  if (end_time > open_.start) {
    open_.end = end_time;
    segments_.push_back(open_);
    open_ = {end_time, end_time, 0.0};
  }
  if (segments_.size() > max_segments_) Compact();
  MutatorUtilization out;
  out.segments = std::move(segments_);
  segments_.clear();
  out.duration = end_time;
  out.resolution_ns = resolution_;
  return out;
}

// The MMU of one window size, exact for the step function. Let F be the
// integral of u from 0; it is piecewise linear with kinks at the segment
// boundaries b_k. The window mean (F(t+w) - F(t)) / w is piecewise linear in
// t, with kinks where t or t+w crosses a boundary, so its minimum over
// t in [0, D-w] is at one of the candidates t = b_k or t = b_k - w. Both
// candidate lists are sorted; merging them while two cursors walk the
// segments (one for t, one for t+w) visits each segment a bounded number of
// times: O(segments) per window.
double ComputeMmu(const MutatorUtilization& mu, int64_t window_ns) {
  const std::vector<UtilizationSegment>& seg = mu.segments;
  if (mu.duration <= 0 || seg.empty()) return 1.0;
  if (window_ns >= mu.duration) return mu.Mean();
  if (window_ns <= 0) window_ns = 1;
  const size_t n = seg.size();
  std::vector<double> prefix(n + 1, 0.0);  // F at segment starts
  for (size_t i = 0; i < n; ++i) prefix[i + 1] = prefix[i] + seg[i].integral;
  auto boundary = [&](size_t k) { return k == 0 ? seg[0].start : seg[k - 1].end; };
  // F(x) with a forward-only cursor.
  auto integral_to = [&](int64_t x, size_t* cursor) {
    while (*cursor + 1 < n && seg[*cursor].end <= x) ++*cursor;
    const UtilizationSegment& s = seg[*cursor];
    const int64_t span = s.end - s.start;
    const double inside =
        span > 0 ? s.integral * static_cast<double>(std::clamp(x - s.start, int64_t{0}, span)) /
                       static_cast<double>(span)
                 : 0.0;
    return prefix[*cursor] + inside;
  };
  const int64_t last_start = mu.duration - window_ns;
  size_t i = 0, k = 0, left = 0, right = 0;
  double worst = static_cast<double>(window_ns);
  while (true) {
    const int64_t a = i <= n ? boundary(i) : INT64_MAX;
    const int64_t b = k <= n ? boundary(k) - window_ns : INT64_MAX;
    const int64_t t = std::min(a, b);
    if (t > last_start) break;
    if (a == t) ++i;
    if (b == t) ++k;
    if (t < 0) continue;
    const double in_window = integral_to(t + window_ns, &right) - integral_to(t, &left);
    worst = std::min(worst, in_window);
  }
  return std::clamp(worst / static_cast<double>(window_ns), 0.0, 1.0);
}

std::vector<MmuPoint> ComputeMmuCurve(const MutatorUtilization& mu, int points) {
  std::vector<MmuPoint> out;
  if (mu.duration <= 0 || mu.segments.empty() || points < 1) return out;
  constexpr int64_t kShortestWindow = 10000;  // 10 µs
  const int64_t lo = std::min(std::max(kShortestWindow, mu.resolution_ns), mu.duration);
  const double ratio = static_cast<double>(mu.duration) / static_cast<double>(lo);
  for (int i = 0; i < points; ++i) {
    int64_t w = mu.duration;
    if (points > 1 && i + 1 < points) {
      w = static_cast<int64_t>(std::llround(
          static_cast<double>(lo) * std::pow(ratio, static_cast<double>(i) / (points - 1))));
    }
    if (!out.empty() && w <= out.back().window_ns) continue;
    out.push_back({w, ComputeMmu(mu, w)});
  }
  // The curve is the lower envelope (the "bounded" MMU of the GC literature):
  // the worst utilization in any window at least this long, so it never
  // decreases with the window, as a reader of the chart expects.
  for (size_t j = out.size(); j-- > 1;) {
    out[j - 1].mmu = std::min(out[j - 1].mmu, out[j].mmu);
  }
  return out;
}

}  // namespace tracenote::analysis
