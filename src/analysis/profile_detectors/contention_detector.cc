// Contention hot spots in a mutex or block profile.
//
// Both profiles have contentions/count and delay/nanoseconds. A mutex
// profile charges the delay to where the lock was released (the stack ends
// in sync.(*Mutex).Unlock: the critical section that made others wait); a
// block profile to where goroutines waited (runtime.chanrecv, selectgo,
// sync.(*WaitGroup).Wait, sync.(*Cond).Wait, sync.(*Mutex).Lock...). The
// kind of wait is the runtime/sync frame nearest the leaf that names one;
// the call site is the first frame outside runtime and sync. Sites are
// ranked by delay, with contentions and the mean delay.
//
// Severity by the total delay (which accumulates over the process's life):
// >= 60 s critical, >= 1 s warning, else info; no finding without delay.
#include <algorithm>
#include <map>

#include "analysis/profile_detectors/profile_finding.h"
#include "analysis/profile_detectors/profile_frames.h"

namespace tracenote::analysis {

namespace {

constexpr int64_t kWarnDelay = 1000000000;       // 1 s
constexpr int64_t kCriticalDelay = 60000000000;  // 60 s
constexpr size_t kMaxSites = 5;

// The kind of wait a frame names, or "".
std::string WaitKind(std::string_view f) {
  if (f == "sync.(*Mutex).Unlock" || f == "sync.(*Mutex).unlockSlow") return "unlock";
  if (f == "sync.(*RWMutex).Unlock" || f == "sync.(*RWMutex).RUnlock" ||
      f == "sync.(*RWMutex).rUnlockSlow")
    return "rwunlock";
  if (f == "sync.(*Mutex).Lock" || f == "sync.(*Mutex).lockSlow") return "lock";
  if (f == "sync.(*RWMutex).Lock" || f == "sync.(*RWMutex).RLock") return "rwlock";
  if (f == "sync.(*WaitGroup).Wait") return "waitgroup";
  if (f == "sync.(*Cond).Wait") return "cond";
  if (f == "runtime.selectgo" || f == "runtime.block") return "select";
  if (f.starts_with("runtime.chanrecv")) return "chan_receive";
  if (f.starts_with("runtime.chansend")) return "chan_send";
  if (f == "runtime.unlock" || f == "runtime.unlock2" || f == "runtime.unlockWithRank")
    return "runtime_lock";
  return "";
}

struct Site {
  std::string func;
  std::string kind = "other";
  int64_t delay = 0;
  int64_t contentions = 0;
};

}  // namespace

std::vector<ProfileFinding> DetectContention(const ProfileAnalysisInput& in) {
  if (in.profile == nullptr) return {};
  if (in.kind != ProfileKind::kMutex && in.kind != ProfileKind::kBlock) return {};
  const model::Profile& p = *in.profile;
  const int delay_col = FindColumn(p, "delay");
  const int count_col = FindColumn(p, "contentions");
  if (delay_col < 0 || count_col < 0) return {};
  const int64_t total = ColumnTotal(p, delay_col);
  if (total <= 0) return {};

  std::map<std::pair<std::string, std::string>, Site> sites;
  int64_t contentions = 0;
  for (size_t s = 0; s < p.sample_count(); ++s) {
    std::string kind, site;
    ForEachFrame(p, s, [&](const Frame& f) {
      if (kind.empty()) kind = WaitKind(f.func);
      if (site.empty() && !f.func.empty() && !IsRuntimeOrSync(f.func)) site = std::string(f.func);
      return site.empty();
    });
    if (site.empty()) site = std::string(LeafFrame(p, s).func);
    if (kind.empty()) kind = "other";
    Site& r = sites[{site, kind}];
    r.func = site;
    r.kind = kind;
    r.delay += p.value(s, delay_col);
    r.contentions += p.value(s, count_col);
    contentions += p.value(s, count_col);
  }
  std::vector<Site> rows;
  for (auto& [key, r] : sites) {
    if (r.delay != 0) rows.push_back(r);
  }
  if (rows.empty()) return {};
  std::stable_sort(rows.begin(), rows.end(), [](const Site& a, const Site& b) {
    return std::llabs(a.delay) > std::llabs(b.delay);
  });
  if (rows.size() > kMaxSites) rows.resize(kMaxSites);

  ProfileFinding pf;
  pf.column = "delay";
  Finding& f = pf.finding;
  f.id = "contention";
  f.severity = total >= kCriticalDelay ? Severity::kCritical
               : total >= kWarnDelay   ? Severity::kWarning
                                       : Severity::kInfo;
  const bool mutex = in.kind == ProfileKind::kMutex;
  f.title = "profile.finding.contention.title";
  f.explanation = mutex ? "profile.finding.contention.explanation_mutex"
                        : "profile.finding.contention.explanation_block";
  f.args["profile"] = std::string(mutex ? "mutex" : "block");
  f.args["delay"] = l10n::Duration{total};
  f.args["contentions"] = contentions;
  f.args["top_func"] = l10n::TraceText{rows[0].func};
  f.args["top_share"] = l10n::Percent{PercentOf(rows[0].delay, total)};

  nlohmann::ordered_json sites_json = nlohmann::ordered_json::array();
  for (const Site& r : rows) {
    Evidence e;
    e.message = "profile.evidence.contention.site";
    e.args["func"] = l10n::TraceText{r.func};
    e.args["kind"] = r.kind;
    e.args["delay"] = l10n::Duration{r.delay};
    e.args["share"] = l10n::Percent{PercentOf(r.delay, total)};
    e.args["contentions"] = r.contentions;
    e.args["mean"] = l10n::Duration{r.contentions != 0 ? r.delay / r.contentions : 0};
    f.evidence.push_back(std::move(e));
    sites_json.push_back({{"func", r.func},
                          {"kind", r.kind},
                          {"delay_ns", r.delay},
                          {"contentions", r.contentions},
                          {"share_percent", PercentOf(r.delay, total)}});
  }
  pf.list_functions.push_back(rows[0].func);
  f.numbers["delay_ns"] = total;
  f.numbers["contentions"] = contentions;
  f.numbers["sites"] = std::move(sites_json);
  return {std::move(pf)};
}

}  // namespace tracenote::analysis
