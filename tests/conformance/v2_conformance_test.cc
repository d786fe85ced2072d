// Conformance of the v2 (Go 1.22+) reader against the shared corpus
// (TRACENOTE_CORPUS_DIR/go-testdata/v2). Every expectation comes from the
// corpus MANIFEST.md (and, for txtar tests, from the test file it names);
// each listed file is its own test case. Without the corpus every test skips.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "base/file_blob.h"
#include "conformance/v2_corpus.h"
#include "ingest/open_trace.h"
#include "ingest/trace_v2/v2_trace_source.h"

namespace tracenote::conformance {
namespace {

namespace fs = std::filesystem;

// A hang guard, not a performance assertion.
constexpr double kMaxFuzzSeconds = 2.0;

#define SKIP_WITHOUT_CORPUS()                                          \
  if (!CorpusPresent()) {                                              \
    GTEST_SKIP() << "the shared corpus is absent (" << GoTestdataDir() \
                 << " has no MANIFEST.md); conformance tests need it"; \
  }

std::string ParamName(const testing::TestParamInfo<ManifestEntry>& info) {
  return V2TestName(info.param);
}

std::string Msg(const Status& s) { return s.ok() ? std::string("ok") : s.message(); }

// What reading one input through OpenTraceBlob, CountEvents and ReplayModel
// gave. The source is kept for further replays.
struct V2Run {
  std::unique_ptr<TraceSource> source;
  Status open, count, model;
  std::map<std::string, uint64_t> counts;
  uint64_t generations = 0;  // 0 when the source is not a V2TraceSource
  uint64_t model_events = 0;
  double seconds = 0;

