#include "analysis/goroutine_summary.h"

#include <algorithm>
#include <string_view>

namespace tracenote::analysis {

using model::EventKind;
using model::GoState;

namespace {

enum class WaitKind { kBlock, kIo, kNone };

// How go tool trace files a Waiting span, by Go's reason string.
WaitKind ClassifyWait(std::string_view reason) {
  if (reason == "chan send" || reason == "chan receive" || reason == "select" || reason == "sync" ||
      reason == "sync.(*Cond).Wait") {
    return WaitKind::kBlock;
  }
  if (reason == "network") return WaitKind::kIo;
  return WaitKind::kNone;
}

}  // namespace

void GoroutineSummaryBuilder::AddWait(GoroutineSummary* s, model::StringId reason, int64_t d) {
  s->waits_by_reason[reason] += d;
  switch (ClassifyWait(tables_->strings.Get(reason))) {
    case WaitKind::kBlock:
      s->block += d;
      break;
    case WaitKind::kIo:
      s->io += d;
      break;
    case WaitKind::kNone:
      break;
  }
}

GoroutineSummary& GoroutineSummaryBuilder::Get(uint64_t g, int64_t time) {
  uint32_t& slot = index_[g];
  if (slot == 0) {
    uint32_t i;
    if (!free_.empty()) {
      i = free_.back();
      free_.pop_back();
      summaries_[i] = GoroutineSummary{};
      open_[i] = Open{};
    } else {
      i = static_cast<uint32_t>(summaries_.size());
      summaries_.emplace_back();
      open_.emplace_back();
      version_.push_back(0);
      settled_.push_back(0);
    }
    ++version_[i];
    settled_[i] = 0;
    summaries_[i].id = g;
    summaries_[i].created = time;
    slot = i + 1;
  }
  if (settled_[slot - 1]) {  // an exited goroutine's id seen again
    settled_[slot - 1] = 0;
    ++version_[slot - 1];
  }
  return summaries_[slot - 1];
}

int64_t GoroutineSummaryBuilder::GcTime(int64_t created, int64_t until, int64_t running,
                                        bool prefer_running) const {
  // Cycles whose end falls in (created, until) count; the first may have
  // started before the creation.
  auto first = std::lower_bound(gc_cycles_.begin(), gc_cycles_.end(), created,
                                [](const Cycle& c, int64_t t) { return c.end < t; });
  auto last = std::lower_bound(gc_cycles_.begin(), gc_cycles_.end(), until,
                               [](const Cycle& c, int64_t t) { return c.end < t; });
  int64_t total = 0;
  if (first < last) {
    total = gc_prefix_[last - gc_cycles_.begin()] - gc_prefix_[first - gc_cycles_.begin()];
    if (first->start < created) total -= created - first->start;
  }
  // A cycle in progress at `until`: a completed one that spans it, or the
  // one still running (`running`); which wins when both exist follows
  // whether the goroutine outlived the trace (go tool trace's order).
  const int64_t spanning = last != gc_cycles_.end() && last->start < until ? last->start : -1;
  const int64_t active =
      prefer_running ? (running >= 0 ? running : spanning) : (spanning >= 0 ? spanning : running);
  if (active >= 0 && active <= until) total += until - std::max(active, created);
  return total;
}

void GoroutineSummaryBuilder::Finalize(GoroutineSummary& s, int64_t until, int64_t running,
                                       bool prefer_running) const {
  s.total = until - s.created;
  s.gc = GcTime(s.created, until, running, prefer_running);
  if (s.start_stack != 0) {
    auto frames = tables_->stacks.Get(s.start_stack);
    if (!frames.empty()) s.start_func = frames[0].func;
  }
}

void GoroutineSummaryBuilder::OnExit(uint32_t slot) {
  GoroutineSummary& s = summaries_[slot];
  Finalize(s, s.ended, gc_start_, /*prefer_running=*/false);
  settled_[slot] = 1;
  exited_.push_back({s.exec + s.block + s.syscall + s.io, slot, version_[slot]});
  std::push_heap(exited_.begin(), exited_.end(), std::greater<>());
  while (exited_.size() > keep_exited_) {
    std::pop_heap(exited_.begin(), exited_.end(), std::greater<>());
    const Exited e = exited_.back();
    exited_.pop_back();
    if (e.version != version_[e.slot] || !settled_[e.slot]) continue;  // stale
    const GoroutineSummary& g = summaries_[e.slot];
    GoroutineFold& f = folded_[g.start_func];
    f.start_func = g.start_func;
    ++f.count;
    f.preemptions += g.preemptions;
    f.exec += g.exec;
    f.sched_wait += g.sched_wait;
    f.block += g.block;
    f.io += g.io;
    f.syscall += g.syscall;
    f.sweep += g.sweep;
    f.gc += g.gc;
    f.total += g.total;
    if (index_[g.id] == e.slot + 1) index_[g.id] = 0;
    ++version_[e.slot];
    settled_[e.slot] = 0;
    summaries_[e.slot] = GoroutineSummary{};  // frees its wait reasons now
    free_.push_back(e.slot);
  }
}

std::vector<GoroutineFold> GoroutineSummaryBuilder::Folded() const {
  std::vector<GoroutineFold> out;
  for (const auto& [func, f] : folded_) out.push_back(f);
  return out;
}

void GoroutineSummaryBuilder::OnEvent(const model::Event& e) {
  if (first_time_ < 0) first_time_ = e.time;
  switch (e.kind) {
    case EventKind::kGoTransition:
      OnTransition(e);
      break;
    case EventKind::kSyscallBlocked: {
      GoroutineSummary& s = Get(e.resource, e.time);
      Open& o = open_[&s - summaries_.data()];
      if (o.running_since >= 0) s.exec += e.time - o.running_since;
      o.running_since = -1;
      o.blocked_syscall_since = e.time;
      ++s.blocked_syscalls;
      break;
    }
    case EventKind::kRangeBegin:
    case EventKind::kRangeEnd: {
      const std::string_view name = tables_->strings.Get(e.name);
      const bool begin = e.kind == EventKind::kRangeBegin;
      if (name == model::kRangeGCMark) {
        if (begin) {
          gc_start_ = e.time;
        } else if (gc_start_ >= 0) {
          gc_cycles_.push_back({gc_start_, e.time});
          gc_prefix_.push_back(gc_prefix_.back() + (e.time - gc_start_));
          gc_start_ = -1;
        }
      } else if (name == model::kRangeSweep && e.goroutine != 0) {
        GoroutineSummary& s = Get(e.goroutine, e.time);
        Open& o = open_[&s - summaries_.data()];
        if (begin) {
          o.sweep_since = e.time;
        } else if (o.sweep_since >= 0) {
          s.sweep += e.time - o.sweep_since;
          o.sweep_since = -1;
        }
      }
      break;
    }
    default:
      break;
  }
}

void GoroutineSummaryBuilder::OnTransition(const model::Event& e) {
  const auto from = static_cast<GoState>(e.from);
  const auto to = static_cast<GoState>(e.to);
  const int64_t t = e.time;
  GoroutineSummary& s = Get(e.resource, t);
  Open& o = open_[&s - summaries_.data()];
  if (from == GoState::kNotExist || from == GoState::kUndetermined) {
    s.created = t;
    s.existed_at_start = from == GoState::kUndetermined;
    s.create_stack = from == GoState::kNotExist ? e.stack : 0;
    s.creator = from == GoState::kNotExist ? e.goroutine : 0;
    if (e.extra_stack != 0) s.start_stack = e.extra_stack;
    o.alive = true;
  }
  switch (to) {
    case GoState::kRunnable:
      if (from == GoState::kRunning) {
        s.exec += t - o.running_since;
        o.running_since = -1;
        if (tables_->strings.Get(e.name) == "preempted") {
          ++s.preemptions;
        } else {
          ++s.yields;
        }
      } else if (from == GoState::kWaiting && o.waiting_since >= 0) {
        AddWait(&s, o.wait_reason, t - o.waiting_since);
        o.waiting_since = -1;
      } else if (from == GoState::kSyscall) {
        if (o.blocked_syscall_since >= 0) {
          s.syscall += t - o.blocked_syscall_since;
        } else if (o.running_since >= 0) {
          s.exec += t - o.running_since;  // no record of the P being lost
        }
        o.running_since = o.blocked_syscall_since = o.syscall_since = -1;
      }
      // go tool trace keeps its scheduler-wait clock in an int64 where 0
      // means "not running": a goroutine created by the trace's first event
      // (time 0) gets no initial wait. We do the same, to match its numbers.
      o.runnable_since =
          (from == GoState::kNotExist || from == GoState::kUndetermined) && t == first_time_ ? -1
                                                                                             : t;
      break;
    case GoState::kRunning:
      if (from == GoState::kSyscall) {  // a syscall that kept its P
        o.syscall_since = -1;
        break;
      }
      if (o.runnable_since >= 0) s.sched_wait += t - o.runnable_since;
      o.runnable_since = -1;
      o.running_since = t;
      if (s.first_start < 0) s.first_start = t;
      ++s.starts;
      if (s.start_func == 0 && s.start_stack == 0 && e.stack != 0) s.start_stack = e.stack;
      break;
    case GoState::kWaiting:
      if (from == GoState::kRunning) {
        s.exec += t - o.running_since;
        o.running_since = -1;
        ++s.blocks;
      }
      // A goroutine listed as waiting at trace start (Runnable -> Waiting)
      // keeps go tool trace's scheduler-wait clock running from its
      // creation: unless an unblock restarts it, the whole trace counts as
      // scheduler wait there, and so it does here.
      if (from != GoState::kRunnable) o.runnable_since = -1;
      o.waiting_since = t;
      o.wait_reason = e.name;
      if (tables_->strings.Get(e.name) == "forever") {  // go tool trace: like an exit
        s.ended = t;
      }
      break;
    case GoState::kSyscall:
      o.syscall_since = t;
      if (from == GoState::kRunning) ++s.syscalls;
      break;
    case GoState::kNotExist:
      if (o.running_since >= 0) s.exec += t - o.running_since;
      o.running_since = -1;
      s.ended = t;
      o.alive = false;
      break;
    case GoState::kUndetermined:
      break;
  }
  s.final_state = to;
  s.final_reason = e.name;
  s.final_stack = e.stack;
  s.final_since = t;
  if (to == GoState::kNotExist) OnExit(static_cast<uint32_t>(&s - summaries_.data()));
}

std::vector<GoroutineSummary> GoroutineSummaryBuilder::Finish(int64_t end_time) {
  std::vector<uint8_t> is_free(summaries_.size(), 0);
  for (uint32_t i : free_) is_free[i] = 1;
  std::vector<GoroutineSummary> out;
  out.reserve(summaries_.size() - free_.size());
  for (size_t i = 0; i < summaries_.size(); ++i) {
    if (is_free[i]) continue;
    GoroutineSummary& s = summaries_[i];
    if (!settled_[i]) {
      Open& o = open_[i];
      const bool ended = s.ended >= 0;
      if (!ended) {
        // Close what is still open at the end of the trace.
        if (o.running_since >= 0) s.exec += end_time - o.running_since;
        if (o.runnable_since >= 0) s.sched_wait += end_time - o.runnable_since;
        if (o.blocked_syscall_since >= 0) s.syscall += end_time - o.blocked_syscall_since;
        if (o.sweep_since >= 0) s.sweep += end_time - o.sweep_since;
        if (o.waiting_since >= 0) AddWait(&s, o.wait_reason, end_time - o.waiting_since);
      }
      // A cycle still running at the end counts for goroutines alive then.
      Finalize(s, ended ? s.ended : end_time, ended ? -1 : gc_start_, /*prefer_running=*/true);
    }
    out.push_back(std::move(s));
  }
  summaries_.clear();
  std::sort(out.begin(), out.end(),
            [](const GoroutineSummary& a, const GoroutineSummary& b) { return a.id < b.id; });
  return out;
}

}  // namespace tracenote::analysis
