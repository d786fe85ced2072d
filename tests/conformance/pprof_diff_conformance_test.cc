// `-base`, `-diff_base`, `-normalize` against the reference outputs of the
// pprof CLI in the corpus (pprof/reference-outputs/diffs, commands in
// COMMANDS.tsv): for every diffs/*.top.txt our DiffProfiles + ComputeTop +
// FormatTopText must give the same bytes; the tree and -raw outputs are
// compared too where our views have them, and an incompatible pair must fail
// with pprof's message.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dump/profile_raw.h"
#include "ingest/pprof/pprof_reader.h"
#include "profile/profile_merge.h"
#include "profile/profile_top.h"
#include "profile/profile_tree.h"

namespace tracenote::profile {
namespace {

namespace fs = std::filesystem;

fs::path PprofDir() { return fs::path(TRACENOTE_CORPUS_DIR) / "pprof"; }

std::string ReadText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// One COMMANDS.tsv row for a diffs/ output.
struct DiffCommand {
  std::string output;  // relative to reference-outputs
  int exit_code = 0;
  std::string view;  // top, tree, raw, traces, list
  ViewOptions options;
  DiffMode mode = DiffMode::kDiffBase;
  bool normalize = false;
  std::string base, source;
  bool supported = true;  // flags this test knows
};

std::vector<std::string> SplitWords(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char c : s) {
    if (c == '\'') {
      quoted = !quoted;
    } else if (c == ' ' && !quoted) {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// Our rendering of a diff in one of the views compared here.
StatusOr<std::string> RenderView(const std::string& view, const model::Profile& diff,
                                 const ViewOptions& options) {
  if (view == "raw") return FormatProfileRaw(diff);
  if (view == "tree") {
    auto tree = ComputeTree(diff, options);
    if (!tree.ok()) return tree.status();
    return FormatTreeText(*tree);
  }
  auto top = ComputeTop(diff, options);
  if (!top.ok()) return top.status();
  return FormatTopText(*top);
}

std::vector<DiffCommand> LoadCommands() {
  std::vector<DiffCommand> out;
  std::istringstream in(ReadText(PprofDir() / "reference-outputs" / "COMMANDS.tsv"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("diffs/", 0) != 0) continue;
    std::vector<std::string> cols;
    std::stringstream ls(line);
    for (std::string c; std::getline(ls, c, '\t');) cols.push_back(c);
    if (cols.size() < 3) continue;
    DiffCommand cmd;
    cmd.output = cols[0];
    cmd.exit_code = std::atoi(cols[1].c_str());
    std::vector<std::string> words = SplitWords(cols[2]);
    std::vector<std::string> positional;
    for (size_t i = 1; i < words.size(); ++i) {
      const std::string& w = words[i];
      if (w == "-symbolize=none") continue;
      if (w == "-top" || w == "-tree" || w == "-raw" || w == "-traces") {
        cmd.view = w.substr(1);
      } else if (w.rfind("-list=", 0) == 0) {
        cmd.view = "list";
      } else if (w.rfind("-sample_index=", 0) == 0) {
        cmd.options.sample_index = w.substr(14);
      } else if (w == "-base" || w == "-diff_base") {
        cmd.mode = w == "-base" ? DiffMode::kSubtractBase : DiffMode::kDiffBase;
        if (i + 1 < words.size()) cmd.base = words[++i];
      } else if (w == "-normalize") {
        cmd.normalize = true;
      } else if (w == "-drop_negative") {
        cmd.options.drop_negative = true;
      } else if (w.rfind("-source_path=", 0) == 0) {
        cmd.options.source_path = w.substr(13);
      } else if (!w.empty() && w[0] == '-') {
        cmd.supported = false;
      } else {
        positional.push_back(w);
      }
    }
    if (!positional.empty()) cmd.source = positional.back();
    out.push_back(cmd);
  }
  return out;
}

class PprofDiffConformanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(PprofDir() / "reference-outputs" / "COMMANDS.tsv")) {
      GTEST_SKIP() << "pprof corpus not found at " << PprofDir();
    }
    setenv("TZ", "UTC", 1);  // pprof's Time: header uses the local zone
    tzset();
    commands_ = LoadCommands();
  }

  StatusOr<model::Profile> Diff(const DiffCommand& cmd) {
    auto source = pprof::ReadProfileFile((PprofDir() / cmd.source).string());
    if (!source.ok()) return source.status();
    auto base = pprof::ReadProfileFile((PprofDir() / cmd.base).string());
    if (!base.ok()) return base.status();
    return DiffProfiles(*source, *base, cmd.mode, cmd.normalize);
  }

  std::string Expected(const DiffCommand& cmd) {
    return ReadText(PprofDir() / "reference-outputs" / cmd.output);
  }

  // Renders the diff of every successful `view` command and compares it with
  // pprof's bytes; returns how many were compared.
  int CompareView(const std::string& view) {
    int compared = 0;
    for (const DiffCommand& cmd : commands_) {
      if (cmd.view != view || cmd.exit_code != 0) continue;
      SCOPED_TRACE(cmd.output);
      EXPECT_TRUE(cmd.supported);
      auto diff = Diff(cmd);
      EXPECT_TRUE(diff.ok()) << diff.status().message();
      if (!diff.ok()) continue;
      StatusOr<std::string> text = RenderView(view, *diff, cmd.options);
      EXPECT_TRUE(text.ok()) << text.status().message();
      if (text.ok()) EXPECT_EQ(*text, Expected(cmd));
      ++compared;
    }
    return compared;
  }

  std::vector<DiffCommand> commands_;
};

TEST_F(PprofDiffConformanceTest, TopMatchesByteForByte) { EXPECT_EQ(CompareView("top"), 11); }

TEST_F(PprofDiffConformanceTest, TreeMatchesByteForByte) { EXPECT_EQ(CompareView("tree"), 1); }

TEST_F(PprofDiffConformanceTest, RawMatchesByteForByte) { EXPECT_EQ(CompareView("raw"), 1); }

TEST_F(PprofDiffConformanceTest, IncompatiblePairFailsWithPprofsMessage) {
  int compared = 0;
  for (const DiffCommand& cmd : commands_) {
    if (cmd.exit_code == 0) continue;
    SCOPED_TRACE(cmd.output);
    auto diff = Diff(cmd);
    ASSERT_FALSE(diff.ok());
    // The reference holds "exit status 2; stderr:" and then pprof's message.
    std::string expected = Expected(cmd);
    std::string message = expected.substr(expected.find('\n') + 1);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    EXPECT_EQ(diff.status().message(), message);
    ++compared;
  }
  EXPECT_EQ(compared, 1);
}

}  // namespace
}  // namespace tracenote::profile
