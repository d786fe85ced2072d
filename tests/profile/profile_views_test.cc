// Graph, top, tree and peek on small hand-built profiles (list: profile_list_test.cc).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/profile_model.h"
#include "profile/model_builder.h"
#include "profile/profile_graph.h"
#include "profile/profile_top.h"
#include "profile/profile_tree.h"

namespace tracenote::profile {
namespace {

const TopRow* FindRow(const TopView& v, const std::string& name) {
  for (const TopRow& r : v.rows) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

// main -> fib -> fib -> fib (recursion) and main -> work.
model::Profile RecursiveProfile() {
  ModelBuilder b;
  uint32_t fmain = b.Func("main.main", "/src/main.go");
  uint32_t ffib = b.Func("main.fib", "/src/fib.go");
  uint32_t fwork = b.Func("main.work", "/src/work.go");
  uint32_t lmain = b.Loc({{fmain, 10}});
  uint32_t lfib1 = b.Loc({{ffib, 20}});
  uint32_t lfib2 = b.Loc({{ffib, 21}});
  uint32_t lwork = b.Loc({{fwork, 30}});
  b.Sample({lfib2, lfib1, lfib1, lmain}, {30});
  b.Sample({lwork, lmain}, {10});
  b.Sample({lfib1, lmain}, {5});
  return std::move(b.profile());
}

TEST(GraphTest, CumCountsRecursionOncePerSample) {
  model::Profile p = RecursiveProfile();
  ViewOptions o;
  auto top = ComputeTop(p, o);
  ASSERT_TRUE(top.ok()) << top.status().message();
  const TopRow* fib = FindRow(*top, "main.fib");
  ASSERT_NE(fib, nullptr);
  EXPECT_EQ(fib->flat, 35);
  EXPECT_EQ(fib->cum, 35);
  const TopRow* main = FindRow(*top, "main.main");
  ASSERT_NE(main, nullptr);
  EXPECT_EQ(main->flat, 0);
  EXPECT_EQ(main->cum, 45);
  EXPECT_EQ(top->total, 45);
  // Sorted by flat: fib, work, main.
  ASSERT_EQ(top->rows.size(), 3u);
  EXPECT_EQ(top->rows[0].name, "main.fib");
  EXPECT_EQ(top->rows[1].name, "main.work");
  EXPECT_EQ(top->rows[2].name, "main.main");
}

TEST(GraphTest, LineGranularityMakesOneNodePerLine) {
  model::Profile p = RecursiveProfile();
  ViewOptions o;
  o.granularity = Granularity::kLines;
  auto top = ComputeTop(p, o);
  ASSERT_TRUE(top.ok());
  const TopRow* l20 = FindRow(*top, "main.fib /src/fib.go:20");
  const TopRow* l21 = FindRow(*top, "main.fib /src/fib.go:21");
  ASSERT_NE(l20, nullptr);
  ASSERT_NE(l21, nullptr);
  EXPECT_EQ(l20->cum, 35);
  EXPECT_EQ(l20->flat, 5);
  EXPECT_EQ(l21->flat, 30);
}

TEST(GraphTest, CumSortAndText) {
  model::Profile p = RecursiveProfile();
  ViewOptions o;
  o.cum_sort = true;
  auto top = ComputeTop(p, o);
  ASSERT_TRUE(top.ok());
  EXPECT_EQ(top->rows[0].name, "main.main");
  std::string text = FormatTopText(*top);
  EXPECT_EQ(text,
            "Type: cpu\n"
            "Showing nodes accounting for 45ns, 100% of 45ns total\n"
            "      flat  flat%   sum%        cum   cum%\n"
            "         0     0%     0%       45ns   100%  main.main\n"
            "      35ns 77.78% 77.78%       35ns 77.78%  main.fib\n"
            "      10ns 22.22%   100%       10ns 22.22%  main.work\n");
}

// outer calls inner, inlined into the same location; inner is also called
// from a non-inlined site.
model::Profile InlineProfile() {
  ModelBuilder b;
  uint32_t fouter = b.Func("pkg.outer", "/src/a.go");
  uint32_t finner = b.Func("pkg.inner", "/src/a.go");
  uint32_t fother = b.Func("pkg.other", "/src/b.go");
  uint32_t linl = b.Loc({{finner, 5}, {fouter, 15}}, 0x1000);
  uint32_t lother = b.Loc({{fother, 40}}, 0x2000);
  uint32_t linner = b.Loc({{finner, 6}}, 0x3000);
  b.Sample({linl}, {100});
  b.Sample({linner, lother}, {50});
  return std::move(b.profile());
}

TEST(GraphTest, InlineMarks) {
  model::Profile p = InlineProfile();
  ViewOptions o;
  auto top = ComputeTop(p, o);
  ASSERT_TRUE(top.ok());
  const TopRow* inner = FindRow(*top, "pkg.inner");
  ASSERT_NE(inner, nullptr);
  EXPECT_EQ(inner->flat, 150);
  EXPECT_EQ(inner->inline_kind, InlineKind::kPartialInline);
  const TopRow* outer = FindRow(*top, "pkg.outer");
  ASSERT_NE(outer, nullptr);
  EXPECT_EQ(outer->flat, 0);
  EXPECT_EQ(outer->cum, 100);
}

TEST(GraphTest, NoInlinesMovesCostToCaller) {
  model::Profile p = InlineProfile();
  ViewOptions o;
  o.noinlines = true;
  auto top = ComputeTop(p, o);
  ASSERT_TRUE(top.ok());
  const TopRow* outer = FindRow(*top, "pkg.outer");
  ASSERT_NE(outer, nullptr);
  EXPECT_EQ(outer->flat, 100);
  const TopRow* inner = FindRow(*top, "pkg.inner");
  ASSERT_NE(inner, nullptr);
  EXPECT_EQ(inner->flat, 50);
  EXPECT_EQ(inner->inline_kind, InlineKind::kNone);
}

TEST(GraphTest, AddressesGranularity) {
  model::Profile p = InlineProfile();
  ViewOptions o;
  o.granularity = Granularity::kAddresses;
  auto top = ComputeTop(p, o);
  ASSERT_TRUE(top.ok());
  EXPECT_NE(FindRow(*top, "0000000000001000 pkg.inner /src/a.go:5"), nullptr);
  EXPECT_NE(FindRow(*top, "0000000000001000 pkg.outer /src/a.go:15"), nullptr);
}

TEST(GraphTest, FilesAndFileFunctions) {
  model::Profile p = InlineProfile();
  ViewOptions o;
  o.granularity = Granularity::kFiles;
  auto top = ComputeTop(p, o);
  ASSERT_TRUE(top.ok());
  const TopRow* a = FindRow(*top, "/src/a.go");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->flat, 150);
  o.granularity = Granularity::kFileFunctions;
  top = ComputeTop(p, o);
  ASSERT_TRUE(top.ok());
  EXPECT_NE(FindRow(*top, "pkg.inner /src/a.go"), nullptr);
}

TEST(TrimTest, NodefractionAndNodecountLines) {
  ModelBuilder b;
  std::vector<uint32_t> locs;
  for (int i = 0; i < 20; ++i) {
    uint32_t f = b.Func("f" + std::to_string(100 + i), "/x.go");
    locs.push_back(b.Loc({{f, 1}}));
  }
  // f100 gets 1000, f101..f119 get 1 each.
  b.Sample({locs[0]}, {1000});
  for (int i = 1; i < 20; ++i) b.Sample({locs[i]}, {1});
  model::Profile p = std::move(b.profile());
  ViewOptions o;
  o.nodefraction = 0.005;  // cutoff int(1019*0.005) = 5
  auto top = ComputeTop(p, o);
  ASSERT_TRUE(top.ok());
  ASSERT_EQ(top->rows.size(), 1u);
  ASSERT_GE(top->header_lines.size(), 2u);
  EXPECT_EQ(top->header_lines[top->header_lines.size() - 2],
            "Showing nodes accounting for 1us, 98.14% of 1.02us total");
  EXPECT_EQ(top->header_lines.back(), "Dropped 19 nodes (cum <= 0.01us)");

  o.nodefraction = 0;
  o.nodecount = 3;
  top = ComputeTop(p, o);
  ASSERT_TRUE(top.ok());
  ASSERT_EQ(top->rows.size(), 3u);
  EXPECT_EQ(top->header_lines.back(), "Showing top 3 nodes out of 20");
  EXPECT_EQ(top->rows[1].name, "f101");  // ties broken by name
}

TEST(TreeTest, CallersAndCallees) {
  model::Profile p = RecursiveProfile();
  ViewOptions o;
  auto tree = ComputeTree(p, o);
  ASSERT_TRUE(tree.ok());
  ASSERT_EQ(tree->nodes.size(), 3u);
  const TreeNodeRow& fib = tree->nodes[0];
  EXPECT_EQ(fib.name, "main.fib");
  ASSERT_EQ(fib.callers.size(), 1u);
  EXPECT_EQ(fib.callers[0].name, "main.main");
  EXPECT_EQ(fib.callers[0].weight, 35);
  EXPECT_TRUE(fib.callees.empty());  // self-recursion is not an edge
  std::string text = FormatTreeText(*tree);
  EXPECT_NE(text.find("                                              35ns   100% |   main.main\n"),
            std::string::npos)
      << text;

  auto peek = ComputePeek(p, "work", o);
  ASSERT_TRUE(peek.ok());
  ASSERT_EQ(peek->nodes.size(), 1u);
  EXPECT_EQ(peek->nodes[0].name, "main.work");
  auto none = ComputePeek(p, "nomatch", o);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(), "no matches found for regexp: nomatch");
}

TEST(SampleSelectionTest, NamesNumbersAndInuseAlias) {
  ModelBuilder b(true);
  model::Profile& p = b.profile();
  auto s = SelectSample(p, "", false);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->index, 1);
  s = SelectSample(p, "0", false);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->type, "samples");
  s = SelectSample(p, "inuse_cpu", true);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->index, 1);
  EXPECT_EQ(s->type, "mean_cpu");
  EXPECT_FALSE(SelectSample(p, "7", false).ok());
  EXPECT_FALSE(SelectSample(p, "space", false).ok());
}

