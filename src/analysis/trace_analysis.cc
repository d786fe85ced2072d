#include "analysis/trace_analysis.h"

#include <algorithm>
#include <cmath>
#include <queue>
#include <string_view>
#include <unordered_map>

#include "base/id_table.h"

namespace tracenote::analysis {

using model::EventKind;
using model::GoState;

// ---------------------------------------------------------------------------
// The one-pass builder.

namespace {

class AnalysisBuilder : public model::EventSink {
 public:
  AnalysisBuilder(const model::Tables* tables, TraceAnalysis* out, model::EventSink* also)
      : tables_(tables), out_(out), also_(also), goroutines_(tables) {}

  void OnEvent(const model::Event& e) override {
    if (also_ != nullptr) also_->OnEvent(e);
    goroutines_.OnEvent(e);
    ++out_->model_events;
    last_time_ = std::max(last_time_, e.time);
    if (e.thread != last_thread_ && e.thread >= 0) {
      last_thread_ = e.thread;
      if (!threads_seen_.contains(static_cast<uint64_t>(e.thread))) {
        threads_seen_[static_cast<uint64_t>(e.thread)] = 1;
        out_->threads.push_back(e.thread);
      }
    }
    if (e.proc != last_proc_ && e.proc >= 0) {
      last_proc_ = e.proc;
      procs_seen_[static_cast<uint64_t>(e.proc)] = 1;
    }
    switch (e.kind) {
      case EventKind::kGoTransition:
        OnGo(e);
        break;
      case EventKind::kProcTransition:
        OnProc(e);
        break;
      case EventKind::kRangeBegin:
      case EventKind::kRangeActive:
      case EventKind::kRangeEnd:
        OnRange(e);
        break;
      case EventKind::kMetric:
        OnMetric(e);
        break;
      case EventKind::kLabel:
        OnLabel(e);
        break;
      case EventKind::kSyscallBlocked:
        OnSyscallBlocked(e);
        break;
      default:
        break;
    }
  }

  void Finish() {
    out_->end_time = last_time_;
    out_->goroutines = goroutines_.Finish(last_time_);
    out_->folded_goroutines = goroutines_.Folded();
    out_->procs = procs_seen_.size();
    // A preemption just before a stop-the-world began is part of it: the
    // runtime preempts every goroutine to stop the world.
    for (Preemption& p : out_->preemptions) {
      auto it = std::lower_bound(out_->stw_pauses.begin(), out_->stw_pauses.end(), p.time,
                                 [](const StwPause& s, int64_t t) { return s.start < t; });
      // Only a short run slice: a goroutine that had used up its time slice
      // was preempted by sysmon, even if the world stops right after (with
      // one P, the goroutine that stops it only runs once sysmon preempts).
      if (it != out_->stw_pauses.end() && it->start - p.time <= kStwLead &&
          p.ran_for < kSysmonTimeSlice) {
        p.during_stw = true;
      }
    }
    std::sort(worst_.begin(), worst_.end(),
              [](const SchedWait& a, const SchedWait& b) { return a.wait > b.wait; });
    out_->worst_sched_waits = std::move(worst_);
  }

 private:
  static constexpr int64_t kStwLead = 200000;  // 200 µs

  struct G {
    int64_t running_since = -1;
    int64_t runnable_since = -1;
    RunnableCause runnable_cause = RunnableCause::kCreated;
    int64_t syscall_since = -1;
    model::StackId syscall_stack = 0;
    int64_t worker_since = -1;  // running as a GC worker
    int64_t assist_since = -1;
    int64_t proc = model::kNoProc;
  };

  std::string_view Str(model::StringId id) const { return tables_->strings.Get(id); }

  void AddWorkerTime(G& g, int64_t t) {
    if (g.worker_since < 0) return;
    const int64_t d = t - g.worker_since;
    out_->gc_worker_time += d;
    if (open_cycle_ >= 0) out_->gc_cycles[open_cycle_].worker_time += d;
    g.worker_since = -1;
  }

