// The report's picture set: which pictures a trace gets, their names and
// element ids (unique in one HTML page), determinism, close-up windows,
// and partial traces.
#include <gtest/gtest.h>

#include <array>
#include <fstream>
#include <iterator>
#include <optional>
#include <regex>
#include <set>

#include "analysis/detectors/finding.h"
#include "base/file_blob.h"
#include "ingest/open_trace.h"
#include "l10n/catalog.h"
#include "model/tee_sink.h"
#include "pictures/timeline/timeline_stream.h"
#include "report/trace_pictures.h"

namespace tracenote::report {
namespace {

using analysis::Finding;
using analysis::kUnknownTime;
using analysis::TraceAnalysis;

std::string SamplePath(const std::string& name) {
  return std::string(TRACENOTE_SOURCE_DIR) + "/samples/" + name + "/" + name + ".trace";
}

// Analysis, detectors and pictures of one opened trace, as the report does.
PictureSet Draw(TraceSource* source, const l10n::Catalog& c,
                TraceAnalysis* analysis_out = nullptr) {
  TracePictureCollectors collectors(&source->tables());
  auto analysis = analysis::BuildTraceAnalysis(source, &collectors);
  EXPECT_TRUE(analysis.ok()) << analysis.status().message();
  const std::vector<Finding> findings = analysis::RunDetectors(*analysis);
  PictureSet set;
  DrawTracePictures(*analysis, findings, FinishTracePictures(&collectors, analysis->end_time), c,
                    &set);
  if (analysis_out != nullptr) *analysis_out = std::move(*analysis);
  return set;
}

PictureSet DrawSample(const std::string& name, const l10n::Catalog& c) {
  auto source = OpenTraceFile(SamplePath(name));
  EXPECT_TRUE(source.ok());
  return Draw(source->get(), c);
}

TEST(TracePicturesTest, SpinGetsTheTimelineCloseUpsAndCharts) {
  auto c = l10n::Catalog::Load(l10n::Language::kEnglish);
  ASSERT_TRUE(c.ok());
  const PictureSet set = DrawSample("spin", *c);
  std::vector<std::string> names;
  for (const Picture& p : set.items()) names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{"timeline", "closeup-preemption", "closeup-latency",
                                             "closeup-handoff", "closeup-gc", "goroutines",
                                             "sched-latency", "heap", "mmu"}));
  EXPECT_EQ(set.Find("closeup-gc")->title, "Close-up of 49.4ms from 3.01s: the first GC cycle");
  EXPECT_TRUE(c->Errors().empty()) << c->Errors().front();
}

TEST(TracePicturesTest, ElementIdsAreUniqueAcrossTheReport) {
  auto c = l10n::Catalog::Load(l10n::Language::kRussian);
  ASSERT_TRUE(c.ok());
  const PictureSet set = DrawSample("syscall", *c);
  std::set<std::string> ids;
  const std::regex id_re("\\sid=\"([^\"]+)\"");
  for (const Picture& p : set.items()) {
    EXPECT_NE(p.svg.find("role=\"img\""), std::string::npos) << p.name;
    EXPECT_NE(p.svg.find("aria-labelledby=\"tn-" + p.name + "-title tn-" + p.name + "-desc\""),
              std::string::npos)
        << p.name;
    for (std::sregex_iterator it(p.svg.begin(), p.svg.end(), id_re), end; it != end; ++it) {
      EXPECT_TRUE(ids.insert((*it)[1]).second) << "id used twice: " << (*it)[1];
    }
  }
  EXPECT_GE(ids.size(), 2 * set.items().size());
  EXPECT_TRUE(c->Errors().empty()) << c->Errors().front();
}

TEST(TracePicturesTest, SameTraceSameBytes) {
  auto c = l10n::Catalog::Load(l10n::Language::kEnglish);
  ASSERT_TRUE(c.ok());
  const PictureSet a = DrawSample("alloc", *c);
  const PictureSet b = DrawSample("alloc", *c);
  ASSERT_EQ(a.items().size(), b.items().size());
  for (size_t i = 0; i < a.items().size(); ++i) {
    EXPECT_EQ(a.items()[i].svg, b.items()[i].svg) << a.items()[i].name;
  }
}

TEST(TracePicturesTest, PartialTraceStillGetsPictures) {
  std::ifstream in(SamplePath("syscall"), std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 1000u);
  bytes.resize(bytes.size() * 6 / 10);
  auto source = OpenTraceBlob(FileBlob::FromBytes(std::move(bytes), "cut.trace"));
  ASSERT_TRUE(source.ok()) << source.status().message();
  auto c = l10n::Catalog::Load(l10n::Language::kEnglish);
  ASSERT_TRUE(c.ok());
  TraceAnalysis a;
  const PictureSet set = Draw(source->get(), *c, &a);
  EXPECT_TRUE(a.info.partial);
  ASSERT_NE(set.Find("timeline"), nullptr);
  EXPECT_NE(set.Find("timeline")->svg.find("</svg>"), std::string::npos);
}

// The close-ups recorded in one pass, on hand-made streams.
using model::EventKind;
using model::GoState;
using testing::TimelineStream;

constexpr int64_t kMs = 1'000'000;

