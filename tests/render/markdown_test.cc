#include "render/markdown.h"

#include <gtest/gtest.h>

#include "l10n/text_escape.h"

namespace tracenote::render {
namespace {

using l10n::EscapeMarkdown;
using l10n::MarkdownCode;
using l10n::MarkdownContext;

bool Contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

TEST(MarkdownToGfmTest, TableRoundTrip) {
  const std::string table =
      "| Goroutine | Start function | Exec |\n"
      "| --- | --- | --: |\n"
      "| 1 | `runtime.main` | 208μs |\n"
      "| 7 | `main.main.func1` | 3.04s |\n";
  EXPECT_EQ(MarkdownToGfm(table), table);
  EXPECT_EQ(MarkdownToGfm("|a|b|\n|-|:-:|\n|1|2|"), "| a | b |\n| --- | :-: |\n| 1 | 2 |\n");
}

TEST(MarkdownToGfmTest, Normalizes) {
  EXPECT_EQ(MarkdownToGfm("Title\n=====\n\n\n\n* one\n* two\n"), "# Title\n\n  - one\n  - two\n");
}

TEST(MarkdownToGfmTest, DropsRawHtmlAndDangerousLinks) {
  EXPECT_EQ(MarkdownToGfm("a <b>x</b> c\n\n<div>\nblock\n</div>\n"), "a x c\n");
  EXPECT_EQ(MarkdownToGfm("[y](javascript:alert(1)) [ok](https://go.dev)"),
            "[y]() [ok](https://go.dev)\n");
  EXPECT_EQ(MarkdownToGfm("<JavaScript:alert(1)>"), "[JavaScript:alert(1)]()\n");
}

// Hostile strings from a trace, put through the escaping in every inline
// position the report uses, then rendered to HTML.
TEST(HostileTextTest, StaysTextInGfmAndHtml) {
  const std::vector<std::string> hostile = {
      "<script>alert(1)</script>",
      "*bold* __strong__ ~~gone~~",
      "[x](javascript:alert(1))",
      "![img](javascript:alert(1))",
      "a `code` b ``` c",
      "cell | break | table",
      "line\n# heading\n\n- list",
      "<img src=x onerror=alert(1)>",
      "&lt;script&gt; &#x6A;avascript:",
      "trailing backslash \\",
  };
  std::string md = "# " + EscapeMarkdown(hostile[0]) + "\n\n";
  md += "| text | code |\n| --- | --- |\n";
  for (const std::string& h : hostile) {
    md += "| " + EscapeMarkdown(h) + " | " + MarkdownCode(h, MarkdownContext::kTableCell) + " |\n";
  }
  md += "\n";
  for (const std::string& h : hostile) {
    md += "- " + EscapeMarkdown(h) + " " + MarkdownCode(h) + "\n";
  }
  md += "\nParagraph " + EscapeMarkdown(hostile[2]) + " end.\n";

  std::string gfm = MarkdownToGfm(md);
  // Every row survived: the table has all its rows and two cells each.
  EXPECT_EQ(MarkdownToGfm(gfm), gfm);

  StatusOr<std::string> page = MarkdownToHtmlPage(md, {"<script>x</script>", {}, "test"});
  ASSERT_TRUE(page.ok());
  const std::string& html = *page;
  EXPECT_FALSE(Contains(html, "<script")) << html;
  EXPECT_FALSE(Contains(html, "<img")) << html;
  EXPECT_FALSE(Contains(html, "href=\"javascript")) << html;
  EXPECT_FALSE(Contains(html, "<strong>")) << html;
  EXPECT_FALSE(Contains(html, "<em>")) << html;
  EXPECT_FALSE(Contains(html, "<del>")) << html;
  EXPECT_FALSE(Contains(html, "<a ")) << html;
  // The text is there, visible and escaped.
  EXPECT_TRUE(Contains(html, "<title>&lt;script&gt;x&lt;/script&gt;</title>"));
  EXPECT_TRUE(Contains(html, "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
  EXPECT_TRUE(Contains(html, "<td>cell | break | table</td>"));
  EXPECT_TRUE(Contains(html, "<td><code>cell | break | table</code></td>"));
  EXPECT_TRUE(Contains(html, "<td>line # heading  - list</td>"));
  EXPECT_TRUE(Contains(html, "<code>a `code` b ``` c</code>"));
  EXPECT_TRUE(Contains(html, "<p>Paragraph [x](javascript:alert(1)) end.</p>"));
  EXPECT_TRUE(Contains(
      html, "<li>*bold* __strong__ ~~gone~~ <code>*bold* __strong__ ~~gone~~</code></li>"));
  EXPECT_TRUE(Contains(html, "&amp;lt;script&amp;gt; &amp;#x6A;avascript:"));
  // One table row per hostile string, plus the header row.
  size_t rows = 0;
  for (size_t at = html.find("<tr>"); at != std::string::npos; at = html.find("<tr>", at + 1)) {
    ++rows;
  }
  EXPECT_EQ(rows, hostile.size() + 1);
}

TEST(HtmlPageTest, SelfContainedPage) {
  StatusOr<std::string> page = MarkdownToHtmlPage(
      "# Report\n\ntext\n", {"Go trace: a & b", l10n::Language::kRussian, "tracenote 0.1.0"});
  ASSERT_TRUE(page.ok()) << page.status().message();
  const std::string& html = *page;
  EXPECT_EQ(html.substr(0, 16), "<!doctype html>\n");
  EXPECT_TRUE(Contains(html, "<html lang=\"ru\">"));
  EXPECT_TRUE(Contains(html, "<meta charset=\"utf-8\">"));
  EXPECT_TRUE(
      Contains(html, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
  EXPECT_TRUE(Contains(html, "<meta name=\"generator\" content=\"tracenote 0.1.0\">"));
  EXPECT_TRUE(Contains(html, "<title>Go trace: a &amp; b</title>"));
  EXPECT_TRUE(Contains(html, "<h1>Report</h1>\n<p>text</p>"));
  EXPECT_TRUE(Contains(html, "prefers-color-scheme: dark"));
  EXPECT_TRUE(Contains(html, "overflow-x: auto"));
  EXPECT_FALSE(Contains(html, "<script"));
  EXPECT_FALSE(Contains(html, "http://"));
  EXPECT_FALSE(Contains(html, "https://"));
  EXPECT_FALSE(Contains(html, "@import"));
  EXPECT_FALSE(Contains(html, "url("));
}

}  // namespace
}  // namespace tracenote::render