  void OnGo(const model::Event& e) {
    const auto from = static_cast<GoState>(e.from);
    const auto to = static_cast<GoState>(e.to);
    G& g = gs_[e.resource];
    const std::string_view reason = Str(e.name);
    if (from == GoState::kRunning) {
      AddWorkerTime(g, e.time);
    }
    switch (to) {
      case GoState::kRunning:
        if (from == GoState::kSyscall) {
          g.syscall_since = -1;
          break;
        }
        if (g.runnable_since >= 0) {
          const int64_t wait = e.time - g.runnable_since;
          if (g.runnable_cause != RunnableCause::kYield) {  // a Gosched is a choice, not latency
            out_->sched_latency.Add(wait);
            KeepWorst({e.resource, g.runnable_since, wait, g.runnable_cause});
          }
        }
        g.runnable_since = -1;
        g.running_since = e.time;
        g.proc = e.proc;
        break;
      case GoState::kRunnable:
        g.runnable_since = e.time;
        if (from == GoState::kRunning) {
          if (reason == "preempted") {
            g.runnable_cause = RunnableCause::kPreempted;
            RecordPreemption(e, g);
          } else {
            g.runnable_cause = RunnableCause::kYield;
          }
        } else if (from == GoState::kWaiting) {
          g.runnable_cause = RunnableCause::kUnblocked;
        } else if (from == GoState::kSyscall) {
          g.runnable_cause = RunnableCause::kSyscallReturn;
          FinishSyscall(e, g);
        } else {
          g.runnable_cause = RunnableCause::kCreated;
        }
        g.running_since = -1;
        break;
      case GoState::kSyscall:
        g.syscall_since = e.time;
        g.syscall_stack = e.stack;
        break;
      default:
        g.running_since = -1;
        g.runnable_since = -1;
        break;
    }
    if (to == GoState::kNotExist) gs_.erase(e.resource);
  }

  void RecordPreemption(const model::Event& e, const G& g) {
    if (out_->preemptions.size() >= TraceAnalysis::kMaxEvidence) {
      out_->evidence_truncated = true;
      return;
    }
    Preemption p;
    p.goroutine = e.resource;
    p.time = e.time;
    p.ran_for = g.running_since >= 0 ? e.time - g.running_since : 0;
    p.proc = e.proc;
    p.stack = e.stack;
    p.during_stw = stw_open_ > 0;
    p.during_gc = open_cycle_ >= 0;
    out_->preemptions.push_back(p);
  }

  void OnSyscallBlocked(const model::Event& e) {
    G& g = gs_[e.resource];
    AddWorkerTime(g, e.time);
    if (out_->blocked_syscalls.size() >= TraceAnalysis::kMaxEvidence) {
      out_->evidence_truncated = true;
      return;
    }
    BlockedSyscall s;
    s.goroutine = e.resource;
    s.start = g.syscall_since >= 0 ? g.syscall_since : e.time;
    s.blocked = e.time;
    s.proc = e.proc;
    s.thread = static_cast<int64_t>(e.value);
    s.during_stw = stw_open_ > 0;
    s.stack = g.syscall_stack;
    out_->blocked_syscalls.push_back(s);
    open_syscall_[e.resource] = out_->blocked_syscalls.size();
    if (e.proc >= 0)
      p_waiting_restart_[static_cast<uint64_t>(e.proc)] = out_->blocked_syscalls.size();
  }

  void FinishSyscall(const model::Event& e, G& g) {
    g.syscall_since = -1;
    size_t& idx = open_syscall_[e.resource];
    if (idx != 0) {
      out_->blocked_syscalls[idx - 1].end = e.time;
      idx = 0;
    }
  }

  void OnProc(const model::Event& e) {
    if (static_cast<model::ProcState>(e.to) != model::ProcState::kRunning) return;
    size_t& idx = p_waiting_restart_[e.resource];
    if (idx != 0) {
      BlockedSyscall& s = out_->blocked_syscalls[idx - 1];
      s.p_restart = e.time;
      s.next_thread = e.thread;
      idx = 0;
    }
  }

