// GoroutineSummaryBuilder's folding of exited goroutines: with more exited
// goroutines than it keeps one by one, the least busy are summed per start
// function, and nothing is lost from the totals.
#include "analysis/goroutine_summary.h"

#include <gtest/gtest.h>

#include <numeric>

namespace tracenote::analysis {
namespace {

using model::EventKind;
using model::GoState;

// Feeds goroutine transitions to a builder.
class Feeder {
 public:
  explicit Feeder(GoroutineSummaryBuilder* b) : b_(b) {}
  void Go(int64_t t, uint64_t g, GoState from, GoState to, model::StackId extra = 0) {
    model::Event e;
    e.kind = EventKind::kGoTransition;
    e.time = t;
    e.resource = g;
    e.from = static_cast<uint8_t>(from);
    e.to = static_cast<uint8_t>(to);
    e.extra_stack = extra;
    b_->OnEvent(e);
  }
  // Goroutine g is created at t, runs for `run` ns and exits.
  void Life(int64_t t, uint64_t g, int64_t run, model::StackId start) {
    Go(t, g, GoState::kNotExist, GoState::kRunnable, start);
    Go(t + 1, g, GoState::kRunnable, GoState::kRunning);
    Go(t + 1 + run, g, GoState::kRunning, GoState::kNotExist);
  }

 private:
  GoroutineSummaryBuilder* b_;
};

struct Fixture {
  model::Tables tables;
  model::StackId handler, worker;
  Fixture() {
    const model::Frame h{0x1000, tables.strings.Intern("main.handle"), 0, 1};
    const model::Frame w{0x2000, tables.strings.Intern("main.work"), 0, 1};
    handler = tables.stacks.Add(std::span<const model::Frame>(&h, 1));
    worker = tables.stacks.Add(std::span<const model::Frame>(&w, 1));
  }
};

TEST(GoroutineSummaryTest, KeepsEveryGoroutineUnderTheLimit) {
  Fixture f;
  GoroutineSummaryBuilder b(&f.tables, 10);
  Feeder feed(&b);
  for (uint64_t g = 1; g <= 10; ++g) feed.Life(100 * g, g, 10 * g, f.handler);
  const auto kept = b.Finish(10000);
  EXPECT_EQ(kept.size(), 10u);
  EXPECT_TRUE(b.Folded().empty());
}

TEST(GoroutineSummaryTest, FoldsTheLeastBusyExitedGoroutinesPerStartFunction) {
  Fixture f;
  GoroutineSummaryBuilder b(&f.tables, 3);
  Feeder feed(&b);
  // G1..G10 run 10, 20, ..., 100 ns; even ones start in main.work.
  for (uint64_t g = 1; g <= 10; ++g) {
    feed.Life(1000 * g, g, 10 * static_cast<int64_t>(g), g % 2 == 0 ? f.worker : f.handler);
  }
  // G11 is still running at the end: never folded.
  feed.Go(20000, 11, GoState::kNotExist, GoState::kRunnable, f.handler);
  feed.Go(20001, 11, GoState::kRunnable, GoState::kRunning);
  const auto kept = b.Finish(30000);
  ASSERT_EQ(kept.size(), 4u);
  EXPECT_EQ(kept[0].id, 8u);  // the three busiest exited ones, by id
  EXPECT_EQ(kept[1].id, 9u);
  EXPECT_EQ(kept[2].id, 10u);
  EXPECT_EQ(kept[3].id, 11u);
  EXPECT_EQ(kept[3].exec, 30000 - 20001);
  const auto folded = b.Folded();
  uint64_t count = 0;
  int64_t exec = 0;
  for (const GoroutineFold& g : folded) {
    count += g.count;
    exec += g.exec;
    const std::string_view func = f.tables.strings.Get(g.start_func);
    EXPECT_TRUE(func == "main.work" || func == "main.handle") << func;
    if (func == "main.work") EXPECT_EQ(g.count, 3u);  // G2, G4, G6
  }
  EXPECT_EQ(count, 7u);
  EXPECT_EQ(exec, 10 + 20 + 30 + 40 + 50 + 60 + 70);
}

TEST(GoroutineSummaryTest, AReusedIdAfterFoldingStartsAFreshSummary) {
  Fixture f;
  GoroutineSummaryBuilder b(&f.tables, 1);
  Feeder feed(&b);
  feed.Life(0, 5, 10, f.handler);
  feed.Life(100, 6, 50, f.handler);  // folds G5
  feed.Life(200, 5, 70, f.worker);   // G5's id again: folds G6
  const auto kept = b.Finish(1000);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].id, 5u);
  EXPECT_EQ(kept[0].exec, 70);
  EXPECT_EQ(f.tables.strings.Get(kept[0].start_func), "main.work");
  uint64_t folded = 0;
  for (const GoroutineFold& g : b.Folded()) folded += g.count;
  EXPECT_EQ(folded, 2u);
}

}  // namespace
}  // namespace tracenote::analysis
