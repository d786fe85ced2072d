#include "analysis/mutator_utilization.h"

#include <gtest/gtest.h>

#include "pictures/charts/event_stream.h"

namespace tracenote::analysis {
namespace {

using model::GoState;
using testing::EventStream;

constexpr int64_t kMs = 1000000;
constexpr std::string_view kStw = "stop-the-world (GC mark termination)";

// One 1 ms stop-the-world in a 10 ms trace with one P.
MutatorUtilization OneStw(size_t max_segments = MutatorUtilizationCollector::kDefaultMaxSegments) {
  model::Tables tables;
  MutatorUtilizationCollector c(&tables, max_segments);
  EventStream s(&tables, &c);
  s.Metric(0, model::kMetricGomaxprocs, 1);
  s.Range(4 * kMs, kStw, true);
  s.Range(5 * kMs, kStw, false);
  return c.Finish(10 * kMs);
}

TEST(MutatorUtilization, OneStopTheWorld) {
  const MutatorUtilization mu = OneStw();
  EXPECT_EQ(mu.duration, 10 * kMs);
  EXPECT_EQ(mu.resolution_ns, 1);
  EXPECT_EQ(mu.segments.size(), 3u);
  EXPECT_NEAR(mu.Mean(), 0.9, 1e-12);
  EXPECT_NEAR(ComputeMmu(mu, 1 * kMs), 0.0, 1e-12);
  EXPECT_NEAR(ComputeMmu(mu, 2 * kMs), 0.5, 1e-12);
  EXPECT_NEAR(ComputeMmu(mu, 4 * kMs), 0.75, 1e-12);
  EXPECT_NEAR(ComputeMmu(mu, 10 * kMs), 0.9, 1e-12);
  EXPECT_NEAR(ComputeMmu(mu, kMs / 2), 0.0, 1e-12);
}

TEST(MutatorUtilization, CurveIsLogSpacedAndMonotone) {
  const std::vector<MmuPoint> curve = ComputeMmuCurve(OneStw(), 20);
  ASSERT_EQ(curve.size(), 20u);
  EXPECT_EQ(curve.front().window_ns, 10000);
  EXPECT_EQ(curve.back().window_ns, 10 * kMs);
  EXPECT_NEAR(curve.back().mmu, 0.9, 1e-12);
  EXPECT_EQ(curve.front().mmu, 0.0);
  for (size_t i = 1; i < curve.size(); ++i) {
    EXPECT_GT(curve[i].window_ns, curve[i - 1].window_ns);
    EXPECT_GE(curve[i].mmu, curve[i - 1].mmu);
  }
}

TEST(MutatorUtilization, WorkersAndAssistsTakeTheirP) {
  model::Tables tables;
  MutatorUtilizationCollector c(&tables);
  EventStream s(&tables, &c);
  s.Metric(0, model::kMetricGomaxprocs, 4);
  // A GC worker (7) runs from 2 to 6 ms (its run is labelled), then runs
  // again unlabelled from 7 to 8 ms: that run is the program's. Goroutine 3
  // assists from 4 to 5 ms while running, blocks inside the assist from 5 to
  // 6 ms (giving back its P), resumes and ends the assist at 7 ms.
  s.Go(1 * kMs, 3, GoState::kRunnable, GoState::kRunning);
  s.Go(2 * kMs, 7, GoState::kRunnable, GoState::kRunning);
  s.Label(2 * kMs, 7, "GC (dedicated)");
  s.Range(4 * kMs, model::kRangeMarkAssist, true, 3);
  s.Go(5 * kMs, 3, GoState::kRunning, GoState::kWaiting);
  s.Go(6 * kMs, 7, GoState::kRunning, GoState::kWaiting);
  s.Go(6 * kMs, 3, GoState::kWaiting, GoState::kRunning);
  s.Go(7 * kMs, 7, GoState::kWaiting, GoState::kRunning);
  s.Range(7 * kMs, model::kRangeMarkAssist, false, 3);
  s.Go(8 * kMs, 7, GoState::kRunning, GoState::kWaiting);
  const MutatorUtilization mu = c.Finish(10 * kMs);
  // Busy P·ms: worker 4, assist 1 + 1 = 6 of 40.
  EXPECT_NEAR(mu.Mean(), 1.0 - 6.0 / 40.0, 1e-12);
  // Worst 1 ms: 4-5 ms, worker and assist: 2 of 4 Ps.
  EXPECT_NEAR(ComputeMmu(mu, kMs), 0.5, 1e-12);
}

TEST(MutatorUtilization, GomaxprocsChangesOverTime) {
  model::Tables tables;
  MutatorUtilizationCollector c(&tables);
  EventStream s(&tables, &c);
  s.Metric(0, model::kMetricGomaxprocs, 2);
  s.Go(0, 9, GoState::kRunnable, GoState::kRunning);
  s.Label(0, 9, "GC (fractional)");
  s.Metric(5 * kMs, model::kMetricGomaxprocs, 4);
  const MutatorUtilization mu = c.Finish(10 * kMs);
  // 0.5 for 5 ms, then 0.75 for 5 ms.
  EXPECT_NEAR(mu.Mean(), 0.625, 1e-12);
  EXPECT_NEAR(ComputeMmu(mu, 5 * kMs), 0.5, 1e-12);
}

// With a tiny segment limit the steps are merged into buckets, keeping the
// exact integral; windows as long as the trace stay exact.
TEST(MutatorUtilization, BoundedSegmentsKeepTheIntegral) {
  model::Tables tables;
  MutatorUtilizationCollector c(&tables, 64);
  EventStream s(&tables, &c);
  s.Metric(0, model::kMetricGomaxprocs, 1);
  int64_t stopped = 0;
  for (int i = 0; i < 1000; ++i) {
    const int64_t t = i * 10000;
    s.Range(t + 1000, kStw, true);
    s.Range(t + 1000 + (i % 7) * 100 + 100, kStw, false);
    stopped += (i % 7) * 100 + 100;
  }
  const MutatorUtilization mu = c.Finish(1000 * 10000);
  EXPECT_LE(mu.segments.size(), 64u);
  EXPECT_GT(mu.resolution_ns, 1);
  EXPECT_NEAR(mu.Mean(), 1.0 - static_cast<double>(stopped) / 1e7, 1e-9);
  int64_t at = 0;
  for (const UtilizationSegment& seg : mu.segments) {
    EXPECT_EQ(seg.start, at);
    EXPECT_GT(seg.end, seg.start);
    at = seg.end;
  }
  EXPECT_EQ(at, mu.duration);
}

// A million steps stay within the default bound.
TEST(MutatorUtilization, MillionEventsAreBounded) {
  model::Tables tables;
  MutatorUtilizationCollector c(&tables);
  EventStream s(&tables, &c);
  s.Metric(0, model::kMetricGomaxprocs, 1);
  for (int64_t i = 0; i < 1500000; ++i) {
    s.Range(i * 100, kStw, true);
    s.Range(i * 100 + 10, kStw, false);
  }
  const MutatorUtilization mu = c.Finish(1500000 * 100);
  EXPECT_LE(mu.segments.size(), MutatorUtilizationCollector::kDefaultMaxSegments);
  EXPECT_GT(mu.resolution_ns, 1);
  EXPECT_NEAR(mu.Mean(), 0.9, 1e-9);
  const std::vector<MmuPoint> curve = ComputeMmuCurve(mu, 30);
  ASSERT_FALSE(curve.empty());
  EXPECT_NEAR(curve.back().mmu, 0.9, 1e-9);
}

TEST(MutatorUtilization, EmptyTrace) {
  model::Tables tables;
  MutatorUtilizationCollector c(&tables);
  const MutatorUtilization mu = c.Finish(0);
  EXPECT_TRUE(ComputeMmuCurve(mu, 20).empty());
  EXPECT_EQ(mu.Mean(), 1.0);
}

}  // namespace
}  // namespace tracenote::analysis
