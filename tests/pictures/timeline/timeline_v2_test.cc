// The timeline of a Go 1.22+ trace: tests/golden/v2/service.v2.txt (a small
// service written in Go's text form, see its header) encoded, opened and
// replayed like any trace. The v2 format knows threads, so the picture has
// thread lanes; sysmon preempts G5 and takes G6's P during its read(2).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "analysis/timeline.h"
#include "base/file_blob.h"
#include "ingest/open_trace.h"
#include "l10n/catalog.h"
#include "pictures/timeline_picture.h"
#include "tools/v2_text_encoder.h"

namespace tracenote::pictures {
namespace {

using analysis::TimelineLane;
using analysis::TimelineMarkKind;

bool HasMark(const std::vector<TimelineLane>& lanes, TimelineMarkKind kind) {
  for (const TimelineLane& l : lanes) {
    for (const auto& m : l.marks) {
      if (m.kind == kind) return true;
    }
  }
  return false;
}

TEST(TimelineV2Test, ServiceTraceHasThreadsHandoffsAndPreemptions) {
  std::ifstream in(std::string(TRACENOTE_SOURCE_DIR) + "/tests/golden/v2/service.v2.txt");
  ASSERT_TRUE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  auto bytes = test_tools::EncodeV2Text(text.str());
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  auto source = OpenTraceBlob(FileBlob::FromBytes(std::move(*bytes), "service.trace"));
  ASSERT_TRUE(source.ok()) << source.status().message();
  analysis::TimelineCollector collector(&(*source)->tables(), {0, analysis::kUnknownTime, 1200});
  ASSERT_TRUE((*source)->ReplayModel(&collector).ok());
  const analysis::Timeline t = collector.Finish();
  ASSERT_EQ(t.procs.size(), 2u);  // GOMAXPROCS=2
  EXPECT_EQ(t.procs[0].id, 0);
  EXPECT_EQ(t.procs[1].id, 1);
  EXPECT_FALSE(t.threads.empty());
  EXPECT_TRUE(HasMark(t.procs, TimelineMarkKind::kPreempted));
  EXPECT_TRUE(HasMark(t.procs, TimelineMarkKind::kSyscallHandoff));
  EXPECT_TRUE(HasMark(t.threads, TimelineMarkKind::kSyscallHandoff));
  bool gc = false;
  for (const auto& b : t.bands) gc = gc || b.kind == analysis::TimelineBandKind::kGcMark;
  EXPECT_TRUE(gc);

  auto catalog = l10n::Catalog::Load(l10n::Language::kEnglish);
  ASSERT_TRUE(catalog.ok());
  TimelineDrawing d;
  d.title = "service";
  d.description = "The whole trace.";
  const std::string svg = RenderTimelineSvg(t, d, *catalog, {});
  EXPECT_EQ(svg, RenderTimelineSvg(t, d, *catalog, {}));
  EXPECT_NE(svg.find(">M"), std::string::npos);
  EXPECT_NE(svg.find("its P was handed off"), std::string::npos);
  EXPECT_TRUE(catalog->Errors().empty());
}

}  // namespace
}  // namespace tracenote::pictures
