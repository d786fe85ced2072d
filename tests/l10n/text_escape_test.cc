#include "l10n/text_escape.h"

#include <gtest/gtest.h>

namespace tracenote::l10n {
namespace {

TEST(SanitizeTextTest, ReplacesInvalidUtf8) {
  EXPECT_EQ(SanitizeText("ok \xFF end"), "ok \uFFFD end");
  EXPECT_EQ(SanitizeText("\xC0\xAF"), "\uFFFD\uFFFD");            // overlong "/"
  EXPECT_EQ(SanitizeText("\xED\xA0\x80"), "\uFFFD\uFFFD\uFFFD");  // a surrogate
  EXPECT_EQ(SanitizeText("cut \xD0"), "cut \uFFFD");
  EXPECT_EQ(SanitizeText("горутина µs 🙂"), "горутина µs 🙂");
}

TEST(SanitizeTextTest, ShowsControlCharactersAsEscapes) {
  EXPECT_EQ(SanitizeText(std::string_view("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(SanitizeText("\x1b[31mred"), "\\x1b[31mred");
  EXPECT_EQ(SanitizeText("del\x7f"), "del\\x7f");
  EXPECT_EQ(SanitizeText("c1\u0085"), "c1\\u0085");
  EXPECT_EQ(SanitizeText("evil\u202Etxt.exe"), "evil\\u202etxt.exe");
  EXPECT_EQ(SanitizeText("tab\tkept"), "tab\tkept");
}

TEST(SanitizeTextTest, LineBreaks) {
  EXPECT_EQ(SanitizeText("a\r\nb\rc\nd"), "a\nb\nc\nd");
  EXPECT_EQ(SanitizeText("a\r\nb\rc\nd", LineBreaks::kToSpace), "a b c d");
}

TEST(EscapeMarkdownTest, PlainTextIsUnchanged) {
  EXPECT_EQ(EscapeMarkdown("runtime.gcBgMarkWorker"), "runtime.gcBgMarkWorker");
  EXPECT_EQ(EscapeMarkdown("горутина вытеснена через 10 мс"), "горутина вытеснена через 10 мс");
  EXPECT_EQ(EscapeMarkdown("GC (fractional)"), "GC (fractional)");
}

TEST(EscapeMarkdownTest, HostileStrings) {
  EXPECT_EQ(EscapeMarkdown("<script>alert(1)</script>"), "\\<script>alert(1)\\</script>");
  EXPECT_EQ(EscapeMarkdown("*bold* _it_ ~~s~~"), "\\*bold\\* \\_it\\_ \\~\\~s\\~\\~");
  EXPECT_EQ(EscapeMarkdown("[x](javascript:alert(1))"), "\\[x\\](javascript:alert(1))");
  EXPECT_EQ(EscapeMarkdown("a `code` b"), "a \\`code\\` b");
  EXPECT_EQ(EscapeMarkdown("a | b"), "a \\| b");
  EXPECT_EQ(EscapeMarkdown("x\n# heading"), "x \\# heading");
  EXPECT_EQ(EscapeMarkdown("back\\slash"), "back\\\\slash");
  EXPECT_EQ(EscapeMarkdown("&amp; &#60;"), "\\&amp; \\&\\#60;");
  EXPECT_EQ(EscapeMarkdown("![img](x)"), "!\\[img\\](x)");
}

TEST(EscapeMarkdownTest, BlockStartsAreEscapedAtTheStart) {
  EXPECT_EQ(EscapeMarkdown("# title"), "\\# title");
  EXPECT_EQ(EscapeMarkdown("> quote"), "\\> quote");
  EXPECT_EQ(EscapeMarkdown("- item"), "\\- item");
  EXPECT_EQ(EscapeMarkdown("+ item"), "\\+ item");
  EXPECT_EQ(EscapeMarkdown("==="), "\\===");
  EXPECT_EQ(EscapeMarkdown("---"), "\\---");
  EXPECT_EQ(EscapeMarkdown("1. first"), "1\\. first");
  EXPECT_EQ(EscapeMarkdown("12) x"), "12\\) x");
  EXPECT_EQ(EscapeMarkdown("    indented code"), "indented code");
  EXPECT_EQ(EscapeMarkdown("hard break  "), "hard break");
  EXPECT_EQ(EscapeMarkdown("a -> b - c 1. d"), "a -> b - c 1. d");
  EXPECT_EQ(EscapeMarkdown("1.19"), "1\\.19");
  EXPECT_EQ(EscapeMarkdown("   "), "");
}

TEST(MarkdownCodeTest, FenceIsLongerThanAnyRunInside) {
  EXPECT_EQ(MarkdownCode("main.main"), "`main.main`");
  EXPECT_EQ(MarkdownCode("a`b"), "``a`b``");
  EXPECT_EQ(MarkdownCode("a``b```c"), "````a``b```c````");
  EXPECT_EQ(MarkdownCode("`x`"), "`` `x` ``");
  EXPECT_EQ(MarkdownCode(" padded "), "`  padded  `");
  EXPECT_EQ(MarkdownCode(" "), "` `");
  EXPECT_EQ(MarkdownCode(""), "");
}

TEST(MarkdownCodeTest, LineBreaksAndPipes) {
  EXPECT_EQ(MarkdownCode("a\nb"), "`a b`");
  EXPECT_EQ(MarkdownCode("a|b"), "`a|b`");
  EXPECT_EQ(MarkdownCode("a|b", MarkdownContext::kTableCell), "`a\\|b`");
  EXPECT_EQ(MarkdownCode("<script>"), "`<script>`");
}

TEST(MarkdownCodeBlockTest, Fences) {
  EXPECT_EQ(MarkdownCodeBlock("1: GoCreate\n2: GoStart", "text"),
            "```text\n1: GoCreate\n2: GoStart\n```\n");
  EXPECT_EQ(MarkdownCodeBlock("x\n```\ny\n"), "````\nx\n```\ny\n````\n");
  EXPECT_EQ(MarkdownCodeBlock("x", "go`\nevil"), "```go evil\nx\n```\n");
  EXPECT_EQ(MarkdownCodeBlock(""), "```\n```\n");
}

TEST(EscapeHtmlTest, Escapes) {
  EXPECT_EQ(EscapeHtml("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(EscapeHtml("bad \xFF"), "bad \uFFFD");
}

}  // namespace
}  // namespace tracenote::l10n
