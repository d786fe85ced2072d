#include "report/close_up_recorder.h"

#include <algorithm>

#include "analysis/trace_analysis.h"

namespace tracenote::report {
namespace {

using model::EventKind;
using model::GoState;

constexpr int64_t kMinSpan = 100'000;    // 100 µs
constexpr int64_t kMinMargin = 500'000;  // 0.5 ms: room for a stop-the-world phase

struct Window {
  int64_t start = 0;
  int64_t end = 0;
};

// The window showing [from, to]: at most kSpan of it (its end, where the
// pattern showed itself), at least kMinSpan, with a margin on both sides.
Window WindowOf(int64_t from, int64_t to, int64_t span) {
  from = std::max(from, to - span);
  const int64_t length = std::clamp(to - from, kMinSpan, span);
  const int64_t margin = std::max(length / 8, kMinMargin);
  return {std::max<int64_t>(0, from - margin), from + length + margin};
}

bool Buffered(const model::Event& e) {
  switch (e.kind) {
    case EventKind::kGoTransition:
    case EventKind::kProcTransition:
    case EventKind::kSyscallBlocked:
    case EventKind::kRangeBegin:
    case EventKind::kRangeActive:
    case EventKind::kRangeEnd:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string_view CloseUpKindName(CloseUpKind k) {
  switch (k) {
    case CloseUpKind::kPreemption:
      return "preemption";
    case CloseUpKind::kHandoff:
      return "handoff";
    case CloseUpKind::kGcCycle:
      return "gc";
    case CloseUpKind::kSchedWait:
      return "latency";
    case CloseUpKind::kGomaxprocs:
      return "gomaxprocs";
  }
  return "other";
}

std::optional<CloseUpKind> CloseUpKindFor(std::string_view id) {
  if (id == "preemption-storm") return CloseUpKind::kPreemption;
  if (id == "syscall-handoff" || id == "long-syscall") return CloseUpKind::kHandoff;
  if (id == "gc-stw") return CloseUpKind::kGcCycle;
  if (id == "sched-latency") return CloseUpKind::kSchedWait;
  if (id == "gomaxprocs-change") return CloseUpKind::kGomaxprocs;
  return std::nullopt;  // goroutine-leak: its moment is the whole trace
}

CloseUpRecorder::CloseUpRecorder(const model::Tables* tables) : tables_(tables) {}
CloseUpRecorder::~CloseUpRecorder() = default;

void CloseUpRecorder::OnEvent(const model::Event& e) {
  const bool buffered = Buffered(e);
  if (!buffered && e.kind != EventKind::kMetric) return;
  if (buffered) {
    recent_.push_back(e);
    while (recent_.size() > kMaxBuffered || e.time - recent_.front().time > kLookback) {
      recent_.pop_front();
    }
    Feed(e);
  }
  Watch(e);
  // Close-ups whose window has passed are done.
  for (size_t i = active_.size(); i-- > 0;) {
    if (active_[i].collector->WantsMore()) continue;
    active_[i].shot.timeline = active_[i].collector->Finish();
    done_[static_cast<size_t>(active_[i].kind)] = std::move(active_[i].shot);
    active_.erase(active_.begin() + static_cast<std::ptrdiff_t>(i));
  }
}

void CloseUpRecorder::Feed(const model::Event& e) {
  for (Active& a : active_) a.collector->OnEvent(e);
}

void CloseUpRecorder::Start(CloseUpKind kind, int64_t start, int64_t end, uint64_t goroutine,
                            bool threads) {
  bool& started = started_[static_cast<size_t>(kind)];
  if (started) return;
  started = true;
  analysis::TimelineWindow w;
  w.start = std::max(start, recent_.empty() ? start : recent_.front().time);
  w.end = std::max(end, w.start + 1);
  Active a{kind, std::make_unique<analysis::TimelineCollector>(tables_, w), {}};
  a.shot.goroutine = goroutine;
  a.shot.threads = threads;
  // The recent past gives the collector the goroutines' states and every
  // event from the window's start (the current event is the last one).
  for (const model::Event& past : recent_) a.collector->OnEvent(past);
  active_.push_back(std::move(a));
}

void CloseUpRecorder::Watch(const model::Event& e) {
  const int64_t t = e.time;
  switch (e.kind) {
    case EventKind::kGoTransition: {
      GoroutineTimes& g = times_[e.resource];
      const auto from = static_cast<GoState>(e.from);
      const auto to = static_cast<GoState>(e.to);
      if (to == GoState::kRunning) {
        if (g.runnable_since >= 0 && t - g.runnable_since >= kLongWait) {
          const Window w = WindowOf(g.runnable_since, t, kSpan);
          Start(CloseUpKind::kSchedWait, w.start, w.end, e.resource, false);
        }
        g.running_since = t;
        g.runnable_since = -1;
        g.syscall_since = -1;
      } else if (to == GoState::kRunnable) {
        const int64_t ran = g.running_since >= 0 ? t - g.running_since : 0;
        if (from == GoState::kRunning && ran >= analysis::kSysmonTimeSlice &&
            tables_->strings.Get(e.name) == std::string_view("preempted")) {
          // The slice that ran out, then about two more time slices.
          const Window w = WindowOf(g.running_since, t + 2 * ran, kSpan);
          Start(CloseUpKind::kPreemption, w.start, w.end, e.resource, false);
        }
        g.running_since = -1;
        g.runnable_since = t;
      } else if (to == GoState::kSyscall) {
        g.running_since = -1;
        g.syscall_since = t;
      } else if (to == GoState::kNotExist) {
        times_.erase(e.resource);
      } else {
        g.running_since = -1;
        g.runnable_since = -1;
      }
      break;
    }
    case EventKind::kSyscallBlocked: {
      auto it = times_.find(e.resource);
      const int64_t since =
          it != times_.end() && it->second.syscall_since >= 0 ? it->second.syscall_since : t;
      const Window w = WindowOf(since, t + kAfterEvent, kSpan);
      Start(CloseUpKind::kHandoff, w.start, w.end, e.resource, true);
      break;
    }
    case EventKind::kRangeBegin:
    case EventKind::kRangeActive:
      if (tables_->strings.Get(e.name) == model::kRangeGCMark && gc_mark_start_ < 0) {
        gc_mark_start_ = t;
      }
      break;
    case EventKind::kRangeEnd:
      if (tables_->strings.Get(e.name) == model::kRangeGCMark && gc_mark_start_ >= 0) {
        const Window w = WindowOf(gc_mark_start_, t, kSpan);
        Start(CloseUpKind::kGcCycle, w.start, w.end, 0, false);
        gc_mark_start_ = -1;
      }
      break;
    case EventKind::kMetric:
      if (tables_->strings.Get(e.name) == model::kMetricGomaxprocs) {
        if (gomaxprocs_ != 0 && e.value != gomaxprocs_) {
          const Window w = WindowOf(t - kAfterEvent, t + kAfterEvent, kSpan);
          Start(CloseUpKind::kGomaxprocs, w.start, w.end, 0, false);
        }
        gomaxprocs_ = e.value;
      }
      break;
    default:
      break;
  }
}

std::array<std::optional<CloseUpShot>, kCloseUpKinds> CloseUpRecorder::Finish() {
  for (Active& a : active_) {
    a.shot.timeline = a.collector->Finish();
    done_[static_cast<size_t>(a.kind)] = std::move(a.shot);
  }
  active_.clear();
  recent_.clear();
  times_.clear();
  return std::move(done_);
}

}  // namespace tracenote::report
