#include "render/template.h"

#include <gtest/gtest.h>

#include "render/table_data.h"

namespace tracenote::render {
namespace {

namespace mustache = kainjow::mustache;

mustache::data Value(const std::string& v) {
  mustache::data d;
  d.set("v", v);
  return d;
}

TEST(TemplateTest, MissingTemplateIsNotFound) {
  StatusOr<std::string> r = RenderTemplate("no_such.md.mustache", mustache::data());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(), "render: no template templates/no_such.md.mustache");
}

TEST(TemplateTest, UnknownSuffixHasNoDefaultEscaping) {
  StatusOr<std::string> r = RenderTemplateText("x.txt", "{{v}}", Value("a"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST(TemplateTest, ParseErrorIsAStatus) {
  StatusOr<std::string> r = RenderTemplateText("x.md.mustache", "{{#open}}never closed", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message().substr(0, 33), "render: template x.md.mustache: U");
}

TEST(TemplateTest, MarkdownTemplatesEscapeForMarkdown) {
  StatusOr<std::string> r =
      RenderTemplateText("x.md.mustache", "- {{v}} / {{{v}}}", Value("*b* <i>|"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "- \\*b\\* \\<i>\\| / *b* <i>|");
}

TEST(TemplateTest, HtmlTemplatesEscapeForHtml) {
  StatusOr<std::string> r =
      RenderTemplateText("x.html.mustache", "<p title=\"{{v}}\">{{v}}</p>", Value("\"<&>'"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "<p title=\"&quot;&lt;&amp;&gt;&#39;\">&quot;&lt;&amp;&gt;&#39;</p>");
}

TEST(TemplateTest, PartialsComeFromEmbeddedTemplates) {
  TableData t;
  t.AddColumn("Name");
  t.AddColumn("Time", /*numeric=*/true);
  t.AddRow();
  t.AddCode("main.(*T).run|x");
  t.AddText("1.5s");
  t.AddRow();
  t.AddText("short row");
  mustache::data d;
  d.set("table", t.Build());
  StatusOr<std::string> r =
      RenderTemplateText("x.md.mustache", "{{#table}}{{> table}}{{/table}}", d);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r,
            "| Name | Time |\n"
            "| --- | ---: |\n"
            "| `main.(*T).run\\|x` | 1\\.5s |\n"
            "| short row |  |\n");
}

TEST(TemplateTest, MissingPartialIsAnError) {
  StatusOr<std::string> r = RenderTemplateText("x.md.mustache", "a {{> nope}} b", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(),
            "render: template x.md.mustache: no partial templates/nope.md.mustache");
}

TEST(TemplateTest, MissingValuesRenderAsNothing) {
  StatusOr<std::string> r = RenderTemplateText("x.md.mustache", "[{{nothing}}]", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "[]");
}

}  // namespace
}  // namespace tracenote::render
