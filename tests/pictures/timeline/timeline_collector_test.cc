// TimelineCollector on hand-made model event streams: clipping at the
// window's edges, merging of sub-pixel slices and of marks, bounded memory on
// a million slices, GC and stop-the-world bands, syscall handoffs.
#include <gtest/gtest.h>

#include <algorithm>

#include "analysis/timeline.h"
#include "pictures/timeline/timeline_stream.h"

namespace tracenote::analysis {
namespace {

using model::EventKind;
using model::GoState;
using testing::TimelineStream;

Timeline Collect(const TimelineStream& s, TimelineWindow w) {
  TimelineCollector c(&s.tables, w);
  s.Replay(&c);
  return c.Finish();
}

const TimelineLane* Find(const std::vector<TimelineLane>& lanes, int64_t id) {
  for (const TimelineLane& l : lanes) {
    if (l.id == id) return &l;
  }
  return nullptr;
}

uint64_t SourceSlices(const TimelineLane& lane) {
  uint64_t n = 0;
  for (const TimelineSlice& s : lane.slices) n += s.slices;
  return n;
}

TEST(TimelineCollectorTest, GoroutineRunningAcrossTheWindowStartIsClipped) {
  TimelineStream s;
  s.Run(100, 5000, 1, 0);
  s.Run(5000, 9000, 2, 0);
  const Timeline t = Collect(s, {1000, 3000, 100});
  EXPECT_EQ(t.start, 1000);
  EXPECT_EQ(t.end, 3000);
  ASSERT_EQ(t.procs.size(), 1u);
  ASSERT_EQ(t.procs[0].slices.size(), 1u);
  const TimelineSlice& slice = t.procs[0].slices[0];
  EXPECT_EQ(slice.start, 1000);
  EXPECT_EQ(slice.end, 3000);
  EXPECT_EQ(slice.goroutine, 1u);
  EXPECT_EQ(slice.kind, TimelineSliceKind::kRunning);
  EXPECT_TRUE(slice.labelled);
  EXPECT_EQ(t.labelled_goroutines, std::vector<uint64_t>{1});
}

TEST(TimelineCollectorTest, StopsAfterTheWindowEnd) {
  TimelineStream s;
  s.Run(0, 100, 1, 0);
  s.Run(5000, 6000, 2, 0);
  s.Run(7000, 8000, 3, 0);
  TimelineCollector c(&s.tables, {0, 1000, 100});
  size_t fed = 0;
  for (const model::Event& e : s.events) {
    if (!c.WantsMore()) break;
    c.OnEvent(e);
    ++fed;
  }
  EXPECT_LT(fed, s.events.size());
  const Timeline t = c.Finish();
  EXPECT_EQ(t.end, 1000);
  ASSERT_EQ(t.procs.size(), 1u);
  EXPECT_EQ(SourceSlices(t.procs[0]), 1u);
}

TEST(TimelineCollectorTest, SubPixelSlicesMergeIntoAnAggregate) {
  TimelineStream s;
  // Window 100 µs over 100 px: one pixel is 1 µs. 50 slices of 100 ns,
  // 100 ns apart, of goroutines 1..5, then one wide slice after a gap.
  int64_t t = 0;
  for (int i = 0; i < 50; ++i, t += 200) s.Run(t, t + 100, 1 + i % 5, 0);
  s.Run(20000, 60000, 9, 0);
  const Timeline timeline = Collect(s, {0, 100000, 100});
  EXPECT_EQ(timeline.pixel_ns, 1000);
  ASSERT_EQ(timeline.procs.size(), 1u);
  const auto& slices = timeline.procs[0].slices;
  ASSERT_EQ(slices.size(), 2u);
  EXPECT_EQ(slices[0].kind, TimelineSliceKind::kAggregate);
  EXPECT_EQ(slices[0].slices, 50u);
  EXPECT_EQ(slices[0].goroutines, 5u);
  EXPECT_FALSE(slices[0].goroutines_capped);
  EXPECT_EQ(slices[0].start, 0);
  EXPECT_EQ(slices[0].end, 49 * 200 + 100);
  EXPECT_EQ(slices[1].goroutine, 9u);
  EXPECT_EQ(slices[1].kind, TimelineSliceKind::kRunning);
  EXPECT_EQ(timeline.merged_slices, 50u);
}

TEST(TimelineCollectorTest, SubPixelSlicesAPixelApartStaySeparate) {
  TimelineStream s;
  s.Run(0, 100, 1, 0);
  s.Run(5000, 5100, 2, 0);
  const Timeline t = Collect(s, {0, 100000, 100});
  ASSERT_EQ(t.procs.size(), 1u);
  EXPECT_EQ(t.procs[0].slices.size(), 2u);
  EXPECT_EQ(t.merged_slices, 0u);
}

TEST(TimelineCollectorTest, MarksInOnePixelColumnMerge) {
  TimelineStream s;
  for (int i = 0; i < 10; ++i) s.Run(i * 50, i * 50 + 40, 1, 0, "preempted");
  s.Run(50000, 50010, 2, 0, "preempted");
  const Timeline t = Collect(s, {0, 100000, 100});
  ASSERT_EQ(t.procs.size(), 1u);
  const auto& marks = t.procs[0].marks;
  ASSERT_EQ(marks.size(), 2u);
  EXPECT_EQ(marks[0].kind, TimelineMarkKind::kPreempted);
  EXPECT_EQ(marks[0].count, 10u);
  EXPECT_EQ(marks[1].count, 1u);
  EXPECT_EQ(marks[1].goroutine, 2u);
  EXPECT_EQ(t.merged_marks, 9u);
}

TEST(TimelineCollectorTest, WokenAndCreatedMarksNameWhoDidIt) {
  TimelineStream s;
  s.Go(10, 5, GoState::kNotExist, GoState::kRunnable, 0, model::kNoThread, "", 1);
  s.Go(20, 5, GoState::kRunnable, GoState::kRunning, 1);
  s.Go(30, 5, GoState::kRunning, GoState::kWaiting, 1);
  s.Go(5000, 5, GoState::kWaiting, GoState::kRunnable, 0, model::kNoThread, "", 3);
  const Timeline t = Collect(s, {0, 10000, 100});
  const TimelineLane* p0 = Find(t.procs, 0);
  ASSERT_NE(p0, nullptr);
  ASSERT_EQ(p0->marks.size(), 2u);
  EXPECT_EQ(p0->marks[0].kind, TimelineMarkKind::kCreated);
  EXPECT_EQ(p0->marks[0].by, 1u);
  EXPECT_EQ(p0->marks[1].kind, TimelineMarkKind::kWoken);
  EXPECT_EQ(p0->marks[1].goroutine, 5u);
  EXPECT_EQ(p0->marks[1].by, 3u);
  ASSERT_NE(Find(t.procs, 1), nullptr);
}

TEST(TimelineCollectorTest, AMillionSlicesStayBounded) {
  TimelineStream s;
  constexpr int kWidth = 200;
  TimelineCollector c(&s.tables, {0, kUnknownTime, kWidth});
  s.direct = &c;
  // Two Ps, slices of 50 ns to 5 µs with varying gaps, every 7th preempted:
  // a linear congruential sequence keeps it deterministic.
  uint64_t x = 12345;
  int64_t t[2] = {0, 0};
  constexpr int kSlices = 1000000;
  for (int i = 0; i < kSlices; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const int p = i % 2;
    const auto len = static_cast<int64_t>(50 + (x >> 33) % 5000);
    const auto gap = static_cast<int64_t>((x >> 20) % 700);
    s.Run(t[p], t[p] + len, 1 + (x >> 40) % 300, p, i % 7 == 0 ? "preempted" : "");
    t[p] += len + gap;
  }
  const Timeline timeline = c.Finish();
  ASSERT_EQ(timeline.procs.size(), 2u);
  uint64_t total = 0;
  for (const TimelineLane& lane : timeline.procs) {
    EXPECT_LE(lane.slices.size(), 4u * kWidth);
    EXPECT_LE(lane.marks.size(), 4u * kWidth);
    EXPECT_GT(lane.slices.size(), 0u);
    total += SourceSlices(lane);
  }
  EXPECT_EQ(total, static_cast<uint64_t>(kSlices));  // nothing lost, only merged
  EXPECT_GE(timeline.pixel_ns, (timeline.end - timeline.start) / kWidth);
}

TEST(TimelineCollectorTest, GcAndStopTheWorldBands) {
  TimelineStream s;
  s.Run(0, 100, 1, 0);
  s.Range(1000, EventKind::kRangeBegin, model::kRangeGCMark);
  s.Range(8000, EventKind::kRangeBegin, "stop-the-world (GC mark termination)");
  s.Range(8500, EventKind::kRangeEnd, "stop-the-world (GC mark termination)");
  s.Range(9000, EventKind::kRangeEnd, model::kRangeGCMark);
  s.Range(9500, EventKind::kRangeBegin, "stop-the-world (GC sweep termination)");
  s.Run(9600, 10000, 1, 0);
  const Timeline t = Collect(s, {0, kUnknownTime, 100});
  ASSERT_EQ(t.bands.size(), 3u);
  EXPECT_EQ(t.bands[0].kind, TimelineBandKind::kGcMark);
  EXPECT_EQ(t.bands[0].start, 1000);
  EXPECT_EQ(t.bands[0].end, 9000);
  EXPECT_EQ(t.bands[1].kind, TimelineBandKind::kStw);
  EXPECT_EQ(t.bands[1].reason, "GC mark termination");
  EXPECT_EQ(t.bands[1].end, 8500);
  EXPECT_FALSE(t.bands[1].open);
  EXPECT_EQ(t.bands[2].reason, "GC sweep termination");
  EXPECT_TRUE(t.bands[2].open);
  EXPECT_EQ(t.bands[2].end, 10000);
}

TEST(TimelineCollectorTest, SyscallThatLostItsPIsOnTheThreadLane) {
  TimelineStream s;
  s.Go(0, 1, GoState::kRunnable, GoState::kRunning, 0, 7);
  s.Go(1000, 1, GoState::kRunning, GoState::kSyscall, 0, 7);
  s.Blocked(3000, 1, 0, 7);
  s.Go(3100, 2, GoState::kRunnable, GoState::kRunning, 0, 8);
  s.Go(6000, 2, GoState::kRunning, GoState::kWaiting, 0, 8);
  s.Go(8000, 1, GoState::kSyscall, GoState::kRunnable, model::kNoProc, 7);
  s.Go(9000, 2, GoState::kWaiting, GoState::kRunnable, 0, 8);
  const Timeline t = Collect(s, {0, 10000, 100});
  const TimelineLane* p0 = Find(t.procs, 0);
  ASSERT_NE(p0, nullptr);
  ASSERT_EQ(p0->slices.size(), 3u);
  EXPECT_EQ(p0->slices[1].kind, TimelineSliceKind::kSyscall);
  EXPECT_EQ(p0->slices[1].start, 1000);
  EXPECT_EQ(p0->slices[1].end, 3000);
  EXPECT_EQ(p0->slices[2].goroutine, 2u);
  const TimelineLane* m7 = Find(t.threads, 7);
  ASSERT_NE(m7, nullptr);
  ASSERT_EQ(m7->slices.size(), 2u);
  EXPECT_EQ(m7->slices[1].kind, TimelineSliceKind::kSyscallBlocked);
  EXPECT_EQ(m7->slices[1].start, 1000);
  EXPECT_EQ(m7->slices[1].end, 8000);
  ASSERT_EQ(m7->marks.size(), 1u);
  EXPECT_EQ(m7->marks[0].kind, TimelineMarkKind::kSyscallHandoff);
  ASSERT_FALSE(p0->marks.empty());
  EXPECT_EQ(p0->marks[0].kind, TimelineMarkKind::kSyscallHandoff);
  ASSERT_NE(Find(t.threads, 8), nullptr);
}

}  // namespace
}  // namespace tracenote::analysis
