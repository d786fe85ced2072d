// Conformance of the pprof views (top, tree, peek, list headers) with the
// reference outputs of the shared corpus (TRACENOTE_CORPUS_DIR/pprof):
//   * reference-outputs/COMMANDS.tsv: every .top/.top-cum/.top-<variant>/
//     .tree/.peek output byte for byte, and the header part of every .list
//     output (Total, ROUTINE and totals lines); diffs/ belong to the diff tests;
//   * the upstream pprof driver goldens whose flags we support, and
//     internal/report/testdata/source.rpt (list with sources).
// Outputs were made with TZ=UTC, so the test pins TZ.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/pprof/pprof_reader.h"
#include "profile/profile_list.h"
#include "profile/profile_top.h"
#include "profile/profile_tree.h"

namespace tracenote::profile {
namespace {

namespace fs = std::filesystem;

std::string CorpusDir() { return std::string(TRACENOTE_CORPUS_DIR) + "/pprof"; }

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void PinTimeZone() {
  setenv("TZ", "UTC", 1);
  tzset();
}

// A unified diff of two texts (via diff -u), cut to `max_lines`.
std::string UnifiedDiff(const std::string& want, const std::string& got, int max_lines = 80) {
  std::string dir = ::testing::TempDir();
  std::string a = dir + "/pprof_views_want.txt", b = dir + "/pprof_views_got.txt";
  std::ofstream(a, std::ios::binary) << want;
  std::ofstream(b, std::ios::binary) << got;
  std::string cmd = "diff -u --label want --label got '" + a + "' '" + b + "'";
  std::string out;
  if (FILE* f = popen(cmd.c_str(), "r")) {
    char buf[4096];
    int lines = 0;
    while (fgets(buf, sizeof(buf), f) != nullptr) {
      if (++lines > max_lines) {
        out += "...\n";
        break;
      }
      out += buf;
    }
    pclose(f);
  }
  std::remove(a.c_str());
  std::remove(b.c_str());
  return out;
}

// Splits a COMMANDS.tsv command: words separated by spaces, '...' quoting.
std::vector<std::string> SplitCommand(const std::string& cmd) {
  std::vector<std::string> out;
  std::string cur;
  bool in_quote = false, any = false;
  for (char c : cmd) {
    if (c == '\'') {
      in_quote = !in_quote;
      any = true;
    } else if (c == ' ' && !in_quote) {
      if (any) out.push_back(cur);
      cur.clear();
      any = false;
    } else {
      cur.push_back(c);
      any = true;
    }
  }
  if (any) out.push_back(cur);
  return out;
}

enum class Kind { kTop, kTree, kPeek, kList, kOther };

// One parsed pprof command line.
struct Command {
  Kind kind = Kind::kOther;
  std::string regex;
  std::string input;
  ViewOptions view;
  bool all_frames = false;
  std::string unsupported;  // the first flag we do not support
};

Command ParseCommand(const std::vector<std::string>& words) {
  Command c;
  for (size_t i = 1; i < words.size(); ++i) {
    const std::string& w = words[i];
    auto value = [&w](std::string_view flag) { return w.substr(flag.size()); };
    if (i + 1 == words.size() && w[0] != '-') {
      c.input = w;
    } else if (w == "-symbolize=none" || w == "-flat" || w == "-trim") {
    } else if (w == "-top" || w == "-text") {
      c.kind = Kind::kTop;
    } else if (w == "-tree") {
      c.kind = Kind::kTree;
    } else if (w.rfind("-peek=", 0) == 0) {
      c.kind = Kind::kPeek;
      c.regex = value("-peek=");
    } else if (w.rfind("-list=", 0) == 0) {
      c.kind = Kind::kList;
      c.regex = value("-list=");
    } else if (w == "-cum") {
      c.view.cum_sort = true;
    } else if (w.rfind("-sample_index=", 0) == 0) {
      c.view.sample_index = value("-sample_index=");
    } else if (w == "-mean_delay") {
      c.view.sample_index = "delay";
      c.view.mean = true;
    } else if (w == "-contentions" || w == "-alloc_objects" || w == "-alloc_space" ||
               w == "-inuse_objects" || w == "-inuse_space") {
      c.view.sample_index = w.substr(1);
    } else if (w.rfind("-unit=", 0) == 0) {
      c.view.unit = value("-unit=");
    } else if (w == "-noinlines") {
      c.view.noinlines = true;
    } else if (w.rfind("-nodefraction=", 0) == 0) {
      c.view.nodefraction = std::atof(value("-nodefraction=").c_str());
    } else if (w.rfind("-edgefraction=", 0) == 0) {
      c.view.edgefraction = std::atof(value("-edgefraction=").c_str());
    } else if (w.rfind("-nodecount=", 0) == 0) {
      c.view.nodecount = std::atoi(value("-nodecount=").c_str());
    } else if (w == "-compact_labels") {
      c.view.compact_labels = true;
    } else if (w == "-all_frames") {
      c.all_frames = true;
    } else if (w == "-functions" || w == "-filefunctions" || w == "-files" || w == "-lines" ||
               w == "-addresses") {
      c.view.granularity = ParseGranularity(w.substr(1)).value();
    } else if (w.rfind("-source_path=", 0) == 0) {
      c.view.source_path = value("-source_path=");
    } else if (w.rfind("-trim_path=", 0) == 0) {
      c.view.trim_path = value("-trim_path=");
    } else if (c.unsupported.empty()) {
      c.unsupported = w;
    }
  }
  return c;
}

// The header part of a list output: Total, ROUTINE, totals and "No source" lines.
std::string ListHeaders(const std::string& text) {
  std::string out;
  std::istringstream in(text);
  std::string line;
  bool after_routine = false;
  while (std::getline(in, line)) {
    bool keep = line.rfind("Total: ", 0) == 0 || line.rfind("ROUTINE ", 0) == 0 ||
                line.rfind("No source information for ", 0) == 0 || after_routine;
    after_routine = line.rfind("ROUTINE ", 0) == 0;
    if (keep) out += line + "\n";
  }
  return out;
}

StatusOr<std::string> RunView(const Command& c, const std::string& input_path) {
  pprof::ReadOptions ro;
  ro.all_frames = c.all_frames;
  ASSIGN_OR_RETURN(model::Profile p, pprof::ReadProfileFile(input_path, ro));
  switch (c.kind) {
    case Kind::kTop: {
      ASSIGN_OR_RETURN(TopView v, ComputeTop(p, c.view));
      return FormatTopText(v);
    }
    case Kind::kTree: {
      ASSIGN_OR_RETURN(TreeView v, ComputeTree(p, c.view));
      return FormatTreeText(v);
    }
    case Kind::kPeek: {
      ASSIGN_OR_RETURN(TreeView v, ComputePeek(p, c.regex, c.view));
      return FormatTreeText(v);
    }
    case Kind::kList: {
      ListOptions lo;
      lo.view = c.view;
      lo.use_goroot = false;
      lo.pprof_errors = true;
      ASSIGN_OR_RETURN(ListView v, ComputeList(p, c.regex, lo));
      return FormatListText(v);
    }
    case Kind::kOther:
      break;
  }
  return Status(StatusCode::kInternal, "unsupported view");
}

struct Tally {
  int matched = 0, failed = 0, skipped = 0, known = 0;
};

// Outputs we knowingly do not reproduce, with the reason.
const std::map<std::string, std::string>& KnownDifferences() {
  static const std::map<std::string, std::string> known = {
      {"pyroscope/pkg/pprof/testdata/single_group_with_optional_span_id.pb.gz.top-files.txt",
       "order of rows with equal flat and equal printed name (several functions of one file "
       "at -files): we sort them by |cum| like graph.go's FlatNameOrder and Go 1.19's pprof; "
       "the reference pprof printed another order"},
  };
  return known;
}

std::string KindOf(const std::string& output) {
  for (const char* k : {".top-cum.txt", ".top.txt", ".tree.txt", ".peek.txt", ".list.txt"}) {
    if (output.size() > std::strlen(k) &&
        output.compare(output.size() - std::strlen(k), std::strlen(k), k) == 0) {
      return k;
    }
  }
  size_t p = output.rfind(".top-");
  if (p != std::string::npos && output.size() > 4 &&
      output.compare(output.size() - 4, 4, ".txt") == 0) {
    return ".top-<variant>.txt";
  }
  return "";
}

TEST(PprofViewsConformanceTest, ReferenceOutputs) {
  const std::string refs = CorpusDir() + "/reference-outputs";
  if (!fs::exists(refs + "/COMMANDS.tsv")) GTEST_SKIP() << "no corpus at " << refs;
  PinTimeZone();
  std::map<std::string, Tally> tally;
  std::istringstream tsv(ReadAll(refs + "/COMMANDS.tsv"));
  std::string row;
  while (std::getline(tsv, row)) {
    std::vector<std::string> cols;
    std::stringstream rs(row);
    std::string col;
    while (std::getline(rs, col, '\t')) cols.push_back(col);
    if (cols.size() < 3) continue;
    const std::string& output = cols[0];
    if (output.rfind("diffs/", 0) == 0) continue;
    std::string kind = KindOf(output);
    if (kind.empty()) continue;
    Tally& t = tally[kind];
    Command c = ParseCommand(SplitCommand(cols[2]));
    if (!c.unsupported.empty() || c.kind == Kind::kOther) {
      ++t.skipped;
      std::printf("skip %s: flag %s not supported\n", output.c_str(), c.unsupported.c_str());
      continue;
    }
    std::string want = ReadAll(refs + "/" + output);
    auto got = RunView(c, CorpusDir() + "/" + c.input);
    if (cols[1] != "0") {
      // pprof rejected the input; so must we.
      if (got.ok()) {
        ++t.failed;
        ADD_FAILURE() << output << ": pprof rejects it (" << want << ") but we accept it";
      } else {
        ++t.matched;
      }
      continue;
    }
    if (!got.ok() && got.status().code() == StatusCode::kUnsupported) {
      ++t.skipped;
      std::printf("skip %s: the reader does not read it: %s\n", output.c_str(),
                  got.status().message().c_str());
      continue;
    }
    if (!got.ok()) {
      ++t.failed;
      ADD_FAILURE() << output << ": " << got.status().message();
      continue;
    }
    std::string g = *got;
    if (c.kind == Kind::kList) {
      want = ListHeaders(want);
      g = ListHeaders(g);
    }
    if (g == want) {
      ++t.matched;
    } else if (auto k = KnownDifferences().find(output); k != KnownDifferences().end()) {
      ++t.known;
      std::printf("known difference %s: %s\n", output.c_str(), k->second.c_str());
    } else {
      ++t.failed;
      ADD_FAILURE() << output << " differs:\n" << UnifiedDiff(want, g);
    }
  }
  for (const auto& [kind, t] : tally) {
    std::printf("%-20s matched %d, failed %d, known differences %d, skipped %d\n", kind.c_str(),
                t.matched, t.failed, t.known, t.skipped);
  }
}

// Upstream goldens of the pprof driver whose flags we support; inputs in
// google-pprof/golden-inputs, common flags of the upstream test.
TEST(PprofViewsConformanceTest, UpstreamDriverGoldens) {
  const std::string dir = CorpusDir() + "/google-pprof";
  if (!fs::exists(dir + "/golden-inputs")) GTEST_SKIP() << "no corpus at " << dir;
  PinTimeZone();
  struct Case {
    const char* golden;
    const char* input;
    const char* flags;
  };
  const Case cases[] = {
      {"pprof.cpu.flat.functions.text", "cpu.pb.gz", "-text -functions -flat"},
      {"pprof.cpu.flat.functions.noinlines.text", "cpu.pb.gz", "-text -functions -noinlines -flat"},
      {"pprof.cpu.flat.filefunctions.noinlines.text", "cpu.pb.gz",
       "-text -filefunctions -noinlines -flat"},
      {"pprof.cpu.flat.addresses.noinlines.text", "cpu.pb.gz", "-text -addresses -noinlines -flat"},
      {"pprof.cpusmall.flat.addresses.tree", "cpusmall.pb.gz",
       "-tree -addresses -flat -nodecount=4"},
      {"pprof.heap_alloc.flat.alloc_objects.text", "heap_alloc.pb.gz",
       "-text -alloc_objects -flat"},
      {"pprof.heap.flat.files.text", "heap.pb.gz", "-text -files -flat"},
      {"pprof.heap.flat.inuse_objects.text", "heap.pb.gz", "-text -inuse_objects -flat"},
      {"pprof.heap.flat.inuse_objects.text.all_frames", "heap_all_frames.pb.gz",
       "-text -inuse_objects -flat -all_frames"},
      {"pprof.cpu.lines.topproto", "cpu_topproto.pb.gz", "-lines -text"},
      {"pprof.long_name_funcs.text", "long_name_funcs.pb.gz", "-text"},
      {"pprof.cpu.peek", "cpu.pb.gz", "-peek=line.*01"},
  };
  int matched = 0;
  for (const Case& k : cases) {
    std::string cmd = std::string(
                          "pprof -nodecount=20 -nodefraction=0.05 -edgefraction=0.01 "
                          "-compact_labels -unit=minimum ") +
                      k.flags + " " + k.input;
    Command c = ParseCommand(SplitCommand(cmd));
    ASSERT_TRUE(c.unsupported.empty()) << k.golden << ": " << c.unsupported;
    auto got = RunView(c, dir + "/golden-inputs/" + k.input);
    ASSERT_TRUE(got.ok()) << k.golden << ": " << got.status().message();
    std::string want = ReadAll(dir + "/internal/driver/testdata/" + k.golden);
    if (*got == want) {
      ++matched;
    } else {
      ADD_FAILURE() << k.golden << " differs:\n" << UnifiedDiff(want, *got);
    }
  }
  std::printf("upstream driver goldens matched %d of %zu\n", matched, std::size(cases));
}

// internal/report/testdata/source.rpt: `list . --trim-path /some/path
// --sample-index 1` with the source directory as search path.
TEST(PprofViewsConformanceTest, UpstreamSourceReport) {
  const std::string dir = CorpusDir() + "/google-pprof";
  const std::string input = dir + "/golden-inputs/report_testProfile.pb.gz";
  if (!fs::exists(input)) GTEST_SKIP() << "no corpus at " << dir;
  PinTimeZone();
  auto p = pprof::ReadProfileFile(input);
  ASSERT_TRUE(p.ok()) << p.status().message();
  ListOptions lo;
  lo.view.sample_index = "1";
  lo.view.trim_path = "/some/path";
  lo.view.source_path = dir + "/internal/report/testdata";
  lo.use_goroot = false;
  lo.pprof_errors = true;
  auto list = ComputeList(*p, ".", lo);
  ASSERT_TRUE(list.ok()) << list.status().message();
  std::string want = ReadAll(dir + "/internal/report/testdata/source.rpt");
  std::string got = FormatListText(*list);
  EXPECT_EQ(got, want) << UnifiedDiff(want, got);
}

}  // namespace
}  // namespace tracenote::profile
