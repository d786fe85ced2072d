// The timeline picture: drawn from hand-made streams and from the samples
// (samples/spin, samples/syscall), checked for determinism, accessibility,
// lanes, marks, escaping, bounded size and complete catalogs.
#include <gtest/gtest.h>

#include <cctype>
#include <memory>
#include <set>
#include <string>

#include "analysis/timeline.h"
#include "ingest/open_trace.h"
#include "l10n/catalog.h"
#include "pictures/timeline/timeline_stream.h"
#include "pictures/timeline_picture.h"

namespace tracenote::pictures {
namespace {

using analysis::Timeline;
using analysis::TimelineCollector;
using analysis::TimelineLane;
using analysis::TimelineMarkKind;

// Records which Ps and threads the events mention.
class SeenSink : public model::EventSink {
 public:
  void OnEvent(const model::Event& e) override {
    if (e.proc >= 0) procs.insert(e.proc);
    if (e.thread >= 0) threads.insert(e.thread);
  }
  std::set<int64_t> procs, threads;
};

// A sample replayed into a collector (whole trace) and into SeenSink.
struct Sample {
  Timeline timeline;
  SeenSink seen;
};

Sample LoadSample(const std::string& name) {
  Sample out;
  auto source = OpenTraceFile(std::string(TRACENOTE_SOURCE_DIR) + "/samples/" + name);
  EXPECT_TRUE(source.ok()) << source.status().message();
  if (!source.ok()) return out;
  TimelineCollector collector(&(*source)->tables(), {0, analysis::kUnknownTime, 1200});
  EXPECT_TRUE((*source)->ReplayModel(&collector).ok());
  EXPECT_TRUE((*source)->ReplayModel(&out.seen).ok());
  out.timeline = collector.Finish();
  return out;
}

// Start tags in an SVG document (what SvgWriter::element_count counts).
size_t StartTags(const std::string& svg) {
  size_t n = 0;
  for (size_t i = 0; i + 1 < svg.size(); ++i) {
    if (svg[i] == '<' && std::isalpha(static_cast<unsigned char>(svg[i + 1]))) ++n;
  }
  return n;
}

size_t MarksOf(const std::vector<TimelineLane>& lanes, TimelineMarkKind kind) {
  size_t n = 0;
  for (const TimelineLane& l : lanes) {
    for (const auto& m : l.marks) n += m.kind == kind ? m.count : 0;
  }
  return n;
}

std::string Render(const Timeline& t, const l10n::Catalog& c, TimelineDrawing d = {}) {
  if (d.title.empty()) d.title = "Timeline";
  if (d.description.empty()) d.description = "What ran on each P.";
  PictureOptions o;
  o.id = "timeline";
  return RenderTimelineSvg(t, d, c, o);
}

// Both catalogs loaded; after each test neither has recorded a problem (a
// missing key or argument would show up there).
class TimelinePictureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = l10n::Catalog::Load(l10n::Language::kEnglish);
    ASSERT_TRUE(c.ok());
    en_ = std::make_unique<l10n::Catalog>(std::move(*c));
    auto r = l10n::Catalog::Load(l10n::Language::kRussian);
    ASSERT_TRUE(r.ok());
    ru_ = std::make_unique<l10n::Catalog>(std::move(*r));
  }
  void TearDown() override {
    EXPECT_TRUE(en_->Errors().empty()) << en_->Errors().front();
    EXPECT_TRUE(ru_->Errors().empty()) << ru_->Errors().front();
  }
  std::unique_ptr<l10n::Catalog> en_, ru_;
};

TEST_F(TimelinePictureTest, SpinShowsEveryPAndPreemptions) {
  const Sample s = LoadSample("spin/spin.trace");
  const std::string svg = Render(s.timeline, *en_);
  EXPECT_EQ(svg, Render(s.timeline, *en_));  // deterministic
  EXPECT_NE(svg.find("<title id=\"timeline-title\">Timeline</title>"), std::string::npos);
  EXPECT_NE(svg.find("<desc id=\"timeline-desc\">"), std::string::npos);
  ASSERT_FALSE(s.seen.procs.empty());
  std::set<int64_t> lanes;
  for (const TimelineLane& l : s.timeline.procs) lanes.insert(l.id);
  EXPECT_EQ(lanes, s.seen.procs);
  for (int64_t p : s.seen.procs) {
    EXPECT_NE(svg.find(">P" + std::to_string(p) + "</text>"), std::string::npos) << p;
  }
  EXPECT_GT(MarksOf(s.timeline.procs, TimelineMarkKind::kPreempted), 0u);
  EXPECT_NE(svg.find("<polygon"), std::string::npos);
  EXPECT_NE(svg.find("preempted"), std::string::npos);
  const size_t lanes_drawn = s.timeline.procs.size() + s.timeline.threads.size();
  EXPECT_LE(StartTags(svg), 4u * 1200 * lanes_drawn);
}

