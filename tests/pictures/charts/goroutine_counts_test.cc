#include "analysis/goroutine_counts.h"

#include <gtest/gtest.h>

#include "pictures/charts/event_stream.h"

namespace tracenote::analysis {
namespace {

using model::GoState;
using testing::EventStream;

TEST(GoroutineCounts, HandMadeStream) {
  model::Tables tables;
  GoroutineCountCollector c;
  EventStream s(&tables, &c);
  s.Go(0, 1, GoState::kUndetermined, GoState::kRunning);
  s.Go(500, 2, GoState::kNotExist, GoState::kRunnable);  // created
  s.Go(600, 3, GoState::kNotExist, GoState::kRunnable);
  s.Go(2500, 2, GoState::kRunnable, GoState::kRunning);
  s.Go(2600, 2, GoState::kRunning, GoState::kSyscall);
  s.Go(3500, 3, GoState::kRunnable, GoState::kNotExist);  // gone
  s.Go(3600, 2, GoState::kSyscall, GoState::kNotExist);
  const GoroutineCounts g = c.Finish(5000);
  EXPECT_EQ(g.bin_width, GoroutineCountCollector::kFirstBinWidth);
  ASSERT_EQ(g.bins.size(), 5u);
  // Bin 0 [0, 1 µs): 1 running, then 2 and 3 created.
  EXPECT_EQ(g.bins[0].alive, 3u);
  EXPECT_EQ(g.bins[0].runnable, 2u);
  EXPECT_EQ(g.bins[0].running, 1u);
  // Bin 1: nothing happens; the counts carry over.
  EXPECT_EQ(g.bins[1].alive, 3u);
  EXPECT_EQ(g.bins[1].runnable, 2u);
  // Bin 2: 2 runs, then enters a syscall.
  EXPECT_EQ(g.bins[2].running, 2u);
  EXPECT_EQ(g.bins[2].syscall, 1u);
  // Bin 3: 3 and 2 exit; the maximum is what it started with.
  EXPECT_EQ(g.bins[3].alive, 3u);
  // Bin 4: only goroutine 1.
  EXPECT_EQ(g.bins[4].alive, 1u);
  EXPECT_EQ(g.bins[4].runnable, 0u);
  EXPECT_EQ(g.bins[4].running, 1u);
  EXPECT_EQ(g.bins[4].syscall, 0u);
  EXPECT_EQ(g.max_alive, 3u);
}

// A long trace with many events: bins double instead of growing, and a
// short peak survives the merging.
TEST(GoroutineCounts, MillionEventsAreBounded) {
  model::Tables tables;
  GoroutineCountCollector c;
  EventStream s(&tables, &c);
  int64_t t = 0;
  for (uint64_t i = 0; i < 500000; ++i) {
    s.Go(t, 10 + i, GoState::kNotExist, GoState::kRunnable);
    s.Go(t + 50, 10 + i, GoState::kRunnable, GoState::kNotExist);
    t += 1000;
  }
  // One burst of 100 goroutines for 1 ns.
  for (uint64_t i = 0; i < 100; ++i) s.Go(t, 1000000 + i, GoState::kNotExist, GoState::kRunning);
  for (uint64_t i = 0; i < 100; ++i)
    s.Go(t + 1, 1000000 + i, GoState::kRunning, GoState::kNotExist);
  const GoroutineCounts g = c.Finish(t + 10000000);
  EXPECT_LE(g.bins.size(), GoroutineCountCollector::kMaxBins);
  EXPECT_GT(g.bins.size(), GoroutineCountCollector::kMaxBins / 2);
  EXPECT_EQ(g.max_alive, 100u);
  EXPECT_EQ(g.max_running, 100u);
  EXPECT_EQ(g.max_runnable, 1u);
  for (size_t i = 0; i < g.bins.size(); ++i) {
    EXPECT_EQ(g.bins[i].start, static_cast<int64_t>(i) * g.bin_width);
  }
  EXPECT_GE(static_cast<int64_t>(g.bins.size()) * g.bin_width, g.duration);
}

}  // namespace
}  // namespace tracenote::analysis
