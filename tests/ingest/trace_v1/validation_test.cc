// Go's postProcessTrace rules: logically impossible traces are rejected with
// the event and its offset; some events move to Go's pseudo-Ps.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "ingest/trace_v1/v1_test_util.h"

namespace tracenote::trace_v1_test {
namespace {

// The message of the replay of `text`, which must open.
std::string ReplayError(std::string_view text) {
  auto src = OpenText(text);
  EXPECT_TRUE(src.ok()) << src.status().message();
  if (!src.ok()) return "";
  RawReplay r = ReplayRows(src->get());
  EXPECT_FALSE(r.status.ok());
  EXPECT_EQ(r.status.code(), StatusCode::kCorrupt);
  return r.status.message();
}

TEST(V1ValidationTest, ProcStopOfAPThatIsNotRunning) {
  constexpr std::string_view kTrace = R"(
go 1.19
Batch p=0 ticks=1000000
ProcStop dt=10
Frequency freq=1000000000
)";
  EXPECT_EQ(ReplayError(kTrace),
            ErrorPrefix(kTrace, "ProcStop", "ProcStop") + "p 0 is not running before stop");
}

TEST(V1ValidationTest, ProcStartOfARunningPAndProcStopWhileRunningAGoroutine) {
  constexpr std::string_view kTwice = R"(
go 1.19
Batch p=2 ticks=1000000
ProcStart dt=0 thread=7
ProcStart dt=10 thread=8
Frequency freq=1000000000
)";
  EXPECT_EQ(ReplayError(kTwice),
            ErrorPrefix(kTwice, "thread=8", "ProcStart") + "p 2 is running before start");
  constexpr std::string_view kBusy = R"(
go 1.19
Batch p=0 ticks=1000000
ProcStart dt=0 thread=7
GoCreate dt=0 g=5 stack=0 stk=0
GoStart dt=10 g=5 seq=1
ProcStop dt=10
Frequency freq=1000000000
)";
  EXPECT_EQ(ReplayError(kBusy), ErrorPrefix(kBusy, "ProcStop", "ProcStop") +
                                    "p 0 is running a goroutine 5 during stop");
}

// Go 1.5 traces are ordered by sequence number alone, so the validator is
// what catches a start of a goroutine that is blocked.
TEST(V1ValidationTest, StartOfAGoroutineThatIsNotRunnable) {
  constexpr std::string_view kTrace = R"(
go 1.5
Batch p=0 seq=0 ticks=1000000
GoCreate seqdt=1 dt=0 g=5 stack=0x401000 stk=0
GoStart seqdt=1 dt=10 g=5
GoBlock seqdt=1 dt=10 stk=0
GoStart seqdt=1 dt=10 g=5            # g 5 is blocked
Frequency freq=1000000000
)";
  EXPECT_EQ(ReplayError(kTrace), ErrorPrefix(kTrace, "# g 5 is blocked", "GoStart") +
                                     "g 5 is not runnable before start");
}

TEST(V1ValidationTest, StartOnAPThatAlreadyRunsAGoroutine) {
  constexpr std::string_view kTrace = R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0
GoCreate dt=0 g=6 stack=0 stk=0
GoStart dt=10 g=5 seq=1
GoStart dt=10 g=6 seq=1
Frequency freq=1000000000
)";
  EXPECT_EQ(ReplayError(kTrace), ErrorPrefix(kTrace, "g=6 seq=1", "GoStart") +
                                     "p 0 is already running g 5 while start g 6");
}

TEST(V1ValidationTest, CreateOfAnExistingGoroutine) {
  constexpr std::string_view kTrace = R"(
go 1.5
Batch p=0 seq=0 ticks=1000000
GoCreate seqdt=1 dt=0 g=5 stack=0x401000 stk=0
GoCreate seqdt=1 dt=10 g=5 stack=0x401000 stk=0
Frequency freq=1000000000
)";
  EXPECT_EQ(ReplayError(kTrace),
            ErrorPrefix(kTrace, "dt=10 g=5", "GoCreate") + "g 5 already exists");
}

TEST(V1ValidationTest, GoroutineEventWithoutARunningGoroutine) {
  constexpr std::string_view kTrace = R"(
go 1.19
Batch p=0 ticks=1000000
GoSysCall dt=10 stk=0
Frequency freq=1000000000
)";
  EXPECT_EQ(ReplayError(kTrace), ErrorPrefix(kTrace, "GoSysCall", "GoSysCall") + "g 0 did it");
}

