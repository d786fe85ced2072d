// Conformance of the v1 reader against the shared corpus of real traces
// (TRACENOTE_CORPUS_DIR/go-testdata/v1). Every expectation comes from the
// corpus MANIFEST.md; each listed file is its own test case. Without the
// corpus every test skips.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "base/file_blob.h"
#include "conformance/v1_corpus.h"
#include "ingest/trace_v1/v1_trace_source.h"

namespace tracenote::conformance {
namespace {

namespace fs = std::filesystem;
using trace_v1::V1Type;

constexpr double kMaxSecondsPerFile = 5.0;

#define SKIP_WITHOUT_CORPUS()                                          \
  if (!CorpusPresent()) {                                              \
    GTEST_SKIP() << "the shared corpus is absent (" << GoTestdataDir() \
                 << " has no MANIFEST.md); conformance tests need it"; \
  }

std::string ParamName(const testing::TestParamInfo<ManifestEntry>& info) {
  return TestNameFor(info.param);
}

std::string Describe(const RunOutcome& run) {
  std::string s = "open: " + (run.open.ok() ? std::string("ok") : run.open.message());
  if (run.open.ok()) {
    s += "; count: " + (run.count.ok() ? std::string("ok") : run.count.message());
    s += "; raw: " + (run.raw.ok() ? std::string("ok") : run.raw.message());
    s += "; model: " + (run.model.ok() ? std::string("ok") : run.model.message());
    s += "; events " + std::to_string(run.info_events);
    if (run.partial) s += "; partial: " + run.partial_reason;
  }
  return s;
}

// The MANIFEST's "Decoded content" keys and the v1 wire types they count.
struct CountKey {
  const char* key;
  std::vector<V1Type> types;
};
const std::vector<CountKey>& CountKeys() {
  static const std::vector<CountKey> keys = {
      {"GC", {trace_v1::kGCStart}},
      {"STW", {trace_v1::kSTWStart}},  // GCScanStart / GCSTWStart / STWStart
      {"preempt", {trace_v1::kGoPreempt}},
      {"sched", {trace_v1::kGoSched}},
      {"syscall", {trace_v1::kGoSysCall}},
      {"sysblock", {trace_v1::kGoSysBlock}},
      {"cpu", {trace_v1::kCPUSample}},
      {"user", {trace_v1::kUserTaskCreate, trace_v1::kUserRegion, trace_v1::kUserLog}},
      {"assist", {trace_v1::kGCMarkAssistStart}},
      {"label", {trace_v1::kGoStartLabel}},
  };
  return keys;
}

// ---------------------------------------------------------------------------
// good / good (presumed): must parse, and match the reference decoder.

class V1GoodTest : public testing::TestWithParam<ManifestEntry> {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(V1GoodTest);

TEST_P(V1GoodTest, ParsesAndMatchesManifest) {
  SKIP_WITHOUT_CORPUS();
  const ManifestEntry& e = GetParam();
  ASSERT_EQ(EntryFileSize(e), static_cast<int64_t>(e.size)) << e.RelativePath();
  auto bytes = ReadEntryBytes(e);
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();

  // The path the CLI takes: sniffing, CountEvents, both replays.
  RunOutcome run = RunAll(bytes.value(), e.RelativePath());
  SCOPED_TRACE(Describe(run));
  ASSERT_TRUE(run.open.ok()) << run.open.message();
  EXPECT_TRUE(run.count.ok()) << run.count.message();
  EXPECT_FALSE(run.partial) << run.partial_reason;
  EXPECT_TRUE(run.raw.ok()) << run.raw.message();
  EXPECT_TRUE(run.model.ok()) << run.model.message();
  uint64_t counted = 0;
  for (const auto& [name, n] : run.counts) counted += n;
  EXPECT_EQ(counted, run.info_events);
  EXPECT_EQ(run.raw_events, run.info_events);
  EXPECT_GT(run.raw_links, 0u);
  EXPECT_EQ(run.raw_time_regressions, 0u) << "ReplayRaw went back in time";
  EXPECT_GT(run.model_events, 0u);

  // The index and the per-type counts, against the MANIFEST.
  auto src = trace_v1::V1TraceSource::Open(FileBlob::FromBytes(bytes.value(), e.file));
  ASSERT_TRUE(src.ok()) << src.status().message();
  ASSERT_TRUE((*src)->Plan().ok());
  const trace_v1::V1Index& index = (*src)->index();
  ASSERT_TRUE(e.events.has_value()) << "MANIFEST has no decoded content: " << e.decoded_text;
  EXPECT_EQ(index.records, *e.events) << "wire records after the header";
  std::set<std::string> known = {"Ps"};
  for (const CountKey& k : CountKeys()) {
    known.insert(k.key);
    uint64_t records = 0, events = 0;
    for (V1Type t : k.types) {
      records += index.record_counts[t];
      events += (*src)->event_counts()[t];
    }
    EXPECT_EQ(records, e.Count(k.key)) << k.key << " (wire records)";
    EXPECT_EQ(events, e.Count(k.key)) << k.key << " (events Go's parser yields)";
  }
  for (const auto& [key, n] : e.counts) {
    EXPECT_TRUE(known.count(key)) << "MANIFEST key " << key << " is not checked";
  }
  // Ps counts Batch headers (P -1 included); the index keeps a stream per P
  // with a non-empty batch, which for these files is the same set.
  const std::set<int64_t> batch_procs = BatchProcs(bytes.value());
  EXPECT_EQ(batch_procs.size(), e.Count("Ps")) << "distinct P ids of Batch records";
  uint64_t streams = 0;
  for (const trace_v1::V1Stream& s : index.streams) streams += s.segments.empty() ? 0 : 1;
  EXPECT_EQ(streams, e.Count("Ps")) << "index streams with at least one segment";
}

INSTANTIATE_TEST_SUITE_P(Manifest, V1GoodTest,
                         testing::ValuesIn(V1EntriesWith({Expectation::kGood})), ParamName);

// ---------------------------------------------------------------------------
// bad / historical: must be rejected with a reader error.

class V1RejectedTest : public testing::TestWithParam<ManifestEntry> {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(V1RejectedTest);

TEST_P(V1RejectedTest, IsRejected) {
  SKIP_WITHOUT_CORPUS();
  const ManifestEntry& e = GetParam();
  ASSERT_EQ(EntryFileSize(e), static_cast<int64_t>(e.size)) << e.RelativePath();
  auto bytes = ReadEntryBytes(e);
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  RunOutcome run = RunAll(std::move(bytes).value(), e.RelativePath());
  SCOPED_TRACE(Describe(run));
  RecordProperty("outcome", Describe(run));
  EXPECT_LE(run.seconds, kMaxSecondsPerFile);
  const Status& verdict = run.Verdict();
  ASSERT_FALSE(verdict.ok()) << "accepted a file the MANIFEST says is "
                             << ExpectationName(e.expectation) << ": " << e.expectation_text;
  const std::string& msg = verdict.message();
  EXPECT_TRUE(msg.find("trace_v1") != std::string::npos ||
              msg.find("not a Go execution trace") != std::string::npos)
      << msg;
  if (e.ExpectsTimeOrderError()) {
    EXPECT_NE(msg.find("time stamps out of order"), std::string::npos) << msg;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Manifest, V1RejectedTest,
    testing::ValuesIn(V1EntriesWith({Expectation::kBad, Expectation::kHistorical})), ParamName);

// ---------------------------------------------------------------------------
// weird / Go fuzz entries: a result or a clean error, quickly, never a crash.

class V1RobustTest : public testing::TestWithParam<ManifestEntry> {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(V1RobustTest);

TEST_P(V1RobustTest, EndsInResultOrCleanError) {
  SKIP_WITHOUT_CORPUS();
  const ManifestEntry& e = GetParam();
  ASSERT_EQ(EntryFileSize(e), static_cast<int64_t>(e.size)) << e.RelativePath();
  auto bytes = ReadEntryBytes(e);
  ASSERT_TRUE(bytes.ok()) << "cannot decode the corpus file: " << bytes.status().message();
  RunOutcome run = RunAll(std::move(bytes).value(), e.RelativePath());
  SCOPED_TRACE(Describe(run));
  EXPECT_LE(run.seconds, kMaxSecondsPerFile);
  const Status& verdict = run.Verdict();
  if (!verdict.ok()) {
    EXPECT_FALSE(verdict.message().empty());
    EXPECT_NE(verdict.code(), StatusCode::kInternal) << verdict.message();
  } else {
    // A trace that counted must replay the same way.
    EXPECT_TRUE(run.raw.ok()) << run.raw.message();
    EXPECT_TRUE(run.model.ok()) << run.model.message();
    EXPECT_EQ(run.raw_events, run.info_events);
  }
  RecordProperty("outcome", Describe(run));
}

INSTANTIATE_TEST_SUITE_P(
    Manifest, V1RobustTest,
    testing::ValuesIn(V1EntriesWith({Expectation::kWeird, Expectation::kFuzzEntry})), ParamName);

// ---------------------------------------------------------------------------
// The MANIFEST itself, and its agreement with the directory.

TEST(V1CorpusTest, ManifestParsesAndClassifiesEveryV1Row) {
  SKIP_WITHOUT_CORPUS();
  const Manifest* m = CorpusManifest();
  ASSERT_NE(m, nullptr);
  for (const std::string& err : m->errors) ADD_FAILURE() << err;
  const std::vector<ManifestEntry> v1 = m->Under("v1/");
  EXPECT_GE(v1.size(), 70u);
  size_t classified =
      V1EntriesWith({Expectation::kGood, Expectation::kBad, Expectation::kHistorical,
                     Expectation::kWeird, Expectation::kFuzzEntry})
          .size();
  EXPECT_EQ(classified, v1.size()) << "some v1 rows are in no test suite";
}

TEST(V1CorpusTest, TimeOrderExpectationIsTheUnorderedCannedTrace) {
  SKIP_WITHOUT_CORPUS();
  std::vector<std::string> files;
  for (const ManifestEntry& e : V1EntriesWith({Expectation::kBad})) {
    if (e.ExpectsTimeOrderError()) files.push_back(e.RelativePath());
  }
  EXPECT_EQ(files, std::vector<std::string>{"v1/golang-go/stress_1_5_unordered"});
}

// TraceSource may be replayed any number of times: once the plan pass has
// failed on a complete trace, every later pass must report that failure too
// rather than replay zero events successfully.
TEST(V1CorpusTest, ReplayAfterFailedCountStillFails) {
  SKIP_WITHOUT_CORPUS();
  for (const ManifestEntry& e : V1EntriesWith({Expectation::kBad})) {
    if (!e.ExpectsTimeOrderError()) continue;
    auto bytes = ReadEntryBytes(e);
    ASSERT_TRUE(bytes.ok()) << bytes.status().message();
    RunOutcome run = RunAll(std::move(bytes).value(), e.RelativePath());
    ASSERT_TRUE(run.open.ok()) << run.open.message();
    ASSERT_FALSE(run.count.ok());
    EXPECT_FALSE(run.raw.ok()) << "ReplayRaw after a failed CountEvents replayed " << run.raw_events
                               << " events and returned Ok";
    EXPECT_FALSE(run.model.ok()) << "ReplayModel after a failed CountEvents returned Ok";
  }
}

TEST(V1CorpusTest, ManifestListsEveryV1File) {
  SKIP_WITHOUT_CORPUS();
  std::set<std::string> listed;
  for (const ManifestEntry& e : CorpusManifest()->Under("v1/")) listed.insert(e.RelativePath());
  std::set<std::string> on_disk;
  const fs::path root = GoTestdataDir();
  for (const auto& f : fs::recursive_directory_iterator(root / "v1")) {
    if (f.is_regular_file()) on_disk.insert(fs::relative(f.path(), root).generic_string());
  }
  EXPECT_EQ(listed, on_disk);
}

}  // namespace
}  // namespace tracenote::conformance