  void OnRange(const model::Event& e) {
    const std::string_view name = Str(e.name);
    const bool begin = e.kind != EventKind::kRangeEnd;
    // An Active event re-announces, at each Go 1.22+ generation start, a
    // range already open; only in the first generation does it open one.
    const bool reannounced = e.kind == EventKind::kRangeActive;
    if (name == model::kRangeGCMark) {
      if (begin && reannounced && open_cycle_ >= 0) {
        // still the same cycle
      } else if (begin) {
        GcCycle c;
        c.seq = out_->gc_cycles.size() + 1;
        c.start = e.time;
        c.heap_before = heap_live_;
        c.trigger_goroutine = e.goroutine;
        c.trigger_stack = e.stack;
        if (pending_sweep_term_ >= 0) {
          c.sweep_term_start = out_->stw_pauses[pending_sweep_term_].start;
          c.sweep_term_end = out_->stw_pauses[pending_sweep_term_].end;
          pending_sweep_term_ = -1;
        }
        out_->gc_cycles.push_back(c);
        open_cycle_ = static_cast<int64_t>(out_->gc_cycles.size()) - 1;
      } else if (open_cycle_ >= 0) {
        out_->gc_cycles[open_cycle_].end = e.time;
        want_heap_after_ = want_heap_goal_ = open_cycle_;
        open_cycle_ = -1;
      }
    } else if (name.substr(0, model::kRangeSTWPrefix.size()) == model::kRangeSTWPrefix) {
      OnStw(e, name, begin);
    } else if (name == model::kRangeMarkAssist) {
      G& g = gs_[e.kind == EventKind::kRangeActive ? e.resource : e.goroutine];
      if (begin) {
        if (!(reannounced && g.assist_since >= 0)) g.assist_since = e.time;
      } else if (g.assist_since >= 0) {
        const int64_t d = e.time - g.assist_since;
        out_->gc_assist_time += d;
        if (!out_->gc_cycles.empty()) out_->gc_cycles.back().assist_time += d;
        g.assist_since = -1;
      }
    }
  }

  void OnStw(const model::Event& e, std::string_view name, bool begin) {
    std::string_view reason = name.substr(model::kRangeSTWPrefix.size());
    if (!reason.empty() && reason.back() == ')') reason.remove_suffix(1);
    const bool sweep_term = reason.find("sweep termination") != std::string_view::npos;
    const bool mark_term = reason.find("mark termination") != std::string_view::npos;
    if (begin) {
      StwPause p;
      p.start = e.time;
      p.range = e.name;
      p.gc = sweep_term || mark_term;
      p.goroutine = e.goroutine;
      out_->stw_pauses.push_back(p);
      open_stw_.push_back(out_->stw_pauses.size() - 1);
      ++stw_open_;
      return;
    }
    // Ends close the most recent open pause with the same reason.
    for (size_t k = open_stw_.size(); k-- > 0;) {
      StwPause& p = out_->stw_pauses[open_stw_[k]];
      if (p.range != e.name) continue;
      p.end = e.time;
      out_->stw_time += p.duration();
      const size_t idx = open_stw_[k];
      open_stw_.erase(open_stw_.begin() + static_cast<ptrdiff_t>(k));
      --stw_open_;
      if (sweep_term) {
        if (open_cycle_ >= 0 && out_->gc_cycles[open_cycle_].sweep_term_start == kUnknownTime) {
          out_->gc_cycles[open_cycle_].sweep_term_start = p.start;
          out_->gc_cycles[open_cycle_].sweep_term_end = p.end;
        } else {
          pending_sweep_term_ = static_cast<int64_t>(idx);
        }
      } else if (mark_term && !out_->gc_cycles.empty()) {
        GcCycle& c = open_cycle_ >= 0 ? out_->gc_cycles[open_cycle_] : out_->gc_cycles.back();
        c.mark_term_start = p.start;
        c.mark_term_end = p.end;
      }
      return;
    }
  }

