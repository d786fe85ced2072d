// PlanSite, dates, titles and the writer's refusals: the parts of
// `tracenote site` that decide what is read and where it is written.
#include "site/site_model.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "site/report_source.h"
#include "site/site_writer.h"

namespace tracenote::site {
namespace {

namespace fs = std::filesystem;

batch::BatchRecord Ok(const std::string& input, const std::string& slug,
                      const std::string& date = "") {
  batch::BatchRecord r;
  r.input = input;
  r.status = "ok";
  r.kind = "trace";
  r.slug = slug;
  r.date = date;
  r.reports["en"].md = "reports/" + slug + "/report.en.md";
  r.reports["ru"].md = "reports/" + slug + "/report.ru.md";
  r.results_folder = "results";
  return r;
}

std::vector<std::string> Inputs(const SitePlan& plan) {
  std::vector<std::string> out;
  for (const Post& p : plan.posts) out.push_back(p.input);
  return out;
}

TEST(SiteModelTest, Rfc3339SecondsHonoursTheOffset) {
  EXPECT_EQ(Rfc3339Seconds("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(Rfc3339Seconds("2021-08-10T12:15:17Z"), 1628597717);
  EXPECT_EQ(Rfc3339Seconds("2021-08-10T15:15:17.999+03:00"), 1628597717);
  EXPECT_EQ(Rfc3339Seconds("2021-08-10T09:15:17-03:00"), 1628597717);
  EXPECT_EQ(Rfc3339Seconds("2021-08-10 12:15:17"), std::nullopt);
  EXPECT_EQ(Rfc3339Seconds(""), std::nullopt);
}

TEST(SiteModelTest, PostsNewestFirstThenUndatedByInput) {
  std::vector<batch::BatchRecord> records = {
      Ok("b.trace", "b", ""),
      Ok("old.trace", "old", "2020-01-01T00:00:00Z"),
      // Later than "new-utc" in local digits, earlier as an instant.
      Ok("east.trace", "east", "2024-05-01T12:00:00+05:00"),
      Ok("new-utc.trace", "new-utc", "2024-05-01T08:00:00Z"),
      Ok("a.trace", "a", "not a date"),
  };
  SitePlan plan = PlanSite(records);
  EXPECT_EQ(Inputs(plan), (std::vector<std::string>{"new-utc.trace", "east.trace", "old.trace",
                                                    "a.trace", "b.trace"}));
  EXPECT_EQ(plan.posts[3].date, "");  // an invalid date counts as none
}

TEST(SiteModelTest, ErrorRowsAndUnsafeRecordsBecomeFailedInputs) {
  batch::BatchRecord error;
  error.input = "broken.trace";
  error.status = "error";
  error.error_stage = "decode";
  error.error_message = "broken.trace: truncated batch at offset 12";
  batch::BatchRecord passwd = Ok("evil.trace", "evil");
  passwd.reports["en"].md = "../../etc/passwd";
  batch::BatchRecord bad_slug = Ok("slug.trace", "x/../../y");
  batch::BatchRecord absolute = Ok("abs.trace", "abs");
  absolute.reports["ru"].md = "/etc/passwd";

  SitePlan plan = PlanSite({Ok("good.trace", "good"), error, passwd, bad_slug, absolute});
  EXPECT_EQ(Inputs(plan), std::vector<std::string>{"good.trace"});
  ASSERT_EQ(plan.failed.size(), 4u);
  EXPECT_EQ(plan.failed[0].input, "abs.trace");
  EXPECT_EQ(plan.failed[0].stage, "unsafe");
  EXPECT_EQ(plan.failed[1].input, "broken.trace");
  EXPECT_EQ(plan.failed[1].stage, "decode");
  EXPECT_EQ(plan.failed[1].message, error.error_message);
  EXPECT_EQ(plan.failed[2].input, "evil.trace");
  EXPECT_EQ(plan.failed[2].stage, "unsafe");
  EXPECT_EQ(plan.failed[3].input, "slug.trace");
}

TEST(SiteModelTest, ClashingSlugsAndHostileTagsAreMadeSafe) {
  batch::BatchRecord a = Ok("a.trace", "same");
  batch::BatchRecord b = Ok("b.trace", "same");
  b.findings = {{"gc-stw", "warning", {}, "{}"},
                {"../../x", "critical", {}, "{}"},
                {"<script>", "info", {}, "{}"},
                {"gc-stw", "warning", {}, "{}"}};
  // The order the records come in does not matter.
  SitePlan plan = PlanSite({b, a});
  ASSERT_EQ(plan.posts.size(), 2u);
  EXPECT_EQ(plan.posts[0].slug, "same");
  EXPECT_EQ(plan.posts[1].slug, "same-2");
  ASSERT_EQ(plan.posts[1].findings.size(), 1u);
  EXPECT_EQ(plan.posts[1].findings[0].id, "gc-stw");
}

TEST(SiteModelTest, SafeNames) {
  EXPECT_TRUE(IsSafeName("spin-0123456789ab"));
  EXPECT_TRUE(IsSafeName("report.en.timeline.svg"));
  for (const char* bad : {"", ".", "..", ".hidden", "a/b", "a b", "a%2f", "a\\b", "<x>"}) {
    EXPECT_FALSE(IsSafeName(bad)) << bad;
  }
}

TEST(ReportSourceTest, StripTitleDropsFrontMatterAndTheOnlyH1) {
  EXPECT_EQ(StripTitle("# Go execution trace: x\n\nBody\n\n## Findings\n"),
            "Body\n\n## Findings\n");
  EXPECT_EQ(StripTitle("+++\ntitle = \"t\"\n+++\n# T\n\nBody\n"), "Body\n");
  EXPECT_EQ(StripTitle("---\ntitle: t\n---\n\n# T\nBody\n"), "Body\n");
  EXPECT_EQ(StripTitle("Body without a title\n"), "Body without a title\n");
}

TEST(ReportSourceTest, RefusesPathsOutsideTheResultsFolder) {
  for (const char* path : {"../../etc/passwd", "/etc/passwd", "reports/../../x.md", "x.txt"}) {
    EXPECT_FALSE(ReadReportSource(".", path).ok()) << path;
  }
}

TEST(SiteWriterTest, WritesOnlyInsideItsFolder) {
  const fs::path root = fs::path(testing::TempDir()) / "site_writer_test";
  fs::remove_all(root);
  SiteWriter writer((root / "site").string());
  EXPECT_TRUE(writer.Write("en/posts/x/index.html", "page").ok());
  std::ifstream in(root / "site/en/posts/x/index.html");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "page");
  EXPECT_FALSE(fs::exists(root / "site/en/posts/x/index.html.tmp"));
  for (const char* bad : {"../escape.html", "/escape.html", "en/../../escape.html", ""}) {
    EXPECT_FALSE(writer.Write(bad, "x").ok()) << bad;
  }
  EXPECT_FALSE(fs::exists(root / "escape.html"));
  // A link planted inside the output is not followed.
  fs::create_directories(root / "elsewhere");
  fs::create_directory_symlink(root / "elsewhere", root / "site/ru");
  EXPECT_FALSE(writer.Write("ru/index.html", "x").ok());
  EXPECT_FALSE(fs::exists(root / "elsewhere/index.html"));
  fs::remove_all(root);
}

}  // namespace
}  // namespace tracenote::site
