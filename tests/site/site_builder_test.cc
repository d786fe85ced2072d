// Whole sites built in memory from a hand-made results folder: ok, partial
// and error rows, a hostile input name and headline, a record naming
// ../../etc/passwd; both languages, every local link resolving, and golden
// pages (tests/site/golden/, UPDATE_GOLDEN=1 rewrites them).
#include "site/site_builder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

#include "l10n/catalog.h"

namespace tracenote::site {
namespace {

namespace fs = std::filesystem;

// Collects the site in memory.
class MemorySink : public SiteSink {
 public:
  Status Write(const std::string& rel_path, std::string_view bytes) override {
    if (!batch::SafeRelativePath(rel_path)) return InvalidArgumentError(rel_path);
    files[rel_path] = std::string(bytes);
    return Status::Ok();
  }
  Status Copy(const std::string& rel_path, const std::string& source) override {
    auto bytes = ReadWholeFile(source);
    if (!bytes.ok()) return bytes.status();
    return Write(rel_path, *bytes);
  }
  std::map<std::string, std::string> files;
};

void WriteFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

constexpr const char* kSvg =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 10 10\">"
    "<title>t</title><desc>d</desc><rect width=\"10\" height=\"10\"/></svg>\n";
constexpr const char* kHostileName = "<script>alert(1)</script>/\"q\" & 'a'.trace";
constexpr const char* kHostileHeadline = "<img src=x onerror=alert(1)> storm";

// A results folder with two reports, and the records that name them.
class SiteBuilderTest : public testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::path(testing::TempDir()) / "site_builder_test";
    fs::remove_all(folder_);
    for (const char* lang : {"en", "ru"}) {
      const std::string l = lang;
      WriteFile(folder_ / "reports/spin-0123" / ("report." + l + ".md"),
                "# Go execution trace: spin.trace\n\nSummary of *spin* in " + l +
                    ".\n\n![Timeline](report." + l +
                    ".timeline.svg)\n\n## Findings\n\n<script>alert(2)</script>\n");
      WriteFile(folder_ / "reports/spin-0123" / ("report." + l + ".timeline.svg"), kSvg);
      WriteFile(folder_ / "reports/hostile-4567" / ("report." + l + ".md"),
                "# Go execution trace: x\n\nText [link](javascript:alert(3)).\n");
    }
    WriteFile(folder_ / "reports/spin-0123/unrelated.svg", kSvg);

    batch::BatchRecord spin;
    spin.input = "samples/spin/spin.trace";
    spin.status = "ok";
    spin.kind = "trace";
    spin.date = "2025-03-04T05:06:07+03:00";
    spin.slug = "spin-0123";
    spin.findings = {{"preemption-storm",
                      "critical",
                      {{"en", "Preemption storm"}, {"ru", "Шторм вытеснений"}},
                      "{}"}};
    batch::BatchRecord hostile;
    hostile.input = kHostileName;
    hostile.status = "partial";
    hostile.partial_reason = "<b>truncated</b>";
    hostile.kind = "trace";
    hostile.slug = "hostile-4567";
    hostile.findings = {{"preemption-storm", "warning", {{"en", kHostileHeadline}}, "{}"},
                        {"gc-stw", "info", {}, "{}"}};
    for (batch::BatchRecord* r : {&spin, &hostile}) {
      for (const char* lang : {"en", "ru"}) {
        r->reports[lang].md = "reports/" + r->slug + "/report." + lang + ".md";
      }
    }
    batch::BatchRecord error;
    error.input = "bad.trace";
    error.status = "error";
    error.error_stage = "decode";
    error.error_message = "bad.trace: <script>bad</script> at offset 7";
    batch::BatchRecord passwd = spin;
    passwd.input = "evil.trace";
    passwd.slug = "evil";
    passwd.reports["en"].md = "../../etc/passwd";
    records_ = {spin, hostile, error, passwd};
    for (batch::BatchRecord& r : records_) r.results_folder = folder_.string();
  }
  void TearDown() override { fs::remove_all(folder_); }

  std::map<std::string, std::string> Build(std::vector<batch::BatchRecord> records) {
    MemorySink sink;
    SiteOptions options;
    options.generator = "tracenote test";
    auto stats = BuildSite(records, options, &sink);
    EXPECT_TRUE(stats.ok()) << stats.status().message();
    if (stats.ok()) {
      EXPECT_EQ(stats->posts, 2);
      EXPECT_EQ(stats->failed, 2);
      EXPECT_TRUE(stats->problems.empty());
    }
    return sink.files;
  }

  fs::path folder_;
  std::vector<batch::BatchRecord> records_;
};