  // The first failure of open, CountEvents and ReplayModel.
  const Status& Verdict() const { return !open.ok() ? open : !count.ok() ? count : model; }
  std::string Describe() const {
    std::string s = "open: " + Msg(open);
    if (open.ok()) s += "; count: " + Msg(count) + "; model: " + Msg(model);
    if (source && source->info().partial) s += "; partial: " + source->info().partial_reason;
    return s;
  }
};

// Counts model events and nothing else.
class CountingSink : public model::EventSink {
 public:
  void OnEvent(const model::Event&) override { ++n; }
  uint64_t n = 0;
};

// Opens `bytes`, counts its events, then replays the model once; timed.
V2Run ReadV2(std::vector<uint8_t> bytes, const std::string& name) {
  V2Run run;
  const auto start = std::chrono::steady_clock::now();
  auto opened = OpenTraceBlob(FileBlob::FromBytes(std::move(bytes), name));
  run.open = opened.status();
  if (opened.ok()) {
    run.source = std::move(opened).value();
    run.count = run.source->CountEvents(&run.counts);
    CountingSink sink;
    run.model = run.source->ReplayModel(&sink);
    run.model_events = sink.n;
    if (auto* v2 = dynamic_cast<trace_v2::V2TraceSource*>(run.source.get())) {
      run.generations = v2->generations();
    }
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

// A clean full read whose numbers equal the MANIFEST row's "Decoded content".
void ExpectCleanReadMatchingManifest(const ManifestEntry& e, const V2Run& run) {
  ASSERT_TRUE(run.open.ok()) << run.open.message();
  ASSERT_TRUE(run.count.ok()) << run.count.message();
  EXPECT_TRUE(run.model.ok()) << run.model.message();
  const model::TraceInfo& info = run.source->info();
  EXPECT_FALSE(info.partial) << info.partial_reason;
  EXPECT_GT(run.model_events, 0u);
  ASSERT_TRUE(e.events.has_value()) << "MANIFEST has no decoded content: " << e.decoded_text;
  EXPECT_EQ(info.events, *e.events) << "timed events in event batches";
  EXPECT_EQ(run.generations, e.Count("gens")) << "generations";
  EXPECT_EQ(info.frequency, e.Count("freq")) << "the first generation's frequency";
  std::set<std::string> known = {"gens", "freq", "EndOfGeneration"};
  for (const V2CountKey& k : V2CountKeys()) {
    known.insert(k.key);
    EXPECT_EQ(SumCounts(run.counts, k), e.Count(k.key)) << k.key;
  }
  for (const auto& [key, n] : e.counts) {
    EXPECT_TRUE(known.count(key)) << "MANIFEST key " << key << " is not checked";
  }
  uint64_t counted = 0;
  for (const auto& [name, n] : run.counts) counted += n;
  EXPECT_EQ(counted, info.events + e.Count("cpu")) << "CountEvents' kinds add up to info().events";
  // Go 1.26 ends every generation with a marker byte.
  const uint64_t markers = HeaderGoMinor(e.header) >= 26 ? run.generations : 0;
  EXPECT_EQ(e.Count("EndOfGeneration"), markers) << "EndOfGeneration bytes";
}

// CountEvents, then ReplayModel twice: both replays give the same events,
// in time order, with goroutine transitions that agree with each other.
void ExpectSoundDeterministicModel(std::vector<uint8_t> bytes, const std::string& name) {
  auto source = OpenTraceBlob(FileBlob::FromBytes(std::move(bytes), name));
  ASSERT_TRUE(source.ok()) << source.status().message();
  std::map<std::string, uint64_t> counts;
  ASSERT_TRUE((*source)->CountEvents(&counts).ok());
  ModelChecker first(&(*source)->tables()), second(&(*source)->tables());
  ASSERT_TRUE((*source)->ReplayModel(&first).ok());
  ASSERT_TRUE((*source)->ReplayModel(&second).ok());
  EXPECT_GT(first.events(), 0u);
  EXPECT_EQ(first.time_regressions(), 0u) << "model events went back in time";
  EXPECT_EQ(first.state_mismatches(), 0u) << "goroutine transitions disagree with each other";
  for (const std::string& p : first.problems()) ADD_FAILURE() << p;
  EXPECT_EQ(first.events(), second.events());
  EXPECT_EQ(first.hash(), second.hash()) << "two replays gave different model events";
}

// ---------------------------------------------------------------------------
// txtar `.test` files and the bare text trace: convert, then read.

class V2TextTest : public testing::TestWithParam<ManifestEntry> {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(V2TextTest);

TEST_P(V2TextTest, ConvertsAndReadsAsExpected) {
  SKIP_WITHOUT_CORPUS();
  const ManifestEntry& e = GetParam();
  ASSERT_EQ(EntryFileSize(e), static_cast<int64_t>(e.size)) << e.RelativePath();
  auto input = LoadV2Input(e);
  ASSERT_TRUE(input.ok()) << "cannot convert: " << input.status().message();
  // The MANIFEST and the file agree on what is expected.
  EXPECT_EQ(input->expect_success, e.expectation != Expectation::kTxtarFailure);
  if (!input->expect_success) {
    EXPECT_NE(e.expectation_text.find("\"" + input->error_regexp + "\""), std::string::npos)
        << "MANIFEST: " << e.expectation_text << "; file: " << input->error_regexp;
  }
  V2Run run = ReadV2(input->bytes, e.RelativePath());
  SCOPED_TRACE(run.Describe());
  RecordProperty("outcome", run.Describe());
  if (input->expect_success) {
    ExpectCleanReadMatchingManifest(e, run);
    ExpectSoundDeterministicModel(std::move(input->bytes), e.RelativePath());
    return;
  }
  const Status& verdict = run.Verdict();
  ASSERT_FALSE(verdict.ok()) << "accepted a trace Go rejects with \"" << input->error_regexp
                             << "\"";
  std::optional<std::regex> re = GoRegexpToEcma(input->error_regexp);
  if (!re) {
    std::cout << "[ note ] " << e.file << ": Go regexp \"" << input->error_regexp
              << "\" not checked (Go-only syntax); our error: " << verdict.message() << "\n";
    return;
  }
  EXPECT_TRUE(std::regex_search(verdict.message(), *re))
      << "Go's regexp: " << input->error_regexp << "\nour error:   " << verdict.message();
}

INSTANTIATE_TEST_SUITE_P(Manifest, V2TextTest,
                         testing::ValuesIn(V2EntriesWith({Expectation::kTxtarSuccess,
                                                          Expectation::kTxtarFailure,
                                                          Expectation::kTextSuccess})),
                         ParamName);

// ---------------------------------------------------------------------------
// Good binary traces: read cleanly, match the MANIFEST, and give a model
// stream that is ordered, consistent and the same on every replay.

class V2GoodTest : public testing::TestWithParam<ManifestEntry> {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(V2GoodTest);

TEST_P(V2GoodTest, ReadsAndMatchesManifest) {
  SKIP_WITHOUT_CORPUS();
  const ManifestEntry& e = GetParam();
  ASSERT_EQ(EntryFileSize(e), static_cast<int64_t>(e.size)) << e.RelativePath();
  auto input = LoadV2Input(e);
  ASSERT_TRUE(input.ok()) << input.status().message();
  V2Run run = ReadV2(std::move(input->bytes), e.RelativePath());
  SCOPED_TRACE(run.Describe());
  ExpectCleanReadMatchingManifest(e, run);
  ASSERT_NE(run.source, nullptr);
  EXPECT_EQ(run.source->info().version, 1000 + HeaderGoMinor(e.header));
}

TEST_P(V2GoodTest, ModelIsOrderedConsistentAndDeterministic) {
  SKIP_WITHOUT_CORPUS();
  const ManifestEntry& e = GetParam();
  auto input = LoadV2Input(e);
  ASSERT_TRUE(input.ok()) << input.status().message();
  ExpectSoundDeterministicModel(std::move(input->bytes), e.RelativePath());
}

// A good trace cut short (a crashed program, a partial download) reads as
// far as it goes or fails cleanly: never a crash, a hang, or more events than
// the whole trace has. Cuts fall in the first kMaxCutSpan bytes, so that
// large files stay fast.
TEST_P(V2GoodTest, CutCopiesEndInResultOrCleanError) {
  SKIP_WITHOUT_CORPUS();
  constexpr size_t kMaxCutSpan = 512 * 1024;
  constexpr int kCuts = 16;
  const ManifestEntry& e = GetParam();
  auto input = LoadV2Input(e);
  ASSERT_TRUE(input.ok()) << input.status().message();
  const std::vector<uint8_t>& whole = input->bytes;
  for (int k = 1; k < kCuts; ++k) {
    const size_t cut = std::min(whole.size(), kMaxCutSpan) * k / kCuts;
    V2Run run = ReadV2(std::vector<uint8_t>(whole.begin(), whole.begin() + cut), e.file);
    SCOPED_TRACE("cut at " + std::to_string(cut) + " of " + std::to_string(whole.size()) + ": " +
                 run.Describe());
    EXPECT_LE(run.seconds, kMaxFuzzSeconds) << "hang guard";
    const Status& verdict = run.Verdict();
    if (!verdict.ok()) {
      EXPECT_NE(verdict.code(), StatusCode::kInternal) << verdict.message();
      continue;
    }
    ASSERT_TRUE(e.events.has_value());
    EXPECT_LE(run.source->info().events, *e.events);
    // Before Go 1.26 a cut exactly between generations would look complete;
    // none of these cut points is one.
    EXPECT_TRUE(run.source->info().partial) << "a cut-off trace read as complete";
  }
}

INSTANTIATE_TEST_SUITE_P(Manifest, V2GoodTest,
                         testing::ValuesIn(V2EntriesWith({Expectation::kGood})), ParamName);

// ---------------------------------------------------------------------------
// Go's FuzzReader corpus: a result or a clean error, quickly, never a crash.

class V2FuzzTest : public testing::TestWithParam<ManifestEntry> {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(V2FuzzTest);

TEST_P(V2FuzzTest, EndsInResultOrCleanError) {
  SKIP_WITHOUT_CORPUS();
  const ManifestEntry& e = GetParam();
  ASSERT_EQ(EntryFileSize(e), static_cast<int64_t>(e.size)) << e.RelativePath();
  auto input = LoadV2Input(e);
  ASSERT_TRUE(input.ok()) << "cannot decode the fuzz file: " << input.status().message();
  V2Run run = ReadV2(std::move(input->bytes), e.RelativePath());
  SCOPED_TRACE(run.Describe());
  RecordProperty("outcome", run.Describe());
  EXPECT_LE(run.seconds, kMaxFuzzSeconds) << "hang guard";
  if (!run.open.ok() || !run.count.ok()) {
    const Status& verdict = !run.open.ok() ? run.open : run.count;
    EXPECT_FALSE(verdict.message().empty());
    EXPECT_NE(verdict.code(), StatusCode::kInternal) << verdict.message();
  } else {
    // A trace that counted must replay the same way, and the reference
    // decoder's event count then holds too.
    EXPECT_TRUE(run.model.ok()) << run.model.message();
    if (e.events.has_value()) {
      EXPECT_EQ(run.source->info().events, *e.events);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Manifest, V2FuzzTest,
                         testing::ValuesIn(V2EntriesWith({Expectation::kFuzzEntry})), ParamName);

// ---------------------------------------------------------------------------
// The MANIFEST itself, and its agreement with the directory.

TEST(V2CorpusTest, ManifestClassifiesEveryV2Row) {
  SKIP_WITHOUT_CORPUS();
  const std::vector<ManifestEntry> v2 = CorpusManifest()->Under("v2/");
  EXPECT_GE(v2.size(), 45u);
  const size_t classified =
      V2EntriesWith({Expectation::kGood, Expectation::kTxtarSuccess, Expectation::kTxtarFailure,
                     Expectation::kTextSuccess, Expectation::kFuzzEntry})
          .size();
  EXPECT_EQ(classified, v2.size()) << "some v2 rows are in no test suite";
  EXPECT_FALSE(V2EntriesWith({Expectation::kTxtarFailure}).empty());
}

TEST(V2CorpusTest, ManifestListsEveryV2File) {
  SKIP_WITHOUT_CORPUS();
  std::set<std::string> listed;
  for (const ManifestEntry& e : CorpusManifest()->Under("v2/")) listed.insert(e.RelativePath());
  std::set<std::string> on_disk;
  const fs::path root = GoTestdataDir();
  for (const auto& f : fs::recursive_directory_iterator(root / "v2")) {
    if (f.is_regular_file()) on_disk.insert(fs::relative(f.path(), root).generic_string());
  }
  EXPECT_EQ(listed, on_disk);
}

// The checker itself: it must see what it is meant to catch.
TEST(V2CorpusTest, ModelCheckerFlagsDisorderAndStateMismatch) {
  model::Tables tables;
  using model::GoState;
  auto go = [](int64_t t, uint64_t g, GoState from, GoState to) {
    model::Event e;
    e.time = t;
    e.resource = g;
    e.from = static_cast<uint8_t>(from);
    e.to = static_cast<uint8_t>(to);
    return e;
  };
  ModelChecker ok(&tables);
  ok.OnEvent(go(1, 5, GoState::kUndetermined, GoState::kRunnable));
  ok.OnEvent(go(2, 5, GoState::kRunnable, GoState::kRunning));
  ok.OnEvent(go(2, 6, GoState::kNotExist, GoState::kRunnable));
  EXPECT_EQ(ok.state_mismatches(), 0u);
  EXPECT_EQ(ok.time_regressions(), 0u);

  ModelChecker bad(&tables);
  bad.OnEvent(go(5, 5, GoState::kUndetermined, GoState::kWaiting));
  bad.OnEvent(go(4, 5, GoState::kRunnable, GoState::kRunning));  // earlier, and not Runnable
  bad.OnEvent(go(6, 7, GoState::kRunning, GoState::kWaiting));   // unseen, not from NotExist
  EXPECT_EQ(bad.time_regressions(), 1u);
  EXPECT_EQ(bad.state_mismatches(), 2u);
  EXPECT_EQ(bad.problems().size(), 3u);
  EXPECT_NE(ok.hash(), bad.hash());
}

TEST(V2CorpusTest, GoRegexpConversion) {
  auto re = GoRegexpToEcma(".*expected a proc but didn't have one.*");
  ASSERT_TRUE(re.has_value());
  EXPECT_TRUE(std::regex_search("trace_v2: gen 1: expected a proc but didn't have one", *re));
  EXPECT_FALSE(GoRegexpToEcma("(?i)proc").has_value());
  EXPECT_FALSE(GoRegexpToEcma("(?P<x>a)").has_value());
  EXPECT_FALSE(GoRegexpToEcma("a\\z").has_value());
  EXPECT_FALSE(GoRegexpToEcma("(").has_value());
}

}  // namespace
}  // namespace tracenote::conformance
