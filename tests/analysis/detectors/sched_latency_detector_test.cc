// DetectSchedLatency on small traces: goroutines made runnable (created,
// unblocked, preempted, back from a syscall) and started after known waits;
// waits after runtime.Gosched are left out.
//
// Percentiles come from a log-spaced histogram with 16 buckets per power of
// two: a quantile is the upper edge of the bucket holding the true value,
// capped by the true maximum, so it lies in [v, v * 2^(1/16)), within 4.4 %
// above the true value v. The maximum is exact.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "analysis/detectors/detector_list.h"
#include "analysis/detectors/detector_test_util.h"

namespace tracenote::analysis_test {
namespace {

using analysis::DetectSchedLatency;
using analysis::Finding;
using analysis::Severity;

constexpr int64_t kUs = 1'000, kMs = 1'000'000;
const double kBucketRatio = std::pow(2.0, 1.0 / 16);  // 1.0443

// Expects a histogram quantile for the true value `v`.
void ExpectQuantileOf(int64_t got, int64_t v) {
  EXPECT_GE(got, v);
  EXPECT_LT(static_cast<double>(got), static_cast<double>(v) * kBucketRatio);
}

// One P. G1 (main) exists at 0 and starts at once (wait 0); it creates G8
// (start at 500 ns) and unblocks G5, G6, G7 (waiting since the trace began)
// at 1, 2 and 3 µs, then yields (Gosched) at 4 µs. The P then runs, one at a
// time: G5 after 100 µs in the run queue, G6 after 300 µs, G8 after 1 ms,
// G7 after `g7_wait`, and G1 again 5 ms after its Gosched.
std::string WaitsTrace(int64_t g7_wait) {
  TraceBuilder b;
  b.At(0, "ProcStart thread=1").At(0, "GoCreate g=1 stack=1");
  for (int g = 5; g <= 7; ++g) {
    b.At(0, fmt::format("GoCreate g={} stack=2", g)).At(0, fmt::format("GoWaiting g={}", g));
  }
  b.At(0, "Gomaxprocs procs=1").At(0, "GoStart g=1 seq=1");
  b.At(500, "GoCreate g=8 stack=2 stk=3");
  b.At(1 * kUs, "GoUnblock g=5 seq=2 stk=4").At(2 * kUs, "GoUnblock g=6 seq=2 stk=4");
  b.At(3 * kUs, "GoUnblock g=7 seq=2 stk=4").At(4 * kUs, "GoSched stk=5");
  b.At(1 * kUs + 100 * kUs, "GoStart g=5 seq=3").At(150 * kUs, "GoBlockRecv stk=6");
  b.At(2 * kUs + 300 * kUs, "GoStart g=6 seq=3").At(350 * kUs, "GoBlockRecv stk=6");
  b.At(500 + 1 * kMs, "GoStart g=8 seq=1").At(1'050 * kUs, "GoEnd");
  const int64_t g7_start = 3 * kUs + g7_wait;
  b.At(g7_start, "GoStart g=7 seq=3").At(g7_start + 10 * kUs, "GoBlockRecv stk=6");
  b.At(std::max(g7_start + 20 * kUs, 4 * kUs + 5 * kMs), "GoStart g=1 seq=2");
  b.Line(R"(
String id=1 "main.main"
String id=2 "/app/main.go"
String id=3 "main.worker"
String id=4 "runtime.Gosched"
Stack id=1 frames=[pc=0x401000 fn=1 file=2 line=5]
Stack id=2 frames=[pc=0x402000 fn=3 file=2 line=20]
Stack id=3 frames=[pc=0x401010 fn=1 file=2 line=9]
Stack id=4 frames=[pc=0x401020 fn=1 file=2 line=11]
Stack id=5 frames=[pc=0x403000 fn=4 file=2 line=1, pc=0x401030 fn=1 file=2 line=13]
Stack id=6 frames=[pc=0x402010 fn=3 file=2 line=22]
)");
  return b.Text();
}

TEST(SchedLatencyTest, PercentilesAndWorstWaitersOfKnownWaits) {
  // Waits: G1 0 (created), G5 100 µs, G6 300 µs (unblocked), G8 1 ms
  // (created), G7 2 ms (unblocked); G1's 5 ms after Gosched is not latency.
  ASSERT_ANALYZE_TEXT(t, WaitsTrace(2 * kMs));
  const std::vector<Finding> found = DetectSchedLatency(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.id, "sched-latency");
  EXPECT_EQ(f.severity, Severity::kInfo);
  EXPECT_EQ(f.title, "finding.sched_latency.title");
  EXPECT_EQ(f.explanation, "finding.sched_latency.explanation");

  EXPECT_EQ(IntArg(f.args, "count"), 5);
  EXPECT_EQ(f.numbers["count"], 5);
  // p50 is the 3rd of 5 sorted waits (300 µs), within one bucket above.
  ExpectQuantileOf(DurationArg(f.args, "p50"), 300 * kUs);
  ExpectQuantileOf(f.numbers["p50_ns"].get<int64_t>(), 300 * kUs);
  // p90 and p99 are the 5th, 2 ms: the bucket's edge is capped by the maximum.
  EXPECT_EQ(DurationArg(f.args, "p90"), 2 * kMs);
  EXPECT_EQ(DurationArg(f.args, "p99"), 2 * kMs);
  EXPECT_EQ(DurationArg(f.args, "max"), 2 * kMs);
  EXPECT_EQ(f.numbers["max_ns"], 2 * kMs);
  EXPECT_EQ(f.numbers["mean_ns"], (0 + 100 + 300 + 1000 + 2000) * kUs / 5);

  // The worst waiters, longest first, with what made them runnable.
  const struct {
    uint64_t g;
    int64_t runnable_at, wait;
    const char* cause;
  } want[] = {{7, 3 * kUs, 2 * kMs, "unblocked"},
              {8, 500, 1 * kMs, "created"},
              {6, 2 * kUs, 300 * kUs, "unblocked"},
              {5, 1 * kUs, 100 * kUs, "unblocked"},
              {1, 0, 0, "created"}};
  ASSERT_EQ(f.evidence.size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    SCOPED_TRACE(i);
    const analysis::Evidence& e = f.evidence[i];
    EXPECT_EQ(e.message, "evidence.sched_latency.wait");
    EXPECT_EQ(e.goroutine, want[i].g);
    EXPECT_EQ(e.time, want[i].runnable_at);
    EXPECT_EQ(IntArg(e.args, "goroutine"), static_cast<int64_t>(want[i].g));
    EXPECT_EQ(DurationArg(e.args, "wait"), want[i].wait);
    EXPECT_EQ(StringArg(e.args, "cause"), want[i].cause);
  }
  EXPECT_EQ(f.goroutines, (std::vector<uint64_t>{7, 8, 6, 5, 1}));
  EXPECT_EQ(f.start, 3 * kUs);
  EXPECT_EQ(f.end, 3 * kUs + 2 * kMs);
  EXPECT_EQ(RunAndFilter(t.analysis, "sched-latency").size(), 1u);
}

TEST(SchedLatencyTest, GoschedWaitsAreLeftOut) {
  ASSERT_ANALYZE_TEXT(t, WaitsTrace(2 * kMs));
  for (const analysis::SchedWait& w : t.analysis.worst_sched_waits) {
    EXPECT_NE(w.cause, analysis::RunnableCause::kYield) << "G" << w.goroutine;
  }
  EXPECT_EQ(t.analysis.sched_latency.max, 2 * kMs);  // not G1's 5 ms
}

TEST(SchedLatencyTest, SeverityFollowsP99) {
  // With five waits p99 is the longest one: G7's.
  const struct {
    int64_t wait;
    Severity severity;
  } cases[] = {{10 * kMs - 1, Severity::kInfo},
               {10 * kMs, Severity::kWarning},
               {100 * kMs, Severity::kCritical}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.wait);
    ASSERT_ANALYZE_TEXT(t, WaitsTrace(c.wait));
    const std::vector<Finding> found = RunAndFilter(t.analysis, "sched-latency");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].severity, c.severity);
    EXPECT_EQ(DurationArg(found[0].args, "p99"), c.wait);
  }
}

