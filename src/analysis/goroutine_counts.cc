#include "analysis/goroutine_counts.h"

#include <algorithm>

namespace tracenote::analysis {

using model::GoState;

uint64_t& GoroutineCountCollector::CounterOf(GoState s) {
  switch (s) {
    case GoState::kRunnable:
      return runnable_;
    case GoState::kRunning:
      return running_;
    case GoState::kSyscall:
      return syscall_;
    default:
      return other_;
  }
}

void GoroutineCountCollector::Note() {
  GoroutineCountBin& b = bins_.back();
  b.alive = std::max<uint64_t>(b.alive, states_.size());
  b.runnable = std::max(b.runnable, runnable_);
  b.running = std::max(b.running, running_);
  b.syscall = std::max(b.syscall, syscall_);
}

void GoroutineCountCollector::MoveTo(int64_t t) {
  if (t < 0) t = 0;
  if (bins_.empty()) bins_.push_back({0, 0, 0, 0, 0});
  int64_t index = t / width_;
  while (index >= static_cast<int64_t>(kMaxBins)) {
    // Double the width: bins 2i and 2i+1 become bin i.
    std::vector<GoroutineCountBin> merged;
    merged.reserve(kMaxBins / 2 + 1);
    for (size_t i = 0; i < bins_.size(); i += 2) {
      GoroutineCountBin b = bins_[i];
      b.start = static_cast<int64_t>(i / 2) * width_ * 2;
      if (i + 1 < bins_.size()) {
        const GoroutineCountBin& c = bins_[i + 1];
        b.alive = std::max(b.alive, c.alive);
        b.runnable = std::max(b.runnable, c.runnable);
        b.running = std::max(b.running, c.running);
        b.syscall = std::max(b.syscall, c.syscall);
      }
      merged.push_back(b);
    }
    bins_ = std::move(merged);
    width_ *= 2;
    index = t / width_;
  }
  while (static_cast<int64_t>(bins_.size()) <= index) {
    const int64_t start = static_cast<int64_t>(bins_.size()) * width_;
    bins_.push_back({start, 0, 0, 0, 0});
    Note();  // the counts carried into the new bin
  }
}

void GoroutineCountCollector::OnEvent(const model::Event& e) {
  if (e.kind != model::EventKind::kGoTransition) return;
  MoveTo(e.time);
  const auto to = static_cast<GoState>(e.to);
  auto it = states_.find(e.resource);
  if (it != states_.end()) {
    --CounterOf(it->second);
    if (to == GoState::kNotExist) {
      states_.erase(it);
    } else {
      it->second = to;
      ++CounterOf(to);
    }
  } else if (to != GoState::kNotExist && to != GoState::kUndetermined) {
    states_.emplace(e.resource, to);
    ++CounterOf(to);
  }
  Note();
}

GoroutineCounts GoroutineCountCollector::Finish(int64_t end_time) {
  // The last bin is the one holding end_time - 1: bins cover [0, end_time).
  MoveTo(std::max<int64_t>(end_time - 1, 0));
  GoroutineCounts out;
  out.bin_width = width_;
  out.duration = std::max<int64_t>(end_time, 0);
  out.bins = std::move(bins_);
  bins_.clear();
  for (const GoroutineCountBin& b : out.bins) {
    out.max_alive = std::max(out.max_alive, b.alive);
    out.max_runnable = std::max(out.max_runnable, b.runnable);
    out.max_running = std::max(out.max_running, b.running);
  }
  return out;
}

}  // namespace tracenote::analysis
