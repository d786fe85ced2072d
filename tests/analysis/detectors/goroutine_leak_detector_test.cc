// DetectGoroutineLeaks on small traces: user goroutines still blocked on
// channels, select, locks or forever at the end of the trace, grouped by
// reason, creation place and start function; runtime goroutines, network
// waits and goroutines that were unblocked are left out.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analysis/detectors/detector_list.h"
#include "analysis/detectors/detector_test_util.h"

namespace tracenote::analysis_test {
namespace {

using analysis::DetectGoroutineLeaks;
using analysis::Finding;
using analysis::Severity;

constexpr int64_t kUs = 1'000, kMs = 1'000'000;
constexpr int64_t kEnd = 10 * kMs;

// Stack ids in LeakTrace: start functions and creation places.
enum : int { kWorker = 2, kPlaceA = 3, kPlaceB = 4, kProducer = 5, kRuntime = 6, kServe = 7 };
constexpr int kRuntimePlace = 8;

// A goroutine created by main: where it starts, where it is created, how it
// blocks (a v1 event name) and whether main unblocks it later.
struct Spawn {
  uint64_t g;
  int start = kWorker;
  int place = kPlaceA;
  const char* block = "GoBlockRecv";
  bool unblocked = false;
};

// When Spawn number i blocks.
int64_t BlockedAt(size_t i) { return kMs + static_cast<int64_t>(i) * 10 * kUs + kUs; }

// G1 (main.main) creates the goroutines at 1, 2, ... µs and yields; from
// 1 ms each runs for 1 µs (every 10 µs) and blocks. At 2 ms main unblocks
// the ones marked so and sleeps; they run from 3 ms and exit. The trace
// ends at 10 ms.
std::string LeakTrace(const std::vector<Spawn>& spawns) {
  TraceBuilder b;
  b.At(0, "ProcStart thread=1").At(0, "GoCreate g=1 stack=1").At(0, "Gomaxprocs procs=1");
  b.At(0, "GoStart g=1 seq=1");
  for (size_t i = 0; i < spawns.size(); ++i) {
    const Spawn& s = spawns[i];
    const int place = s.start == kRuntime ? kRuntimePlace : s.place;
    b.At(static_cast<int64_t>(i + 1) * kUs,
         fmt::format("GoCreate g={} stack={} stk={}", s.g, s.start, place));
  }
  b.At(200 * kUs, "GoSched stk=0");
  for (size_t i = 0; i < spawns.size(); ++i) {
    b.At(BlockedAt(i) - kUs, fmt::format("GoStart g={} seq=1", spawns[i].g));
    b.At(BlockedAt(i), fmt::format("{} stk=9", spawns[i].block));
  }
  b.At(2 * kMs, "GoStart g=1 seq=2");
  std::vector<uint64_t> unblocked;
  for (const Spawn& s : spawns) {
    if (!s.unblocked) continue;
    unblocked.push_back(s.g);
    b.At(2 * kMs + static_cast<int64_t>(unblocked.size()) * kUs,
         fmt::format("GoUnblock g={} seq=2 stk=0", s.g));
  }
  b.At(2500 * kUs, "GoSleep stk=0");
  for (size_t k = 0; k < unblocked.size(); ++k) {
    const int64_t start = 3 * kMs + static_cast<int64_t>(k) * 10 * kUs;
    b.At(start, fmt::format("GoStart g={} seq=3", unblocked[k]));
    b.At(start + kUs, "GoEnd");
  }
  b.At(kEnd, "HeapAlloc mem=4096");
  b.Line(R"(
String id=1 "main.main"
String id=2 "/app/main.go"
String id=3 "main.worker"
String id=4 "main.producer"
String id=5 "runtime.gcBgMarkWorker"
String id=6 "/go/src/runtime/mgc.go"
String id=7 "main.serve"
String id=8 "runtime.gcBgMarkStartWorkers"
Stack id=1 frames=[pc=0x401000 fn=1 file=2 line=5]
Stack id=2 frames=[pc=0x402000 fn=3 file=2 line=30]
Stack id=3 frames=[pc=0x401010 fn=1 file=2 line=15]
Stack id=4 frames=[pc=0x401020 fn=1 file=2 line=16]
Stack id=5 frames=[pc=0x403000 fn=4 file=2 line=40]
Stack id=6 frames=[pc=0x404000 fn=5 file=6 line=1200]
Stack id=7 frames=[pc=0x405000 fn=7 file=2 line=50]
Stack id=8 frames=[pc=0x404100 fn=8 file=6 line=1150]
Stack id=9 frames=[pc=0x402010 fn=3 file=2 line=33]
)");
  return b.Text();
}

TEST(GoroutineLeakTest, BlockedWorkersAreGroupedAndCounted) {
  const std::vector<Spawn> spawns = {
      {.g = 5},
      {.g = 6},
      {.g = 7},
      {.g = 8, .start = kProducer, .block = "GoBlockSend"},
      {.g = 9, .start = kRuntime},                        // the runtime's own: left out
      {.g = 10, .start = kServe, .block = "GoBlockNet"},  // an idle connection: left out
      {.g = 11, .unblocked = true},                       // blocked, then unblocked: left out
  };
  ASSERT_ANALYZE_TEXT(t, LeakTrace(spawns));
  ASSERT_EQ(t.analysis.end_time, kEnd);

  const std::vector<Finding> found = DetectGoroutineLeaks(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.id, "goroutine-leak");
  EXPECT_EQ(f.severity, Severity::kInfo);
  EXPECT_EQ(f.title, "finding.goroutine_leak.title");
  EXPECT_EQ(f.explanation, "finding.goroutine_leak.explanation");
  EXPECT_EQ(IntArg(f.args, "count"), 4);
  EXPECT_EQ(IntArg(f.args, "groups"), 2);
  EXPECT_EQ(f.goroutines, (std::vector<uint64_t>{5, 6, 7, 8}));
  EXPECT_EQ(f.start, BlockedAt(0));
  EXPECT_EQ(f.end, kEnd);
  EXPECT_EQ(f.numbers["suspects"], 4);

  ASSERT_EQ(f.evidence.size(), 2u);
  const analysis::Evidence& workers = f.evidence[0];
  EXPECT_EQ(workers.message, "evidence.goroutine_leak.group");
  EXPECT_EQ(workers.goroutine, 5u);
  EXPECT_EQ(workers.time, BlockedAt(0));
  EXPECT_EQ(IntArg(workers.args, "count"), 3);
  EXPECT_EQ(StringArg(workers.args, "reason"), "chan_receive");
  EXPECT_EQ(TraceTextArg(workers.args, "reason_text"), "chan receive");
  EXPECT_EQ(TraceTextArg(workers.args, "func"), "main.worker");
  EXPECT_EQ(DurationArg(workers.args, "blocked_for"), kEnd - BlockedAt(0));
  EXPECT_EQ(IntArg(workers.args, "goroutine"), 5);
  // The stack shown is where they were created.
  EXPECT_EQ(StackFunctions(t.tables(), workers.stack), std::vector<std::string>{"main.main"});
  EXPECT_EQ(t.tables().stacks.Get(workers.stack)[0].line, 15u);

  const analysis::Evidence& producer = f.evidence[1];
  EXPECT_EQ(producer.goroutine, 8u);
  EXPECT_EQ(IntArg(producer.args, "count"), 1);
  EXPECT_EQ(StringArg(producer.args, "reason"), "chan_send");
  EXPECT_EQ(TraceTextArg(producer.args, "func"), "main.producer");
  EXPECT_EQ(DurationArg(producer.args, "blocked_for"), kEnd - BlockedAt(3));

  const auto& groups = f.numbers["groups"];
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0]["reason"], "chan receive");
  EXPECT_EQ(groups[0]["start_func"], "main.worker");
  EXPECT_EQ(groups[0]["goroutines"], 3);
  EXPECT_EQ(groups[0]["longest_blocked_ns"], kEnd - BlockedAt(0));
  EXPECT_EQ(groups[0]["example_goroutine"], 5);
  EXPECT_EQ(groups[1]["reason"], "chan send");
  EXPECT_EQ(groups[1]["goroutines"], 1);
  EXPECT_EQ(RunAndFilter(t.analysis, "goroutine-leak").size(), 1u);
}

