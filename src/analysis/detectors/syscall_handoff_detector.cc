// Syscall handoff: a P taken from a thread blocked in a syscall and run on
// another thread.
//
// A goroutine entering a syscall keeps its P, but the P cannot run anything
// while the thread is blocked. The runtime gets it back in one of three ways,
// and the cause is told by timing: the thread hands its own P off right away
// for a syscall known to block (entersyscallblock: a few µs after the
// syscall starts); sysmon retakes it after the P has sat in the syscall for
// at least one of its ticks (>= 20 µs, and always after 10 ms); or a
// stop-the-world takes it. The P then starts on another thread, possibly a
// new one. We measure the syscall's time before the handoff, the old and the
// new thread, how long until the P ran again, and the rate: many handoffs
// per second are a "handoff storm" that costs thread switches and threads.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "analysis/detectors/detector_list.h"
#include "analysis/detectors/detector_util.h"

namespace tracenote::analysis {

namespace {

constexpr int64_t kSelfHandoff = 20000;  // 20 µs: sysmon's shortest tick
constexpr double kStormPerSecond = 100;  // handoffs per second
constexpr size_t kMaxRows = 5;

enum Cause { kSelf, kSysmon, kStw, kCauses };
constexpr const char* kCauseNames[kCauses] = {"handoff", "sysmon", "stw"};

Cause CauseOf(const BlockedSyscall& s) {
  if (s.during_stw) return kStw;
  return s.blocked - s.start < kSelfHandoff ? kSelf : kSysmon;
}

}  // namespace

std::vector<Finding> DetectSyscallHandoff(const TraceAnalysis& a) {
  if (a.blocked_syscalls.empty()) return {};
  size_t by_cause[kCauses] = {};
  std::vector<int64_t> before, until_restart;
  std::set<int64_t> new_threads;
  std::map<model::StackId, std::vector<const BlockedSyscall*>> by_stack;
  for (const BlockedSyscall& s : a.blocked_syscalls) {
    ++by_cause[CauseOf(s)];
    before.push_back(s.blocked - s.start);
    if (s.p_restart != kUnknownTime) until_restart.push_back(s.p_restart - s.blocked);
    if (s.next_thread >= 0 && s.next_thread != s.thread) new_threads.insert(s.next_thread);
    by_stack[s.stack].push_back(&s);
  }
  const double seconds = std::max<double>(1e-9, static_cast<double>(a.end_time) / 1e9);
  const double rate = static_cast<double>(a.blocked_syscalls.size()) / seconds;
  std::vector<int64_t> b = before, r = until_restart;

  Finding f;
  f.id = "syscall-handoff";
  f.severity = rate >= kStormPerSecond ? Severity::kWarning : Severity::kInfo;
  f.title = rate >= kStormPerSecond ? "finding.syscall_handoff.storm_title"
                                    : "finding.syscall_handoff.title";
  f.explanation = "finding.syscall_handoff.explanation";
  f.start = a.blocked_syscalls.front().start;
  f.end = a.blocked_syscalls.back().blocked;
  f.args["count"] = static_cast<int64_t>(a.blocked_syscalls.size());
  f.args["sysmon"] = static_cast<int64_t>(by_cause[kSysmon]);
  f.args["self"] = static_cast<int64_t>(by_cause[kSelf]);
  f.args["stw"] = static_cast<int64_t>(by_cause[kStw]);
  f.args["rate"] = std::round(rate * 10) / 10;
  f.args["before_p50"] = l10n::Duration{QuantileOf(&b, 0.5)};
  f.args["before_max"] = l10n::Duration{b.empty() ? 0 : b.back()};
  f.args["restart_p50"] = l10n::Duration{QuantileOf(&r, 0.5)};
  f.args["restart_max"] = l10n::Duration{r.empty() ? 0 : r.back()};
  f.args["threads"] = static_cast<int64_t>(new_threads.size());

  std::vector<std::pair<size_t, model::StackId>> stacks;
  for (const auto& [stack, v] : by_stack) stacks.emplace_back(v.size(), stack);
  std::sort(stacks.begin(), stacks.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second < y.second;
  });
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (size_t i = 0; i < stacks.size() && i < kMaxRows; ++i) {
    const auto& v = by_stack[stacks[i].second];
    const BlockedSyscall& first = *v.front();
    std::vector<int64_t> pre;
    for (const BlockedSyscall* s : v) pre.push_back(s->blocked - s->start);
    Evidence e;
    e.message = "evidence.syscall_handoff.stack";
    e.time = first.start;
    e.goroutine = first.goroutine;
    e.stack = stacks[i].second;
    e.args["count"] = static_cast<int64_t>(v.size());
    e.args["before"] = l10n::Duration{QuantileOf(&pre, 0.5)};
    e.args["cause"] = std::string(kCauseNames[CauseOf(first)]);
    e.args["thread"] = first.thread;
    e.args["next_thread"] = first.next_thread;
    e.args["has_next"] = std::string(first.next_thread >= 0 ? "yes" : "no");
    e.args["goroutine"] = static_cast<int64_t>(first.goroutine);
    f.evidence.push_back(std::move(e));
    rows.push_back({{"count", v.size()}, {"example_goroutine", first.goroutine}});
  }
  f.numbers["handoffs"] = a.blocked_syscalls.size();
  f.numbers["per_second"] = rate;
  f.numbers["by_cause"] = {
      {"handoff", by_cause[kSelf]}, {"sysmon", by_cause[kSysmon]}, {"stw", by_cause[kStw]}};
  f.numbers["before_handoff_p50_ns"] = QuantileOf(&before, 0.5);
  f.numbers["until_p_runs_p50_ns"] = QuantileOf(&until_restart, 0.5);
  f.numbers["threads_taking_over"] = new_threads.size();
  f.numbers["stacks"] = std::move(rows);
  return {std::move(f)};
}

}  // namespace tracenote::analysis
