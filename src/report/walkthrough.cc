#include "report/walkthrough.h"

#include <algorithm>
#include <string_view>

#include "model/trace_model.h"
#include "report/walkthrough_episodes.h"
#include "report/walkthrough_rows.h"

namespace tracenote::report {

namespace {

// Selection of rows. For a trace of at most max_rows events every event is
// kept. Otherwise: the first start_rows events; a window of window_rows
// events (a quarter of them before, from a ring buffer) at the first time
// each pattern shows up — a preemption, a syscall losing its P, a GC cycle,
// a stop-the-world, a GOMAXPROCS change — and the last end_rows events.
// Everything is decided as the events stream by, so the walk-through is
// collected in the same pass as the analysis.
enum Trigger { kPreempt, kHandoff, kGcBegin, kStw, kGomaxprocs, kTriggers };

int TriggerOf(const model::Event& e, const model::Tables& t) {
  switch (e.kind) {
    case model::EventKind::kGoTransition:
      return e.from == static_cast<uint8_t>(model::GoState::kRunning) &&
                     e.to == static_cast<uint8_t>(model::GoState::kRunnable) &&
                     t.strings.Get(e.name) == "preempted"
                 ? kPreempt
                 : -1;
    case model::EventKind::kSyscallBlocked:
      return kHandoff;
    case model::EventKind::kRangeBegin: {
      const std::string_view n = t.strings.Get(e.name);
      if (n == model::kRangeGCMark) return kGcBegin;
      if (n.substr(0, model::kRangeSTWPrefix.size()) == model::kRangeSTWPrefix) return kStw;
      return -1;
    }
    case model::EventKind::kMetric:
      return t.strings.Get(e.name) == model::kMetricGomaxprocs ? kGomaxprocs : -1;
    default:
      return -1;
  }
}

}  // namespace

struct WalkthroughCollector::Impl {
  WalkthroughOptions o;
  const model::Tables* tables;
  uint64_t index = 0;
  // Events are kept as they are (cheap to copy) and turned into rows only
  // when they are listed.
  std::vector<model::Event> all;                   // while the trace is small enough
  std::vector<std::pair<uint64_t, WalkRow>> kept;  // the windowed selection
  // The last events not kept (the lead-in of the next window, and at the
  // end the end of the trace), in a fixed circular buffer: this runs for
  // every event of the trace.
  struct Ring {
    std::vector<std::pair<uint64_t, model::Event>> slots;
    size_t start = 0, size = 0;
    void Push(uint64_t i, const model::Event& e) {
      if (slots.empty()) return;
      // Called for every event: wrap by comparison, not division.
      size_t at = start + size;
      if (at >= slots.size()) at -= slots.size();
      slots[at].first = i;
      slots[at].second = e;
      if (size < slots.size()) {
        ++size;
      } else if (++start == slots.size()) {
        start = 0;
      }
    }
    const std::pair<uint64_t, model::Event>& operator[](size_t k) const {
      return slots[(start + k) % slots.size()];
    }
    void clear() { start = size = 0; }
  } ring;
  bool all_seen = false;
  uint64_t capture = 0;
  uint64_t budget = 0;
  bool seen[kTriggers] = {};
  uint64_t last_kept = ~uint64_t{0};

  void Keep(uint64_t i, const model::Event& e) {
    if (budget == 0) return;
    --budget;
    kept.emplace_back(i, MakeWalkRow(i, e, *tables));
    last_kept = i;
  }
};

WalkthroughCollector::WalkthroughCollector(const model::Tables* tables,
                                           const WalkthroughOptions& options)
    : impl_(new Impl) {
  impl_->o = options;
  impl_->tables = tables;
  impl_->budget = options.max_rows - std::min(options.max_rows, options.end_rows);
  impl_->ring.slots.resize(std::max<uint64_t>(options.window_rows / 4, options.end_rows));
}

WalkthroughCollector::~WalkthroughCollector() = default;

void WalkthroughCollector::OnEvent(const model::Event& e) {
  Impl& m = *impl_;
  const uint64_t i = m.index++;
  if (i < m.o.max_rows) m.all.push_back(e);
  const int trigger = m.all_seen ? -1 : TriggerOf(e, *m.tables);
  const uint64_t lead = m.o.window_rows / 4;
  if (i < m.o.start_rows) {
    m.Keep(i, e);
  } else if (trigger >= 0 && !m.seen[trigger]) {
    for (size_t k = 0; k < m.ring.size; ++k) {
      const auto& [idx, ev] = m.ring[k];
      if (m.last_kept == ~uint64_t{0} || idx > m.last_kept) m.Keep(idx, ev);
    }
    m.ring.clear();
    m.Keep(i, e);
    m.capture = m.o.window_rows - std::min(lead, m.o.window_rows);
  } else if (m.capture > 0) {
    --m.capture;
    m.Keep(i, e);
  } else {
    m.ring.Push(i, e);
  }
  if (trigger >= 0) {
    m.seen[trigger] = true;
    m.all_seen = std::all_of(std::begin(m.seen), std::end(m.seen), [](bool b) { return b; });
  }
}

Walkthrough WalkthroughCollector::Finish() {
  Impl& m = *impl_;
  Walkthrough w;
  w.max_rows = m.o.max_rows;
  w.total_events = m.index;
  std::vector<std::vector<WalkRow>> runs;
  if (m.index <= m.o.max_rows) {
    runs.emplace_back();
    for (size_t k = 0; k < m.all.size(); ++k)
      runs.back().push_back(MakeWalkRow(k, m.all[k], *m.tables));
  } else {
    w.limited = true;
    // The end of the trace: the last events still in the ring.
    const size_t skip = m.ring.size > m.o.end_rows ? m.ring.size - m.o.end_rows : 0;
    for (size_t k = skip; k < m.ring.size; ++k) {
      if (m.last_kept != ~uint64_t{0} && m.ring[k].first <= m.last_kept) continue;
      m.kept.emplace_back(m.ring[k].first,
                          MakeWalkRow(m.ring[k].first, m.ring[k].second, *m.tables));
      m.last_kept = m.kept.back().first;
    }
    uint64_t prev = ~uint64_t{0};
    for (auto& [idx, r] : m.kept) {
      if (runs.empty() || idx != prev + 1) runs.emplace_back();
      runs.back().push_back(std::move(r));
      prev = idx;
    }
  }
  w.episodes = GroupIntoEpisodes(std::move(runs), *m.tables);
  for (const Episode& ep : w.episodes) w.listed_events += ep.rows.size();
  return w;
}

}  // namespace tracenote::report
