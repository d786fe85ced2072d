// The report layout (templates/report.md.mustache) filled the way the report
// builder will fill it: catalog messages, escaped values, TableData.
#include <gtest/gtest.h>

#include "l10n/catalog.h"
#include "l10n/text_escape.h"
#include "l10n/units.h"
#include "render/markdown.h"
#include "render/table_data.h"
#include "render/template.h"

namespace tracenote::render {
namespace {

namespace mustache = kainjow::mustache;
using l10n::Catalog;
using l10n::Language;

// A small report: one finding, one walk-through episode, both tables.
mustache::data SampleReport(const Catalog& c, bool with_findings) {
  Language lang = c.language();
  mustache::data d;
  d.set("title", c.FormatText("report.title", {{"file", std::string("spin.trace")}}));
  d.set("summary", c.Format("report.summary", {{"go_version", std::string("1.19")},
                                               {"duration", l10n::Duration{3'077'317'764}},
                                               {"gomaxprocs", int64_t{1}},
                                               {"goroutines", int64_t{8}},
                                               {"threads", int64_t{2}},
                                               {"gc_cycles", int64_t{1}}}));
  d.set("partial", c.Format("report.partial", {{"reason", std::string("cut at 0x4e1f")}}));

  mustache::data findings;
  findings.set("heading", c.FormatText("report.section.findings"));
  findings.set("none", c.FormatText("report.no_findings"));
  mustache::data items(mustache::data::type::list);
  if (with_findings) {
    mustache::data f;
    f.set("headline", "G7 " + l10n::MarkdownCode("main.main.func1"));
    f.set("severity", c.FormatText("common.severity.warning"));
    f.set("explanation", c.Format("common.goroutines", {{"n", int64_t{5}}}));
    mustache::data evidence(mustache::data::type::list);
    mustache::data e;
    e.set("md", c.Format("findings.evidence.at_time", {{"time", l10n::Duration{10'411'582}}}));
    evidence.push_back(e);
    f.set("evidence", evidence);
    items.push_back(f);
  }
  findings.set("items", items);
  d.set("findings", findings);

  mustache::data walkthrough;
  walkthrough.set("heading", c.FormatText("report.section.walkthrough"));
  mustache::data episodes(mustache::data::type::list);
  mustache::data episode;
  episode.set("comment", c.Format("walkthrough.skipped", {{"n", int64_t{3}}}));
  episode.set("events",
              l10n::MarkdownCodeBlock(
                  "14: 0.000073068 P0 GoStart G7\n15: 0.010411582 P0 GoPreempt G7", "text"));
  episodes.push_back(episode);
  walkthrough.set("episodes", episodes);
  d.set("walkthrough", walkthrough);

  TableData goroutines;
  goroutines.AddColumn(c.FormatText("report.column.goroutine"), true);
  goroutines.AddColumn(c.FormatText("report.column.start_function"));
  goroutines.AddColumn(c.FormatText("report.column.exec"), true);
  goroutines.AddRow();
  goroutines.AddText("7");
  goroutines.AddCode("main.main.func1");
  goroutines.AddText(l10n::FormatDuration(3'039'109'404, lang));
  mustache::data g;
  g.set("heading", c.FormatText("report.section.goroutines"));
  g.set("table", goroutines.Build());
  d.set("goroutines", g);

  mustache::data dq;
  dq.set("heading", c.FormatText("report.section.data_quality"));
  dq.set("none", c.FormatText("report.data_quality.none"));
  dq.set("items", mustache::data(mustache::data::type::list));
  d.set("data_quality", dq);
  return d;
}

std::string Render(Language lang, bool with_findings) {
  StatusOr<Catalog> c = Catalog::Load(lang);
  EXPECT_TRUE(c.ok());
  StatusOr<std::string> md = RenderTemplate("report.md.mustache", SampleReport(*c, with_findings));
  EXPECT_TRUE(md.ok()) << md.status().message();
  EXPECT_TRUE(c->Errors().empty());
  return MarkdownToGfm(*md);
}

TEST(ReportTemplateTest, EnglishLayout) {
  EXPECT_EQ(Render(Language::kEnglish, true),
            "# Go execution trace: spin.trace\n"
            "\n"
            "The trace is in the Go 1.19 format and covers 3.08s. GOMAXPROCS is 1; the program ran "
            "8 goroutines on 2 threads (M), and the garbage collector ran 1 cycle.\n"
            "\n"
            "> The trace is partial: cut at 0x4e1f. Everything before that point is analysed; what "
            "came after it is not in the trace.\n"
            "\n"
            "## Findings\n"
            "\n"
            "### G7 `main.main.func1`\n"
            "\n"
            "**Warning.** 5 goroutines\n"
            "\n"
            "  - at 10.4ms\n"
            "\n"
            "## Walk-through\n"
            "\n"
            "3 similar events skipped\n"
            "\n"
            "``` text\n"
            "14: 0.000073068 P0 GoStart G7\n"
            "15: 0.010411582 P0 GoPreempt G7\n"
            "```\n"
            "\n"
            "## Goroutine analysis\n"
            "\n"
            "| Goroutine | Start function | Execution |\n"
            "| --: | --- | --: |\n"
            "| 7 | `main.main.func1` | 3.04s |\n"
            "\n"
            "## Data quality\n"
            "\n"
            "The trace was read without any problems.\n");
}

TEST(ReportTemplateTest, RussianWithoutFindings) {
  std::string md = Render(Language::kRussian, false);
  EXPECT_NE(md.find("## Что найдено\n\nНичего, что стоило бы разобрать подробнее, не нашлось.\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("было 8 горутин на 2 потоках (M)"), std::string::npos);
  EXPECT_NE(md.find("| 7 | `main.main.func1` | 3,04 с |"), std::string::npos);
  EXPECT_NE(md.find("пропущено 3 однотипных события"), std::string::npos);
  // Sections in order.
  size_t findings = md.find("## Что найдено");
  size_t walk = md.find("## Разбор по событиям");
  size_t goroutines = md.find("## Анализ горутин");
  size_t quality = md.find("## Качество данных");
  EXPECT_LT(findings, walk);
  EXPECT_LT(walk, goroutines);
  EXPECT_LT(goroutines, quality);
  EXPECT_EQ(md.find("## Циклы сборки мусора"), std::string::npos);  // gc_cycles absent
}

TEST(ReportTemplateTest, HtmlPageOfTheReport) {
  StatusOr<std::string> page =
      MarkdownToHtmlPage(Render(Language::kRussian, true), {"Трейс", Language::kRussian, "tn"});
  ASSERT_TRUE(page.ok());
  EXPECT_NE(page->find("<h2>Анализ горутин</h2>"), std::string::npos);
  EXPECT_NE(page->find("<td style=\"text-align: right\">3,04 с</td>"), std::string::npos) << *page;
}

}  // namespace
}  // namespace tracenote::render
