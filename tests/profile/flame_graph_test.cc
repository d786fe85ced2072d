// RenderFlameGraphSvg: frame order, determinism, escaping, aggregation of
// narrow boxes, diff profiles, localizable words.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "ingest/pprof/pprof_reader.h"
#include "model/profile_model.h"
#include "profile/flame_graph.h"
#include "profile/model_builder.h"

namespace tracenote::profile {
namespace {

using Builder = ModelBuilder;

struct DrawnBox {
  std::string title;
  double y = 0, width = 0;
  std::string fill;
};

// The boxes of an SVG, in document order.
std::vector<DrawnBox> Boxes(const std::string& svg) {
  static const std::regex re(
      "<g>\\n\\s*<title>([^<]*)</title>\\n\\s*<rect x=\"[-0-9.]+\" y=\"([-0-9.]+)\" "
      "width=\"([0-9.]+)\" height=\"[0-9.]+\" rx=\"2\" fill=\"(#[0-9a-f]{6})\"/>");
  std::vector<DrawnBox> out;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator();
       ++it) {
    out.push_back({(*it)[1], std::stod((*it)[2]), std::stod((*it)[3]), (*it)[4]});
  }
  return out;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

model::Profile Small() {
  Builder b;
  uint32_t main_loc = b.LocNamed({"main.main"});
  uint32_t inl = b.LocNamed({"pkg.inner", "pkg.outer"});  // inner inlined into outer
  uint32_t leaf = b.LocNamed({"runtime.leaf"});
  b.Sample({inl, main_loc}, 300);
  b.Sample({leaf, inl, main_loc}, 100);
  b.Sample({main_loc}, 600);
  return b.profile();
}

TEST(FlameGraphTest, RootAtTheBottomFramesOutermostFirst) {
  auto svg = RenderFlameGraphSvg(Small());
  ASSERT_TRUE(svg.ok()) << svg.status().message();
  std::vector<DrawnBox> boxes = Boxes(*svg);
  ASSERT_EQ(boxes.size(), 5u) << *svg;
  EXPECT_EQ(boxes[0].title, "root: 1us (100% of total)");
  EXPECT_EQ(boxes[1].title, "main.main: 1us (100% of total); self 600ns");
  EXPECT_EQ(boxes[2].title, "pkg.outer: 400ns (40.00% of total)");
  EXPECT_EQ(boxes[3].title, "pkg.inner (inline): 400ns (40.00% of total); self 300ns");
  EXPECT_EQ(boxes[4].title, "runtime.leaf: 100ns (10.00% of total); self 100ns");
  for (size_t i = 1; i < boxes.size(); ++i) EXPECT_LT(boxes[i].y, boxes[i - 1].y);
  EXPECT_NEAR(boxes[2].width / boxes[1].width, 0.4, 0.01);
}

TEST(FlameGraphTest, DocumentIsAccessibleAndStatic) {
  FlameOptions o;
  o.title = "CPU of gcload";
  auto svg = RenderFlameGraphSvg(Small(), o);
  ASSERT_TRUE(svg.ok());
  EXPECT_NE(svg->find("<title id=\"flame-title\">CPU of gcload</title>"), std::string::npos);
  EXPECT_NE(svg->find("<desc id=\"flame-desc\">Flame graph of cpu, total 1us."), std::string::npos)
      << *svg;
  EXPECT_NE(svg->find("aria-labelledby=\"flame-title flame-desc\""), std::string::npos);
  EXPECT_EQ(svg->find("<script"), std::string::npos);
  EXPECT_EQ(svg->find("href"), std::string::npos);
  EXPECT_NE(svg->find("prefers-color-scheme:dark"), std::string::npos);
  // One <title> per box plus the document's.
  EXPECT_EQ(Count(*svg, "<title"), Boxes(*svg).size() + 1);
}

TEST(FlameGraphTest, DeterministicAndIndependentOfSampleOrder) {
  model::Profile a = Small();
  Builder b;
  uint32_t leaf = b.LocNamed({"runtime.leaf"});
  uint32_t inl = b.LocNamed({"pkg.inner", "pkg.outer"});
  uint32_t main_loc = b.LocNamed({"main.main"});
  b.Sample({main_loc}, 600);
  b.Sample({leaf, inl, main_loc}, 100);
  b.Sample({inl, main_loc}, 300);
  auto first = RenderFlameGraphSvg(a);
  auto again = RenderFlameGraphSvg(a);
  auto reordered = RenderFlameGraphSvg(b.profile());
  ASSERT_TRUE(first.ok() && again.ok() && reordered.ok());
  EXPECT_EQ(*first, *again);
  EXPECT_EQ(*first, *reordered);
}

TEST(FlameGraphTest, EscapesNamesFromTheProfile) {
  Builder b;
  b.Sample({b.LocNamed({"<script>alert(1)</script>"}), b.LocNamed({"a&b \"q\" 'x'"})}, 10);
  auto svg = RenderFlameGraphSvg(b.profile());
  ASSERT_TRUE(svg.ok());
  EXPECT_EQ(svg->find("<script"), std::string::npos);
  EXPECT_NE(svg->find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(svg->find("a&amp;b &quot;q&quot; &#39;x&#39;"), std::string::npos);
  EXPECT_EQ(svg->find("a&b"), std::string::npos);
  // Tabs survive attribute-value normalization; line breaks become spaces.
  Builder c;
  c.Sample({c.LocNamed({"tab\there\nline\x1b"})}, 10);
  svg = RenderFlameGraphSvg(c.profile());
  ASSERT_TRUE(svg.ok());
  EXPECT_NE(svg->find("<title>tab&#9;here line\\x1b: "), std::string::npos) << *svg;
}

TEST(FlameGraphTest, NarrowBoxesAreFoldedIntoTheirParent) {
  // 100,000 distinct stacks under one caller: each leaf is 0.01 px wide.
  Builder b;
  uint32_t caller = b.LocNamed({"main.dispatch"});
  for (int i = 0; i < 100000; ++i) {
    b.Sample({b.LocNamed({"handler" + std::to_string(i)}), caller}, 1 + i % 3);
  }
  b.Sample({b.LocNamed({"main.big"}), caller}, 200000);
  auto svg = RenderFlameGraphSvg(b.profile());
  ASSERT_TRUE(svg.ok());
  std::vector<DrawnBox> boxes = Boxes(*svg);
  EXPECT_EQ(boxes.size(), 3u);  // root, main.dispatch, main.big
  EXPECT_LT(svg->size(), 20000u);
  EXPECT_NE(svg->find("main.dispatch: 400us (100% of total); narrow callees not drawn: 100000"),
            std::string::npos);
}

TEST(FlameGraphTest, BoxCountIsCapped) {
  // 100,000 stacks wide enough to draw at 1e6 px: the cap keeps the widest.
  Builder b;
  uint32_t caller = b.LocNamed({"main.dispatch"});
  for (int i = 0; i < 100000; ++i) b.Sample({b.LocNamed({"h" + std::to_string(i)}), caller}, 1);
  FlameOptions o;
  o.width = 1000000;
  o.max_boxes = 500;
  auto svg = RenderFlameGraphSvg(b.profile(), o);
  ASSERT_TRUE(svg.ok());
  EXPECT_EQ(Boxes(*svg).size(), 500u);
  EXPECT_NE(svg->find("narrow callees not drawn: 99502"), std::string::npos);
}

TEST(FlameGraphTest, DiffProfilesColourBySignAndSizeByMagnitude) {
  Builder b;
  uint32_t main_loc = b.LocNamed({"main.main"});
  b.Sample({b.LocNamed({"grew"}), main_loc}, 300);
  b.Sample({b.LocNamed({"shrank"}), main_loc}, -100);
  auto svg = RenderFlameGraphSvg(b.profile());
  ASSERT_TRUE(svg.ok()) << svg.status().message();
  std::vector<DrawnBox> boxes = Boxes(*svg);
  ASSERT_EQ(boxes.size(), 4u);
  EXPECT_EQ(boxes[2].title, "grew: 300ns (75.00% of total); self 300ns");
  EXPECT_EQ(boxes[3].title, "shrank: -100ns (25.00% of total); self -100ns");
  EXPECT_NEAR(boxes[2].width / boxes[3].width, 3.0, 0.05);
  auto red = [](const std::string& hex) { return std::stoi(hex.substr(1, 2), nullptr, 16); };
  auto blue = [](const std::string& hex) { return std::stoi(hex.substr(5, 2), nullptr, 16); };
  EXPECT_GT(red(boxes[2].fill), blue(boxes[2].fill));
  EXPECT_GT(blue(boxes[3].fill), red(boxes[3].fill));
}

TEST(FlameGraphTest, WordsComeFromTheOptions) {
  FlameOptions o;
  o.default_title = "Огненный граф";
  o.of_total = "от общего";
  o.self = "собственное";
  o.root_name = "корень";
  o.description = "{type}: {total}";
  auto svg = RenderFlameGraphSvg(Small(), o);
  ASSERT_TRUE(svg.ok());
  EXPECT_NE(svg->find("<title id=\"flame-title\">Огненный граф</title>"), std::string::npos);
  EXPECT_NE(svg->find("корень: 1us (100% от общего)"), std::string::npos) << *svg;
  EXPECT_NE(svg->find("собственное 600ns"), std::string::npos);
  EXPECT_EQ(svg->find("of total"), std::string::npos);
  EXPECT_EQ(svg->find("Flame graph"), std::string::npos);
}

TEST(FlameGraphTest, LongNamesAreTruncatedToFit) {
  Builder b;
  std::string name =
      "very.long/package/path.(*Type).MethodWithAVeryLongName" + std::string(80, 'x');
  b.Sample({b.LocNamed({name})}, 1);
  FlameOptions o;
  o.width = 300;
  auto svg = RenderFlameGraphSvg(b.profile(), o);
  ASSERT_TRUE(svg.ok());
  EXPECT_NE(svg->find(">very.long/package/path."), std::string::npos);
  EXPECT_NE(svg->find("..</text>"), std::string::npos);
  EXPECT_NE(svg->find("<title>" + name), std::string::npos);  // full name in the tooltip
}

TEST(FlameGraphTest, EmptyProfileAndBadColumn) {
  Builder b;
  auto svg = RenderFlameGraphSvg(b.profile());
  ASSERT_TRUE(svg.ok());
  EXPECT_NE(svg->find("No samples."), std::string::npos);
  FlameOptions o;
  o.sample_index = 3;
  EXPECT_FALSE(RenderFlameGraphSvg(b.profile(), o).ok());
  model::Profile none;
  EXPECT_FALSE(RenderFlameGraphSvg(none).ok());
}

// "420ms" (a box's tooltip or a pprof column) in nanoseconds; -1 if unknown.
int64_t Nanos(const std::string& text) {
  static const std::regex re("(-?[0-9.]+)(ns|us|ms|s)?");
  std::smatch m;
  if (!std::regex_match(text, m, re)) return -1;
  static const std::map<std::string, double> factor = {
      {"", 1}, {"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}};
  return std::llround(std::stod(m[1]) * factor.at(m[2]));
}

TEST(FlameGraphTest, GcloadCpuProfileAgreesWithPprofTop) {
  // Every function's boxes must add up to what `go tool pprof -top` printed
  // for the same profile: its self values to flat, and the values of its
  // outermost boxes (no box of the same function below them) to cum.
  std::filesystem::path dir = std::filesystem::path(TRACENOTE_SOURCE_DIR) / "samples" / "gcload";
  auto profile = pprof::ReadProfileFile((dir / "cpu.pb.gz").string());
  ASSERT_TRUE(profile.ok()) << profile.status().message();
  auto svg = RenderFlameGraphSvg(*profile);
  ASSERT_TRUE(svg.ok()) << svg.status().message();
  EXPECT_EQ(svg->find("narrow callees not drawn"), std::string::npos);  // every box drawn

  static const std::regex tip_re(
      R"(^(.*?)( \(inline\))?: (-?[0-9.]+[a-z]*) \([0-9.]+% of total\)(; self (-?[0-9.]+[a-z]*))?$)");
  std::map<std::string, std::pair<int64_t, int64_t>> boxes;  // name -> flat, cum
  std::vector<std::pair<double, std::string>> path;          // y and name of the ancestors
  std::vector<DrawnBox> drawn = Boxes(*svg);
  ASSERT_GT(drawn.size(), 30u);
  for (const DrawnBox& b : drawn) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(b.title, m, tip_re)) << b.title;
    while (!path.empty() && path.back().first <= b.y) path.pop_back();
    std::string name = m[1];
    if (b.title.rfind("root: ", 0) != 0) {
      bool nested =
          std::any_of(path.begin(), path.end(), [&](const auto& a) { return a.second == name; });
      if (!nested) boxes[name].second += Nanos(m[3]);
      if (m[5].matched) boxes[name].first += Nanos(m[5]);
    }
    path.emplace_back(b.y, name);
  }

  std::ifstream in(dir / "cpu.top.txt");
  ASSERT_TRUE(in) << "missing " << (dir / "cpu.top.txt");
  static const std::regex row_re(R"(^ *(\S+) +\S+ +\S+ +(\S+) +\S+  (.*?)( \(inline\))?$)");
  std::map<std::string, std::pair<int64_t, int64_t>> top;
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (line.find('%') == std::string::npos || !std::regex_match(line, m, row_re)) continue;
    if (m[3] == "" || line.find("flat%") != std::string::npos) continue;
    top[m[3]] = {Nanos(m[1]), Nanos(m[2])};
  }
  ASSERT_GT(top.size(), 30u);
  EXPECT_EQ(boxes, top);
}

TEST(FlameGraphTest, LargeCorpusProfileStaysSmall) {
  std::filesystem::path path = std::filesystem::path(TRACENOTE_CORPUS_DIR) /
                               "pprof/google-pprof/internal/proftest/testdata/large.cpu";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "corpus file not found: " << path;
  auto profile = pprof::ReadProfileFile(path.string());
  ASSERT_TRUE(profile.ok()) << profile.status().message();
  auto svg = RenderFlameGraphSvg(*profile);
  ASSERT_TRUE(svg.ok());
  auto again = RenderFlameGraphSvg(*profile);
  EXPECT_EQ(*svg, *again);
  EXPECT_LE(Boxes(*svg).size(), FlameOptions().max_boxes);
  EXPECT_LT(svg->size(), 3u << 20);
  RecordProperty("svg_bytes", std::to_string(svg->size()));
  RecordProperty("boxes", std::to_string(Boxes(*svg).size()));
  std::printf("large.cpu flame graph: %zu bytes, %zu boxes\n", svg->size(), Boxes(*svg).size());
}

}  // namespace
}  // namespace tracenote::profile
