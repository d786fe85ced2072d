#include "report/walkthrough.h"

#include <algorithm>
#include <deque>
#include <set>
#include <string_view>

#include "model/trace_model.h"
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

int64_t Median(std::vector<int64_t> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int64_t Id(uint64_t g) { return static_cast<int64_t>(g); }

bool EndsRunning(const WalkRow& r) {
  return r.name == "GoPreempt" || r.name == "GoSched" || r.name == "GoBlock" ||
         r.name == "GoDestroy";
}

// The topic of an event that is not part of a goroutine's run.
std::string LooseTopic(const WalkRow& r) {
  const std::string& n = r.name;
  if (n == "GoStatus" || (n == "GoCreate" && r.on == 0)) return "initial";
  if (n == "ProcStart" || n == "ProcStop" || n == "Gomaxprocs") return "proc";
  if (n == "GoUnblock") return "wake";
  if (n.rfind("GC", 0) == 0 || n.rfind("STW", 0) == 0 || n == "HeapGoal" || n == "HeapAlloc") {
    return "gc";
  }
  return "other";
}

// Groups a contiguous run of rows into episodes: a goroutine's run from its
// GoStart until it stops running (with what it did meanwhile), or a group
// of related events outside any run.
class Grouper {
 public:
  explicit Grouper(std::vector<Episode>* out) : out_(out) {}

  void Add(WalkRow r, bool gap_before) {
    if (r.name == "GoStart") {
      Open("span", r.goroutine, gap_before);
      span_ = true;
      handoff_until_ = -1;
      Push(std::move(r));
      return;
    }
    if (span_) {
      // While a goroutine runs, whatever else happens on its P (and events
      // with no P, such as another goroutine's syscall return) is part of its
      // story; an event on another P ends the episode.
      const Episode& ep = out_->back();
      const int64_t p = ep.rows.front().proc;
      if (r.proc == p || r.proc < 0 || (handoff_until_ >= r.time && r.name == "ProcStart")) {
        const bool ends = EndsRunning(r) && r.goroutine == ep.goroutine;
        if (r.name == "GoSyscallBlocked" && r.goroutine == ep.goroutine) {
          handoff_until_ = r.time + 1000000;
        }
        Push(std::move(r));
        // After a handoff the P's stop and restart still belong here.
        if (ends) span_ = false;
        return;
      }
      span_ = false;
    }
    const std::string topic = LooseTopic(r);
    if (gap_before || out_->empty() || out_->back().topic != topic) Open(topic, 0, gap_before);
    Push(std::move(r));
  }

 private:
  void Open(const std::string& topic, uint64_t g, bool gap_before) {
    Episode ep;
    ep.topic = topic;
    ep.goroutine = g;
    ep.gap_before = gap_before;
    out_->push_back(std::move(ep));
  }
  void Push(WalkRow r) { out_->back().rows.push_back(std::move(r)); }

  std::vector<Episode>* out_;
  bool span_ = false;
  int64_t handoff_until_ = -1;
};

bool IsPurePreemption(const Episode& ep) {
  return ep.topic == "span" && ep.rows.size() == 2 && ep.rows[1].name == "GoPreempt";
}

// Merges consecutive runs of one goroutine that only ran and were preempted
// into one "preempt" episode, folded: the first two pairs and the last stay
// listed, the rest become a count and a measured period.
std::vector<Episode> FoldPreemptionLoops(std::vector<Episode> in) {
  std::vector<Episode> out;
  for (Episode& ep : in) {
    if (IsPurePreemption(ep) && !out.empty() && !ep.gap_before &&
        (out.back().topic == "preempt" || IsPurePreemption(out.back())) &&
        out.back().goroutine == ep.goroutine) {
      out.back().topic = "preempt";
      for (WalkRow& r : ep.rows) out.back().rows.push_back(std::move(r));
      continue;
    }
    out.push_back(std::move(ep));
  }
  for (Episode& ep : out) {
    if (ep.topic != "preempt") continue;
    std::vector<int64_t> gaps, slices;
    int64_t last = -1;
    for (size_t k = 1; k < ep.rows.size(); k += 2) {
      slices.push_back(ep.rows[k].time - ep.rows[k - 1].time);
      if (last >= 0) gaps.push_back(ep.rows[k].time - last);
      last = ep.rows[k].time;
    }
    const size_t pairs = ep.rows.size() / 2;
    ep.period = Median(gaps);
    Comment c{"walkthrough.preempt_loop", {}};
    c.args["goroutine"] = Id(ep.goroutine);
    c.args["count"] = static_cast<int64_t>(pairs);
    c.args["ran_for"] = l10n::Duration{Median(slices)};
    c.args["period"] = l10n::Duration{ep.period};
    ep.comments.push_back(std::move(c));
    if (pairs > 3) {
      ep.collapsed = pairs - 3;
      std::vector<WalkRow> kept(ep.rows.begin(), ep.rows.begin() + 4);
      kept.insert(kept.end(), ep.rows.end() - 2, ep.rows.end());
      ep.rows = std::move(kept);
    }
  }
  return out;
}

std::string StartFunc(const WalkRow& r, const model::Tables& t) {
  auto frames = t.stacks.Get(r.stack);
  return frames.empty() ? "" : std::string(t.strings.Get(frames[0].func));
}

void DescribeSpan(Episode* ep, const model::Tables& t) {
  const WalkRow& start = ep->rows.front();
  const int64_t g = Id(ep->goroutine);
  auto add = [&](const char* key, l10n::MessageArgs args) {
    args["goroutine"] = g;
    ep->comments.push_back({key, std::move(args)});
  };
  const std::string func = StartFunc(start, t);
  if (!func.empty()) add("walkthrough.first_start", {{"func", l10n::TraceText{func}}});
  std::vector<std::string> created;
  int64_t unblocked = 0;
  const WalkRow* syscall = nullptr;
  const WalkRow* blocked = nullptr;
  const WalkRow* proc_start = nullptr;
  int64_t syscalls = 0;
  for (size_t i = 0; i < ep->rows.size(); ++i) {
    const WalkRow& r = ep->rows[i];
    if (r.name == "GCBegin") add("walkthrough.gc_begin", {});
    if (r.name == "GCEnd") add("walkthrough.gc_end", {});
    if (r.name == "STWBegin") {
      std::string reason = r.detail;
      const size_t open = reason.find('(');
      if (open != std::string::npos) reason = reason.substr(open + 1, reason.size() - open - 2);
      l10n::MessageArgs args{{"reason", l10n::TraceText{reason}}};
      for (size_t k = i + 1; k < ep->rows.size(); ++k) {
        if (ep->rows[k].name == "STWEnd") {
          args["duration"] = l10n::Duration{ep->rows[k].time - r.time};
          break;
        }
      }
      const char* key = args.count("duration") ? "walkthrough.stw" : "walkthrough.stw_begin";
      add(key, std::move(args));
    }
    if (r.name == "GoSyscallEndBlocked" && r.goroutine != ep->goroutine) {
      ep->comments.push_back(
          {"walkthrough.meanwhile_syscall_return", {{"goroutine", Id(r.goroutine)}}});
    }
    if (r.name == "GoCreate") {
      const size_t at = r.detail.find("start=");
      if (at != std::string::npos) created.push_back(r.detail.substr(at + 6));
    }
    if (r.name == "GoUnblock" && r.goroutine != ep->goroutine) ++unblocked;
    if (r.name == "GoSyscallBegin") {
      syscall = &r;
      ++syscalls;
    }
    if (r.name == "GoSyscallBlocked") blocked = &r;
    if (r.name == "ProcStart" && blocked != nullptr) proc_start = &r;
  }
  if (!created.empty()) {
    std::string list;
    for (const std::string& f : created) list += (list.empty() ? "" : ", ") + f;
    add("walkthrough.create",
        {{"count", static_cast<int64_t>(created.size())}, {"funcs", l10n::TraceText{list}}});
  }
  if (unblocked > 0) add("walkthrough.unblocks", {{"count", unblocked}});
  if (blocked != nullptr) {
    add(proc_start != nullptr ? "walkthrough.syscall_handoff" : "walkthrough.syscall_blocked",
        {{"before", l10n::Duration{syscall ? blocked->time - syscall->time : 0}},
         {"thread", blocked->thread},
         {"new_thread", proc_start != nullptr ? proc_start->thread : int64_t{-1}}});
  } else if (syscalls > 0) {
    add("walkthrough.syscall", {{"count", syscalls}});
  }
  const WalkRow& last = ep->rows.back();
  const l10n::Duration ran{last.time - start.time};
  if (last.goroutine == ep->goroutine) {
    if (last.name == "GoPreempt") {
      add("walkthrough.preempt", {{"ran_for", ran}});
    } else if (last.name == "GoBlock") {
      add("walkthrough.block", {{"reason", analysis::WaitReasonKeyword(last.detail)},
                                {"reason_text", l10n::TraceText{last.detail}},
                                {"ran_for", ran}});
    } else if (last.name == "GoSched") {
      add("walkthrough.yield", {{"ran_for", ran}});
    } else if (last.name == "GoDestroy") {
      add("walkthrough.exit", {{"ran_for", ran}});
    }
  }
  if (ep->comments.empty()) add("walkthrough.run", {});
}

void DescribeLoose(Episode* ep) {
  const WalkRow& first = ep->rows.front();
  Comment c;
  if (ep->topic == "initial") {
    std::set<uint64_t> gs, waiting;
    for (const WalkRow& r : ep->rows) {
      gs.insert(r.goroutine);
      if (r.detail == "Waiting") waiting.insert(r.goroutine);
    }
    c = {"walkthrough.initial",
         {{"count", static_cast<int64_t>(gs.size())},
          {"waiting", static_cast<int64_t>(waiting.size())}}};
  } else if (ep->topic == "proc") {
    if (first.name == "ProcStart") {
      c = {"walkthrough.proc_start", {{"p", first.proc}, {"thread", first.thread}}};
    } else if (first.name == "ProcStop") {
      c = {"walkthrough.proc_stop", {{"p", first.proc}}};
    } else {
      c = {"walkthrough.gomaxprocs",
           {{"procs", std::string(first.detail.substr(first.detail.find('=') + 1))}}};
    }
  } else if (ep->topic == "wake") {
    const int64_t by = Id(first.on);
    c = {by == 0 ? "walkthrough.wake_runtime" : "walkthrough.wake_by",
         {{"goroutine", Id(first.goroutine)},
          {"by", by},
          {"count", static_cast<int64_t>(ep->rows.size())}}};
  } else if (ep->topic == "gc") {
    if (first.name == "STWBegin" || first.name == "STWEnd") {
      std::string reason = first.detail;
      const size_t open = reason.find('(');
      if (open != std::string::npos) reason = reason.substr(open + 1, reason.size() - open - 2);
      int64_t duration = 0;
      for (const WalkRow& r : ep->rows) {
        if (r.name == "STWEnd" && first.name == "STWBegin") duration = r.time - first.time;
      }
      c = {first.name == "STWBegin" ? "walkthrough.stw_begin" : "walkthrough.stw_end",
           {{"reason", l10n::TraceText{reason}}, {"duration", l10n::Duration{duration}}}};
    } else if (first.name == "GCEnd") {
      c = {"walkthrough.gc_end", {}};
    } else if (first.name == "GCBegin") {
      c = {"walkthrough.gc_begin", {{"goroutine", Id(first.on)}}};
    } else {
      c = {"walkthrough.gc_other", {{"count", static_cast<int64_t>(ep->rows.size())}}};
    }
  } else {
    c = {"walkthrough.other", {{"count", static_cast<int64_t>(ep->rows.size())}}};
  }
  ep->comments.push_back(std::move(c));
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
      const size_t at = (start + size) % slots.size();
      slots[at] = {i, e};
      if (size < slots.size()) {
        ++size;
      } else {
        start = (start + 1) % slots.size();
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
  std::vector<Episode> episodes;
  Grouper grouper(&episodes);
  bool first_run = true;
  for (std::vector<WalkRow>& run : runs) {
    for (size_t i = 0; i < run.size(); ++i) {
      const bool gap = i == 0 && (!first_run || run.front().index != 0);
      grouper.Add(std::move(run[i]), gap);
    }
    first_run = false;
  }
  w.episodes = FoldPreemptionLoops(std::move(episodes));
  for (Episode& ep : w.episodes) {
    if (ep.topic == "span") {
      DescribeSpan(&ep, *m.tables);
    } else if (ep.topic != "preempt") {
      DescribeLoose(&ep);
    }
    w.listed_events += ep.rows.size();
  }
  return w;
}

}  // namespace tracenote::report
