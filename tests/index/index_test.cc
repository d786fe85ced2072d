// The index pages over batch results: aggregates, merged shards, relative
// links, escaping of hostile input names, and the golden pages (Markdown and
// HTML, English and Russian; UPDATE_GOLDEN=1 rewrites them).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "batch/batch_record.h"
#include "index/csp_hash.h"
#include "index/index_links.h"
#include "index/index_model.h"
#include "index/index_writer.h"
#include "index_fixture.h"

namespace tracenote::index {
namespace {
namespace fs = std::filesystem;

constexpr char kStoredHostileInput[] =
    "archive/evil<script>alert(1)</script> | *x* [a](javascript:x)\n\xEF\xBF\xBD.trace";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

// A fresh folder with the two shards of index_fixture.h.
class IndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ =
        fs::temp_directory_path() /
        ("tracenote-index-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    index_test::WriteShards(root_.string());
  }
  void TearDown() override { fs::remove_all(root_); }

  std::vector<batch::BatchRecord> Merged() const {
    std::vector<batch::LoadedResults> loaded;
    for (const char* shard : {"shard-1", "shard-2"}) {
      auto results = batch::LoadResults((root_ / shard).string());
      EXPECT_TRUE(results.ok()) << results.status().message();
      loaded.push_back(std::move(*results));
    }
    return batch::MergeRecords(std::move(loaded));
  }

  fs::path root_;
};

TEST_F(IndexTest, AggregatesOverMergedShards) {
  const std::vector<batch::BatchRecord> records = Merged();
  ASSERT_EQ(records.size(), 5u);
  const IndexModel m = BuildIndexModel(records);
  EXPECT_EQ(m.inputs, 5);
  EXPECT_EQ(m.ok, 3);
  EXPECT_EQ(m.partial, 1);
  EXPECT_EQ(m.errors, 1);
  EXPECT_EQ(m.traces, 3);
  EXPECT_EQ(m.profiles, 1);

  // Rows: worst severity first, errors last; the newer run of spin wins.
  std::vector<std::string> inputs;
  for (const IndexRow& row : m.rows) inputs.push_back(row.record->input);
  // The summary line replaced the hostile name's invalid UTF-8 with U+FFFD.
  EXPECT_EQ(inputs, (std::vector<std::string>{"archive/spin.trace", kStoredHostileInput,
                                              "archive/prof/cpu.pb.gz", "archive/long.trace",
                                              "archive/bad.trace"}));
  EXPECT_EQ(m.rows[0].record->slug, "spin-000000000002");
  EXPECT_EQ(m.rows[0].worst, SeverityRank::kCritical);
  // Reported twice (warning and info): counted once, at its worst.
  EXPECT_EQ(m.rows[0].by_finding.at("sched-latency"), SeverityRank::kWarning);

  ASSERT_EQ(m.findings.size(), 3u);
  EXPECT_EQ(m.findings[0].id, "preemption-storm");
  EXPECT_EQ(m.findings[0].kind, "trace");
  EXPECT_EQ(m.findings[0].inputs, 2);
  EXPECT_EQ(m.findings[0].critical, 1);
  EXPECT_EQ(m.findings[0].warning, 1);
  EXPECT_EQ(m.findings[0].info, 0);
  EXPECT_EQ(m.findings[1].id, "gc-cost");
  EXPECT_EQ(m.findings[1].kind, "profile");
  EXPECT_EQ(m.findings[1].info, 1);
  EXPECT_EQ(m.findings[2].id, "sched-latency");
  EXPECT_EQ(m.findings[2].inputs, 1);
  EXPECT_EQ(m.findings[2].warning, 1);
  EXPECT_EQ(m.findings[2].info, 0);

  ASSERT_EQ(m.worst.size(), 3u);
  EXPECT_EQ(m.worst[0].metric, "gc_pause");
  EXPECT_EQ(m.worst[0].value, 9'000'000);
  EXPECT_EQ(m.rows[m.worst[0].row].record->input, kStoredHostileInput);
  EXPECT_EQ(m.worst[1].metric, "stw");
  EXPECT_EQ(m.worst[1].value, 9'000'000);
  EXPECT_EQ(m.worst[2].metric, "sched_latency_p99");
  EXPECT_EQ(m.worst[2].value, 3'000'000);
  EXPECT_EQ(m.rows[m.worst[2].row].record->input, "archive/long.trace");
  ASSERT_EQ(m.error_rows.size(), 1u);
  EXPECT_EQ(m.rows[m.error_rows[0]].record->input, "archive/bad.trace");
}

TEST_F(IndexTest, GoldenPages) {
  IndexOptions options;
  options.out_dir = (root_ / "index").string();
  options.generator = "tracenote test";
  ASSERT_TRUE(WriteIndex(Merged(), options).ok());
  const bool update =
      std::getenv("UPDATE_GOLDEN") != nullptr && std::string(std::getenv("UPDATE_GOLDEN")) == "1";
  const fs::path golden = fs::path(TRACENOTE_SOURCE_DIR) / "tests/index/golden";
  for (const char* name : {"index.en.md", "index.ru.md", "index.en.html", "index.ru.html"}) {
    const std::string actual = ReadFile(root_ / "index" / name);
    if (update) {
      std::ofstream(golden / name, std::ios::binary) << actual;
      continue;
    }
    EXPECT_EQ(actual, ReadFile(golden / name))
        << name << " differs from tests/index/golden (UPDATE_GOLDEN=1 rewrites it)";
  }
}

TEST_F(IndexTest, LinksAreRelativeToTheIndexFolder) {
  IndexOptions options;
  options.out_dir = (root_ / "index").string();
  ASSERT_TRUE(WriteIndex(Merged(), options).ok());
  const std::string md = ReadFile(root_ / "index/index.en.md");
  const std::string html = ReadFile(root_ / "index/index.ru.html");
  EXPECT_NE(md.find("](../shard-2/reports/spin-000000000002/report.en.md)"), std::string::npos);
  EXPECT_NE(html.find("href=\"../shard-2/reports/spin-000000000002/report.ru.html\""),
            std::string::npos);
  EXPECT_EQ(md.find("spin-000000000001"), std::string::npos);  // the older run lost
  EXPECT_EQ(Count(md, "](../shard-2/reports/"), 7u);           // 4 rows and 3 worst values
}

TEST_F(IndexTest, DirectLinksWhenWrittenIntoTheResultsFolder) {
  auto results = batch::LoadResults((root_ / "shard-2").string());
  ASSERT_TRUE(results.ok());
  IndexOptions options;
  options.out_dir = (root_ / "shard-2").string();
  ASSERT_TRUE(WriteIndex(results->records, options).ok());
  const std::string md = ReadFile(root_ / "shard-2/index.ru.md");
  const std::string html = ReadFile(root_ / "shard-2/index.en.html");
  EXPECT_NE(md.find("](reports/spin-000000000002/report.ru.md)"), std::string::npos);
  EXPECT_NE(html.find("href=\"reports/cpu-000000000004/report.en.html\""), std::string::npos);
  EXPECT_EQ(md.find("../"), std::string::npos);

  // The merged records written beside it load back with the same paths.
  auto again = batch::LoadResults((root_ / "shard-2/index.jsonl").string());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->skipped_lines, 0);
  ASSERT_EQ(again->records.size(), 4u);
  EXPECT_EQ(again->records[0].reports.at("en").md, "reports/cpu-000000000004/report.en.md");
}

