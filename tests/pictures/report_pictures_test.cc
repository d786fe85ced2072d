// The report's picture set: which pictures a trace gets, their names and
// element ids (unique in one HTML page), determinism, close-up windows,
// and partial traces.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <regex>
#include <set>

#include "analysis/detectors/finding.h"
#include "base/file_blob.h"
#include "ingest/open_trace.h"
#include "l10n/catalog.h"
#include "model/tee_sink.h"
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
  Status s = DrawTracePictures(source, *analysis, findings, &collectors, c, &set);
  EXPECT_TRUE(s.ok()) << s.message();
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
  EXPECT_EQ(names,
            (std::vector<std::string>{"timeline", "finding-1", "finding-2", "finding-3",
                                      "finding-4", "goroutines", "sched-latency", "heap", "mmu"}));
  EXPECT_EQ(set.Find("finding-1")->title.rfind("Close-up of ", 0), 0u)
      << set.Find("finding-1")->title;
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

TraceAnalysis Analysis(int64_t end_time) {
  TraceAnalysis a;
  a.end_time = end_time;
  return a;
}

Finding At(const char* id, int64_t start, int64_t end) {
  Finding f;
  f.id = id;
  f.start = start;
  f.end = end;
  return f;
}

TEST(CloseUpTest, LongMomentsAreCutToTheFirstFiftyMilliseconds) {
  const CloseUp w =
      CloseUpOf(At("preemption-storm", 10'000'000, 2'000'000'000), Analysis(3'000'000'000));
  EXPECT_EQ(w.start, 10'000'000 - kMaxCloseUp / 8);
  EXPECT_EQ(w.end, 10'000'000 + kMaxCloseUp + kMaxCloseUp / 8);
  EXPECT_FALSE(w.threads);
}

TEST(CloseUpTest, ShortMomentsGetAMinimumAndStayInsideTheTrace) {
  const CloseUp w = CloseUpOf(At("syscall-handoff", 1000, 2000), Analysis(60'000));
  EXPECT_EQ(w.start, 0);
  EXPECT_EQ(w.end, 60'000);
  EXPECT_TRUE(w.threads);
}

TEST(CloseUpTest, StopTheWorldShowsItsWholeGcCycle) {
  TraceAnalysis a = Analysis(1'000'000'000);
  analysis::GcCycle g;
  g.sweep_term_start = 100'000'000;
  g.start = 100'050'000;
  g.end = 104'000'000;
  g.mark_term_start = 104'000'000;
  g.mark_term_end = 104'300'000;
  a.gc_cycles.push_back(g);
  const CloseUp w = CloseUpOf(At("gc-stw", 104'000'000, 104'300'000), a);
  const int64_t length = 4'300'000;
  EXPECT_EQ(w.start, 100'000'000 - length / 8);
  EXPECT_EQ(w.end, 100'000'000 + length + length / 8);
}

TEST(CloseUpTest, NoMomentNoCloseUp) {
  EXPECT_EQ(CloseUpOf(At("sched-latency", kUnknownTime, kUnknownTime), Analysis(10)).start,
            kUnknownTime);
  EXPECT_EQ(CloseUpOf(At("goroutine-leak", 5, 100), Analysis(100)).start, kUnknownTime);
}

}  // namespace
}  // namespace tracenote::report
