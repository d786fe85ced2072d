#include "render/front_matter.h"

#include <gtest/gtest.h>

namespace tracenote::render {
namespace {

FrontMatterInfo Hostile() {
  FrontMatterInfo info;
  info.title = "Trace \"spin\": 10 ms\\preempt\n# not a comment\t+++ --- 'q' \u2028end";
  info.date = "2021-08-10T12:15:17+03:00";
  info.tags = {"go", "trace: \"runtime\""};
  info.draft = true;
  return info;
}

TEST(FrontMatterTest, HugoToml) {
  EXPECT_EQ(FrontMatter(FrontMatterKind::kHugo, Hostile()),
            "+++\n"
            "title = \"Trace \\\"spin\\\": 10 ms\\\\preempt\\n# not a comment\\t+++ --- 'q' "
            "\u2028end\"\n"
            "date = 2021-08-10T12:15:17+03:00\n"
            "tags = [\"go\", \"trace: \\\"runtime\\\"\"]\n"
            "draft = true\n"
            "+++\n");
}

TEST(FrontMatterTest, JekyllYaml) {
  EXPECT_EQ(FrontMatter(FrontMatterKind::kJekyll, Hostile()),
            "---\n"
            "title: \"Trace \\\"spin\\\": 10 ms\\\\preempt\\n# not a comment\\t+++ --- 'q' "
            "\\u2028end\"\n"
            "date: 2021-08-10T12:15:17+03:00\n"
            "tags: [\"go\", \"trace: \\\"runtime\\\"\"]\n"
            "draft: true\n"
            "---\n");
}

TEST(FrontMatterTest, ControlCharactersAndBadDates) {
  FrontMatterInfo info;
  info.title = "a\x1b[0m\xFF";
  info.date = "yesterday";
  EXPECT_EQ(FrontMatter(FrontMatterKind::kHugo, info),
            "+++\ntitle = \"a\\\\x1b[0m\uFFFD\"\ndraft = false\n+++\n");
  EXPECT_EQ(FrontMatter(FrontMatterKind::kNone, info), "");
}

TEST(FrontMatterTest, Rfc3339) {
  EXPECT_TRUE(IsRfc3339("2021-08-10T12:15:17+03:00"));
  EXPECT_TRUE(IsRfc3339("2021-08-10T12:15:17Z"));
  EXPECT_TRUE(IsRfc3339("2021-08-10T12:15:17.125-07:30"));
  EXPECT_FALSE(IsRfc3339("2021-08-10 12:15:17Z"));
  EXPECT_FALSE(IsRfc3339("2021-08-10T12:15:17"));
  EXPECT_FALSE(IsRfc3339("2021-13-10T12:15:17Z"));
  EXPECT_FALSE(IsRfc3339("2021-08-10T24:15:17Z"));
  EXPECT_FALSE(IsRfc3339("2021-08-10T12:15:17.Z"));
  EXPECT_FALSE(IsRfc3339("2021-08-10T12:15:17+3:00"));
  EXPECT_FALSE(IsRfc3339("2021-08-10T12:15:17Z\n"));
  EXPECT_FALSE(IsRfc3339(""));
}

TEST(FrontMatterTest, ParseKind) {
  EXPECT_EQ(ParseFrontMatterKind("hugo"), FrontMatterKind::kHugo);
  EXPECT_EQ(ParseFrontMatterKind("jekyll"), FrontMatterKind::kJekyll);
  EXPECT_EQ(ParseFrontMatterKind("none"), FrontMatterKind::kNone);
  EXPECT_EQ(ParseFrontMatterKind("HUGO"), std::nullopt);
}

}  // namespace
}  // namespace tracenote::render