TEST_F(IndexTest, SummaryIsReRootedToTheIndexFolder) {
  IndexOptions options;
  options.out_dir = (root_ / "index").string();
  options.formats = {"md"};
  options.langs = {"en"};
  ASSERT_TRUE(WriteIndex(Merged(), options).ok());
  EXPECT_FALSE(fs::exists(root_ / "index/index.en.html"));
  EXPECT_FALSE(fs::exists(root_ / "index/index.ru.md"));
  std::ifstream in(root_ / "index/index.jsonl");
  std::vector<batch::BatchRecord> lines;
  for (std::string line; std::getline(in, line);) {
    auto r = batch::RecordFromJson(line);
    ASSERT_TRUE(r.ok());
    lines.push_back(*r);
  }
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0].input, "archive/bad.trace");
  EXPECT_TRUE(lines[0].reports.empty());
  EXPECT_EQ(lines[4].input, "archive/spin.trace");
  EXPECT_EQ(lines[4].run, "20260102T000000Z-2222");
  EXPECT_EQ(lines[4].reports.at("ru").html, "../shard-2/reports/spin-000000000002/report.ru.html");
}

TEST_F(IndexTest, HostileInputStaysText) {
  IndexOptions options;
  options.out_dir = (root_ / "index").string();
  ASSERT_TRUE(WriteIndex(Merged(), options).ok());
  for (const char* lang : {"en", "ru"}) {
    const std::string md = ReadFile(root_ / "index" / (std::string("index.") + lang + ".md"));
    const std::string html = ReadFile(root_ / "index" / (std::string("index.") + lang + ".html"));
    EXPECT_EQ(md.find("<script>"), std::string::npos);
    EXPECT_EQ(md.find("<b>"), std::string::npos);
    EXPECT_EQ(Count(md, "](javascript"), Count(md, "\\](javascript"));  // escaped: no link
    EXPECT_EQ(md.find('\xff'), std::string::npos);
    // The page's own two scripts only: the sort keys and the sorter.
    EXPECT_EQ(Count(html, "<script"), 2u);
    EXPECT_EQ(Count(html, "</script"), 2u);
    EXPECT_EQ(html.find("<b>"), std::string::npos);
    EXPECT_EQ(html.find("<i>"), std::string::npos);
    EXPECT_EQ(html.find("href=\"javascript"), std::string::npos);
    EXPECT_NE(html.find("evil&lt;script&gt;alert(1)&lt;/script&gt; | *x*"), std::string::npos);
    EXPECT_NE(html.find("evil\\u003cscript\\u003ealert(1)"), std::string::npos);  // sort key
    // The hostile row is one row: its newline became a space.
    EXPECT_EQ(md.find("javascript:x)\n"), std::string::npos);
  }
}

