#include "report/analysis_json.h"

#include <fmt/format.h>

namespace tracenote::report {

std::string StackTop(model::StackId stack, const model::Tables& t) {
  auto frames = t.stacks.Get(stack);
  if (frames.empty()) return "";
  return fmt::format("{} {}:{}", t.strings.Get(frames[0].func), t.strings.Get(frames[0].file),
                     frames[0].line);
}

Json StackJson(model::StackId stack, const model::Tables& t) {
  Json out = Json::array();
  for (const model::Frame& f : t.stacks.Get(stack)) {
    out.push_back(
        {{"func", t.strings.Get(f.func)}, {"file", t.strings.Get(f.file)}, {"line", f.line}});
  }
  return out;
}

Json SummaryJson(const analysis::TraceAnalysis& a) {
  Json j;
  j["format"] = a.info.format;
  j["version"] = a.info.VersionString();
  j["events"] = a.info.events;
  j["duration_ns"] = a.end_time;
  j["gomaxprocs"] = a.max_gomaxprocs;
  j["procs"] = a.procs;
  j["threads"] = a.threads.size();
  j["goroutines"] = a.GoroutineCount();
  j["gc_cycles"] = a.gc_cycles.size();
  if (a.info.wall_clock_start_unix_ns != 0) {
    j["wall_clock_start"] = model::WallClockRfc3339(a.info.wall_clock_start_unix_ns);
  }
  j["partial"] = a.info.partial;
  if (a.info.partial) j["partial_reason"] = a.info.partial_reason;
  return j;
}

Json GoroutinesJson(const analysis::TraceAnalysis& a) {
  const model::Tables& t = *a.tables;
  Json out = Json::array();
  for (const analysis::GoroutineSummary& g : a.goroutines) {
    Json j;
    j["id"] = g.id;
    j["start_func"] = t.strings.Get(g.start_func);
    j["created_ns"] = g.created;
    j["ended_ns"] = g.ended >= 0 ? Json(g.ended) : Json(nullptr);
    j["exec_ns"] = g.exec;
    j["sched_wait_ns"] = g.sched_wait;
    j["block_ns"] = g.block;
    j["io_ns"] = g.io;
    j["syscall_ns"] = g.syscall;
    j["sweep_ns"] = g.sweep;
    j["gc_ns"] = g.gc;
    j["total_ns"] = g.total;
    Json waits = Json::object();
    for (const auto& [reason, ns] : g.waits_by_reason) {
      std::string key(t.strings.Get(reason));
      waits[key.empty() ? "unspecified" : key] = ns;
    }
    j["waits_by_reason_ns"] = std::move(waits);
    j["preemptions"] = g.preemptions;
    j["final_state"] = model::GoStateName(g.final_state);
    out.push_back(std::move(j));
  }
  return out;
}

Json FoldedGoroutinesJson(const analysis::TraceAnalysis& a) {
  Json out = Json::array();
  for (const analysis::GoroutineFold& f : a.folded_goroutines) {
    out.push_back({{"start_func", a.tables->strings.Get(f.start_func)},
                   {"count", f.count},
                   {"exec_ns", f.exec},
                   {"sched_wait_ns", f.sched_wait},
                   {"block_ns", f.block},
                   {"io_ns", f.io},
                   {"syscall_ns", f.syscall},
                   {"sweep_ns", f.sweep},
                   {"gc_ns", f.gc},
                   {"total_ns", f.total},
                   {"preemptions", f.preemptions}});
  }
  return out;
}

Json GcCyclesJson(const analysis::TraceAnalysis& a) {
  Json out = Json::array();
  auto opt = [](int64_t v) { return v == analysis::kUnknownTime ? Json(nullptr) : Json(v); };
  auto span = [](int64_t s, int64_t e) {
    return (s == analysis::kUnknownTime || e == analysis::kUnknownTime) ? Json(nullptr)
                                                                        : Json(e - s);
  };
  for (const analysis::GcCycle& c : a.gc_cycles) {
    Json j;
    j["seq"] = c.seq;
    j["start_ns"] = c.start;
    j["end_ns"] = opt(c.end);
    j["sweep_termination_stw_ns"] = span(c.sweep_term_start, c.sweep_term_end);
    j["concurrent_mark_ns"] = span(c.start, c.end);
    j["mark_termination_stw_ns"] = span(c.mark_term_start, c.mark_term_end);
    j["heap_before_bytes"] = c.heap_before;
    j["heap_after_bytes"] = c.heap_after;
    j["heap_goal_bytes"] = c.heap_goal;
    j["mark_assist_ns"] = c.assist_time;
    j["worker_ns"] = c.worker_time;
    j["trigger"] = StackTop(c.trigger_stack, *a.tables);
    out.push_back(std::move(j));
  }
  return out;
}

Json StwJson(const analysis::TraceAnalysis& a) {
  Json out = Json::array();
  for (const analysis::StwPause& p : a.stw_pauses) {
    out.push_back({{"start_ns", p.start},
                   {"duration_ns", p.duration()},
                   {"reason", p.Reason(*a.tables)},
                   {"gc", p.gc}});
  }
  return out;
}

Json SchedLatencyJson(const analysis::TraceAnalysis& a) {
  const analysis::LatencyHistogram& h = a.sched_latency;
  Json j;
  j["count"] = h.total;
  j["p50_ns"] = h.Quantile(0.50);
  j["p90_ns"] = h.Quantile(0.90);
  j["p99_ns"] = h.Quantile(0.99);
  j["max_ns"] = h.max;
  Json worst = Json::array();
  for (const analysis::SchedWait& w : a.worst_sched_waits) {
    worst.push_back({{"goroutine", w.goroutine},
                     {"runnable_at_ns", w.runnable_at},
                     {"wait_ns", w.wait},
                     {"cause", analysis::RunnableCauseName(w.cause)}});
  }
  j["worst"] = std::move(worst);
  return j;
}

}  // namespace tracenote::report