void ExpectGolden(const std::string& name, const std::string& actual) {
  const fs::path path = fs::path(TRACENOTE_SOURCE_DIR) / "tests/site/golden" / name;
  const char* update = std::getenv("UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden " << path << " (UPDATE_GOLDEN=1 writes it)";
  std::string expected((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(expected, actual) << "differs from " << path << " (UPDATE_GOLDEN=1 rewrites it)";
}

// "a/b/../c" -> "a/c"; "" when it climbs above the root.
std::string Normalize(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream in(path);
  for (std::string part; std::getline(in, part, '/');) {
    if (part == "..") {
      if (parts.empty()) return "";
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

TEST_F(SiteBuilderTest, WritesBothLanguagesAndTheHugoTree) {
  auto files = Build(records_);
  for (const char* path :
       {"index.html", "style.css", "hugo.toml", "en/index.html", "ru/index.html",
        "en/posts/spin-0123/index.html", "ru/posts/spin-0123/index.html",
        "en/posts/spin-0123/report.en.timeline.svg", "ru/posts/spin-0123/report.ru.timeline.svg",
        "en/posts/hostile-4567/index.html", "en/tags/preemption-storm/index.html",
        "ru/tags/gc-stw/index.html", "content/en/posts/spin-0123/index.md",
        "content/ru/posts/spin-0123/report.ru.timeline.svg",
        "content/ru/posts/hostile-4567/index.md", "themes/tracenote/layouts/_default/baseof.html",
        "themes/tracenote/layouts/_default/single.html", "themes/tracenote/static/style.css"}) {
    EXPECT_EQ(files.count(path), 1u) << path;
  }
  // Only the report's own pictures are copied; nothing of the refused record.
  EXPECT_EQ(files.count("en/posts/spin-0123/unrelated.svg"), 0u);
  for (const auto& [path, text] : files) {
    EXPECT_EQ(path.find("evil"), std::string::npos) << path;
    EXPECT_EQ(text.find("root:x:0"), std::string::npos) << path;
  }
  ExpectGolden("en.index.html", files["en/index.html"]);
  ExpectGolden("ru.index.html", files["ru/index.html"]);
  ExpectGolden("ru.post.spin.html", files["ru/posts/spin-0123/index.html"]);
  ExpectGolden("en.post.hostile.html", files["en/posts/hostile-4567/index.html"]);
  ExpectGolden("en.hugo.spin.md", files["content/en/posts/spin-0123/index.md"]);
  ExpectGolden("ru.hugo.hostile.md", files["content/ru/posts/hostile-4567/index.md"]);
  ExpectGolden("hugo.toml", files["hugo.toml"]);
  // The Hugo theme's words come from the catalogs.
  EXPECT_NE(files["themes/tracenote/i18n/ru.toml"].find("[back]\nother = \"Все отчёты\"\n"),
            std::string::npos);
}

TEST_F(SiteBuilderTest, FrontMatterHasTitleDateAndTags) {
  auto files = Build(records_);
  const std::string& spin = files["content/en/posts/spin-0123/index.md"];
  EXPECT_EQ(spin.rfind("+++\ntitle = \"Go execution trace: samples/spin/spin.trace\"\n"
                       "date = 2025-03-04T05:06:07+03:00\n"
                       "tags = [\"preemption-storm\"]\n"
                       "draft = false\n+++\n",
                       0),
            0u)
      << spin;
  // The report's own H1 is gone (the front matter carries the title), the
  // picture link is kept for the page bundle.
  EXPECT_EQ(spin.find("\n# "), std::string::npos);
  EXPECT_NE(spin.find("](report.en.timeline.svg)"), std::string::npos);
  // No date: none in the front matter, and the post says why.
  const std::string& hostile = files["content/ru/posts/hostile-4567/index.md"];
  EXPECT_EQ(hostile.find("\ndate"), std::string::npos);
  EXPECT_NE(hostile.find("не сказано, когда он записан"), std::string::npos);
  EXPECT_NE(files["en/posts/hostile-4567/index.html"].find("does not say when it was recorded"),
            std::string::npos);
}

TEST_F(SiteBuilderTest, HostileTextIsInert) {
  auto files = Build(records_);
  for (const auto& [path, text] : files) {
    if (path.size() < 5 || path.substr(path.size() - 5) != ".html") continue;
    EXPECT_EQ(text.find("<script"), std::string::npos) << path;
    EXPECT_EQ(text.find("<img src=x"), std::string::npos) << path;
    EXPECT_EQ(text.find("<b>"), std::string::npos) << path;
    EXPECT_EQ(text.find("javascript:"), std::string::npos) << path;
  }
  const std::string& index = files["en/index.html"];
  EXPECT_NE(index.find("&lt;script&gt;alert(1)&lt;/script&gt;/&quot;q&quot; &amp; &#39;a&#39;"),
            std::string::npos);
  EXPECT_NE(index.find("&lt;img src=x onerror=alert(1)&gt; storm"), std::string::npos);
  EXPECT_NE(index.find("bad.trace: &lt;script&gt;bad&lt;/script&gt; at offset 7"),
            std::string::npos);
  EXPECT_NE(index.find("refused: the record names a file outside its results folder"),
            std::string::npos);
  // In Markdown the name stays text too.
  const std::string& md = files["content/ru/posts/hostile-4567/index.md"];
  EXPECT_NE(md.find("title = \"Трейс выполнения Go: <script>alert(1)</script>/\\\"q\\\""),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("> Неполный отчёт: \\<b>truncated\\</b>"), std::string::npos) << md;
  // Raw HTML and script links planted in a report's Markdown are dropped.
  for (const auto& [path, text] : files) {
    if (path.substr(0, 8) != "content/") continue;
    EXPECT_EQ(text.find("<script>alert(2)"), std::string::npos) << path;
    EXPECT_EQ(text.find("javascript:"), std::string::npos) << path;
  }
}

TEST_F(SiteBuilderTest, EveryLocalLinkResolves) {
  auto files = Build(records_);
  const std::regex link(R"re((?:href|src)="([^"]*)")re");
  int checked = 0;
  for (const auto& [page, text] : files) {
    if (page.size() < 5 || page.substr(page.size() - 5) != ".html") continue;
    if (page.rfind("themes/", 0) == 0) continue;  // Hugo layouts, not pages
    const std::string dir =
        page.find('/') == std::string::npos ? "" : page.substr(0, page.rfind('/') + 1);
    for (std::sregex_iterator it(text.begin(), text.end(), link), end; it != end; ++it) {
      const std::string target = (*it)[1];
      if (target.empty()) continue;  // this page (a link the sanitizer emptied)
      if (target.find(':') != std::string::npos) {
        ADD_FAILURE() << page << ": not a local link: " << target;
        continue;
      }
      const std::string resolved = Normalize(dir + target.substr(0, target.find('#')));
      EXPECT_EQ(files.count(resolved), 1u) << page << " -> " << target;
      ++checked;
    }
  }
  EXPECT_GT(checked, 40);
  // The language switch of a post leads to the same post in the other language.
  EXPECT_NE(files["en/posts/spin-0123/index.html"].find(
                "hreflang=\"ru\" href=\"../../../ru/posts/spin-0123/index.html\""),
            std::string::npos);
}

TEST_F(SiteBuilderTest, SameRecordsSameBytesInAnyOrder) {
  auto first = Build(records_);
  std::vector<batch::BatchRecord> reversed(records_.rbegin(), records_.rend());
  EXPECT_EQ(first, Build(reversed));
}

TEST_F(SiteBuilderTest, UnreadableReportLeavesThePostOut) {
  fs::remove(folder_ / "reports/spin-0123/report.ru.md");
  MemorySink sink;
  auto stats = BuildSite(records_, SiteOptions{}, &sink);
  ASSERT_TRUE(stats.ok());
  ASSERT_EQ(stats->problems.size(), 1u);
  EXPECT_EQ(sink.files.count("ru/posts/spin-0123/index.html"), 0u);
  EXPECT_EQ(sink.files.count("en/posts/spin-0123/index.html"), 1u);
  // The English post's switch then leads to the Russian index.
  EXPECT_NE(sink.files["en/posts/spin-0123/index.html"].find(
                "hreflang=\"ru\" href=\"../../../ru/index.html\""),
            std::string::npos);
}

TEST(SiteCatalogTest, RussianCountsHaveTheirPluralForms) {
  auto ru = l10n::Catalog::Load(l10n::Language::kRussian);
  ASSERT_TRUE(ru.ok());
  auto count = [&](int64_t n) { return ru->FormatText("site.index.count", {{"n", n}}); };
  EXPECT_EQ(count(1), "1 отчёт, сначала новые.");
  EXPECT_EQ(count(3), "3 отчёта, сначала новые.");
  EXPECT_EQ(count(5), "5 отчётов, сначала новые.");
  EXPECT_EQ(count(21), "21 отчёт, сначала новые.");
  EXPECT_TRUE(ru->Errors().empty());
}

}  // namespace
}  // namespace tracenote::site
