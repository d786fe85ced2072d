// Every good v1 trace of the shared corpus gets a complete report: the
// analysis, the detectors, the walk-through and the Markdown, HTML and JSON
// renderings in both languages, with no catalog errors.
#include <gtest/gtest.h>

#include <optional>

#include "analysis/detectors/finding.h"
#include "analysis/trace_analysis.h"
#include "base/file_blob.h"
#include "conformance/v1_corpus.h"
#include "ingest/open_trace.h"
#include "l10n/catalog.h"
#include "report/findings_json.h"
#include "report/report_document.h"
#include "report/walkthrough.h"

namespace tracenote::conformance {
namespace {

class V1ReportTest : public testing::TestWithParam<ManifestEntry> {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(V1ReportTest);

TEST_P(V1ReportTest, RendersInEveryFormatAndLanguage) {
  if (!CorpusPresent()) GTEST_SKIP() << "the shared corpus is absent (" << GoTestdataDir() << ")";
  const ManifestEntry& e = GetParam();
  auto bytes = ReadEntryBytes(e);
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  auto source = OpenTraceBlob(FileBlob::FromBytes(std::move(*bytes), e.RelativePath()));
  ASSERT_TRUE(source.ok()) << source.status().message();
  report::WalkthroughCollector collector(&(*source)->tables(), report::WalkthroughOptions{});
  auto analysis = analysis::BuildTraceAnalysis(source->get(), &collector);
  ASSERT_TRUE(analysis.ok()) << analysis.status().message();
  EXPECT_GT(analysis->model_events, 0u);
  const std::vector<analysis::Finding> findings = analysis::RunDetectors(*analysis);
  auto walk = std::make_optional(collector.Finish());
  EXPECT_EQ(walk->total_events, analysis->model_events);
  EXPECT_FALSE(walk->episodes.empty());
  EXPECT_LE(walk->listed_events, report::WalkthroughOptions{}.max_rows);

  report::Json json = report::FindingsJson(findings, *analysis->tables);
  EXPECT_EQ(json.size(), findings.size());
  for (l10n::Language lang : {l10n::Language::kEnglish, l10n::Language::kRussian}) {
    auto catalog = l10n::Catalog::Load(lang);
    ASSERT_TRUE(catalog.ok());
    report::ReportInput input{e.RelativePath(), &*analysis, &findings, &*walk};
    for (report::ReportFormat format :
         {report::ReportFormat::kMarkdown, report::ReportFormat::kHtml}) {
      report::DocumentOptions o;
      o.format = format;
      auto text = report::RenderReport(input, *catalog, o);
      ASSERT_TRUE(text.ok()) << text.status().message();
      EXPECT_GT(text->size(), 1000u);
      // Every finding's headline made it into the report.
      for (const analysis::Finding& f : findings) {
        EXPECT_NE(text->find(catalog->FormatText(f.title, f.args).substr(0, 12)), std::string::npos)
            << f.id;
      }
    }
    EXPECT_TRUE(catalog->Errors().empty()) << catalog->Errors().front();
  }
}

std::string Name(const testing::TestParamInfo<ManifestEntry>& info) {
  return TestNameFor(info.param);
}

INSTANTIATE_TEST_SUITE_P(Manifest, V1ReportTest,
                         testing::ValuesIn(V1EntriesWith({Expectation::kGood})), Name);

}  // namespace
}  // namespace tracenote::conformance