  void OnMetric(const model::Event& e) {
    const std::string_view name = Str(e.name);
    if (name == model::kMetricHeapLive) {
      heap_live_ = e.value;
      AddPoint(&out_->heap_live, e);
      if (want_heap_after_ >= 0) {
        out_->gc_cycles[want_heap_after_].heap_after = e.value;
        want_heap_after_ = -1;
      }
    } else if (name == model::kMetricHeapGoal) {
      AddPoint(&out_->heap_goal, e);
      if (want_heap_goal_ >= 0) {
        out_->gc_cycles[want_heap_goal_].heap_goal = e.value;
        want_heap_goal_ = -1;
      } else if (open_cycle_ >= 0) {
        out_->gc_cycles[open_cycle_].heap_goal = e.value;
      }
    } else if (name == model::kMetricGomaxprocs) {
      if (out_->gomaxprocs.empty() || out_->gomaxprocs.back().value != e.value) {
        out_->gomaxprocs.push_back({e.time, e.value});
      }
      out_->max_gomaxprocs = std::max(out_->max_gomaxprocs, e.value);
    }
  }

  // Keeps at most kMaxMetricPoints points by merging neighbours (the larger
  // value of each pair survives, so peaks are not lost).
  static void AddPoint(std::vector<MetricPoint>* v, const model::Event& e) {
    v->push_back({e.time, e.value});
    if (v->size() < 2 * TraceAnalysis::kMaxMetricPoints) return;
    std::vector<MetricPoint> half;
    half.reserve(v->size() / 2 + 1);
    for (size_t i = 0; i + 1 < v->size(); i += 2) {
      half.push_back((*v)[i].value >= (*v)[i + 1].value ? (*v)[i] : (*v)[i + 1]);
    }
    if (v->size() % 2) half.push_back(v->back());
    *v = std::move(half);
  }

  void OnLabel(const model::Event& e) {
    if (Str(e.name).substr(0, 3) != "GC ") return;
    G& g = gs_[e.resource];
    g.worker_since = g.running_since >= 0 ? g.running_since : e.time;
  }

  void KeepWorst(const SchedWait& w) {
    // A min-heap of the longest waits seen.
    auto cmp = [](const SchedWait& a, const SchedWait& b) { return a.wait > b.wait; };
    if (worst_.size() < TraceAnalysis::kWorstWaits) {
      worst_.push_back(w);
      std::push_heap(worst_.begin(), worst_.end(), cmp);
    } else if (w.wait > worst_.front().wait) {
      std::pop_heap(worst_.begin(), worst_.end(), cmp);
      worst_.back() = w;
      std::push_heap(worst_.begin(), worst_.end(), cmp);
    }
  }

  const model::Tables* tables_;
  TraceAnalysis* out_;
  model::EventSink* also_;
  GoroutineSummaryBuilder goroutines_;
  // Live goroutines only: a server creates them without end.
  std::unordered_map<uint64_t, G> gs_;
  IdTable<size_t> open_syscall_;       // goroutine -> blocked_syscalls index + 1
  IdTable<size_t> p_waiting_restart_;  // P -> blocked_syscalls index + 1
  IdTable<uint8_t> threads_seen_;
  IdTable<uint8_t> procs_seen_;
  std::vector<size_t> open_stw_;
  std::vector<SchedWait> worst_;
  int stw_open_ = 0;
  int64_t last_thread_ = -1;  // skips the table lookups while they do not change
  int64_t last_proc_ = -1;
  int64_t open_cycle_ = -1;
  int64_t pending_sweep_term_ = -1;
  int64_t want_heap_after_ = -1;
  int64_t want_heap_goal_ = -1;
  uint64_t heap_live_ = 0;
  int64_t last_time_ = 0;
};

}  // namespace

StatusOr<TraceAnalysis> BuildTraceAnalysis(TraceSource* source, model::EventSink* also) {
  TraceAnalysis out;
  out.tables = &source->tables();
  AnalysisBuilder builder(&source->tables(), &out, also);
  RETURN_IF_ERROR(source->ReplayModel(&builder));
  builder.Finish();
  out.info = source->info();
  return out;
}

}  // namespace tracenote::analysis
