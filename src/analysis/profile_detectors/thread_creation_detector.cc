// Thread creation (new Ms) in a heap or threadcreate profile.
//
// Every OS thread the Go runtime uses is an M, made by runtime.allocm
// (`mp := new(m)`, then the g0 and signal goroutines) and started by newm.
// In a heap profile the samples under runtime.allocm are those allocations:
// their alloc_objects at the `new(m)` line (leaf runtime.allocm) estimate the
// number of Ms (heap samples are scaled estimates), their alloc_space the
// heap they cost. In a threadcreate profile every sample is one thread.
//
// Why a thread was made is read off the stack, leaf first, from the first
// frame that says: handoffp (a P handed off from a thread blocked in a
// syscall or cgo call; with retake above it, sysmon took it), wakep or
// injectglist (new work and no spinning M), LockOSThread's template thread,
// cgo's extra Ms, starting the world, or runtime.main starting sysmon.
//
// Severity by the number of Ms: >= 1000 critical (the default limit is
// 10 000), >= 50 warning, else info; no finding without any.
#include <algorithm>
#include <map>

#include "analysis/profile_detectors/profile_finding.h"
#include "analysis/profile_detectors/profile_frames.h"

namespace tracenote::analysis {

namespace {

constexpr int64_t kWarnMs = 50;
constexpr int64_t kCriticalMs = 1000;
// Outside the Go heap, per M on Linux without cgo: the g0 stack (16 KiB)
// and the signal stack (32 KiB).
constexpr int64_t kStackBytesPerM = (16 + 32) << 10;

struct Cause {
  std::string reason = "other";
  std::string via;      // the runtime frame that told the reason
  std::string example;  // the first non-runtime frame, if any
};

Cause CauseOf(const model::Profile& p, size_t s) {
  Cause c;
  if (p.stack(s).empty()) {
    // Go records a stack for few threads in a threadcreate profile.
    c.reason = "nostack";
    return c;
  }
  bool decided = false;
  ForEachFrame(p, s, [&](const Frame& f) {
    if (c.example.empty() && !f.func.empty() && !IsRuntimeOrSync(f.func)) {
      c.example = std::string(f.func);
    }
    if (!decided) {
      std::string reason;
      if (f.func == "runtime.handoffp")
        reason = "handoff";
      else if (f.func == "runtime.wakep")
        reason = "wakep";
      else if (f.func == "runtime.injectglist")
        reason = "inject";
      else if (f.func.starts_with("runtime.startTemplateThread") ||
               f.func.starts_with("runtime.templateThread") ||
               f.func.starts_with("runtime.newmHandoff") || f.func == "runtime.LockOSThread")
        reason = "template";
      else if (f.func == "runtime.oneNewExtraM" || f.func == "runtime.needm" ||
               f.func.starts_with("runtime.cgocallback"))
        reason = "cgo";
      else if (f.func.starts_with("runtime.startTheWorld") || f.func == "runtime.procresize")
        reason = "start_world";
      else if (f.func.starts_with("runtime.main"))
        reason = "sysmon_start";
      if (!reason.empty()) {
        c.reason = reason;
        c.via = std::string(f.func);
        decided = true;
      }
    } else if (c.reason == "handoff" &&
               (f.func == "runtime.retake" || f.func == "runtime.sysmon")) {
      c.reason = "sysmon";
    }
    return true;
  });
  return c;
}

bool HasFrame(const model::Profile& p, size_t s, std::string_view func) {
  bool found = false;
  ForEachFrame(p, s, [&](const Frame& f) {
    found = f.func == func;
    return !found;
  });
  return found;
}

struct Group {
  int64_t ms = 0;
  int64_t bytes = 0;
  std::map<std::string, int64_t> via, examples;
};

}  // namespace

std::vector<ProfileFinding> DetectThreadCreation(const ProfileAnalysisInput& in) {
  if (in.profile == nullptr) return {};
  const model::Profile& p = *in.profile;
  const bool heap = in.kind == ProfileKind::kHeap || in.kind == ProfileKind::kAllocs;
  if (!heap && in.kind != ProfileKind::kThreadcreate) return {};
  const int count_col = heap ? FindColumn(p, "alloc_objects") : FindColumn(p, "threadcreate");
  const int space_col = heap ? FindColumn(p, "alloc_space") : -1;
  if (count_col < 0) return {};

  std::map<std::string, Group> groups;
  int64_t ms = 0, ms_any = 0, bytes = 0;
  for (size_t s = 0; s < p.sample_count(); ++s) {
    if (heap && !HasFrame(p, s, "runtime.allocm")) continue;
    const int64_t n = p.value(s, count_col);
    const int64_t b = space_col >= 0 ? p.value(s, space_col) : 0;
    // In a heap profile only the `new(m)` allocation (leaf allocm) is one M;
    // the g0 and gsignal goroutines allocated under it are not more Ms.
    const bool is_m = !heap || LeafFrame(p, s).func == "runtime.allocm";
    const Cause c = CauseOf(p, s);
    Group& g = groups[c.reason];
    if (is_m) g.ms += n;
    g.bytes += b;
    if (!c.via.empty()) g.via[c.via] += n;
    if (!c.example.empty()) g.examples[c.example] += n;
    ms += is_m ? n : 0;
    ms_any += n;
    bytes += b;
  }
  if (ms_any <= 0) return {};
  if (ms <= 0) {
    // No `new(m)` leaf (a differently inlined runtime): every allocation
    // under allocm is counted, an upper bound.
    ms = ms_any;
    for (auto& [reason, g] : groups) {
      g.ms = 0;
      for (const auto& [via, n] : g.via) g.ms += n;
    }
  }

  ProfileFinding pf;
  pf.column = heap ? "alloc_space" : "threadcreate";
  Finding& f = pf.finding;
  f.id = "thread-creation";
  f.severity = ms >= kCriticalMs ? Severity::kCritical
               : ms >= kWarnMs   ? Severity::kWarning
                                 : Severity::kInfo;
  f.title = "profile.finding.thread_creation.title";
  f.explanation = "profile.finding.thread_creation.explanation";
  f.args["ms"] = ms;
  f.args["estimated"] = std::string(heap ? "yes" : "no");
  f.args["has_bytes"] = std::string(heap ? "yes" : "no");
  f.args["bytes"] = BytesLabel(bytes);
  f.args["stacks"] = BytesLabel(ms * kStackBytesPerM);

  std::vector<std::pair<std::string, Group*>> ranked;
  for (auto& [reason, g] : groups) ranked.emplace_back(reason, &g);
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second->ms > b.second->ms; });
  nlohmann::ordered_json reasons = nlohmann::ordered_json::object();
  for (const auto& [reason, g] : ranked) {
    Evidence e;
    e.message = "profile.evidence.thread_creation.reason";
    e.args["reason"] = reason;
    e.args["ms"] = g->ms;
    e.args["has_bytes"] = std::string(heap ? "yes" : "no");
    e.args["bytes"] = BytesLabel(g->bytes);
    const std::string via = HottestKey(g->via);
    e.args["has_via"] = std::string(via.empty() ? "no" : "yes");
    e.args["via"] = l10n::TraceText{via};
    const std::string example = HottestKey(g->examples);
    e.args["has_example"] = std::string(example.empty() ? "no" : "yes");
    e.args["example"] = l10n::TraceText{example};
    f.evidence.push_back(std::move(e));
    reasons[reason] = {{"ms", g->ms}, {"bytes", g->bytes}};
  }
  if (heap) pf.list_functions.push_back("runtime.allocm");
  if (!ranked.empty()) {
    const std::string via = HottestKey(ranked[0].second->via);
    if (!via.empty() && via != "runtime.allocm") pf.list_functions.push_back(via);
  }
  f.numbers["ms"] = ms;
  f.numbers["estimated"] = heap;
  if (heap) f.numbers["alloc_space"] = bytes;
  f.numbers["stack_bytes_estimate"] = ms * kStackBytesPerM;
  f.numbers["reasons"] = std::move(reasons);
  return {std::move(pf)};
}

}  // namespace tracenote::analysis
