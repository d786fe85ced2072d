// Goroutines that never finish: blocked at the end of the trace.
//
// A goroutine still waiting on a channel, a select, a mutex or a condition
// variable when the trace ends (or blocked "forever", as in select{}) is a
// leak suspect. A trace cannot prove a leak, so we count suspects, group them
// by how they block and where they were created, and weigh them by how long
// they had been blocked. Network waits (idle connections) and timers are
// normal and left out, as are the runtime's own goroutines.
#include <algorithm>
#include <map>
#include <string_view>
#include <tuple>

#include "analysis/detectors/detector_list.h"

namespace tracenote::analysis {

namespace {

constexpr size_t kWarnGroup = 10;  // suspects with the same reason and creation place
constexpr size_t kMaxRows = 5;

bool IsSuspectReason(std::string_view r) {
  return r == "chan send" || r == "chan receive" || r == "select" || r == "sync" ||
         r == "sync.(*Cond).Wait" || r == "forever";
}

bool IsRuntimeGoroutine(std::string_view func) {
  return func.substr(0, 8) == "runtime." || func.substr(0, 14) == "runtime/trace.";
}

struct Group {
  std::string_view reason;
  model::StackId create_stack = 0;
  model::StringId func = 0;
  std::vector<const GoroutineSummary*> members;
  int64_t oldest = 0;  // longest time blocked
};

}  // namespace

std::vector<Finding> DetectGoroutineLeaks(const TraceAnalysis& a) {
  const model::Tables& t = *a.tables;
  std::map<std::tuple<std::string_view, model::StackId, model::StringId>, Group> groups;
  size_t suspects = 0;
  for (const GoroutineSummary& g : a.goroutines) {
    if (g.final_state != model::GoState::kWaiting) continue;
    const std::string_view reason = t.strings.Get(g.final_reason);
    if (!IsSuspectReason(reason) || IsRuntimeGoroutine(t.strings.Get(g.start_func))) continue;
    Group& grp = groups[{reason, g.create_stack, g.start_func}];
    grp.reason = reason;
    grp.create_stack = g.create_stack;
    grp.func = g.start_func;
    grp.members.push_back(&g);
    grp.oldest = std::max(grp.oldest, a.end_time - g.final_since);
    ++suspects;
  }
  if (suspects == 0) return {};
  std::vector<Group*> ranked;
  for (auto& [key, grp] : groups) ranked.push_back(&grp);
  std::sort(ranked.begin(), ranked.end(), [](const Group* x, const Group* y) {
    return x->members.size() != y->members.size() ? x->members.size() > y->members.size()
                                                  : x->oldest > y->oldest;
  });
  Finding f;
  f.id = "goroutine-leak";
  f.severity = ranked.front()->members.size() >= kWarnGroup ? Severity::kWarning : Severity::kInfo;
  f.title = "finding.goroutine_leak.title";
  f.explanation = "finding.goroutine_leak.explanation";
  f.args["count"] = static_cast<int64_t>(suspects);
  f.args["groups"] = static_cast<int64_t>(ranked.size());
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (size_t i = 0; i < ranked.size(); ++i) {
    const Group& grp = *ranked[i];
    const GoroutineSummary& example = *grp.members.front();
    if (i < kMaxRows) {
      Evidence e;
      e.message = "evidence.goroutine_leak.group";
      e.goroutine = example.id;
      e.time = example.final_since;
      e.stack = grp.create_stack != 0 ? grp.create_stack : example.final_stack;
      e.args["count"] = static_cast<int64_t>(grp.members.size());
      e.args["reason"] = WaitReasonKeyword(grp.reason);
      e.args["reason_text"] = l10n::TraceText{std::string(grp.reason)};
      e.args["func"] = l10n::TraceText{std::string(t.strings.Get(grp.func))};
      e.args["known"] = std::string(grp.func != 0 ? "yes" : "no");
      e.args["blocked_for"] = l10n::Duration{grp.oldest};
      e.args["goroutine"] = static_cast<int64_t>(example.id);
      f.evidence.push_back(std::move(e));
    }
    for (const GoroutineSummary* m : grp.members) {
      if (f.goroutines.size() < 100) f.goroutines.push_back(m->id);
    }
    rows.push_back({{"reason", grp.reason},
                    {"start_func", t.strings.Get(grp.func)},
                    {"goroutines", grp.members.size()},
                    {"longest_blocked_ns", grp.oldest},
                    {"example_goroutine", example.id}});
  }
  f.start = ranked.front()->members.front()->final_since;
  f.end = a.end_time;
  f.numbers["suspects"] = suspects;
  f.numbers["groups"] = std::move(rows);
  return {std::move(f)};
}

}  // namespace tracenote::analysis
