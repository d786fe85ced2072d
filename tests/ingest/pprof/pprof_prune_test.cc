// drop_frames / keep_frames pruning (format doc §6) through the reader, and
// pprof's function-name simplification.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/pprof/pprof_reader.h"
#include "ingest/pprof/prune.h"
#include "tools/pprof_test_writer.h"

namespace tracenote::pprof {
namespace {

using pprof_test::ProfileBuilder;

std::vector<uint64_t> StackIds(const model::Profile& p, size_t sample) {
  std::vector<uint64_t> ids;
  for (uint32_t loc : p.stack(sample)) ids.push_back(p.locations[loc].id);
  return ids;
}

// Locations: 1 = tcmalloc internal (leaf), 2 = malloc, 3 = user code with
// an inlined allocator line inside, 4 = main (root).
ProfileBuilder AllocProfile() {
  ProfileBuilder b;
  b.SampleType("space", "bytes");
  b.AddMapping("/bin/app");
  const uint64_t internal = b.AddFunction("tcmalloc::Internal(int)");
  const uint64_t malloc_fn = b.AddFunction("malloc");
  const uint64_t user = b.AddFunction("user::Build(std::string const&)");
  const uint64_t opnew = b.AddFunction("operator new(unsigned long)");
  const uint64_t main_fn = b.AddFunction("main");
  b.AddLocation(0x10, {{internal, 1}}, 1);
  b.AddLocation(0x20, {{malloc_fn, 2}}, 1);
  b.AddLocation(0x30, {{opnew, 3}, {user, 4}}, 1);  // operator new inlined into user
  b.AddLocation(0x40, {{main_fn, 5}}, 1);
  b.AddSample({1, 2, 3, 4}, {100});  // leaf first
  b.AddSample({3, 4}, {10});
  b.AddSample({1, 2}, {1});  // the root is an allocator frame: never pruned above a user frame
  return b;
}

TEST(PprofPruneTest, DropFramesCutsBelowTheFirstUserFrame) {
  ProfileBuilder b = AllocProfile();
  b.DropFrames("malloc|operator new.*");
  auto p = ReadProfile(b.Serialize(), "t");
  ASSERT_TRUE(p.ok()) << p.status().message();
  // Location 3 matched on an inner line: it keeps its outer line (user) and
  // stays in the stack; everything leaf-ward of it goes.
  EXPECT_EQ(StackIds(*p, 0), (std::vector<uint64_t>{3, 4}));
  EXPECT_EQ(StackIds(*p, 1), (std::vector<uint64_t>{3, 4}));
  EXPECT_EQ(StackIds(*p, 2), (std::vector<uint64_t>{1, 2}));
  const auto lines = p->location_lines(p->locations[2]);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(p->str(p->functions[lines[0].function].name_str), "user::Build(std::string const&)");
}

TEST(PprofPruneTest, WholeLocationMatchIsDroppedToo) {
  ProfileBuilder b = AllocProfile();
  b.DropFrames("malloc");
  auto p = ReadProfile(b.Serialize(), "t");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(StackIds(*p, 0), (std::vector<uint64_t>{3, 4}));  // 2 matched on its only line
  EXPECT_EQ(StackIds(*p, 1), (std::vector<uint64_t>{3, 4}));
}

TEST(PprofPruneTest, KeepFramesProtectsMatches) {
  ProfileBuilder b = AllocProfile();
  b.DropFrames("malloc|operator new.*").KeepFrames("operator new.*");
  auto p = ReadProfile(b.Serialize(), "t");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(StackIds(*p, 0), (std::vector<uint64_t>{3, 4}));  // cut at malloc (loc 2)
  EXPECT_EQ(p->location_lines(p->locations[2]).size(), 2u);
}

TEST(PprofPruneTest, AllFramesSkipsPruning) {
  ProfileBuilder b = AllocProfile();
  b.DropFrames("malloc|operator new.*");
  ReadOptions options;
  options.all_frames = true;
  auto p = ReadProfile(b.Serialize(), "t", options);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(StackIds(*p, 0), (std::vector<uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(p->location_lines(p->locations[2]).size(), 2u);
}

TEST(PprofPruneTest, RegexpIsAnchored) {
  ProfileBuilder b = AllocProfile();
  b.DropFrames("mall");  // matches no whole name
  auto p = ReadProfile(b.Serialize(), "t");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(StackIds(*p, 0), (std::vector<uint64_t>{1, 2, 3, 4}));
}

TEST(PprofPruneTest, BadRegexpIsAnAnomaly) {
  ProfileBuilder b = AllocProfile();
  b.DropFrames("(unclosed");
  auto p = ReadProfile(b.Serialize(), "t");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(StackIds(*p, 0), (std::vector<uint64_t>{1, 2, 3, 4}));
  ASSERT_FALSE(p->anomalies.empty());
  EXPECT_EQ(p->anomalies.back().id, "bad-drop_frames-regexp");
}

TEST(PprofPruneTest, SimplifyFunctionName) {
  EXPECT_EQ(SimplifyFunctionName(".foo"), "foo");
  EXPECT_EQ(SimplifyFunctionName("std::vector<int>::push_back(int const&)"),
            "std::vector<int>::push_back");
  EXPECT_EQ(SimplifyFunctionName("(anonymous namespace)::f(int)"), "(anonymous namespace)::f");
  EXPECT_EQ(SimplifyFunctionName("Foo::operator()(int)"), "Foo::operator()");
  EXPECT_EQ(SimplifyFunctionName("pkg.(*T).M"), "pkg.");
  EXPECT_EQ(SimplifyFunctionName("plain"), "plain");
}

}  // namespace
}  // namespace tracenote::pprof
