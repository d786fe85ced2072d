// Long syscalls: goroutines that sat in a blocking syscall for a long time.
//
// While a goroutine is in a syscall its thread (M) is blocked with it; once
// the runtime hands the P to another thread the program keeps running, but
// each such syscall holds an OS thread, and many of them mean many threads.
#include <algorithm>

#include "analysis/detectors/detector_list.h"

namespace tracenote::analysis {

namespace {

constexpr int64_t kLong = 10000000;        // 10 ms
constexpr int64_t kWarnLong = 1000000000;  // 1 s
constexpr size_t kMaxRows = 5;

}  // namespace

std::vector<Finding> DetectLongSyscalls(const TraceAnalysis& a) {
  std::vector<std::pair<int64_t, const BlockedSyscall*>> longs;
  for (const BlockedSyscall& s : a.blocked_syscalls) {
    const int64_t end = s.end == kUnknownTime ? a.end_time : s.end;
    if (end - s.start >= kLong) longs.emplace_back(end - s.start, &s);
  }
  if (longs.empty()) return {};
  std::sort(longs.begin(), longs.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second->start < y.second->start;
  });
  Finding f;
  f.id = "long-syscall";
  f.severity = longs.front().first >= kWarnLong ? Severity::kWarning : Severity::kInfo;
  f.title = "finding.long_syscall.title";
  f.explanation = "finding.long_syscall.explanation";
  f.args["count"] = static_cast<int64_t>(longs.size());
  f.args["max"] = l10n::Duration{longs.front().first};
  f.start = longs.front().second->start;
  f.end = f.start + longs.front().first;
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (size_t i = 0; i < longs.size() && i < kMaxRows; ++i) {
    const BlockedSyscall& s = *longs[i].second;
    Evidence e;
    e.message = s.end == kUnknownTime ? "evidence.long_syscall.unfinished"
                                      : "evidence.long_syscall.syscall";
    e.time = s.start;
    e.goroutine = s.goroutine;
    e.stack = s.stack;
    e.args["goroutine"] = static_cast<int64_t>(s.goroutine);
    e.args["duration"] = l10n::Duration{longs[i].first};
    e.args["thread"] = s.thread;
    f.evidence.push_back(std::move(e));
    f.goroutines.push_back(s.goroutine);
    rows.push_back({{"goroutine", s.goroutine},
                    {"start_ns", s.start},
                    {"duration_ns", longs[i].first},
                    {"finished", s.end != kUnknownTime},
                    {"thread", s.thread}});
  }
  f.numbers["count"] = longs.size();
  f.numbers["longest"] = std::move(rows);
  return {std::move(f)};
}

}  // namespace tracenote::analysis
