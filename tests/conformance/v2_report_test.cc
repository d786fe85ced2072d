// Every good v2 (Go 1.22+) trace of the shared corpus, and Go's bare text
// trace go122.test, gets a complete report: the analysis, the detectors, the
// walk-through, Markdown and HTML in English and Russian, and the JSON report
// (built as `tracenote report --format json` builds it) that must parse back.
// Traces known for one pattern must show its finding; preemption and
// wall-clock facts must agree with what the reader streams.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analysis/detectors/finding.h"
#include "analysis/trace_analysis.h"
#include "base/file_blob.h"
#include "conformance/v2_corpus.h"
#include "ingest/open_trace.h"
#include "l10n/catalog.h"
#include "report/analysis_json.h"
#include "report/findings_json.h"
#include "report/report_document.h"
#include "report/walkthrough.h"

namespace tracenote::conformance {
namespace {

// preemption_storm_detector.cc: a goroutine needs this many sysmon
// preemptions (ran >= kSysmonTimeSlice, not part of a stop-the-world).
constexpr uint64_t kMinStorm = 10;
// Go 1.25+ wall clocks must fall in [2024-01-01, 2027-01-01).
constexpr int64_t kWallMin = 1704067200LL * 1000000000LL;
constexpr int64_t kWallMax = 1798761600LL * 1000000000LL;

// Traces the MANIFEST's coverage notes name for one pattern, and the finding
// id the report must then contain.
const std::map<std::string, std::string>& ExpectedFindings() {
  static const std::map<std::string, std::string> m = {
      {"v2/wild/AFigilyantov_Assesment1__trace.out", "syscall-handoff"},
      {"v2/wild/lisyaoran51_go-performance__test_trace.out", "gc-stw"},
  };
  return m;
}

// The JSON report as cli/report_command.cc writes it, dumped to text.
std::string ReportJsonText(const analysis::TraceAnalysis& a,
                           const std::vector<analysis::Finding>& findings,
                           const report::Walkthrough& walk) {
  report::Json j;
  j["summary"] = report::SummaryJson(a);
  j["findings"] = report::FindingsJson(findings, *a.tables);
  j["gc_cycles"] = report::GcCyclesJson(a);
  j["stw_pauses"] = report::StwJson(a);
  j["sched_latency"] = report::SchedLatencyJson(a);
  j["goroutines"] = report::GoroutinesJson(a);
  j["walkthrough"] = report::WalkthroughJson(walk, *a.tables);
  return j.dump(2, ' ', false, report::Json::error_handler_t::replace);
}

class V2ReportTest : public testing::TestWithParam<ManifestEntry> {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(V2ReportTest);

TEST_P(V2ReportTest, RendersInEveryFormatAndLanguage) {
  if (!CorpusPresent()) GTEST_SKIP() << "the shared corpus is absent (" << GoTestdataDir() << ")";
  const ManifestEntry& e = GetParam();
  auto input = LoadV2Input(e);
  ASSERT_TRUE(input.ok()) << input.status().message();
  auto source = OpenTraceBlob(FileBlob::FromBytes(input->bytes, e.RelativePath()));
  ASSERT_TRUE(source.ok()) << source.status().message();
  report::WalkthroughCollector collector(&(*source)->tables(), report::WalkthroughOptions{});
  auto analysis = analysis::BuildTraceAnalysis(source->get(), &collector);
  ASSERT_TRUE(analysis.ok()) << analysis.status().message();
  EXPECT_GT(analysis->model_events, 0u);
  EXPECT_FALSE(analysis->info.partial) << analysis->info.partial_reason;
  const std::vector<analysis::Finding> findings = analysis::RunDetectors(*analysis);
  auto walk = std::make_optional(collector.Finish());
  EXPECT_EQ(walk->total_events, analysis->model_events);
  EXPECT_FALSE(walk->episodes.empty());

  // JSON: parses back, and has what the summary and findings promise.
  const std::string json_text = ReportJsonText(*analysis, findings, *walk);
  const report::Json json = report::Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(json.is_discarded()) << "the JSON report does not parse";
  ASSERT_TRUE(json["findings"].is_array());
  EXPECT_EQ(json["findings"].size(), findings.size());
  std::set<std::string> ids;
  for (const auto& f : json["findings"]) ids.insert(f["id"].get<std::string>());
  std::string id_list;
  for (const std::string& id : ids) id_list += id + " ";
  RecordProperty("findings", id_list);

  std::string markdown_en;
  for (l10n::Language lang : {l10n::Language::kEnglish, l10n::Language::kRussian}) {
    auto catalog = l10n::Catalog::Load(lang);
    ASSERT_TRUE(catalog.ok());
    report::ReportInput in{e.RelativePath(), &*analysis, &findings, &*walk};
    for (report::ReportFormat format :
         {report::ReportFormat::kMarkdown, report::ReportFormat::kHtml}) {
      report::DocumentOptions o;
      o.format = format;
      auto text = report::RenderReport(in, *catalog, o);
      ASSERT_TRUE(text.ok()) << text.status().message();
      EXPECT_GT(text->size(), 1000u);
      for (const analysis::Finding& f : findings) {
        EXPECT_NE(text->find(catalog->FormatText(f.title, f.args).substr(0, 12)), std::string::npos)
            << f.id;
      }
      if (lang == l10n::Language::kEnglish && format == report::ReportFormat::kMarkdown) {
        markdown_en = *text;
      }
    }
    EXPECT_TRUE(catalog->Errors().empty()) << catalog->Errors().front();
  }

  // Traces known for one pattern.
  if (auto it = ExpectedFindings().find(e.RelativePath()); it != ExpectedFindings().end()) {
    EXPECT_TRUE(ids.count(it->second)) << "no " << it->second << " finding; findings: " << id_list;
    if (it->second == "syscall-handoff") {
      EXPECT_GT(e.Count("steal"), 0u) << "MANIFEST: no ProcSteal in a syscall-handoff trace";
      EXPECT_GT(e.Count("blockedSyscall"), 0u);
    }
    if (it->second == "gc-stw") {
      EXPECT_GT(e.Count("GC"), 100u) << "MANIFEST: not GC heavy";
    }
  }

  // Preemptions: the report's per-goroutine counts equal the model's
  // Running->Runnable "preempted" transitions, and a storm is reported only
  // when some goroutine was preempted after a full time slice often enough.
  if (e.Count("stop") > 100) {
    auto again = OpenTraceBlob(FileBlob::FromBytes(input->bytes, e.RelativePath()));
    ASSERT_TRUE(again.ok());
    ModelChecker checker(&(*again)->tables());
    ASSERT_TRUE((*again)->ReplayModel(&checker).ok());
    uint64_t in_json = 0;
    for (const auto& g : json["goroutines"]) in_json += g["preemptions"].get<uint64_t>();
    EXPECT_EQ(in_json, checker.preemptions()) << "goroutines[].preemptions in the JSON report";
    EXPECT_EQ(analysis->preemptions.size(), checker.preemptions());
    uint64_t most_sysmon = 0;
    for (const auto& [g, n] : checker.PreemptionsRanAtLeast(analysis::kSysmonTimeSlice)) {
      most_sysmon = std::max(most_sysmon, n);
    }
    RecordProperty("preempted", std::to_string(checker.preemptions()));
    RecordProperty("most_sysmon_preemptions_of_one_goroutine", std::to_string(most_sysmon));
    if (most_sysmon < kMinStorm) {
      EXPECT_FALSE(ids.count("preemption-storm"))
          << "storm reported, yet no goroutine has " << kMinStorm << " long-run preemptions";
    }
    if (ids.count("preemption-storm")) {
      EXPECT_GE(most_sysmon, kMinStorm);
      EXPECT_NE(markdown_en.find("preempted again and again"), std::string::npos);
    }
  }

  // Wall clock: Go 1.25+ traces carry one, older ones do not.
  const int64_t wall = (*source)->info().wall_clock_start_unix_ns;
  const int minor = HeaderGoMinor(e.header);
  ASSERT_GE(minor, 22) << e.header;
  if (minor >= 25) {
    EXPECT_GE(wall, kWallMin);
    EXPECT_LT(wall, kWallMax);
  } else {
    EXPECT_EQ(wall, 0);
  }
  if (wall != 0) {
    const std::string when = model::WallClockRfc3339(wall);
    EXPECT_EQ(json["summary"].value("wall_clock_start", ""), when);
    // The Markdown shows it as "2025-10-07 14:03:21".
    std::string shown = when;
    shown[10] = ' ';
    shown.pop_back();
    EXPECT_NE(markdown_en.find(shown), std::string::npos) << shown;
  } else {
    EXPECT_FALSE(json["summary"].contains("wall_clock_start"));
  }
}

std::string Name(const testing::TestParamInfo<ManifestEntry>& info) {
  return V2TestName(info.param);
}

INSTANTIATE_TEST_SUITE_P(
    Manifest, V2ReportTest,
    testing::ValuesIn(V2EntriesWith({Expectation::kGood, Expectation::kTextSuccess})), Name);

// The pattern traces are in the corpus under these names.
TEST(V2ReportCorpusTest, PatternTracesAreListed) {
  if (!CorpusPresent()) GTEST_SKIP() << "the shared corpus is absent (" << GoTestdataDir() << ")";
  for (const auto& [path, id] : ExpectedFindings()) {
    bool found = false;
    for (const ManifestEntry& e : V2EntriesWith({Expectation::kGood})) {
      found = found || e.RelativePath() == path;
    }
    EXPECT_TRUE(found) << path << " (for " << id << ") is not a good v2 row of the MANIFEST";
  }
}

}  // namespace
}  // namespace tracenote::conformance