TEST(SampleSelectionTest, MeanDividesByCount) {
  ModelBuilder b(true);
  uint32_t f = b.Func("f", "/f.go");
  uint32_t l = b.Loc({{f, 1}});
  b.Sample({l}, {2, 100});
  b.Sample({l}, {3, 400});
  ViewOptions o;
  o.mean = true;
  auto top = ComputeTop(b.profile(), o);
  ASSERT_TRUE(top.ok());
  EXPECT_EQ(top->total, 100);
  EXPECT_EQ(top->rows[0].flat, 100);
  EXPECT_EQ(top->header_lines[0], "Type: mean_cpu");
}

TEST(PathTest, CleanAndTrim) {
  EXPECT_EQ(CleanPath("/a/b/../c//d/./e"), "/a/c/d/e");
  EXPECT_EQ(CleanPath("../a/.."), "..");
  EXPECT_EQ(CleanPath(""), ".");
  EXPECT_EQ(TrimSourcePath("/proc/self/cwd/x/y.go", "", ""), "x/y.go");
  EXPECT_EQ(TrimSourcePath("/some/path/pkg/y.go", "/some/path", ""), "pkg/y.go");
  EXPECT_EQ(TrimSourcePath("/remote/proj/foo/bar.c", "", "/local/proj"), "foo/bar.c");
  // Search directories: empty parts and trailing slashes (Go's filepath.Base).
  EXPECT_EQ(TrimSourcePath("/remote/proj/foo/bar.c", "", "::/local/proj/"), "foo/bar.c");
  EXPECT_EQ(TrimSourcePath("/a/b.go", "/x:/a", ""), "b.go");
}

}  // namespace
}  // namespace tracenote::profile
