// Conformance of the pprof reader against the shared corpus of real profiles
// (TRACENOTE_CORPUS_DIR/pprof, read at run time; every test skips when it is
// absent):
//   * every protobuf profile of MANIFEST.md (Enc gz or pb) loads, with the
//     sample/location/function/mapping counts of its S/L/F/M column (a
//     profile without mappings gets pprof's placeholder mapping, so M=0 reads
//     as one mapping);
//   * the must-reject files are rejected, legacy-format files with the
//     "unsupported legacy pprof format" error;
//   * raw/gzip twins decode to identical models;
//   * every `-raw` reference output (reference-outputs/*.raw.txt) of a
//     protobuf input equals FormatProfileRaw byte for byte.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "dump/profile_raw.h"
#include "ingest/pprof/pprof_reader.h"

namespace tracenote {
namespace {

namespace fs = std::filesystem;

fs::path CorpusDir() { return fs::path(TRACENOTE_CORPUS_DIR) / "pprof"; }

#define SKIP_WITHOUT_CORPUS()                                                     \
  if (!fs::exists(CorpusDir() / "MANIFEST.md")) {                                 \
    GTEST_SKIP() << "pprof corpus not found at " << CorpusDir() << " (optional)"; \
  }

std::optional<std::string> ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// One file row of MANIFEST.md.
struct Row {
  std::string path;  // relative to the pprof corpus directory
  std::string enc;   // gz, pb, legacy, text, golden, or "" (derived inputs: gz)
  std::optional<std::vector<uint64_t>> slfm;
};

std::vector<std::string> Cells(std::string_view line) {
  std::vector<std::string> cells;
  size_t pos = 1;
  while (pos < line.size()) {
    size_t bar = line.find('|', pos);
    if (bar == std::string_view::npos) break;
    std::string cell(line.substr(pos, bar - pos));
    const size_t b = cell.find_first_not_of(' ');
    const size_t e = cell.find_last_not_of(' ');
    cells.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
    pos = bar + 1;
  }
  return cells;
}

std::optional<std::vector<uint64_t>> ParseSlfm(const std::string& cell) {
  std::vector<uint64_t> out;
  std::stringstream ss(cell);
  std::string part;
  while (std::getline(ss, part, '/')) {
    if (part.empty() || part.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    out.push_back(std::stoull(part));
  }
  if (out.size() != 4) return std::nullopt;
  return out;
}

// The corpus directory of each "### owner/repo" section.
std::string SectionDir(const std::string& title) {
  static const std::pair<const char*, const char*> kDirs[] = {
      {"google/pprof", "google-pprof"},
      {"golang/go", "golang-go"},
      {"DataDog/go-profiler-notes", "go-profiler-notes"},
      {"parca-dev/parca", "parca"},
      {"grafana/pyroscope", "pyroscope"},
      {"DataDog/dd-trace-go", "dd-trace-go"},
      {"jlfwong/speedscope", "speedscope"},
      {"felixge/pprofutils", "pprofutils"}};
  for (auto [name, dir] : kDirs) {
    if (title == name) return dir;
  }
  return "";
}

std::vector<Row> ManifestRows() {
  std::vector<Row> rows;
  auto text = ReadText(CorpusDir() / "MANIFEST.md");
  if (!text) return rows;
  std::stringstream in(*text);
  std::string line, dir;
  bool in_files = false;
  while (std::getline(in, line)) {
    if (line == "## Files") in_files = true;
    if (!in_files) continue;
    if (line.rfind("### ", 0) == 0) dir = SectionDir(line.substr(4));
    if (line.rfind("| `", 0) != 0 || dir.empty()) continue;
    const std::vector<std::string> cells = Cells(line);
    if (cells.size() < 4) continue;
    Row row;
    row.path = dir + "/" + cells[0].substr(1, cells[0].size() - 2);
    static const char* const kEncs[] = {"gz", "pb", "legacy", "text", "golden", "—"};
    bool has_enc = false;
    for (const char* e : kEncs) has_enc |= cells[2] == e;
    if (has_enc && cells.size() >= 5) {
      row.enc = cells[2];
      row.slfm = ParseSlfm(cells[4]);
    } else if (!has_enc) {
      row.enc = "gz";  // the derived golden inputs table has no Enc column
      row.slfm = ParseSlfm(cells[3]);
    }
    rows.push_back(row);
  }
  return rows;
}

TEST(PprofConformanceTest, ManifestHasProfiles) {
  SKIP_WITHOUT_CORPUS();
  int protos = 0;
  for (const Row& r : ManifestRows()) protos += (r.enc == "gz" || r.enc == "pb");
  EXPECT_GE(protos, 80);
}

TEST(PprofConformanceTest, EveryProtoProfileLoadsWithManifestCounts) {
  SKIP_WITHOUT_CORPUS();
  int checked = 0;
  for (const Row& r : ManifestRows()) {
    if (r.enc != "gz" && r.enc != "pb") continue;
    if (r.path.find("dotnet-pprof-3.pb.gz") != std::string::npos) continue;  // must reject
    SCOPED_TRACE(r.path);
    auto p = pprof::ReadProfileFile((CorpusDir() / r.path).string());
    ASSERT_TRUE(p.ok()) << p.status().message();
    ++checked;
    if (!r.slfm) continue;
    const auto& c = *r.slfm;
    EXPECT_EQ(p->sample_count(), c[0]);
    EXPECT_EQ(p->locations.size(), c[1]);
    EXPECT_EQ(p->functions.size(), c[2]);
    EXPECT_EQ(p->mappings.size(), c[3] == 0 ? 1 : c[3]) << "(0 in the MANIFEST = placeholder)";
  }
  EXPECT_GE(checked, 80);
}

TEST(PprofConformanceTest, MustRejectFilesAreRejected) {
  SKIP_WITHOUT_CORPUS();
  auto empty = pprof::ReadProfileFile((CorpusDir() / "google-pprof/fuzz/corpus/empty").string());
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("empty input file"), std::string::npos);

  auto fuzz = pprof::ReadProfileFile(
      (CorpusDir() / "google-pprof/fuzz/testdata/7e3c92482f6f39fc502b822ded792c589849cca8")
          .string());
  ASSERT_FALSE(fuzz.ok());
  EXPECT_EQ(fuzz.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(
      fuzz.status().message().find("unsupported legacy pprof format (Java heap profile text)"),
      std::string::npos)
      << fuzz.status().message();

  auto dotnet = pprof::ReadProfileFile(
      (CorpusDir() / "pyroscope/pkg/og/convert/pprof/testdata/dotnet-pprof-3.pb.gz").string());
  ASSERT_FALSE(dotnet.ok());
  EXPECT_NE(dotnet.status().message().find(
                "validating: malformed profile: found function with reserved ID=0"),
            std::string::npos)
      << dotnet.status().message();
}

TEST(PprofConformanceTest, LegacyFilesGetTheUnsupportedError) {
  SKIP_WITHOUT_CORPUS();
  int checked = 0;
  for (const Row& r : ManifestRows()) {
    const bool debug1 = r.path.find(".debug1.txt") != std::string::npos;
    if (r.enc != "legacy" && !debug1) continue;
    SCOPED_TRACE(r.path);
    auto p = pprof::ReadProfileFile((CorpusDir() / r.path).string());
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.status().code(), StatusCode::kUnsupported) << p.status().message();
    EXPECT_NE(p.status().message().find("unsupported legacy pprof format ("), std::string::npos)
        << p.status().message();
    ++checked;
  }
  EXPECT_GE(checked, 15);
}

TEST(PprofConformanceTest, RawAndGzipTwinsAreIdentical) {
  SKIP_WITHOUT_CORPUS();
  const std::pair<const char*, const char*> kTwins[] = {
      {"pyroscope/pkg/og/convert/pprof/testdata/heap.pb",
       "pyroscope/pkg/og/convert/pprof/testdata/heap.pb.gz"},
      {"pyroscope/pkg/phlaredb/testdata/profile_uncompressed",
       "pyroscope/pkg/phlaredb/testdata/profile"}};
  for (auto [raw, gz] : kTwins) {
    SCOPED_TRACE(raw);
    auto a = pprof::ReadProfileFile((CorpusDir() / raw).string());
    auto b = pprof::ReadProfileFile((CorpusDir() / gz).string());
    ASSERT_TRUE(a.ok()) << a.status().message();
    ASSERT_TRUE(b.ok()) << b.status().message();
    EXPECT_EQ(FormatProfileRaw(*a), FormatProfileRaw(*b));
    EXPECT_EQ(a->values, b->values);
    EXPECT_EQ(a->strings, b->strings);
  }
}

// Every `-raw` reference output of a protobuf input, byte for byte. Legacy
// inputs (which we refuse) are counted and skipped, and so are the outputs of
// comparisons (diffs/), which are merges of two profiles.
TEST(PprofConformanceTest, RawReferenceOutputsMatch) {
  SKIP_WITHOUT_CORPUS();
  auto commands = ReadText(CorpusDir() / "reference-outputs/COMMANDS.tsv");
  ASSERT_TRUE(commands);
  std::stringstream in(*commands);
  std::string line;
  int matched = 0, legacy = 0;
  std::vector<std::string> differing;
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    std::string output, status, command;
    std::getline(fields, output, '\t');
    std::getline(fields, status, '\t');
    std::getline(fields, command);
    if (output.size() < 8 || output.substr(output.size() - 8) != ".raw.txt" || status != "0")
      continue;
    // Comparisons (-base/-diff_base, under diffs/) merge profiles: not the reader's job.
    if (command.find(" -base ") != std::string::npos ||
        command.find(" -diff_base ") != std::string::npos) {
      continue;
    }
    const std::string input = command.substr(command.rfind(' ') + 1);
    auto p = pprof::ReadProfileFile((CorpusDir() / input).string());
    if (!p.ok() && p.status().code() == StatusCode::kUnsupported) {
      ++legacy;
      continue;
    }
    SCOPED_TRACE(input);
    ASSERT_TRUE(p.ok()) << p.status().message();
    auto expected = ReadText(CorpusDir() / "reference-outputs" / output);
    ASSERT_TRUE(expected);
    const std::string actual = FormatProfileRaw(*p);
    if (actual == *expected) {
      ++matched;
    } else {
      differing.push_back(input);
      EXPECT_EQ(actual, *expected) << input;
    }
  }
  std::cout << "raw references: " << matched << " match, " << differing.size() << " differ, "
            << legacy << " legacy inputs skipped\n";
  EXPECT_TRUE(differing.empty());
  EXPECT_GE(matched, 60);
}

}  // namespace
}  // namespace tracenote