// A preempted goroutine and one back from a blocking syscall wait too.
TEST(SchedLatencyTest, PreemptedAndSyscallReturnWaitsCount) {
  ASSERT_ANALYZE_TEXT(t, R"(
go 1.19
Batch p=0 ticks=1000000
ProcStart dt=0 thread=1
GoCreate dt=0 g=5 stack=0 stk=0
GoCreate dt=0 g=6 stack=0 stk=0
Gomaxprocs dt=0 procs=1 stk=0
GoStart dt=0 g=5 seq=1          # @0
GoPreempt dt=10000000 stk=0     # @10 ms
GoStart dt=0 g=6 seq=1          # @10 ms: G6 waited 10 ms since creation
GoSysCall dt=1000 stk=0         # @10.001 ms
GoSysBlock dt=50000             # @10.051 ms
ProcStop dt=0
ProcStart dt=1000 thread=2      # @10.052 ms
GoStart dt=48000 g=5 seq=2      # @10.1 ms: G5 waited 100 µs after its preemption
GoSysExit dt=100000 g=6 seq=2 ts=11200000  # returned @10.2 ms
GoPreempt dt=10000000 stk=0     # @20.2 ms: G5 again
GoStart dt=0 g=6 seq=3          # @20.2 ms: G6 waited 10 ms after its syscall
Frequency freq=1000000000
)");
  const std::vector<Finding> found = DetectSchedLatency(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  // G5 0 (created at the trace's start), G6 10 ms, G5 100 µs, G6 10 ms.
  EXPECT_EQ(IntArg(f.args, "count"), 4);
  ASSERT_EQ(f.evidence.size(), 4u);
  EXPECT_EQ(f.evidence[0].goroutine, 6u);
  EXPECT_EQ(DurationArg(f.evidence[0].args, "wait"), 10 * kMs);
  EXPECT_EQ(f.evidence[1].goroutine, 6u);
  EXPECT_EQ(DurationArg(f.evidence[1].args, "wait"), 10 * kMs);
  // Equal waits: either order; both causes are there.
  std::vector<std::string> causes = {StringArg(f.evidence[0].args, "cause"),
                                     StringArg(f.evidence[1].args, "cause")};
  std::sort(causes.begin(), causes.end());
  EXPECT_EQ(causes, (std::vector<std::string>{"created", "syscall_return"}));
  EXPECT_EQ(f.evidence[2].goroutine, 5u);
  EXPECT_EQ(DurationArg(f.evidence[2].args, "wait"), 100 * kUs);
  EXPECT_EQ(StringArg(f.evidence[2].args, "cause"), "preempted");
}

TEST(SchedLatencyTest, NoGoroutineStartsIsNoFinding) {
  ASSERT_ANALYZE_TEXT(t, R"(
go 1.19
Batch p=0 ticks=1000000
ProcStart dt=0 thread=1
Gomaxprocs dt=0 procs=4 stk=0
HeapAlloc dt=1000000 mem=4096
HeapGoal dt=1000 mem=8192
Frequency freq=1000000000
)");
  EXPECT_EQ(t.analysis.sched_latency.total, 0u);
  EXPECT_TRUE(RunAndFilter(t.analysis, "sched-latency").empty());
}

}  // namespace
}  // namespace tracenote::analysis_test
