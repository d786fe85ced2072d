#include "tools/v2_trace_writer.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/file_blob.h"
#include "ingest/open_trace.h"
#include "ingest/trace_v2/v2_event_spec.h"

namespace tracenote::test_tools {
namespace {

using namespace trace_v2;  // NOLINT: the event ids

constexpr uint64_t kM = 7;

// Writes a small two-generation trace: one M runs the main goroutine, which
// creates a goroutine and blocks; the new one runs, unblocks main and exits;
// main blocks again and the P stops. In generation 2 the M starts the P
// again and main runs once more. `extra_creates` more goroutines are created
// and destroyed in generation 1 (to make batches split).
std::vector<uint8_t> SmallTrace(int version, int extra_creates = 0) {
  V2TraceWriter w(version);
  const V2Frame frames[] = {{0x401000, 3, 4, 10}, {0x402000, 5, 4, 20}};
  for (uint64_t gen = 1; gen <= 2; ++gen) {
    const uint64_t base = gen * 100000;
    EXPECT_TRUE(w.BeginGeneration(gen, base).ok());
    if (version >= kGo125) {
      EXPECT_TRUE(w.Sync(base, 15625000, {5, 1000, 1700000000, 42}).ok());
    } else {
      EXPECT_TRUE(w.Frequency(15625000).ok());
    }
    if (gen == 1) {
      EXPECT_TRUE(w.Event(kM, kEvProcStatus, 1, {0, 1}).ok());       // P 0 running
      EXPECT_TRUE(w.Event(kM, kEvGoStatus, 1, {1, ~0ull, 2}).ok());  // G 1 running
      EXPECT_TRUE(w.Event(kM, kEvGoCreate, 1, {2, 1, 2}).ok());
      EXPECT_TRUE(w.Event(kM, kEvGoBlock, 1, {1, 2}).ok());  // "chan receive", stack 2
      EXPECT_TRUE(w.Event(kM, kEvGoStart, 1, {2, 1}).ok());
      EXPECT_TRUE(w.Event(kM, kEvGoUnblock, 1, {1, 1, 0}).ok());
      EXPECT_TRUE(w.Event(kM, kEvGoDestroy, 1, {}).ok());
      EXPECT_TRUE(w.Event(kM, kEvGoStart, 1, {1, 2}).ok());
      uint64_t seq = 2;
      for (int i = 0; i < extra_creates; ++i) {
        const uint64_t g = 100 + i;
        EXPECT_TRUE(w.Event(kM, kEvGoCreate, 3, {g, 1}).ok());  // stack left out
        EXPECT_TRUE(w.Event(kM, kEvGoStop, 2, {2, 1}).ok());    // "preempted"
        EXPECT_TRUE(w.Event(kM, kEvGoStart, 4, {g, 1}).ok());
        EXPECT_TRUE(w.Event(kM, kEvGoDestroy, 5, {}).ok());
        EXPECT_TRUE(w.Event(kM, kEvGoStart, 6, {1, ++seq}).ok());
      }
    } else {
      // Main blocked and P 0 stopped at the end of generation 1.
      EXPECT_TRUE(w.Event(kM, kEvProcStatus, 1, {0, 2}).ok());       // P 0 idle
      EXPECT_TRUE(w.Event(kM, kEvGoStatus, 1, {1, ~0ull, 4}).ok());  // G 1 waiting
      EXPECT_TRUE(w.Event(kM, kEvProcStart, 1, {0, 1}).ok());
      EXPECT_TRUE(w.Event(kM, kEvGoUnblock, 1, {1, 1, 0}).ok());
      EXPECT_TRUE(w.Event(kM, kEvGoStart, 1, {1, 2}).ok());
    }
    EXPECT_TRUE(w.Event(kM, kEvGoBlock, 1, {1, 0}).ok());
    EXPECT_TRUE(w.Event(kM, kEvProcStop, 1, {}).ok());
    EXPECT_TRUE(w.CpuSample(base + 3, kM, 0, 1, 1).ok());
    EXPECT_TRUE(w.String(1, "chan receive").ok());
    EXPECT_TRUE(w.String(2, "preempted").ok());
    EXPECT_TRUE(w.String(3, "main.main").ok());
    EXPECT_TRUE(w.String(4, "/src/main.go").ok());
    EXPECT_TRUE(w.String(5, "main.worker").ok());
    EXPECT_TRUE(w.Stack(1, std::span(frames, 1)).ok());
    EXPECT_TRUE(w.Stack(2, frames).ok());
  }
  EXPECT_TRUE(w.Finish().ok()) << w.status().message();
  return w.bytes();
}

std::map<std::string, uint64_t> Count(std::vector<uint8_t> bytes) {
  std::map<std::string, uint64_t> counts;
  auto source = OpenTraceBlob(FileBlob::FromBytes(std::move(bytes), "w.trace"));
  EXPECT_TRUE(source.ok()) << source.status().message();
  if (!source.ok()) return counts;
  Status s = (*source)->CountEvents(&counts);
  EXPECT_TRUE(s.ok()) << s.message();
  return counts;
}

class V2TraceWriterVersionTest : public ::testing::TestWithParam<int> {};

TEST_P(V2TraceWriterVersionTest, RoundTripsThroughTheReader) {
  auto counts = Count(SmallTrace(GetParam()));
  EXPECT_EQ(counts["ProcStatus"], 2u);
  EXPECT_EQ(counts["GoStatus"], 2u);
  EXPECT_EQ(counts["GoCreate"], 1u);
  EXPECT_EQ(counts["GoBlock"], 3u);
  EXPECT_EQ(counts["GoStart"], 3u);
  EXPECT_EQ(counts["GoUnblock"], 2u);
  EXPECT_EQ(counts["GoDestroy"], 1u);
  EXPECT_EQ(counts["ProcStart"], 1u);
  EXPECT_EQ(counts["ProcStop"], 2u);
  EXPECT_EQ(counts["CPUSample"], 2u);
}

INSTANTIATE_TEST_SUITE_P(Versions, V2TraceWriterVersionTest,
                         ::testing::Values(kGo122, kGo123, kGo125, kGo126));

TEST(V2TraceWriterTest, WritesHeaderPaddedSizeAndEndOfGeneration) {
  const std::vector<uint8_t> b = SmallTrace(kGo126);
  ASSERT_GT(b.size(), 40u);
  EXPECT_EQ(std::string(b.begin(), b.begin() + 13), "go 1.26 trace");
  EXPECT_EQ(b[13], 0);
  // The Sync batch: EventBatch, gen 1, m = ^0 (10 bytes), time 100000 (3
  // bytes), then the size as 10 bytes with continuation bits on nine.
  EXPECT_EQ(b[16], kEvEventBatch);
  EXPECT_EQ(b[17], 1);
  const size_t size_at = 16 + 1 + 1 + 10 + 3;
  for (size_t i = 0; i < 9; ++i) EXPECT_EQ(b[size_at + i] & 0x80, 0x80) << i;
  EXPECT_EQ(b[size_at + 9], 0);
  EXPECT_EQ(b[size_at + 10], kEvSync);
  EXPECT_EQ(b.back(), kEvEndOfGeneration);
}

TEST(V2TraceWriterTest, SplitsBigBatchesAtSixtyFourKiB) {
  const std::vector<uint8_t> big = SmallTrace(kGo123, 8000);  // about 170 KB of events
  EXPECT_GT(big.size(), 2 * V2TraceWriter::kMaxBatchBytes);
  auto counts = Count(big);
  EXPECT_EQ(counts["GoCreate"], 8001u);
  EXPECT_EQ(counts["GoStop"], 8000u);
  EXPECT_EQ(counts["GoStart"], 16003u);
  EXPECT_EQ(counts["GoDestroy"], 8001u);
  EXPECT_EQ(counts["CPUSample"], 2u);
}

TEST(V2TraceWriterTest, ChecksArgumentCountsAndVersions) {
  V2TraceWriter w(kGo122);
  EXPECT_FALSE(w.Event(kM, kEvGoStart, 1, {1, 1}).ok());  // no generation yet
  V2TraceWriter v(kGo122);
  ASSERT_TRUE(v.BeginGeneration(1).ok());
  Status s = v.Event(kM, kEvGoStart, 1, {1});
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("GoStart takes 2 arguments, got 1"), std::string::npos) << s.message();
  EXPECT_FALSE(v.status().ok());  // sticky
  EXPECT_FALSE(v.Frequency(15625000).ok());

  V2TraceWriter x(kGo122);
  ASSERT_TRUE(x.BeginGeneration(1).ok());
  s = x.Event(kM, kEvGoSwitch, 1, {1, 1});  // since Go 1.23
  EXPECT_NE(s.message().find("not an event of a go 1.22 trace"), std::string::npos) << s.message();

  V2TraceWriter y(kGo123);
  ASSERT_TRUE(y.BeginGeneration(1).ok());
  EXPECT_FALSE(y.Sync(0, 15625000, {}).ok());  // Frequency before 1.25
  V2TraceWriter z(kGo125);
  ASSERT_TRUE(z.BeginGeneration(1).ok());
  EXPECT_TRUE(z.Event(kM, kEvGoBlock, 1, {1, 2}).ok());
  EXPECT_FALSE(z.EndGeneration().ok());  // no Sync batch
  V2TraceWriter t(kGo125);
  ASSERT_TRUE(t.BeginGeneration(1, 50).ok());
  EXPECT_TRUE(t.EventAt(kM, kEvProcStop, 60, {}).ok());
  EXPECT_FALSE(t.EventAt(kM, kEvProcStop, 59, {}).ok());  // time goes back
}

}  // namespace
}  // namespace tracenote::test_tools