TEST_F(IndexTest, SortKeysAreNumbers) {
  IndexOptions options;
  options.out_dir = (root_ / "index").string();
  options.langs = {"en"};
  options.formats = {"html"};
  ASSERT_TRUE(WriteIndex(Merged(), options).ok());
  const std::string html = ReadFile(root_ / "index/index.en.html");
  // spin: status ok, detail, date 2026-01-02T03:04:05Z, 1.5 s, critical, then
  // preemption-storm critical, gc-cost none, sched-latency warning.
  EXPECT_NE(html.find("[\"archive/spin.trace\",0,\"Go 1.19 trace\",1767323045,1500000000,3,3,0,2]"),
            std::string::npos);
  // The hostile one's date has an offset: 2026-01-01T23:00:00-02:00.
  EXPECT_NE(html.find(",1767315600,900000000,2,2,0,0]"), std::string::npos);
  // The error row: no kind, date or duration.
  EXPECT_NE(html.find("[\"archive/bad.trace\",2,null,null,null,-1,0,0,0]"), std::string::npos);
  EXPECT_NE(html.find("script-src &#39;sha256-"), std::string::npos);
}

TEST_F(IndexTest, RussianPlurals) {
  IndexOptions options;
  options.out_dir = (root_ / "index").string();
  options.langs = {"ru"};
  options.formats = {"md"};
  ASSERT_TRUE(WriteIndex(Merged(), options).ok());
  const std::string md = ReadFile(root_ / "index/index.ru.md");
  EXPECT_NE(md.find("# Сводка по 5 файлам"), std::string::npos);
  EXPECT_NE(md.find("5 файлов: без ошибок 3"), std::string::npos);
  EXPECT_NE(md.find("3 трассы и 1 профиль."), std::string::npos);
  EXPECT_NE(md.find("**шторм вытеснений**: в 2 из 3 трасс;"), std::string::npos);
  EXPECT_NE(md.find("**цена GC**: в 1 из 1 профиля;"), std::string::npos);
}

TEST_F(IndexTest, DeterministicAndRejectsUnknownOptions) {
  IndexOptions options;
  options.out_dir = (root_ / "a").string();
  ASSERT_TRUE(WriteIndex(Merged(), options).ok());
  options.out_dir = (root_ / "b").string();
  ASSERT_TRUE(WriteIndex(Merged(), options).ok());
  for (const char* name : {"index.en.md", "index.ru.html", "index.jsonl"}) {
    EXPECT_EQ(ReadFile(root_ / "a" / name), ReadFile(root_ / "b" / name)) << name;
  }
  options.langs = {"fr"};
  EXPECT_EQ(WriteIndex(Merged(), options).code(), StatusCode::kInvalidArgument);
  options.langs = {"en"};
  options.formats = {"pdf"};
  EXPECT_EQ(WriteIndex(Merged(), options).code(), StatusCode::kInvalidArgument);
}

TEST(IndexPartsTest, CspHash) {
  // echo -n abc | openssl dgst -sha256 -binary | base64
  EXPECT_EQ(CspHashSource("abc"), "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='");
  EXPECT_EQ(CspHashSource(""), "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
}

TEST(IndexPartsTest, Rfc3339) {
  EXPECT_EQ(ParseRfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseRfc3339("2026-01-02T03:04:05.123456Z"), 1767323045);
  EXPECT_EQ(ParseRfc3339("2026-01-02T06:04:05+03:00"), 1767323045);
  EXPECT_EQ(ParseRfc3339(""), std::nullopt);
  EXPECT_EQ(ParseRfc3339("2026-01-02"), std::nullopt);
  EXPECT_EQ(ParseRfc3339("2026-01-02T03:04:05"), std::nullopt);
  EXPECT_EQ(ParseRfc3339("2026-13-02T03:04:05Z"), std::nullopt);
}

TEST(IndexPartsTest, LinksNeverCarryASchemeOrMarkup) {
  EXPECT_EQ(PathToUrl("reports/a b/report.en.md"), "reports/a%20b/report.en.md");
  EXPECT_EQ(PathToUrl("javascript:alert(1)"), "javascript%3Aalert%281%29");
  EXPECT_EQ(PathToUrl("<x>|\"'"), "%3Cx%3E%7C%22%27");
  EXPECT_EQ(RelativeTo("out", "out", "../etc/passwd"), "");
  EXPECT_EQ(RelativeTo("out", "out", "/etc/passwd"), "");
  EXPECT_EQ(RelativeTo("out", "out", "reports/x/report.en.md"), "reports/x/report.en.md");
  EXPECT_EQ(RelativeTo("a/index", "a/results", "reports/x.md"), "../results/reports/x.md");
}

}  // namespace
}  // namespace tracenote::index
