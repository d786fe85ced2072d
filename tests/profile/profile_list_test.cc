// list on small hand-built profiles: ranges, totals, missing sources, GOROOT.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "profile/model_builder.h"
#include "profile/profile_list.h"

namespace tracenote::profile {
namespace {

TEST(ListTest, RangesTotalsAndMissingSource) {
  ModelBuilder b;
  uint32_t f = b.Func("main.hot", "/nonexistent-dir/hot.go");
  uint32_t l1 = b.Loc({{f, 20}});
  uint32_t l2 = b.Loc({{f, 30}});
  b.Sample({l1, l2}, {7});
  b.Sample({l2}, {3});
  ListOptions lo;
  lo.use_goroot = false;
  auto list = ComputeList(b.profile(), "hot", lo);
  ASSERT_TRUE(list.ok()) << list.status().message();
  ASSERT_EQ(list->routines.size(), 1u);
  const ListRoutine& r = list->routines[0];
  EXPECT_EQ(r.flat, 10);
  EXPECT_EQ(r.cum, 17);  // plain sum over line nodes: can exceed the total
  EXPECT_EQ(r.percent, "170.00%");
  EXPECT_FALSE(r.source_found);
  EXPECT_EQ(r.error, "open /nonexistent-dir/hot.go: no such file or directory");
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[0].line, 20);
  std::string text = FormatListText(*list);
  EXPECT_EQ(text.substr(0, text.find(" Source")),
            "Total: 10ns\n"
            "ROUTINE ======================== main.hot in /nonexistent-dir/hot.go\n"
            "      10ns       17ns (flat, cum) 170.00% of Total\n");
  lo.pprof_errors = true;
  list = ComputeList(b.profile(), "hot", lo);
  ASSERT_TRUE(list.ok()) << list.status().message();
  EXPECT_NE(FormatListText(*list).find(
                " Error: open /nonexistent-dir/hot.go: no such file or directory\n"),
            std::string::npos);

  EXPECT_FALSE(ComputeList(b.profile(), "nomatch", lo).ok());
}

// A profile may name a device as its source file; reading it would never end.
TEST(ListTest, DeviceIsNotReadAsSource) {
  if (!std::filesystem::exists("/dev/zero")) GTEST_SKIP() << "no /dev/zero";
  ModelBuilder b;
  uint32_t f = b.Func("main.dev", "/dev/zero");
  b.Sample({b.Loc({{f, 3}})}, {1});
  ListOptions lo;
  lo.use_goroot = false;
  auto list = ComputeList(b.profile(), "dev", lo);
  ASSERT_TRUE(list.ok()) << list.status().message();
  ASSERT_EQ(list->routines.size(), 1u);
  EXPECT_FALSE(list->routines[0].source_found);
  EXPECT_EQ(list->routines[0].error, "open /dev/zero: not a regular file");
}

// Line numbers are whatever the profile says; the range around them must not
// overflow (UBSan builds abort on signed overflow).
TEST(ListTest, ExtremeLineNumbers) {
  ModelBuilder b;
  uint32_t f = b.Func("main.odd", "/nonexistent-dir/odd.go");
  b.Sample({b.Loc({{f, INT64_MIN + 1}})}, {1});
  b.Sample({b.Loc({{f, INT64_MAX}})}, {2});
  ListOptions lo;
  lo.use_goroot = false;
  auto list = ComputeList(b.profile(), "odd", lo);
  ASSERT_TRUE(list.ok()) << list.status().message();
  ASSERT_EQ(list->routines.size(), 1u);
  ASSERT_EQ(list->routines[0].lines.size(), 2u);
  EXPECT_EQ(list->routines[0].lines[0].line, INT64_MIN + 1);
  EXPECT_EQ(list->routines[0].lines[1].line, INT64_MAX);
  EXPECT_EQ(list->routines[0].flat, 3);
}

TEST(ListTest, ReadsSourceRange) {
  std::string dir = ::testing::TempDir();
  std::string path = dir + "/list_test_src.go";
  {
    std::ofstream out(path);
    for (int i = 1; i <= 40; ++i) out << "line" << i << "\n";
  }
  ModelBuilder b;
  uint32_t f = b.Func("main.f", path);
  uint32_t l1 = b.Loc({{f, 12}});
  uint32_t l2 = b.Loc({{f, 14}});
  b.Sample({l1}, {1});
  b.Sample({l2}, {2});
  ListOptions lo;
  auto list = ComputeList(b.profile(), "main\\.f$", lo);
  ASSERT_TRUE(list.ok());
  const ListRoutine& r = list->routines[0];
  ASSERT_TRUE(r.source_found);
  ASSERT_FALSE(r.lines.empty());
  EXPECT_EQ(r.lines.front().line, 7);
  EXPECT_EQ(r.lines.back().line, 19);
  EXPECT_EQ(r.lines[5].source, "line12");
  EXPECT_EQ(r.lines[5].flat_text, "1ns");
  EXPECT_EQ(r.lines[0].flat_text, ".");

  // With start_line the range begins at the function's first line.
  b.profile().functions[f].start_line = 3;
  list = ComputeList(b.profile(), "main\\.f$", lo);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->routines[0].lines.front().line, 3);
  std::remove(path.c_str());
}

TEST(ListTest, FindsStandardLibraryUnderGoroot) {
  namespace fs = std::filesystem;
  std::string root = ::testing::TempDir() + "/list_test_goroot";
  fs::create_directories(root + "/src/runtime");
  {
    std::ofstream out(root + "/src/runtime/fake.go");
    for (int i = 1; i <= 20; ++i) out << "rt" << i << "\n";
  }
  const char* old_goroot = std::getenv("GOROOT");
  std::string saved = old_goroot != nullptr ? old_goroot : "";
  setenv("GOROOT", root.c_str(), 1);
  ModelBuilder b;
  // A -trimpath name and a build-machine absolute name.
  uint32_t f1 = b.Func("runtime.a", "runtime/fake.go");
  uint32_t f2 = b.Func("runtime.b", "/opt/buildhost/go/src/runtime/fake.go");
  b.Sample({b.Loc({{f1, 10}})}, {1});
  b.Sample({b.Loc({{f2, 12}})}, {1});
  ListOptions lo;
  lo.view.source_path = "/nonexistent";
  auto list = ComputeList(b.profile(), "runtime", lo);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->routines.size(), 2u);
  for (const ListRoutine& r : list->routines) {
    EXPECT_TRUE(r.source_found) << r.name << ": " << r.error;
    EXPECT_EQ(fs::path(r.resolved_path),
              fs::path(root + "/src/runtime/fake.go").lexically_normal());
  }
  // The header still shows the recorded name, as pprof does.
  EXPECT_EQ(list->routines[0].file, "runtime/fake.go");
  lo.use_goroot = false;
  list = ComputeList(b.profile(), "runtime", lo);
  ASSERT_TRUE(list.ok());
  EXPECT_FALSE(list->routines[0].source_found);
  EXPECT_EQ(list->routines[0].error, "could not find file runtime/fake.go on path /nonexistent");
  if (old_goroot != nullptr) {
    setenv("GOROOT", saved.c_str(), 1);
  } else {
    unsetenv("GOROOT");
  }
  fs::remove_all(root);
}

}  // namespace
}  // namespace tracenote::profile
