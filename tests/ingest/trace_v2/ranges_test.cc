// Ranges (sweep, mark assist, stop-the-world), user regions and tasks in the
// v2 ordering: what may begin, be re-announced (*Active) and end where
// (go-trace-format.md 2.7 and its notes).
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "ingest/trace_v2/v2_test_util.h"

namespace tracenote::trace_v2_test {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;

// The head of a batch of M1 in generation `gen`: P 0 and g 1 running.
std::string RunningOnM1(int gen, int time = 0) {
  return fmt::format(
      "EventBatch gen={} m=1 time={}\n"
      "ProcStatus dt=1 p=0 pstatus=1\n"
      "GoStatus dt=1 g=1 m=none gstatus=2\n",
      gen, time);
}

// The error the event on the line with `marker`, on M1, fails with.
std::string M1Error(const std::string& trace, std::string_view marker, uint64_t gen,
                    std::string_view event, std::string_view what) {
  return EventErrorPrefix(trace, marker, gen, "M 1", event) + std::string(what);
}

TEST(V2RangesTest, SweepActiveInTheFirstGenerationOpensARange) {
  const std::string trace = "Trace Go1.22\n" + RunningOnM1(1) +
                            "GCSweepActive dt=1 p=0\n"
                            "GCSweepEnd dt=1 swept_value=4096 reclaimed_value=1024\n" +
                            Tables(1);
  ASSERT_OPEN_V2(src, trace);
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Labels(), ElementsAre("ProcStatus(p=0,pstatus=1)", "GoStatus(g=1,m=none,gstatus=2)",
                                      "GCSweepActive(p=0)",
                                      "GCSweepEnd(swept_value=4096,reclaimed_value=1024)"));

  const std::string bare = "Trace Go1.22\n" + RunningOnM1(1) +
                           "GCSweepEnd dt=1 swept_value=4096 reclaimed_value=1024\n" + Tables(1);
  EXPECT_EQ(OpenAndReplay(bare).message(),
            M1Error(bare, "GCSweepEnd", 1, "GCSweepEnd", "GCSweepEnd without its GCSweepBegin"));
}

TEST(V2RangesTest, SweepActiveInALaterGenerationMustMatchAnOpenRange) {
  const std::string ok = "Trace Go1.22\n" + RunningOnM1(1) + "GCSweepBegin dt=1 stack=0\n" +
                         Tables(1) + RunningOnM1(2, 10) +
                         "GCSweepActive dt=1 p=0\n"
                         "GCSweepEnd dt=1 swept_value=1 reclaimed_value=0\n" +
                         Tables(2);
  EXPECT_TRUE(OpenAndReplay(ok).ok()) << OpenAndReplay(ok).message();

  const std::string unopened = "Trace Go1.22\n" + RunningOnM1(1) + Tables(1) + RunningOnM1(2, 10) +
                               "GCSweepActive dt=1 p=0\n" + Tables(2);
  EXPECT_EQ(OpenAndReplay(unopened).message(),
            M1Error(unopened, "GCSweepActive", 2, "GCSweepActive",
                    "GCSweepActive for a range that is not open"));
}

// GCMarkAssistActive may name any goroutine, running or not.
TEST(V2RangesTest, MarkAssistActiveOpensARangeOnlyOnceInTheFirstGeneration) {
  const std::string head = "Trace Go1.22\n" + RunningOnM1(1) +
                           "GoStatus dt=1 g=5 m=none gstatus=4\n"
                           "GCMarkAssistActive dt=1 g=5\n";
  EXPECT_TRUE(OpenAndReplay(head + Tables(1)).ok());

  const std::string twice = head + "GCMarkAssistActive dt=1 g=5 # again\n" + Tables(1);
  EXPECT_EQ(OpenAndReplay(twice).message(), M1Error(twice, "# again", 1, "GCMarkAssistActive",
                                                    "GCMarkAssistActive for a range already open"));
}

TEST(V2RangesTest, MarkAssistActiveInALaterGenerationNeedsAnOpenRange) {
  const std::string ok = "Trace Go1.22\n" + RunningOnM1(1) + "GCMarkAssistBegin dt=1 stack=0\n" +
                         Tables(1) + RunningOnM1(2, 10) +
                         "GCMarkAssistActive dt=1 g=1\n"
                         "GCMarkAssistEnd dt=1\n" +
                         Tables(2);
  EXPECT_TRUE(OpenAndReplay(ok).ok()) << OpenAndReplay(ok).message();

  const std::string unopened = "Trace Go1.22\n" + RunningOnM1(1) + Tables(1) + RunningOnM1(2, 10) +
                               "GCMarkAssistActive dt=1 g=1\n" + Tables(2);
  EXPECT_EQ(OpenAndReplay(unopened).message(),
            M1Error(unopened, "GCMarkAssistActive", 2, "GCMarkAssistActive",
                    "GCMarkAssistActive for a range that is not open"));
}

