// The links between related events (Go's Event.Link) that ReplayRaw reports
// when asked for them.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "ingest/trace_v1/v1_test_util.h"

namespace tracenote::trace_v1_test {
namespace {

// "index->link name" for every linked row.
std::vector<std::string> Links(const RawReplay& r) {
  std::vector<std::string> out;
  for (const Row& row : r.rows) {
    if (row.link != kNoLink)
      out.push_back(fmt::format("{}->{} {}", row.index, row.link, row.link_name));
  }
  return out;
}

using ::testing::ElementsAre;

TEST(V1LinksTest, CreateLinksToFirstStartWhichShowsTheNewStack) {
  ASSERT_OPEN_TEXT(src, R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=2 stk=1      # 0
GoStart dt=10 g=5 seq=1              # 1: starts in main.worker
GoSched dt=10 stk=2                  # 2
GoStart dt=10 g=5 seq=2              # 3: no stack of its own
GoEnd dt=10                          # 4
Frequency freq=1000000000
String id=1 "main.main"
String id=2 "main.worker"
String id=3 "/src/main.go"
Stack id=1 frames=[pc=0x401000 fn=1 file=3 line=10]
Stack id=2 frames=[pc=0x402000 fn=2 file=3 line=20]
)");
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(Links(r), ElementsAre("0->1 GoStart", "1->2 GoSched", "2->3 GoStart", "3->4 GoEnd"));
  EXPECT_EQ(TopFunction(*src, r.rows[0].stack), "main.main");
  EXPECT_EQ(TopFunction(*src, r.rows[1].stack), "main.worker");
  EXPECT_EQ(src->tables().stacks.Get(r.rows[1].stack)[0].pc, 0x402000u);
  EXPECT_EQ(src->tables().stacks.Get(r.rows[1].stack)[0].line, 20u);
  EXPECT_EQ(r.rows[3].stack, 0u);

  RawReplay unlinked = ReplayRows(src.get(), /*links=*/false);
  ASSERT_EQ(unlinked.rows.size(), 5u);
  EXPECT_THAT(Links(unlinked), ElementsAre());
}

TEST(V1LinksTest, StartLinksToTheEventThatEndsItsRunningSpan) {
  for (std::string end :
       {"GoEnd dt=10", "GoStop dt=10 stk=0", "GoSched dt=10 stk=0", "GoPreempt dt=10 stk=0",
        "GoSleep dt=10 stk=0", "GoBlock dt=10 stk=0", "GoBlockSend dt=10 stk=0",
        "GoBlockRecv dt=10 stk=0", "GoBlockSelect dt=10 stk=0", "GoBlockSync dt=10 stk=0",
        "GoBlockCond dt=10 stk=0", "GoBlockNet dt=10 stk=0", "GoBlockGC dt=10 stk=0",
        "GoSysBlock dt=10"}) {
    SCOPED_TRACE(end);
    ASSERT_OPEN_TEXT(src,
                     "go 1.19\nBatch p=0 ticks=1000000\nGoCreate dt=0 g=5 stack=0 stk=0\n"
                     "GoStart dt=10 g=5 seq=1\n" +
                         end + "\nFrequency freq=1000000000\n");
    RawReplay r = ReplayRows(src.get());
    ASSERT_TRUE(r.status.ok()) << r.status.message();
    ASSERT_EQ(r.rows.size(), 3u);
    EXPECT_EQ(r.rows[1].link, 2u);
    EXPECT_EQ(r.rows[1].link_name, end.substr(0, end.find(' ')));
  }
}

TEST(V1LinksTest, PreemptLinksToTheNextStartOfThatGoroutine) {
  ASSERT_OPEN_TEXT(src, R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0      # 0
GoCreate dt=0 g=6 stack=0 stk=0      # 1
GoStart dt=10 g=5 seq=1              # 2
GoPreempt dt=10 stk=0                # 3
GoStart dt=10 g=6 seq=1              # 4
GoEnd dt=10                          # 5
GoStart dt=10 g=5 seq=2              # 6
Frequency freq=1000000000
)");
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(Links(r), ElementsAre("0->2 GoStart", "1->4 GoStart", "2->3 GoPreempt",
                                    "3->6 GoStart", "4->5 GoEnd"));
}

TEST(V1LinksTest, BlockLinksToItsUnblockAndUnblockToTheNextStart) {
  ASSERT_OPEN_TEXT(src, R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0      # 0
GoCreate dt=0 g=6 stack=0 stk=0      # 1
GoStart dt=10 g=5 seq=1              # 2
GoBlockSend dt=10 stk=0              # 3
GoStart dt=10 g=6 seq=1              # 4
GoUnblock dt=10 g=5 seq=2 stk=0      # 5
GoEnd dt=10                          # 6
GoStart dt=10 g=5 seq=3              # 7
Frequency freq=1000000000
)");
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(Links(r), ElementsAre("0->2 GoStart", "1->4 GoStart", "2->3 GoBlockSend",
                                    "3->5 GoUnblock", "4->6 GoEnd", "5->7 GoStart"));
}

TEST(V1LinksTest, BlockingSyscallLinksToItsExitAndTheExitToTheNextStart) {
  ASSERT_OPEN_TEXT(src, R"(
go 1.19
Batch p=0 ticks=1000000
ProcStart dt=0 thread=7                 # 0
GoCreate dt=0 g=5 stack=0 stk=0         # 1
GoStart dt=10 g=5 seq=1                 # 2
GoSysCall dt=10 stk=0                   # 3: returns at once, no link
GoSysCall dt=10 stk=0                   # 4: blocks
GoSysBlock dt=10                        # 5
ProcStop dt=10                          # 6
Batch p=1 ticks=1000000
ProcStart dt=65 thread=8                # 7
GoSysExit dt=20 g=5 seq=2 ts=1000070    # 8
GoStart dt=5 g=5 seq=3                  # 9
Frequency freq=1000000000
)");
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(Links(r),
              ElementsAre("1->2 GoStart", "2->5 GoSysBlock", "4->8 GoSysExit", "8->9 GoStart"));
}

TEST(V1LinksTest, WaitingAtTraceStartLinksToTheUnblockThatEndsTheWait) {
  ASSERT_OPEN_TEXT(src, R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0      # 0: superseded by the GoWaiting
GoWaiting dt=0 g=5                   # 1
GoCreate dt=0 g=6 stack=0 stk=0      # 2
GoStart dt=10 g=6 seq=1              # 3
GoUnblock dt=10 g=5 seq=2 stk=0      # 4
GoEnd dt=10                          # 5
GoStart dt=10 g=5 seq=3              # 6
Frequency freq=1000000000
)");
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(Links(r),
              ElementsAre("1->4 GoUnblock", "2->3 GoStart", "3->5 GoEnd", "4->6 GoStart"));
}

TEST(V1LinksTest, InSyscallAtTraceStartIsNotLinkedButItsExitIs) {
  ASSERT_OPEN_TEXT(src, R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0         # 0
GoInSyscall dt=0 g=5                    # 1
GoSysExit dt=10 g=5 seq=2 ts=1000005    # 2
GoStart dt=10 g=5 seq=3                 # 3
GoEnd dt=10                             # 4
Frequency freq=1000000000
)");
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(Links(r), ElementsAre("2->3 GoStart", "3->4 GoEnd"));
  EXPECT_EQ(r.rows[2].time, 5);
}

TEST(V1LinksTest, RangesLinkStartToDone) {
  ASSERT_OPEN_TEXT(src, R"(
go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0               # 0
GoStart dt=10 g=5 seq=1                       # 1
GCStart dt=10 seq=0 stk=0                     # 2
GCSTWStart dt=10 kindid=1                     # 3
GCSTWDone dt=10                               # 4
GCMarkAssistStart dt=10 stk=0                 # 5
GCMarkAssistDone dt=10                        # 6
GCSweepStart dt=10 stk=0                      # 7
GCSweepDone dt=10 swept=8192 reclaimed=4096   # 8
GCDone dt=10                                  # 9
GoEnd dt=10                                   # 10
Frequency freq=1000000000
)");
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(Links(r), ElementsAre("0->1 GoStart", "1->10 GoEnd", "2->9 GCDone", "3->4 GCSTWDone",
                                    "5->6 GCMarkAssistDone", "7->8 GCSweepDone"));
}

TEST(V1LinksTest, TasksAndRegionsLinkToTheirEndsAndGoEndClosesOpenRegions) {
  ASSERT_OPEN_TEXT(src, R"(
go 1.11
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=0 stk=0                    # 0
GoStart dt=10 g=5 seq=1                            # 1
UserTaskCreate dt=10 taskid=1 pid=0 typeid=1 stk=0 # 2
UserRegion dt=10 taskid=1 mode=0 typeid=2 stk=0    # 3: outer, left open
UserRegion dt=10 taskid=1 mode=0 typeid=3 stk=0    # 4: inner
UserRegion dt=10 taskid=1 mode=1 typeid=3 stk=0    # 5: inner ends
UserTaskEnd dt=10 taskid=1 stk=0                   # 6
UserRegion dt=10 taskid=1 mode=0 typeid=3 stk=0    # 7: left open
UserLog dt=10 id=1 keyid=2 stk=0 message="done"    # 8
GoEnd dt=10                                        # 9
Frequency freq=1000000000
String id=1 "job"
String id=2 "outer"
String id=3 "inner"
)");
  RawReplay r = ReplayRows(src.get());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_THAT(Links(r), ElementsAre("0->1 GoStart", "1->9 GoEnd", "2->6 UserTaskEnd", "3->9 GoEnd",
                                    "4->5 UserRegion", "7->9 GoEnd"));
  EXPECT_EQ(r.rows[2].str, "job");
  EXPECT_EQ(r.rows[3].str, "outer");
  EXPECT_EQ(r.rows[5].str, "inner");
  EXPECT_EQ(r.rows[8].str, "outer");  // the log's category
  EXPECT_EQ(r.rows[8].message, "done");
  EXPECT_EQ(r.rows[8].link, kNoLink);
}

}  // namespace
}  // namespace tracenote::trace_v1_test
