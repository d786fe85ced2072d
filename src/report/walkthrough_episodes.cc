#include "report/walkthrough_episodes.h"

#include <algorithm>
#include <set>
#include <string>
#include <string_view>

#include "analysis/detectors/finding.h"

namespace tracenote::report {

namespace {

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

std::vector<Episode> GroupIntoEpisodes(std::vector<std::vector<WalkRow>> runs,
                                       const model::Tables& tables) {
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
  episodes = FoldPreemptionLoops(std::move(episodes));
  for (Episode& ep : episodes) {
    if (ep.topic == "span") {
      DescribeSpan(&ep, tables);
    } else if (ep.topic != "preempt") {
      DescribeLoose(&ep);
    }
  }
  return episodes;
}

}  // namespace tracenote::report