TEST(GoroutineLeakTest, UnblockedRuntimeAndNetworkGoroutinesAreNoLeak) {
  ASSERT_ANALYZE_TEXT(t, LeakTrace({{.g = 5, .unblocked = true},
                                    {.g = 6, .unblocked = true},
                                    {.g = 9, .start = kRuntime},
                                    {.g = 10, .start = kServe, .block = "GoBlockNet"},
                                    {.g = 12, .block = "GoSleep"}}));
  EXPECT_TRUE(RunAndFilter(t.analysis, "goroutine-leak").empty());
}

TEST(GoroutineLeakTest, TenSuspectsFromOnePlaceAreAWarning) {
  std::vector<Spawn> spawns;
  for (uint64_t g = 5; g < 15; ++g) spawns.push_back({.g = g});
  {
    ASSERT_ANALYZE_TEXT(t, LeakTrace(spawns));
    const std::vector<Finding> found = DetectGoroutineLeaks(t.analysis);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].severity, Severity::kWarning);
    EXPECT_EQ(IntArg(found[0].args, "count"), 10);
    EXPECT_EQ(IntArg(found[0].args, "groups"), 1);
  }
  {
    // The same ten, one created elsewhere: two groups, the larger of nine.
    spawns.back().place = kPlaceB;
    ASSERT_ANALYZE_TEXT(t, LeakTrace(spawns));
    const std::vector<Finding> found = DetectGoroutineLeaks(t.analysis);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].severity, Severity::kInfo);
    EXPECT_EQ(IntArg(found[0].args, "groups"), 2);
    ASSERT_EQ(found[0].evidence.size(), 2u);
    EXPECT_EQ(IntArg(found[0].evidence[0].args, "count"), 9);
    EXPECT_EQ(found[0].evidence[1].goroutine, 14u);
    EXPECT_EQ(t.tables().stacks.Get(found[0].evidence[1].stack)[0].line, 16u);
  }
}

