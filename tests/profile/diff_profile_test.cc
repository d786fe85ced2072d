// DiffProfiles and MergeProfiles, one case per rule of format doc §11.10,
// then on the project's sample profiles.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "ingest/pprof/pprof_reader.h"
#include "model/profile_model.h"
#include "profile/model_builder.h"
#include "profile/profile_merge.h"
#include "profile/profile_top.h"

namespace tracenote::profile {
namespace {

using Builder = ModelBuilder;

std::vector<std::string> Types(const model::Profile& p) {
  std::vector<std::string> out;
  for (const auto& st : p.sample_types) {
    out.push_back(std::string(p.str(st.type_str)) + "/" + std::string(p.str(st.unit_str)));
  }
  return out;
}

bool HasBaseLabel(const model::Profile& p, size_t s) {
  for (const auto& l : p.sample_labels(s)) {
    if (p.str(l.key_str) == "pprof::base" && p.str(l.str_str) == "true") return true;
  }
  return false;
}

// Two single-frame samples (main and work) in a profile with one mapping.
model::Profile Simple(std::vector<std::pair<std::string, std::string>> types, int64_t main_v,
                      int64_t work_v, uint64_t map_start = 0x1000) {
  Builder b(std::move(types));
  uint32_t m = b.Mapping(map_start, map_start + 0x10000, "/bin/app");
  uint32_t l1 = b.LocAt(m, map_start + 0x10, {"main"});
  uint32_t l2 = b.LocAt(m, map_start + 0x20, {"work"});
  std::vector<int64_t> v1(b.profile().sample_types.size(), main_v),
      v2(b.profile().sample_types.size(), work_v);
  b.Sample({l1}, v1);
  b.Sample({l2, l1}, v2);
  return b.profile();
}

TEST(DiffProfilesTest, KeepsCommonSampleTypesInSourceOrder) {
  model::Profile src = Simple({{"alloc_objects", "count"},
                               {"alloc_space", "bytes"},
                               {"inuse_objects", "count"},
                               {"inuse_space", "bytes"}},
                              4, 8);
  model::Profile base = Simple({{"inuse_space", "bytes"}, {"alloc_space", "bytes"}}, 1, 2);
  auto diff = DiffProfiles(src, base, DiffMode::kSubtractBase, false);
  ASSERT_TRUE(diff.ok()) << diff.status().message();
  EXPECT_EQ(Types(*diff), (std::vector<std::string>{"alloc_space/bytes", "inuse_space/bytes"}));
  // main: 4 - 1, work: 8 - 2 in both columns.
  ASSERT_EQ(diff->sample_count(), 2u);
  EXPECT_EQ(diff->value(0, 0), 3);
  EXPECT_EQ(diff->value(0, 1), 3);
  EXPECT_EQ(diff->value(1, 0), 6);
}

TEST(DiffProfilesTest, NoCommonSampleTypeIsAnError) {
  model::Profile src = Simple({{"cpu", "nanoseconds"}}, 1, 1);
  model::Profile base = Simple({{"inuse_space", "bytes"}}, 1, 1);
  auto diff = DiffProfiles(src, base, DiffMode::kDiffBase, false);
  ASSERT_FALSE(diff.ok());
  EXPECT_EQ(diff.status().message(), "profiles have empty common sample type list");
}

TEST(DiffProfilesTest, ConvertsUnitsToTheFinerOne) {
  model::Profile src = Simple({{"cpu", "nanoseconds"}}, 5'000'000, 1'000'000);
  model::Profile base = Simple({{"cpu", "milliseconds"}}, 2, 1);
  auto diff = DiffProfiles(src, base, DiffMode::kSubtractBase, false);
  ASSERT_TRUE(diff.ok()) << diff.status().message();
  EXPECT_EQ(Types(*diff), (std::vector<std::string>{"cpu/nanoseconds"}));
  // work nets out to zero and is dropped; main is 5ms - 2ms.
  ASSERT_EQ(diff->sample_count(), 1u);
  EXPECT_EQ(diff->value(0, 0), 3'000'000);
}

TEST(DiffProfilesTest, IncompatibleUnitsAreAnError) {
  model::Profile src = Simple({{"delay", "nanoseconds"}}, 1, 1);
  model::Profile base = Simple({{"delay", "bytes"}}, 1, 1);
  auto diff = DiffProfiles(src, base, DiffMode::kDiffBase, false);
  ASSERT_FALSE(diff.ok());
  EXPECT_NE(diff.status().message().find("incompatible"), std::string::npos)
      << diff.status().message();
}

TEST(DiffProfilesTest, CommonTypesMatchByExactName) {
  model::Profile src = Simple({{"contentions", "count"}}, 3, 3);
  model::Profile base = Simple({{"contention", "count"}}, 1, 1);
  // Names differ, so the common list is empty.
  EXPECT_FALSE(DiffProfiles(src, base, DiffMode::kSubtractBase, false).ok());
}

TEST(DiffProfilesTest, SubtractBaseNetsIdenticalStacksAndCompacts) {
  model::Profile src = Simple({{"inuse_space", "bytes"}}, 10, 7);
  Builder b(TypeList{{"inuse_space", "bytes"}});
  uint32_t m = b.Mapping(0x1000, 0x11000, "/bin/app");
  uint32_t l1 = b.LocAt(m, 0x1010, {"main"});
  uint32_t l3 = b.LocAt(m, 0x1030, {"gone"});
  b.Sample({l1}, {10});
  b.Sample({l3}, {0});  // all zero: dropped before merging
  auto diff = DiffProfiles(src, b.profile(), DiffMode::kSubtractBase, false);
  ASSERT_TRUE(diff.ok()) << diff.status().message();
  ASSERT_EQ(diff->sample_count(), 1u);
  EXPECT_EQ(diff->value(0, 0), 7);
  // Only "work" and "main" (work's caller) remain; "gone" is not in the tables.
  EXPECT_EQ(diff->locations.size(), 2u);
  for (const auto& f : diff->functions) EXPECT_NE(diff->str(f.name_str), "gone");
  EXPECT_EQ(diff->locations[0].id, 1u);
  EXPECT_EQ(diff->functions[0].id, 1u);
}

TEST(DiffProfilesTest, DiffBaseLabelsBaseSamplesAndKeepsThemApart) {
  model::Profile src = Simple({{"cpu", "nanoseconds"}}, 10, 7);
  model::Profile base = Simple({{"cpu", "nanoseconds"}}, 10, 3);
  auto diff = DiffProfiles(src, base, DiffMode::kDiffBase, false);
  ASSERT_TRUE(diff.ok()) << diff.status().message();
  ASSERT_EQ(diff->sample_count(), 4u);
  EXPECT_FALSE(HasBaseLabel(*diff, 0));
  EXPECT_FALSE(HasBaseLabel(*diff, 1));
  EXPECT_TRUE(HasBaseLabel(*diff, 2));
  EXPECT_TRUE(HasBaseLabel(*diff, 3));
  EXPECT_EQ(diff->value(2, 0), -10);
  EXPECT_EQ(diff->value(3, 0), -3);
  // Same stacks share the merged locations.
  EXPECT_EQ(diff->locations.size(), 2u);
  EXPECT_EQ(std::vector<uint32_t>(diff->stack(0).begin(), diff->stack(0).end()),
            std::vector<uint32_t>(diff->stack(2).begin(), diff->stack(2).end()));
}

TEST(DiffProfilesTest, NegationRoundsAndDropsZeroSamples) {
  model::Profile src = Simple({{"cpu", "nanoseconds"}}, 10, 7);
  model::Profile base = Simple({{"cpu", "nanoseconds"}}, 0, 0);
  auto diff = DiffProfiles(src, base, DiffMode::kDiffBase, false);
  ASSERT_TRUE(diff.ok());
  EXPECT_EQ(diff->sample_count(), 2u);  // base samples were all zero
  for (size_t s = 0; s < diff->sample_count(); ++s) EXPECT_FALSE(HasBaseLabel(*diff, s));
}

TEST(DiffProfilesTest, NormalizeScalesSourceToBaseTotal) {
  model::Profile src = Simple({{"cpu", "nanoseconds"}}, 3, 197);   // total 200
  model::Profile base = Simple({{"cpu", "nanoseconds"}}, 50, 50);  // total 100
  auto diff = DiffProfiles(src, base, DiffMode::kDiffBase, true);
  ASSERT_TRUE(diff.ok()) << diff.status().message();
  ASSERT_EQ(diff->sample_count(), 4u);
  EXPECT_EQ(diff->value(0, 0), 2);   // 1.5 rounds away from zero
  EXPECT_EQ(diff->value(1, 0), 99);  // 98.5 -> 99
  EXPECT_EQ(diff->value(2, 0), -50);
}

TEST(DiffProfilesTest, NormalizeOfZeroSourceGivesZero) {
  model::Profile src = Simple({{"cpu", "nanoseconds"}}, 5, -5);  // sums to 0
  model::Profile base = Simple({{"cpu", "nanoseconds"}}, 1, 1);
  auto diff = DiffProfiles(src, base, DiffMode::kSubtractBase, true);
  ASSERT_TRUE(diff.ok());
  // Source scaled by 0: only the negated base remains.
  ASSERT_EQ(diff->sample_count(), 2u);
  EXPECT_EQ(diff->value(0, 0), -1);
}

TEST(DiffProfilesTest, NormalizeNeedsIdenticalTypes) {
  model::Profile src = Simple({{"cpu", "nanoseconds"}, {"samples", "count"}}, 1, 1);
  model::Profile base = Simple({{"cpu", "nanoseconds"}}, 1, 1);
  auto diff = DiffProfiles(src, base, DiffMode::kDiffBase, true);
  ASSERT_FALSE(diff.ok());
  EXPECT_NE(diff.status().message().find("incompatible sample types"), std::string::npos);
}

TEST(DiffProfilesTest, LocationsMatchByAddressWithinMapping) {
  model::Profile src = Simple({{"cpu", "nanoseconds"}}, 10, 7, 0x400000);
  model::Profile base = Simple({{"cpu", "nanoseconds"}}, 4, 7, 0x7f0000000);  // ASLR moved it
  auto diff = DiffProfiles(src, base, DiffMode::kSubtractBase, false);
  ASSERT_TRUE(diff.ok());
  ASSERT_EQ(diff->sample_count(), 1u);
  EXPECT_EQ(diff->value(0, 0), 6);
  EXPECT_EQ(diff->mappings.size(), 1u);
  EXPECT_EQ(diff->mappings[0].memory_start, 0x400000u);
}

TEST(DiffProfilesTest, DifferentLinesAreDifferentLocations) {
  Builder a(TypeList{{"cpu", "nanoseconds"}});
  a.Sample({a.LocAt(model::kNoIndex, 0, {"f"}, 10)}, {5});
  Builder b(TypeList{{"cpu", "nanoseconds"}});
  b.Sample({b.LocAt(model::kNoIndex, 0, {"f"}, 11)}, {5});
  auto diff = DiffProfiles(a.profile(), b.profile(), DiffMode::kSubtractBase, false);
  ASSERT_TRUE(diff.ok());
  EXPECT_EQ(diff->sample_count(), 2u);
  EXPECT_EQ(diff->functions.size(), 1u);
  EXPECT_EQ(diff->locations.size(), 2u);
}

TEST(MergeProfilesTest, SameStackDifferentLabelsStayApart) {
  Builder a(TypeList{{"cpu", "nanoseconds"}});
  uint32_t l = a.LocAt(model::kNoIndex, 0x10, {"f"});
  a.Sample({l}, {1}, {{"k", "x"}, {"j", "y"}});
  a.Sample({l}, {2}, {{"j", "y"}, {"k", "x"}});  // same labels, other order
  a.Sample({l}, {4}, {{"k", "z"}});
  Builder b(TypeList{{"cpu", "nanoseconds"}});
  b.Sample({b.LocAt(model::kNoIndex, 0x10, {"f"})}, {8}, {{"k", "z"}});
  const model::Profile* inputs[] = {&a.profile(), &b.profile()};
  auto merged = MergeProfiles(inputs);
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  ASSERT_EQ(merged->sample_count(), 2u);
  EXPECT_EQ(merged->value(0, 0), 3);
  EXPECT_EQ(merged->value(1, 0), 12);
}

TEST(MergeProfilesTest, CombinesHeaders) {
  model::Profile a = Simple({{"cpu", "nanoseconds"}}, 1, 1);
  model::Profile b = Simple({{"cpu", "nanoseconds"}}, 1, 1);
  model::Profile c = Simple({{"cpu", "nanoseconds"}}, 1, 1);
  auto set = [](model::Profile& p, int64_t period, int64_t time, int64_t dur,
                std::vector<std::string> comments, std::string dflt, std::string doc,
                std::string drop) {
    p.period = period;
    p.time_nanos = time;
    p.duration_nanos = dur;
    auto intern = [&p](const std::string& s) {
      p.strings.push_back(s);
      return static_cast<uint32_t>(p.strings.size() - 1);
    };
    for (auto& cm : comments) p.comments.push_back(intern(cm));
    if (!dflt.empty()) p.default_sample_type_str = intern(dflt);
    if (!doc.empty()) p.doc_url_str = intern(doc);
    if (!drop.empty()) p.drop_frames_str = intern(drop);
    p.period_type = {intern("cpu"), intern("nanoseconds")};
  };
  set(a, 10, 500, 1, {"one", "two"}, "", "", "dropA");
  set(b, 30, 0, 2, {"two", "three"}, "cpu", "http://b", "dropB");
  set(c, 20, 700, 4, {"one"}, "", "http://c", "");
  const model::Profile* inputs[] = {&a, &b, &c};
  auto m = MergeProfiles(inputs);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->period, 30);
  // pprof's loop: 500, then 0 (< 500) wins, then 700 replaces the zero.
  EXPECT_EQ(m->time_nanos, 700);
  EXPECT_EQ(m->duration_nanos, 7);
  std::vector<std::string> comments;
  for (uint32_t cm : m->comments) comments.emplace_back(m->str(cm));
  EXPECT_EQ(comments, (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ(m->str(m->default_sample_type_str), "cpu");
  EXPECT_EQ(m->str(m->doc_url_str), "http://b");
  EXPECT_EQ(m->str(m->drop_frames_str), "dropA");
  EXPECT_EQ(m->str(m->period_type.type_str), "cpu");
  EXPECT_EQ(m->sample_count(), 2u);
  EXPECT_EQ(m->value(0, 0), 3);
}

TEST(MergeProfilesTest, ZeroTimeInLaterInputWins) {
  model::Profile a = Simple({{"cpu", "nanoseconds"}}, 1, 1);
  model::Profile b = Simple({{"cpu", "nanoseconds"}}, 1, 1);
  a.time_nanos = 500;
  b.time_nanos = 0;
  const model::Profile* inputs[] = {&a, &b};
  auto m = MergeProfiles(inputs);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->time_nanos, 0);
}

TEST(MergeProfilesTest, OneStringTableWithoutRepeats) {
  model::Profile a = Simple({{"cpu", "nanoseconds"}}, 1, 2);
  model::Profile b = Simple({{"cpu", "nanoseconds"}}, 3, 4, 0x9000);
  const model::Profile* inputs[] = {&a, &b};
  auto m = MergeProfiles(inputs);
  ASSERT_TRUE(m.ok());
  ASSERT_FALSE(m->strings.empty());
  EXPECT_EQ(m->strings[0], "");
  std::set<std::string> unique(m->strings.begin(), m->strings.end());
  EXPECT_EQ(unique.size(), m->strings.size());
  EXPECT_EQ(m->str(m->functions[0].name_str), "main");
  EXPECT_EQ(m->value(0, 0), 4);
  EXPECT_EQ(m->value(1, 0), 6);
}

TEST(MergeProfilesTest, EmptyListIsAnError) { EXPECT_FALSE(MergeProfiles({}).ok()); }

TEST(MergeProfilesTest, ProfilesWithoutSampleTypesAreRejected) {
  Builder a(TypeList{});
  Builder b(TypeList{});
  const model::Profile* inputs[] = {&a.profile(), &b.profile()};
  auto m = MergeProfiles(inputs);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().message(), "profiles have empty common sample type list");
}

// Real profiles: merged with themselves every function's flat and cum
// double (identical samples become one), and subtracted from themselves
// nothing is left.
TEST(MergeProfilesTest, RealProfilesMergedWithAndSubtractedFromThemselves) {
  std::filesystem::path dir = std::filesystem::path(TRACENOTE_SOURCE_DIR) / "samples";
  for (const char* name : {"gcload/cpu.pb.gz", "gcload/heap.pb.gz", "contention/mutex.pb.gz"}) {
    SCOPED_TRACE(name);
    auto p = pprof::ReadProfileFile((dir / name).string());
    ASSERT_TRUE(p.ok()) << p.status().message();
    ASSERT_GT(p->sample_count(), 0u);
    const model::Profile* inputs[] = {&*p, &*p};
    auto merged = MergeProfiles(inputs);
    ASSERT_TRUE(merged.ok()) << merged.status().message();
    EXPECT_LE(merged->sample_count(), p->sample_count());
    auto once = ComputeTop(*p, ViewOptions{});
    auto twice = ComputeTop(*merged, ViewOptions{});
    ASSERT_TRUE(once.ok() && twice.ok());
    EXPECT_EQ(twice->total, 2 * once->total);
    ASSERT_EQ(twice->rows.size(), once->rows.size());
    for (size_t i = 0; i < once->rows.size(); ++i) {
      EXPECT_EQ(twice->rows[i].name, once->rows[i].name);
      EXPECT_EQ(twice->rows[i].flat, 2 * once->rows[i].flat);
      EXPECT_EQ(twice->rows[i].cum, 2 * once->rows[i].cum);
    }
    auto none = DiffProfiles(*p, *p, DiffMode::kSubtractBase, false);
    ASSERT_TRUE(none.ok()) << none.status().message();
    EXPECT_EQ(none->sample_count(), 0u);
    EXPECT_TRUE(none->locations.empty());
  }
}

}  // namespace
}  // namespace tracenote::profile
