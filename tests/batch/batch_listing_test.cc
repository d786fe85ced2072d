// The batch's names and records: slugs that stay inside the output folder
// whatever the input is called, shards that split a listing exactly, the
// path check readers apply, records that survive hostile strings, merges of
// shards, and recognition by content on the samples.
#include <gtest/gtest.h>

#include <unistd.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "batch/batch_record.h"
#include "batch/input_listing.h"

namespace tracenote::batch {
namespace {

namespace fs = std::filesystem;

std::string Sample(const std::string& rel) { return std::string(TRACENOTE_SOURCE_DIR) + "/" + rel; }

TEST(SlugFor, HostileNamesStayOneSafeFolderName) {
  const std::vector<std::string> names = {"../../etc/passwd",
                                          "/abs/trace",
                                          "a/<script>alert(1)</script>.trace",
                                          std::string("bad\xff\xfe\nname\x1b[31m", 16),
                                          ".hidden",
                                          "..",
                                          "",
                                          std::string(500, 'x') + "/t.trace",
                                          "C:\\windows\\trace",
                                          "имя/трассы.trace"};
  std::set<std::string> seen;
  for (const std::string& n : names) {
    const std::string slug = SlugFor(n);
    EXPECT_TRUE(SafeRelativePath(slug)) << slug;
    EXPECT_EQ(slug.find('/'), std::string::npos) << slug;
    EXPECT_NE(slug.front(), '.') << slug;
    EXPECT_LE(slug.size(), 64u + 13u) << slug;
    for (char c : slug)
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')
          << slug;
    EXPECT_TRUE(seen.insert(slug).second) << "two inputs share " << slug;
  }
  EXPECT_EQ(SlugFor("samples/spin/spin.trace").rfind("samples_spin_spin.trace-", 0), 0u);
  // Names that differ only in replaced characters still get their own folder.
  EXPECT_NE(SlugFor("a b"), SlugFor("a\tb"));
}

TEST(Shards, EveryPathFallsInExactlyOneShard) {
  for (uint32_t n : {1u, 2u, 3u, 7u}) {
    std::vector<int> sizes(n);
    for (int i = 0; i < 700; ++i) {
      const std::string path = "archive/" + std::to_string(i) + ".trace";
      int owners = 0;
      for (uint32_t k = 1; k <= n; ++k) {
        if (InShard(path, Shard{k, n})) {
          ++owners;
          ++sizes[k - 1];
        }
      }
      EXPECT_EQ(owners, 1) << path << " in " << n << " shards";
    }
    for (int s : sizes) EXPECT_GT(s, 700 / static_cast<int>(n) / 2) << "a shard of " << n;
  }
}

TEST(Shards, ParseAcceptsKOfNOnly) {
  auto s = ParseShard("3/8");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->index, 3u);
  EXPECT_EQ(s->count, 8u);
  for (const char* bad : {"0/4", "5/4", "1/0", "x/2", "1/", "/3", "2", "1/2/3", "-1/2", "1 /2"}) {
    EXPECT_FALSE(ParseShard(bad).ok()) << bad;
  }
  EXPECT_NE(ParseShard("5/4").status().message().find("--shard 5/4"), std::string::npos);
}

TEST(SafeRelativePath, RefusesEscapes) {
  EXPECT_TRUE(SafeRelativePath("reports/x-1/report.en.md"));
  for (const char* bad : {"", "/etc/passwd", "../x", "a/../../x", "a//b", "a/./b", "a/", "a\\b",
                          "C:/x", "a\nb", "..", "."}) {
    EXPECT_FALSE(SafeRelativePath(bad)) << bad;
  }
}

TEST(Records, RoundTripAndInvalidUtf8IsReplaced) {
  BatchRecord r;
  r.input = std::string("dir/<b>\xff.trace", 14);
  r.status = "error";
  r.error_stage = "decode";
  r.error_message = "trace_v1: offset 0x10: bad";
  r.error_offset = 16;
  r.run = "20261123T000000Z-1";
  RecordFinding f;
  f.id = "gc-stw";
  f.severity = "warning";
  f.headline["en"] = "pauses";
  f.numbers_json = R"({"max_ns":5})";
  r.findings.push_back(f);
  const std::string line = RecordToJson(r);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  auto back = RecordFromJson(line);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->input, "dir/<b>\xEF\xBF\xBD.trace");
  EXPECT_EQ(back->error_offset, 16);
  EXPECT_EQ(back->error_stage, "decode");
  ASSERT_EQ(back->findings.size(), 1u);
  EXPECT_EQ(back->findings[0].numbers_json, R"({"max_ns":5})");
  auto again = RecordFromJson(RecordToJson(*back));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(RecordToJson(*back), RecordToJson(*again));
  EXPECT_FALSE(RecordFromJson("{}").ok());
  EXPECT_FALSE(RecordFromJson("not json").ok());
  EXPECT_FALSE(RecordFromJson(R"({"schema":2,"input":"x","status":"ok"})").ok());
}