std::array<std::optional<CloseUpShot>, kCloseUpKinds> Record(const TimelineStream& s) {
  CloseUpRecorder r(&s.tables);
  s.Replay(&r);
  return r.Finish();
}

TEST(CloseUpRecorderTest, FirstSysmonPreemptionWithTheNextTimeSlices) {
  TimelineStream s;
  s.Run(2 * kMs, 5 * kMs, 3, 0, "preempted");  // too short for sysmon: not it
  s.Run(5 * kMs, 17 * kMs, 7, 0, "preempted");
  s.Run(17 * kMs, 29 * kMs, 8, 0, "preempted");  // a second one changes nothing
  s.Run(29 * kMs, 100 * kMs, 7, 0, "preempted");
  auto shots = Record(s);
  const auto& shot = shots[static_cast<size_t>(CloseUpKind::kPreemption)];
  ASSERT_TRUE(shot.has_value());
  EXPECT_EQ(shot->goroutine, 7u);
  // [5 ms, 17 ms + 2 x 12 ms] with a margin of 36/8 = 4.5 ms on each side,
  // but not before the first event seen (2 ms).
  EXPECT_EQ(shot->timeline.start, 2 * kMs);
  EXPECT_EQ(shot->timeline.end, 45'500'000);
  ASSERT_EQ(shot->timeline.procs.size(), 1u);
  EXPECT_GE(shot->timeline.procs[0].marks.size(), 2u);
  EXPECT_FALSE(shots[static_cast<size_t>(CloseUpKind::kGcCycle)].has_value());
}

TEST(CloseUpRecorderTest, GcCycleIsRecordedWhenItEnds) {
  TimelineStream s;
  s.Go(0, 1, GoState::kRunnable, GoState::kRunning, 0);
  s.Range(50 * kMs, EventKind::kRangeBegin, model::kRangeGCMark);
  s.Range(60 * kMs, EventKind::kRangeEnd, model::kRangeGCMark);
  s.Go(200 * kMs, 1, GoState::kRunning, GoState::kRunnable, 0);
  auto shots = Record(s);
  const auto& shot = shots[static_cast<size_t>(CloseUpKind::kGcCycle)];
  ASSERT_TRUE(shot.has_value());
  EXPECT_EQ(shot->timeline.start, 50 * kMs - 1'250'000);
  EXPECT_EQ(shot->timeline.end, 60 * kMs + 1'250'000);
  ASSERT_EQ(shot->timeline.bands.size(), 1u);
  // G1 ran through the whole window: its slice is clipped to it.
  ASSERT_EQ(shot->timeline.procs.size(), 1u);
  ASSERT_EQ(shot->timeline.procs[0].slices.size(), 1u);
  EXPECT_EQ(shot->timeline.procs[0].slices[0].start, shot->timeline.start);
}

TEST(CloseUpRecorderTest, HandoffShowsThreadsAndTheSyscallFromItsStart) {
  TimelineStream s;
  s.Go(0, 4, GoState::kRunnable, GoState::kRunning, 0, 1);
  s.Go(1 * kMs, 4, GoState::kRunning, GoState::kSyscall, 0, 1);
  s.Blocked(1 * kMs + 20'000, 4, 0, 1);
  s.Go(30 * kMs, 4, GoState::kSyscall, GoState::kRunnable, -1, 1);
  auto shots = Record(s);
  const auto& shot = shots[static_cast<size_t>(CloseUpKind::kHandoff)];
  ASSERT_TRUE(shot.has_value());
  EXPECT_TRUE(shot->threads);
  EXPECT_EQ(shot->goroutine, 4u);
  EXPECT_EQ(shot->timeline.start, 1 * kMs - 627'500);  // margin: (5.02 ms)/8
  EXPECT_FALSE(shot->timeline.threads.empty());
}

TEST(CloseUpRecorderTest, BufferIsBoundedWhateverTheTrace) {
  // 600,000 events inside the lookback, then G9 preempted after 10 ms: its
  // window would start at 26.25 ms, but the recorder kept only the last
  // kMaxBuffered events (G9's two and 65,534 before them, the oldest a start
  // at 26,723,300 ns), so the window starts there.
  static_assert(CloseUpRecorder::kMaxBuffered == 65536);
  TimelineStream s;
  for (int64_t i = 0; i < 300'000; ++i) s.Run(i * 100, i * 100 + 50, 2 + i % 5, 0);
  s.Run(30 * kMs, 40 * kMs, 9, 0, "preempted");
  auto shots = Record(s);
  const auto& shot = shots[static_cast<size_t>(CloseUpKind::kPreemption)];
  ASSERT_TRUE(shot.has_value());
  EXPECT_EQ(shot->timeline.start, 26'723'300);
}

TEST(CloseUpRecorderTest, FindingsMapToTheirPatterns) {
  EXPECT_EQ(CloseUpKindFor("preemption-storm"), CloseUpKind::kPreemption);
  EXPECT_EQ(CloseUpKindFor("long-syscall"), CloseUpKind::kHandoff);
  EXPECT_EQ(CloseUpKindFor("goroutine-leak"), std::nullopt);
  Finding f;
  f.id = "gc-stw";
  EXPECT_EQ(CloseUpPictureName(f), "closeup-gc");
}

}  // namespace
}  // namespace tracenote::report