// Every suspect reason, one goroutine each: groups of equal size are ranked
// by how long they have been blocked, the longest first.
TEST(GoroutineLeakTest, EverySuspectReasonIsItsOwnGroup) {
  const char* const blocks[] = {"GoBlockSend", "GoBlockRecv", "GoBlockSelect",
                                "GoBlockSync", "GoBlockCond", "GoStop"};
  const char* const keywords[] = {"chan_send", "chan_receive", "select", "sync", "cond", "forever"};
  std::vector<Spawn> spawns;
  for (uint64_t i = 0; i < 6; ++i) spawns.push_back({.g = 5 + i, .block = blocks[i]});
  ASSERT_ANALYZE_TEXT(t, LeakTrace(spawns));
  const std::vector<Finding> found = DetectGoroutineLeaks(t.analysis);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(IntArg(found[0].args, "groups"), 6);
  ASSERT_EQ(found[0].evidence.size(), 5u);  // at most five rows
  for (size_t i = 0; i < 5; ++i) {
    SCOPED_TRACE(blocks[i]);
    EXPECT_EQ(found[0].evidence[i].goroutine, 5 + i);
    EXPECT_EQ(StringArg(found[0].evidence[i].args, "reason"), keywords[i]);
  }
  ASSERT_EQ(found[0].numbers["groups"].size(), 6u);
  EXPECT_EQ(found[0].numbers["groups"][5]["reason"], "forever");
  EXPECT_EQ(found[0].goroutines.size(), 6u);
}

}  // namespace
}  // namespace tracenote::analysis_test