TEST(Records, MergeKeepsTheNewerRunOfAnInput) {
  auto rec = [](std::string input, std::string run, std::string status) {
    BatchRecord r;
    r.input = std::move(input);
    r.run = std::move(run);
    r.status = std::move(status);
    return r;
  };
  LoadedResults a{
      "shard1", {rec("a", "20261101T000000Z-1", "error"), rec("b", "20261101T000000Z-1", "ok")}, 0};
  LoadedResults b{
      "shard2", {rec("a", "20261102T000000Z-9", "ok"), rec("c", "20261102T000000Z-9", "ok")}, 0};
  std::vector<BatchRecord> merged = MergeRecords({a, b});
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[0].input, "a");
  EXPECT_EQ(merged[0].status, "ok");
  EXPECT_EQ(merged[1].input, "b");
  EXPECT_EQ(merged[2].input, "c");
}

TEST(LoadResults, SkipsBrokenAndUnsafeLines) {
  const fs::path dir = fs::temp_directory_path() / ("tn-batch-load-" + std::to_string(getpid()));
  fs::create_directories(dir);
  BatchRecord good;
  good.input = "x.trace";
  good.status = "ok";
  good.slug = "x.trace-000000000001";
  good.reports["en"].md = "reports/x.trace-000000000001/report.en.md";
  BatchRecord evil = good;
  evil.input = "y.trace";
  evil.reports["en"].md = "../../etc/passwd";
  {
    std::ofstream out(dir / "summary.jsonl");
    out << RecordToJson(good) << "\n{broken\n" << RecordToJson(evil) << "\n";
  }
  auto loaded = LoadResults(dir.string());
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_EQ(loaded->records.size(), 1u);
  EXPECT_EQ(loaded->records[0].input, "x.trace");
  EXPECT_EQ(loaded->records[0].results_folder, dir.string());
  EXPECT_EQ(loaded->skipped_lines, 2);
  // A file passed off as a summary is refused by its size before any read.
  {
    std::ofstream big(dir / "summary.big.jsonl");
    big.seekp((std::streamoff{256} << 20) + 1);
    big << "x";
  }
  auto refused = LoadResults(dir.string());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("too large for a summary"), std::string::npos);
  fs::remove_all(dir);
  EXPECT_FALSE(LoadResults(dir.string()).ok());
}

TEST(RecognizeFile, ByContentNotByName) {
  EXPECT_EQ(RecognizeFile(Sample("samples/spin/spin.trace")), Recognition::kTrace);
  EXPECT_EQ(RecognizeFile(Sample("samples/gcload/cpu.pb.gz")), Recognition::kProfile);
  EXPECT_EQ(RecognizeFile(Sample("samples/spin/main.go")), Recognition::kOther);
  EXPECT_EQ(RecognizeFile(Sample("no/such/file")), Recognition::kOther);
  const fs::path bad = fs::temp_directory_path() / ("tn-batch-gz-" + std::to_string(getpid()));
  {
    std::ofstream out(bad, std::ios::binary);
    out << std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10) << std::string(64, '\xff');
  }
  EXPECT_EQ(RecognizeFile(bad.string()), Recognition::kBrokenGzip);
  fs::remove(bad);
}

TEST(ListInputs, WalksFoldersSortedAndLeavesOutTheOutputFolder) {
  int not_inputs = 0;
  auto listed = ListInputs({Sample("samples"), Sample("samples/spin/spin.trace")},
                           Sample("samples/gcload"), &not_inputs);
  ASSERT_TRUE(listed.ok()) << listed.status().message();
  std::vector<std::string> names;
  for (const ListedInput& in : *listed) names.push_back(in.path);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(std::count(names.begin(), names.end(), Sample("samples/spin/spin.trace")), 1);
  for (const std::string& n : names) EXPECT_EQ(n.find("samples/gcload/"), std::string::npos) << n;
  EXPECT_GT(not_inputs, 0);  // the Go sources and expected outputs
  EXPECT_FALSE(ListInputs({Sample("no/such/dir")}, "", &not_inputs).ok());
}

}  // namespace
}  // namespace tracenote::batch