// The end of a stop-the-world carries the kind of its begin, even from an
// earlier generation whose string table said something else under that id.
TEST(V2RangesTest, STWEndCarriesTheKindOfItsBeginAcrossGenerations) {
  ASSERT_OPEN_V2(src, "Trace Go1.22\n" + RunningOnM1(1) + "STWBegin dt=1 kind_string=1 stack=0\n" +
                          Tables(1, {"GC mark termination"}) + RunningOnM1(2, 10) +
                          "STWEnd dt=1\n" + Tables(2, {"GOMAXPROCS"}));
  ModelReplay m = ReplayModelEvents(src.get());
  ASSERT_TRUE(m.status.ok()) << m.status.message();
  EXPECT_THAT(m.lines, Contains("@2 RangeBegin \"stop-the-world (GC mark termination)\""));
  EXPECT_THAT(m.lines, Contains("@12 RangeEnd \"stop-the-world (GC mark termination)\""));
}

TEST(V2RangesTest, STWEndWithoutABeginIsAnError) {
  const std::string trace = "Trace Go1.22\n" + RunningOnM1(1) + "STWEnd dt=1\n" + Tables(1);
  EXPECT_EQ(OpenAndReplay(trace).message(),
            M1Error(trace, "STWEnd", 1, "STWEnd", "STWEnd without its STWBegin"));
}

// The region began before the trace did.
TEST(V2RangesTest, RegionEndWithoutABeginIsAccepted) {
  ASSERT_OPEN_V2(src, "Trace Go1.22\n" + RunningOnM1(1) +
                          "UserRegionEnd dt=1 task=0 name_string=1 stack=0\n" +
                          Tables(1, {"setup"}));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(r.rows.back().Label(), "UserRegionEnd(task=0,\"setup\")");
}

TEST(V2RangesTest, RegionEndThatDoesNotMatchTheInnermostRegionIsRejected) {
  const std::string trace = "Trace Go1.22\n" + RunningOnM1(1) +
                            "UserRegionBegin dt=1 task=1 name_string=1 stack=0\n"
                            "UserRegionBegin dt=1 task=1 name_string=2 stack=0\n"
                            "UserRegionEnd dt=1 task=1 name_string=1 stack=0\n" +
                            Tables(1, {"outer", "inner"});
  EXPECT_EQ(OpenAndReplay(trace).message(),
            M1Error(trace, "UserRegionEnd", 1, "UserRegionEnd",
                    "misuse of region in goroutine 1: the end does not match the innermost "
                    "open region"));
}

// Regions match by name text: the string id of "step" differs per generation.
TEST(V2RangesTest, RegionsMatchByTheirNameTextAcrossGenerations) {
  const std::string trace =
      "Trace Go1.22\n" + RunningOnM1(1) + "UserRegionBegin dt=1 task=1 name_string=1 stack=0\n" +
      Tables(1, {"step"}) + RunningOnM1(2, 10) +
      "UserRegionEnd dt=1 task=1 name_string=2 stack=0\n" + Tables(2, {"other", "step"});
  EXPECT_TRUE(OpenAndReplay(trace).ok()) << OpenAndReplay(trace).message();
}

TEST(V2RangesTest, TaskBegunTwiceIsAnError) {
  const std::string trace = "Trace Go1.22\n" + RunningOnM1(1) +
                            "UserTaskBegin dt=1 task=3 parent_task=0 name_string=1 stack=0\n"
                            "UserTaskBegin dt=1 task=3 parent_task=0 name_string=1 stack=0 # 2\n" +
                            Tables(1, {"job"});
  EXPECT_EQ(OpenAndReplay(trace).message(),
            M1Error(trace, "# 2", 1, "UserTaskBegin", "task ID conflict: 3"));
}

// The task began before the trace; a task id may also begin again after
// its end.
TEST(V2RangesTest, TaskEndWithoutABeginIsAcceptedAndIdsMayBeReused) {
  ASSERT_OPEN_V2(src, "Trace Go1.22\n" + RunningOnM1(1) +
                          "UserTaskEnd dt=1 task=9 stack=0\n"
                          "UserTaskBegin dt=1 task=9 parent_task=0 name_string=1 stack=0\n"
                          "UserTaskEnd dt=1 task=9 stack=0\n"
                          "UserTaskBegin dt=1 task=9 parent_task=0 name_string=1 stack=0\n" +
                          Tables(1, {"job"}));
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Labels(),
              ElementsAre("ProcStatus(p=0,pstatus=1)", "GoStatus(g=1,m=none,gstatus=2)",
                          "UserTaskEnd(task=9)", "UserTaskBegin(task=9,parent_task=0,\"job\")",
                          "UserTaskEnd(task=9)", "UserTaskBegin(task=9,parent_task=0,\"job\")"));
}

}  // namespace
}  // namespace tracenote::trace_v2_test