TEST(V1ValidationTest, SecondGCStartBeforeGCDoneAndGCDoneWithoutStart) {
  constexpr std::string_view kTwice = R"(
go 1.19
Batch p=0 ticks=1000000
GCStart dt=10 seq=0 stk=0
GCStart dt=10 seq=1 stk=0
Frequency freq=1000000000
)";
  EXPECT_EQ(ReplayError(kTwice),
            ErrorPrefix(kTwice, "seq=1", "GCStart") + "previous GC is not ended before a new one");
  constexpr std::string_view kBogus = R"(
go 1.19
Batch p=0 ticks=1000000
GCDone dt=10
Frequency freq=1000000000
)";
  EXPECT_EQ(ReplayError(kBogus), ErrorPrefix(kBogus, "GCDone", "GCDone") + "bogus GC end");
}

TEST(V1ValidationTest, Go110To120KnowOnlyStwKindsZeroAndOne) {
  constexpr std::string_view kTrace = R"(
go 1.19
Batch p=0 ticks=1000000
GCSTWStart dt=10 kindid=0
GCSTWDone dt=10
GCSTWStart dt=10 kindid=1
GCSTWDone dt=10
GCSTWStart dt=10 kindid=2
GCSTWDone dt=10
Frequency freq=1000000000
)";
  EXPECT_EQ(ReplayError(kTrace),
            ErrorPrefix(kTrace, "kindid=2", "GCSTWStart") + "unknown STW kind 2");

  ASSERT_OPEN_TEXT(src, R"(
go 1.10
Batch p=0 ticks=1000000
GCSTWStart dt=10 kindid=0
GCSTWDone dt=10
GCSTWStart dt=10 kindid=1
GCSTWDone dt=10
Frequency freq=1000000000
)");
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(r.rows[0].str, "mark termination");
  EXPECT_EQ(r.rows[2].str, "sweep termination");
}

TEST(V1ValidationTest, Go121NamesStwKindsFromItsTable) {
  ASSERT_OPEN_TEXT(src, R"(
go 1.21
Batch p=0 ticks=1000000
STWStart dt=10 kindid=9
STWDone dt=10
STWStart dt=10 kindid=16
STWDone dt=10
STWStart dt=10 kindid=17
STWDone dt=10
Frequency freq=1000000000
)");
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  ASSERT_EQ(r.rows.size(), 6u);
  EXPECT_EQ(r.rows[0].name, "STWStart");
  EXPECT_EQ(r.rows[1].name, "STWDone");
  EXPECT_EQ(r.rows[0].str, "GOMAXPROCS");
  EXPECT_EQ(r.rows[2].str, "ResetDebugLog (test)");
  EXPECT_EQ(r.rows[4].str, "unknown");
  EXPECT_EQ(r.rows[4].args[0], 17u);
}

// Before 1.10 each P had its own mark-termination pair; from 1.10 one STW
// is in progress at a time.
TEST(V1ValidationTest, StwIsPerPBeforeGo110AndGlobalAfter) {
  ASSERT_OPEN_TEXT(old, R"(
go 1.9
Batch p=0 ticks=1000000
GCScanStart dt=10
GCScanDone dt=20
Batch p=1 ticks=1000000
GCScanStart dt=15
GCScanDone dt=20
Frequency freq=1000000000
)");
  RawReplay r = ReplayRows(old.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Briefs(),
              ::testing::ElementsAre("GCScanStart p=0 g=0 @0", "GCScanStart p=1 g=0 @5",
                                     "GCScanDone p=0 g=0 @20", "GCScanDone p=1 g=0 @25"));
  EXPECT_EQ(r.rows[0].link, 2u);
  EXPECT_EQ(r.rows[1].link, 3u);

  constexpr std::string_view kNew = R"(
go 1.10
Batch p=0 ticks=1000000
GCSTWStart dt=10 kindid=0
GCSTWDone dt=20
Batch p=1 ticks=1000000
GCSTWStart dt=15 kindid=0
GCSTWDone dt=20
Frequency freq=1000000000
)";
  EXPECT_EQ(ReplayError(kNew), ErrorPrefix(kNew, "GCSTWStart dt=15", "GCSTWStart") +
                                   "previous STW is not ended before a new one");
}

