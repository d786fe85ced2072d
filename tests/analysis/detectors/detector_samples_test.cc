// The detectors on the real sample traces (Go 1.19): samples/spin, one
// goroutine spinning under GOMAXPROCS=1, and samples/syscall, goroutines
// blocking in nanosleep(2) and read(2) next to CPU-bound ones.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/detectors/detector_test_util.h"

namespace tracenote::analysis_test {
namespace {

using analysis::Finding;
using analysis::Severity;

constexpr int64_t kMs = 1'000'000;

std::string Sample(const std::string& name) {
  return std::string(TRACENOTE_SOURCE_DIR) + "/samples/" + name + "/" + name + ".trace";
}

bool HasFunction(const std::vector<std::string>& funcs, std::string_view prefix) {
  return std::any_of(funcs.begin(), funcs.end(),
                     [&](const std::string& f) { return f.substr(0, prefix.size()) == prefix; });
}

TEST(DetectorSamplesTest, SpinIsOnePreemptionStormOfG7) {
  auto r = AnalyzeFile(Sample("spin"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  const analysis::TraceAnalysis& a = r->analysis;
  const std::vector<Finding> storms = RunAndFilter(a, "preemption-storm");
  ASSERT_EQ(storms.size(), 1u);
  const Finding& f = storms[0];
  EXPECT_EQ(f.severity, Severity::kWarning);
  EXPECT_EQ(f.goroutines, std::vector<uint64_t>{7});
  EXPECT_EQ(IntArg(f.args, "goroutine"), 7);

  // The period as measured from the trace: sysmon's 10 ms plus its tick,
  // about 20 ms on the idle 2-core machine that recorded it.
  const int64_t p50 = f.numbers["goroutines"][0]["period_p50_ns"].get<int64_t>();
  EXPECT_GE(p50, 9 * kMs);
  EXPECT_LE(p50, 25 * kMs);
  EXPECT_EQ(DurationArg(f.args, "period"), p50);

  // Independently: G7's preemptions after a sysmon slice (9.5 ms or more)
  // outside stop-the-world pauses, the gaps between them, and their median
  // (for an even count, the upper one, as nearest rank gives).
  std::vector<int64_t> times;
  for (const analysis::Preemption& p : a.preemptions) {
    if (p.goroutine == 7 && !p.during_stw && p.ran_for >= 9'500'000) times.push_back(p.time);
  }
  ASSERT_GE(times.size(), 10u);
  EXPECT_EQ(IntArg(f.args, "count"), static_cast<int64_t>(times.size()));
  std::vector<int64_t> gaps;
  for (size_t i = 1; i < times.size(); ++i) gaps.push_back(times[i] - times[i - 1]);
  std::nth_element(gaps.begin(), gaps.begin() + gaps.size() / 2, gaps.end());
  EXPECT_EQ(p50, gaps[gaps.size() / 2]);

  // Every preemption is G7's, and none after a short slice.
  EXPECT_EQ(IntArg(f.args, "sysmon") + IntArg(f.args, "stw"), IntArg(f.args, "total"));
  EXPECT_EQ(f.numbers["other_preemptions"], 0);

  ASSERT_EQ(f.evidence.size(), 1u);
  EXPECT_EQ(f.evidence[0].goroutine, 7u);
  const std::vector<std::string> stack = StackFunctions(r->tables(), f.evidence[0].stack);
  EXPECT_TRUE(HasFunction(stack, "main.main.func")) << ::testing::PrintToString(stack);
}

TEST(DetectorSamplesTest, SyscallHasHandoffsBothBySysmonAndByTheThreadItself) {
  auto r = AnalyzeFile(Sample("syscall"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  const analysis::TraceAnalysis& a = r->analysis;
  const std::vector<Finding> found = RunAndFilter(a, "syscall-handoff");
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];

  // Recount the causes from the blocked syscalls.
  int64_t self = 0, sysmon = 0, stw = 0;
  for (const analysis::BlockedSyscall& s : a.blocked_syscalls) {
    if (s.during_stw) {
      ++stw;
    } else if (s.blocked - s.start < 20'000) {
      ++self;
    } else {
      ++sysmon;
    }
  }
  EXPECT_GT(sysmon, 0);
  EXPECT_GT(self, 0);
  EXPECT_EQ(IntArg(f.args, "sysmon"), sysmon);
  EXPECT_EQ(IntArg(f.args, "self"), self);
  EXPECT_EQ(IntArg(f.args, "stw"), stw);
  EXPECT_EQ(f.numbers["by_cause"]["sysmon"], sysmon);
  EXPECT_EQ(f.numbers["by_cause"]["handoff"], self);
  EXPECT_EQ(IntArg(f.args, "count"), static_cast<int64_t>(a.blocked_syscalls.size()));

  // Hundreds of handoffs in about a second: a storm.
  const double rate =
      static_cast<double>(a.blocked_syscalls.size()) * 1e9 / static_cast<double>(a.end_time);
  EXPECT_GE(rate, 100);
  EXPECT_EQ(f.severity, Severity::kWarning);
  EXPECT_EQ(f.title, "finding.syscall_handoff.storm_title");

  // Every row is a syscall's stack; the most frequent is the program's own
  // (others include the tracer writing the trace, runtime/trace.Start.func1).
  ASSERT_FALSE(f.evidence.empty());
  for (const analysis::Evidence& e : f.evidence) {
    const std::vector<std::string> stack = StackFunctions(r->tables(), e.stack);
    EXPECT_TRUE(HasFunction(stack, "syscall.")) << ::testing::PrintToString(stack);
  }
  const std::vector<std::string> top = StackFunctions(r->tables(), f.evidence[0].stack);
  EXPECT_TRUE(HasFunction(top, "main.")) << ::testing::PrintToString(top);
}

// Every detector is registered once, and RunDetectors sorts critical first,
// then by time.
TEST(DetectorSamplesTest, RunDetectorsRunsEveryDetectorInSeverityOrder) {
  std::vector<std::string> ids;
  for (const analysis::DetectorInfo& d : analysis::AllDetectors()) ids.push_back(d.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"preemption-storm", "syscall-handoff", "gc-stw",
                                           "sched-latency", "goroutine-leak", "long-syscall",
                                           "gomaxprocs-change"}));
  auto r = AnalyzeFile(Sample("syscall"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  const std::vector<Finding> all = analysis::RunDetectors(r->analysis);
  ASSERT_GE(all.size(), 2u);
  for (size_t i = 1; i < all.size(); ++i) {
    SCOPED_TRACE(all[i].id);
    EXPECT_GE(all[i - 1].severity, all[i].severity);
    if (all[i - 1].severity == all[i].severity) {
      EXPECT_LE(all[i - 1].start, all[i].start);
    }
  }
}

}  // namespace
}  // namespace tracenote::analysis_test