TEST_F(TimelinePictureTest, SyscallShowsThreadLanesAndHandoffs) {
  const Sample s = LoadSample("syscall/syscall.trace");
  ASSERT_FALSE(s.timeline.threads.empty());
  std::set<int64_t> threads;
  for (const TimelineLane& l : s.timeline.threads) threads.insert(l.id);
  EXPECT_EQ(threads, s.seen.threads);
  EXPECT_GT(MarksOf(s.timeline.procs, TimelineMarkKind::kSyscallHandoff), 0u);
  EXPECT_GT(MarksOf(s.timeline.threads, TimelineMarkKind::kSyscallHandoff), 0u);
  const std::string svg = Render(s.timeline, *en_);
  EXPECT_EQ(svg, Render(s.timeline, *en_));
  EXPECT_NE(svg.find(">M" + std::to_string(*threads.begin()) + "</text>"), std::string::npos);
  EXPECT_NE(svg.find("OS threads (M)"), std::string::npos);
  EXPECT_NE(svg.find("tnp-sys"), std::string::npos);
  EXPECT_NE(svg.find("lost"), std::string::npos);
  TimelineDrawing no_threads;
  no_threads.threads = false;
  const std::string procs_only = Render(s.timeline, *en_, no_threads);
  EXPECT_EQ(procs_only.find("OS threads (M)"), std::string::npos);
  EXPECT_LT(procs_only.size(), svg.size());
  const std::string ru = Render(s.timeline, *ru_);
  EXPECT_NE(ru.find("Потоки ОС (M)"), std::string::npos);
}

TEST_F(TimelinePictureTest, ZoomedWindowUsesRelativeTicksAndHighlights) {
  const Sample whole = LoadSample("spin/spin.trace");
  ASSERT_GT(whole.timeline.end, 1000000);
  auto source = OpenTraceFile(std::string(TRACENOTE_SOURCE_DIR) + "/samples/spin/spin.trace");
  ASSERT_TRUE(source.ok());
  const int64_t start = whole.timeline.end / 2;
  TimelineCollector c(&(*source)->tables(), {start, start + 20000000, 800});
  ASSERT_TRUE((*source)->ReplayModel(&c).ok());
  const Timeline zoom = c.Finish();
  EXPECT_EQ(zoom.start, start);
  ASSERT_FALSE(zoom.procs.empty());
  TimelineDrawing d;
  d.width = 800;
  d.relative_axis = true;
  ASSERT_FALSE(zoom.labelled_goroutines.empty());
  d.highlight = {zoom.labelled_goroutines.front()};
  const std::string svg = Render(zoom, *en_, d);
  EXPECT_NE(svg.find("width=\"800\""), std::string::npos);
  EXPECT_NE(svg.find(">+"), std::string::npos);                       // relative tick labels
  EXPECT_NE(svg.find("tnp-hl\""), std::string::npos);                 // used on a slice
  EXPECT_NE(svg.find(".tnp-hl{"), std::string::npos);                 // and styled
  EXPECT_NE(svg.find("class=\"tnp-on-fill\">G"), std::string::npos);  // labels
}

TEST_F(TimelinePictureTest, EverySampleRendersInBothLanguages) {
  for (const char* name : {"alloc/alloc.trace", "gcload/gcload.trace", "tasks/tasks.trace"}) {
    SCOPED_TRACE(name);
    const Sample s = LoadSample(name);
    std::set<int64_t> lanes;
    for (const TimelineLane& l : s.timeline.procs) lanes.insert(l.id);
    EXPECT_EQ(lanes, s.seen.procs);
    for (const l10n::Catalog* c : {en_.get(), ru_.get()}) {
      const std::string svg = Render(s.timeline, *c);
      EXPECT_EQ(svg, Render(s.timeline, *c));
      const size_t lanes_drawn = s.timeline.procs.size() + s.timeline.threads.size();
      EXPECT_LE(StartTags(svg), 4u * 1200 * lanes_drawn);
    }
  }
}

TEST_F(TimelinePictureTest, TraceStringsAreEscaped) {
  testing::TimelineStream s;
  s.Run(0, 5000, 1, 0);
  s.Range(1000, model::EventKind::kRangeBegin, "stop-the-world (<script>alert(1)</script>)");
  s.Range(4000, model::EventKind::kRangeEnd, "stop-the-world (<script>alert(1)</script>)");
  s.Run(5000, 10000, 2, 0);
  TimelineCollector c(&s.tables, {0, analysis::kUnknownTime, 600});
  s.Replay(&c);
  const std::string svg = Render(c.Finish(), *en_);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(svg.find(">STW</text>"), std::string::npos);
}

TEST_F(TimelinePictureTest, AMillionSlicesGiveABoundedPicture) {
  testing::TimelineStream s;
  TimelineCollector c(&s.tables, {0, analysis::kUnknownTime, 1200});
  s.direct = &c;
  int64_t t = 0;
  for (int i = 0; i < 1000000; ++i) {
    const int64_t len = (i % 3 == 0) ? 4000 : 120;
    s.Run(t, t + len, 1 + i % 1000, i % 4, i % 5 == 0 ? "preempted" : "");
    t += len + (i % 11) * 30;
  }
  const Timeline timeline = c.Finish();
  const std::string svg = Render(timeline, *en_);
  EXPECT_LE(StartTags(svg), 4u * 1200 * timeline.procs.size());
  EXPECT_NE(svg.find("tnp-agg"), std::string::npos);
  EXPECT_NE(svg.find("slices of"), std::string::npos);
}

TEST_F(TimelinePictureTest, EmptyTimelineSaysSo) {
  Timeline t;
  t.start = 0;
  t.end = 1000;
  t.width_px = 1200;
  const std::string svg = Render(t, *en_);
  EXPECT_NE(svg.find("No goroutine ran"), std::string::npos);
  EXPECT_NE(svg.find("preempted"), std::string::npos);  // the legend
}

}  // namespace
}  // namespace tracenote::pictures
