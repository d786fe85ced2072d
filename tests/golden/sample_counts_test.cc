// The samples' event counts against Go's own parser: each sample directory
// has <name>.go-tool-counts.txt, made by samples/regenerate.sh from
// `go tool trace -d` (Go 1.19). Our per-kind counts must equal them exactly.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "ingest/open_trace.h"

namespace tracenote {
namespace {

struct GoCounts {
  uint64_t total = 0;
  std::map<std::string, uint64_t> by_name;
};

// Reads section 1 ("events printed by go tool trace -d") of a counts file.
GoCounts ReadGoCounts(const std::string& path) {
  std::ifstream in(path);
  GoCounts c;
  std::string line;
  const std::regex total(R"(^total_events (\d+)$)");
  const std::regex count(R"(^\s+(\d+) (\w+)$)");
  std::smatch m;
  while (std::getline(in, line)) {
    if (line.rfind("# Section 2", 0) == 0) break;
    if (std::regex_match(line, m, total)) c.total = std::stoull(m[1]);
    if (std::regex_match(line, m, count)) c.by_name[m[2]] = std::stoull(m[1]);
  }
  return c;
}

class SampleCountsTest : public testing::TestWithParam<std::string> {};

TEST_P(SampleCountsTest, EqualGoToolTraceCounts) {
  const std::string dir = std::string(TRACENOTE_SOURCE_DIR) + "/samples/" + GetParam() + "/";
  GoCounts go = ReadGoCounts(dir + GetParam() + ".go-tool-counts.txt");
  ASSERT_GT(go.total, 0u) << "no oracle counts for " << GetParam();

  auto source = OpenTraceFile(dir + GetParam() + ".trace");
  ASSERT_TRUE(source.ok()) << source.status().message();
  std::map<std::string, uint64_t> ours;
  ASSERT_TRUE((*source)->CountEvents(&ours).ok());
  EXPECT_EQ((*source)->info().events, go.total);
  EXPECT_EQ(ours, go.by_name);
  EXPECT_FALSE((*source)->info().partial);
}

INSTANTIATE_TEST_SUITE_P(Samples, SampleCountsTest,
                         testing::Values("spin", "syscall", "alloc", "tasks"));

}  // namespace
}  // namespace tracenote