TEST(V1ValidationTest, EventsMoveToGoPseudoPs) {
  ASSERT_OPEN_TEXT(src, R"(
go 1.11
Batch p=0 ticks=1000000
GoCreate dt=0 g=3 stack=0 stk=0         # the timer goroutine
GoCreate dt=0 g=5 stack=0 stk=0
GoCreate dt=0 g=6 stack=0 stk=0
GoStart dt=10 g=5 seq=1
GoBlockNet dt=10 stk=0                  # g 5 waits for the network
GoStart dt=10 g=6 seq=1
GoSleep dt=10 stk=0
GoStart dt=10 g=3 seq=1
GoUnblock dt=10 g=6 seq=2 stk=0         # a timer fires: TimerP
GoBlock dt=10 stk=0
GoStart dt=10 g=6 seq=3
GoUnblock dt=10 g=5 seq=2 stk=0         # the poller is ready: NetpollP
GCStart dt=10 seq=0 stk=0               # GCP
GCDone dt=10
GoSysCall dt=10 stk=0
GoSysBlock dt=10
GoSysExit dt=10 g=6 seq=4 ts=1000135    # SyscallP
TimerGoroutine g=3
Frequency freq=1000000000
)");
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(r.Nth("GoUnblock", 0).p, 1000001);
  EXPECT_EQ(r.Nth("GoUnblock", 0).g, 3u);
  EXPECT_EQ(r.Nth("GoUnblock", 1).p, 1000002);
  EXPECT_EQ(r.Nth("GoUnblock", 1).g, 6u);
  EXPECT_EQ(r.Nth("GCStart").p, 1000004);
  EXPECT_EQ(r.Nth("GCDone").p, 0);
  EXPECT_EQ(r.Nth("GoSysExit").p, 1000003);
  EXPECT_EQ(r.Nth("GoSysExit").g, 6u);
  EXPECT_EQ(r.Nth("GoSysCall").p, 0);
}

TEST(V1ValidationTest, RegionEndMustMatchTheInnermostOpenRegion) {
  constexpr std::string_view kTrace = R"(
go 1.11
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0
GoStart dt=10 g=5 seq=1
UserRegion dt=10 taskid=1 mode=0 typeid=1 stk=0
UserRegion dt=10 taskid=1 mode=0 typeid=2 stk=0
UserRegion dt=10 taskid=1 mode=1 typeid=1 stk=0    # ends the outer one first
Frequency freq=1000000000
)";
  EXPECT_EQ(ReplayError(kTrace),
            ErrorPrefix(kTrace, "# ends the outer", "UserRegion") +
                "misuse of region in goroutine 5: region end does not match the innermost open "
                "region");
  constexpr std::string_view kMode = R"(
go 1.11
Batch p=0 ticks=1000000
UserRegion dt=10 taskid=1 mode=2 typeid=1 stk=0
Frequency freq=1000000000
)";
  EXPECT_EQ(ReplayError(kMode),
            ErrorPrefix(kMode, "mode=2", "UserRegion") + "invalid user region mode 2");
}

TEST(V1ValidationTest, TaskIdReusedWhileActive) {
  constexpr std::string_view kTrace = R"(
go 1.11
Batch p=0 ticks=1000000
UserTaskCreate dt=10 taskid=4 pid=0 typeid=0 stk=0
UserTaskCreate dt=10 taskid=4 pid=0 typeid=0 stk=0   # reused
Frequency freq=1000000000
)";
  EXPECT_EQ(ReplayError(kTrace),
            ErrorPrefix(kTrace, "# reused", "UserTaskCreate") + "task id conflicts (id:4)");
}

TEST(V1ValidationTest, MarkAssistDoneWithoutStartIsTolerated) {
  ASSERT_OPEN_TEXT(src, R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0
GoStart dt=10 g=5 seq=1
GCMarkAssistDone dt=10                  # the assist began before tracing
GoEnd dt=10
Frequency freq=1000000000
)");
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(r.Names(),
              ::testing::ElementsAre("GoCreate", "GoStart", "GCMarkAssistDone", "GoEnd"));
  EXPECT_EQ(r.rows[2].link, kNoLink);
  EXPECT_EQ(r.rows[2].g, 5u);
}

}  // namespace
}  // namespace tracenote::trace_v1_test
