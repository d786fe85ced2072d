#include "analysis/timeline.h"

#include <algorithm>
#include <iterator>
#include <limits>
#include <string_view>
#include <utility>

namespace tracenote::analysis {

using model::EventKind;
using model::GoState;

namespace {

constexpr int64_t kNoEnd = std::numeric_limits<int64_t>::max();

bool Mergeable(const TimelineSlice& s, int64_t pixel_ns) {
  return s.kind == TimelineSliceKind::kAggregate || s.duration() < pixel_ns;
}

// Adds goroutine `g` to the sorted, capped id list of an aggregate: the
// list keeps the kMaxAggregateIds smallest ids of the union. Done in place,
// because it runs once per merged slice (tens of millions on a big trace).
void AddAggregateId(TimelineSlice* into, uint64_t g) {
  std::vector<uint64_t>& ids = into->ids;
  if (!ids.empty() && g > ids.back()) {  // the usual case: ids grow over a trace
    if (ids.size() < TimelineCollector::kMaxAggregateIds) {
      ids.push_back(g);
    } else {
      into->goroutines_capped = true;
    }
    return;
  }
  const auto at = std::lower_bound(ids.begin(), ids.end(), g);
  if (at != ids.end() && *at == g) return;
  if (ids.size() >= TimelineCollector::kMaxAggregateIds) {
    into->goroutines_capped = true;
    if (at == ids.end()) return;  // larger than every id kept
    ids.pop_back();
    ids.insert(std::lower_bound(ids.begin(), ids.end(), g), g);
    return;
  }
  ids.insert(at, g);
}

// Folds `s` into the aggregate `into` (turning `into` into one first).
void FoldSlice(TimelineSlice* into, const TimelineSlice& s) {
  if (into->kind != TimelineSliceKind::kAggregate) {
    into->ids.assign(1, into->goroutine);
    into->kind = TimelineSliceKind::kAggregate;
    into->goroutine = 0;
  }
  into->goroutines_capped = into->goroutines_capped || s.goroutines_capped;
  if (s.kind != TimelineSliceKind::kAggregate) {
    AddAggregateId(into, s.goroutine);
  } else {
    std::vector<uint64_t> all;
    all.reserve(into->ids.size() + s.ids.size());
    std::set_union(into->ids.begin(), into->ids.end(), s.ids.begin(), s.ids.end(),
                   std::back_inserter(all));
    if (all.size() > TimelineCollector::kMaxAggregateIds) {
      all.resize(TimelineCollector::kMaxAggregateIds);
      into->goroutines_capped = true;
    }
    into->ids = std::move(all);
  }
  into->goroutines = into->ids.size();
  into->slices += s.slices;
  into->end = std::max(into->end, s.end);
}

// Appends `s` to a lane's slices, merging it into the last one when both
// are sub-pixel (or aggregates) and less than a pixel apart.
void AppendSlice(std::vector<TimelineSlice>* v, TimelineSlice s, int64_t pixel_ns) {
  if (!v->empty()) {
    TimelineSlice& last = v->back();
    if (Mergeable(last, pixel_ns) && Mergeable(s, pixel_ns) && s.start - last.end < pixel_ns) {
      FoldSlice(&last, s);
      return;
    }
  }
  v->push_back(std::move(s));
}

bool BandMergeable(const TimelineBand& b, int64_t pixel_ns) {
  return b.count > 1 || b.end - b.start < pixel_ns;
}

void AppendBand(std::vector<TimelineBand>* v, TimelineBand b, int64_t pixel_ns) {
  if (!v->empty()) {
    TimelineBand& last = v->back();
    if (BandMergeable(last, pixel_ns) && BandMergeable(b, pixel_ns) &&
        b.start - last.end < pixel_ns) {
      last.count += b.count;
      last.end = std::max(last.end, b.end);
      last.open = last.open || b.open;
      return;
    }
  }
  v->push_back(std::move(b));
}

}  // namespace

TimelineCollector::TimelineCollector(const model::Tables* tables, TimelineWindow window)
    : tables_(tables), window_(window) {
  window_.width_px = std::max(window_.width_px, 1);
  if (window_.end == kUnknownTime) {
    window_end_ = kNoEnd;
    pixel_ns_ = kInitialPixelNs;
  } else {
    window_.end = std::max(window_.end, window_.start + 1);
    window_end_ = window_.end;
    const int64_t span = window_.end - window_.start;
    pixel_ns_ = std::max<int64_t>(1, (span + window_.width_px - 1) / window_.width_px);
  }
}

bool TimelineCollector::WantsMore() const { return !past_end_; }

bool TimelineCollector::InWindow(int64_t t) const { return t >= window_.start && t <= window_end_; }

TimelineCollector::Lane* TimelineCollector::ProcLane(int64_t p) {
  if (p < 0) return nullptr;
  if (p == last_proc_id_) return last_proc_;
  auto [it, added] = procs_.try_emplace(p);
  if (added) {
    it->second.data.kind = TimelineLaneKind::kProc;
    it->second.data.id = p;
  }
  last_proc_id_ = p;
  last_proc_ = &it->second;
  return last_proc_;
}

TimelineCollector::Lane* TimelineCollector::ThreadLane(int64_t m) {
  if (m < 0) return nullptr;
  if (m == last_thread_id_) return last_thread_;
  auto [it, added] = threads_.try_emplace(m);
  if (added) {
    it->second.data.kind = TimelineLaneKind::kThread;
    it->second.data.id = m;
  }
  last_thread_id_ = m;
  last_thread_ = &it->second;
  return last_thread_;
}

void TimelineCollector::OnEvent(const model::Event& e) {
  last_time_ = std::max(last_time_, e.time);
  if (window_.end != kUnknownTime && e.time > window_.end) past_end_ = true;
  if (e.proc >= 0) ProcLane(e.proc);
  if (e.thread >= 0) ThreadLane(e.thread);
  switch (e.kind) {
    case EventKind::kGoTransition:
      OnGo(e);
      break;
    case EventKind::kSyscallBlocked:
      OnSyscallBlocked(e);
      break;
    case EventKind::kRangeBegin:
    case EventKind::kRangeActive:
    case EventKind::kRangeEnd:
      OnRange(e);
      break;
    default:
      break;
  }
}

void TimelineCollector::OnGo(const model::Event& e) {
  const uint64_t g = e.resource;
  GoroutineState& gs = goroutines_[g];
  const auto from = static_cast<GoState>(e.from);
  const auto to = static_cast<GoState>(e.to);
  const int64_t t = e.time;
  const GoState was = gs.state == GoState::kUndetermined ? from : gs.state;
  if (was == GoState::kRunning) {
    CloseOn(ProcLane(gs.proc), t, g);
    CloseOn(ThreadLane(gs.thread), t, g);
  } else if (was == GoState::kSyscall) {
    if (!gs.syscall_blocked) CloseOn(ProcLane(gs.proc), t, g);
    CloseOn(ThreadLane(gs.syscall_thread), t, g);
  }
  const int64_t proc = e.proc >= 0 ? e.proc : gs.proc;
  switch (to) {
    case GoState::kRunning:
      gs.proc = proc;
      gs.thread = e.thread;
      OpenOn(ProcLane(proc), t, g, TimelineSliceKind::kRunning);
      OpenOn(ThreadLane(e.thread), t, g, TimelineSliceKind::kRunning);
      break;
    case GoState::kSyscall:
      gs.proc = proc;
      gs.syscall_thread = e.thread >= 0 ? e.thread : gs.thread;
      gs.syscall_blocked = false;
      OpenOn(ProcLane(proc), t, g, TimelineSliceKind::kSyscall);
      OpenOn(ThreadLane(gs.syscall_thread), t, g, TimelineSliceKind::kSyscall);
      break;
    case GoState::kRunnable:
      if (!InWindow(t)) break;
      if (was == GoState::kRunning &&
          tables_->strings.Get(e.name) == std::string_view("preempted")) {
        AddMark(ProcLane(proc), {t, TimelineMarkKind::kPreempted, g, 0, 1});
      } else if (was == GoState::kWaiting) {
        const uint64_t by = e.goroutine != g ? e.goroutine : 0;
        AddMark(ProcLane(proc), {t, TimelineMarkKind::kWoken, g, by, 1});
      } else if (from == GoState::kNotExist) {
        AddMark(ProcLane(e.proc), {t, TimelineMarkKind::kCreated, g, e.goroutine, 1});
      }
      break;
    default:
      break;
  }
  gs.state = to;
  if (to == GoState::kNotExist) goroutines_.erase(g);
}

void TimelineCollector::OnSyscallBlocked(const model::Event& e) {
  const uint64_t g = e.resource;
  GoroutineState& gs = goroutines_[g];
  const int64_t t = e.time;
  const int64_t proc = e.proc >= 0 ? e.proc : gs.proc;
  int64_t thread = gs.syscall_thread;
  if (thread < 0) thread = static_cast<int64_t>(e.value);  // kNoThread stays negative
  gs.syscall_blocked = true;
  CloseOn(ProcLane(proc), t, g);
  Lane* thread_lane = ThreadLane(thread);
  if (thread_lane != nullptr) {
    if (thread_lane->open.open && thread_lane->open.goroutine == g) {
      thread_lane->open.kind = TimelineSliceKind::kSyscallBlocked;
    } else {
      OpenOn(thread_lane, t, g, TimelineSliceKind::kSyscallBlocked);
    }
    gs.syscall_thread = thread;
  }
  if (!InWindow(t)) return;
  AddMark(ProcLane(proc), {t, TimelineMarkKind::kSyscallHandoff, g, 0, 1});
  AddMark(thread_lane, {t, TimelineMarkKind::kSyscallHandoff, g, 0, 1});
}

void TimelineCollector::OnRange(const model::Event& e) {
  const std::string_view name = tables_->strings.Get(e.name);
  const bool begin = e.kind != EventKind::kRangeEnd;
  const bool reannounced = e.kind == EventKind::kRangeActive;
  if (name == model::kRangeGCMark) {
    if (begin) {
      if (!(reannounced && gc_open_ != kUnknownTime)) gc_open_ = e.time;
    } else if (gc_open_ != kUnknownTime) {
      AddBand({gc_open_, e.time, TimelineBandKind::kGcMark, "", 1, false});
      gc_open_ = kUnknownTime;
    }
    return;
  }
  if (name.substr(0, model::kRangeSTWPrefix.size()) != model::kRangeSTWPrefix) return;
  if (begin) {
    const bool already = std::any_of(stw_open_.begin(), stw_open_.end(),
                                     [&](const OpenBand& b) { return b.name == e.name; });
    if (!(reannounced && already)) stw_open_.push_back({e.time, e.name});
    return;
  }
  for (size_t k = stw_open_.size(); k-- > 0;) {
    if (stw_open_[k].name != e.name) continue;
    std::string_view reason = name.substr(model::kRangeSTWPrefix.size());
    if (!reason.empty() && reason.back() == ')') reason.remove_suffix(1);
    AddBand({stw_open_[k].start, e.time, TimelineBandKind::kStw, std::string(reason), 1, false});
    stw_open_.erase(stw_open_.begin() + static_cast<ptrdiff_t>(k));
    return;
  }
}

void TimelineCollector::OpenOn(Lane* lane, int64_t t, uint64_t g, TimelineSliceKind kind) {
  if (lane == nullptr) return;
  if (lane->open.open) CloseOn(lane, t, lane->open.goroutine);
  lane->open = {true, t, g, kind};
}

void TimelineCollector::CloseOn(Lane* lane, int64_t t, uint64_t g) {
  if (lane == nullptr || !lane->open.open || lane->open.goroutine != g) return;
  TimelineSlice s;
  s.start = lane->open.start;
  s.end = t;
  s.goroutine = g;
  s.kind = lane->open.kind;
  lane->open.open = false;
  AddSlice(lane, std::move(s));
}

void TimelineCollector::AddSlice(Lane* lane, TimelineSlice s) {
  if (s.end < window_.start || s.start > window_end_) return;
  const bool instant = s.start == s.end;
  s.start = std::max(s.start, window_.start);
  s.end = std::min(s.end, window_end_);
  if (s.start == s.end && !instant) return;  // only touches the window's edge
  AppendSlice(&lane->data.slices, std::move(s), pixel_ns_);
  CheckBudget(*lane);
}

void TimelineCollector::AddMark(Lane* lane, TimelineMark m) {
  if (lane == nullptr) return;
  AppendMark(lane, m);
  CheckBudget(*lane);
}

void TimelineCollector::AppendMark(Lane* lane, TimelineMark m) {
  const int k = static_cast<int>(m.kind);
  std::vector<TimelineMark>& marks = lane->data.marks;
  const size_t last = lane->last_mark[k];
  if (last != 0 &&
      (marks[last - 1].time - window_.start) / pixel_ns_ == (m.time - window_.start) / pixel_ns_) {
    marks[last - 1].count += m.count;
    return;
  }
  marks.push_back(m);
  lane->last_mark[k] = marks.size();
}

void TimelineCollector::AddBand(TimelineBand b) {
  if (b.end < window_.start || b.start > window_end_) return;
  b.start = std::max(b.start, window_.start);
  b.end = std::min(b.end, window_end_);
  auto* bands = b.kind == TimelineBandKind::kGcMark ? &gc_bands_ : &stw_bands_;
  AppendBand(bands, std::move(b), pixel_ns_);
  const size_t budget = static_cast<size_t>(kLaneBudgetPerPixel) * window_.width_px;
  if (window_.end == kUnknownTime && bands->size() > budget) Remerge(pixel_ns_ * 2);
}

void TimelineCollector::CheckBudget(const Lane& lane) {
  if (window_.end != kUnknownTime) return;  // the pixel size is fixed
  const size_t budget = static_cast<size_t>(kLaneBudgetPerPixel) * window_.width_px;
  if (lane.data.slices.size() <= budget && lane.data.marks.size() <= budget) return;
  auto over = [&](const std::map<int64_t, Lane>& lanes) {
    return std::any_of(lanes.begin(), lanes.end(), [&](const auto& kv) {
      return kv.second.data.slices.size() > budget || kv.second.data.marks.size() > budget;
    });
  };
  do {
    Remerge(pixel_ns_ * 2);
  } while (over(procs_) || over(threads_));
}

void TimelineCollector::Remerge(int64_t pixel_ns) {
  pixel_ns_ = pixel_ns;
  for (auto* lanes : {&procs_, &threads_}) {
    for (auto& [id, lane] : *lanes) {
      std::vector<TimelineSlice> slices = std::move(lane.data.slices);
      lane.data.slices.clear();
      for (TimelineSlice& s : slices) AppendSlice(&lane.data.slices, std::move(s), pixel_ns_);
      std::vector<TimelineMark> marks = std::move(lane.data.marks);
      lane.data.marks.clear();
      std::fill(std::begin(lane.last_mark), std::end(lane.last_mark), 0);
      for (const TimelineMark& m : marks) AppendMark(&lane, m);
    }
  }
  for (auto* bands : {&gc_bands_, &stw_bands_}) {
    std::vector<TimelineBand> old = std::move(*bands);
    bands->clear();
    for (TimelineBand& b : old) AppendBand(bands, std::move(b), pixel_ns_);
  }
}

Timeline TimelineCollector::Finish() {
  Timeline out;
  out.start = window_.start;
  int64_t end = window_.end;
  if (end == kUnknownTime || (!past_end_ && last_time_ < end)) end = last_time_;
  end = std::max(end, window_.start + 1);
  window_end_ = end;
  for (auto* lanes : {&procs_, &threads_}) {
    for (auto& [id, lane] : *lanes) {
      if (lane.open.open) CloseOn(&lane, end, lane.open.goroutine);
    }
  }
  if (gc_open_ != kUnknownTime) {
    AddBand({gc_open_, end, TimelineBandKind::kGcMark, "", 1, true});
    gc_open_ = kUnknownTime;
  }
  for (const OpenBand& b : stw_open_) {
    std::string_view reason = tables_->strings.Get(b.name).substr(model::kRangeSTWPrefix.size());
    if (!reason.empty() && reason.back() == ')') reason.remove_suffix(1);
    AddBand({b.start, end, TimelineBandKind::kStw, std::string(reason), 1, true});
  }
  stw_open_.clear();
  const int64_t span = end - window_.start;
  const int64_t final_px = std::max<int64_t>(1, (span + window_.width_px - 1) / window_.width_px);
  // Marks of the open window were merged by columns of the collecting pixel
  // size; re-merge at the final one (also when it did not change, which is
  // a no-op).
  window_.end = end;
  Remerge(std::max(pixel_ns_, final_px));

  out.end = end;
  out.width_px = window_.width_px;
  out.pixel_ns = pixel_ns_;
  std::vector<uint64_t> labelled;
  for (auto* lanes : {&procs_, &threads_}) {
    for (auto& [id, lane] : *lanes) {
      for (TimelineSlice& s : lane.data.slices) {
        if (s.kind == TimelineSliceKind::kAggregate) {
          out.merged_slices += s.slices;
          continue;
        }
        s.labelled = s.duration() * window_.width_px >= kLabelMinPx * span;
        if (s.labelled) labelled.push_back(s.goroutine);
      }
      for (const TimelineMark& m : lane.data.marks) out.merged_marks += m.count - 1;
      (lanes == &procs_ ? out.procs : out.threads).push_back(std::move(lane.data));
    }
  }
  std::sort(labelled.begin(), labelled.end());
  labelled.erase(std::unique(labelled.begin(), labelled.end()), labelled.end());
  out.labelled_goroutines = std::move(labelled);
  for (auto* bands : {&gc_bands_, &stw_bands_}) {
    for (TimelineBand& b : *bands) {
      out.merged_bands += b.count - 1;
      out.bands.push_back(std::move(b));
    }
  }
  std::stable_sort(out.bands.begin(), out.bands.end(),
                   [](const TimelineBand& a, const TimelineBand& b) {
                     return a.start != b.start ? a.start < b.start : a.kind < b.kind;
                   });
  procs_.clear();
  threads_.clear();
  last_proc_id_ = last_thread_id_ = -1;
  last_proc_ = last_thread_ = nullptr;
  return out;
}

}  // namespace tracenote::analysis
