#include "conformance/manifest.h"

#include <gtest/gtest.h>

namespace tracenote::conformance {
namespace {

constexpr std::string_view kSample = R"(# Title

| Tag | Meaning |
|-----|---------|
| good | must parse |

### `v1/golang-go/` — v1 canned traces

| File | Header | Size (B) | Origin repo | Origin path | Commit | Expectation | Decoded content (reference decoder) |
|---|---|---|---|---|---|---|---|
| `http_1_10_good` | go 1.10 trace | 2201 | golang/go | `src/x` | `2639` | good: must parse without error | 113 ev, sched=1, syscall=3, Ps=3 |
| `stress_1_5_unordered` | go 1.5 trace | 8194 | golang/go | `src/y` | `2639` | bad: must be rejected with a time-order error (ErrTimeOrder) | 1386 ev, GC=3, Ps=4 |

### `v1/golang-go-prerelease-1.9/` — historical

| File | Header | Size (B) | Origin repo | Origin path | Commit | Expectation | Decoded content (reference decoder) |
|---|---|---|---|---|---|---|---|
| `http_1_9_good` | go 1.9 trace | 2368 | golang/go | `p` | `79c5` | historical Go 1.9-devel file; happens to decode (keep as good) | 117 ev, Ps=3 |
| `stress_1_9_good` | go 1.9 trace | 594085 | golang/go | `p` | `79c5` | historical: Go 1.9 devel format | structural decode fails: ValueError: GCSweepDone has 1 args, want 3 at 0xe35 |

### `v1/gotraceui-fuzz/` — fuzz

| File | Header | Size (B) | Origin repo | Origin path | Commit | Expectation | Decoded content (reference decoder) |
|---|---|---|---|---|---|---|---|
| `FuzzLoadTrace/ecad2f142ca420d4` | fuzz/go 1.11 | 106 | d/g | `p` | `7c47` | go-fuzz corpus entry (text); must not crash | 6 ev, Ps=1 |

### `v2/tests/` — v2

| File | Header | Size (B) | Origin repo | Origin path | Commit | Expectation | Decoded content (reference decoder) |
|---|---|---|---|---|---|---|---|
| `a.test` | txtar/go 1.22 | 10 | golang/go | `p` | `edcd` | txtar: expect SUCCESS (reader) | 2 ev, gens=3, freq=1000000000 |
)";

TEST(ManifestTest, ParsesSectionsAndRows) {
  Manifest m = ParseManifest(kSample);
  EXPECT_TRUE(m.errors.empty()) << m.errors.front();
  ASSERT_EQ(m.entries.size(), 6u);
  const ManifestEntry& e = m.entries[0];
  EXPECT_EQ(e.directory, "v1/golang-go");
  EXPECT_EQ(e.file, "http_1_10_good");
  EXPECT_EQ(e.RelativePath(), "v1/golang-go/http_1_10_good");
  EXPECT_EQ(e.header, "go 1.10 trace");
  EXPECT_EQ(e.size, 2201u);
  EXPECT_EQ(e.expectation, Expectation::kGood);
  ASSERT_TRUE(e.events.has_value());
  EXPECT_EQ(*e.events, 113u);
  EXPECT_EQ(e.Count("sched"), 1u);
  EXPECT_EQ(e.Count("Ps"), 3u);
  EXPECT_EQ(e.Count("GC"), 0u);  // missing key
  EXPECT_EQ(m.entries[5].directory, "v2/tests");
  EXPECT_EQ(m.entries[5].expectation, Expectation::kTxtarSuccess);
  EXPECT_EQ(m.Under("v1/").size(), 5u);
}

TEST(ManifestTest, ClassifiesExpectations) {
  Manifest m = ParseManifest(kSample);
  ASSERT_EQ(m.entries.size(), 6u);
  EXPECT_TRUE(m.entries[1].ExpectsTimeOrderError());
  EXPECT_EQ(m.entries[1].expectation, Expectation::kBad);
  EXPECT_EQ(m.entries[2].expectation, Expectation::kGood);  // kept as good
  EXPECT_EQ(m.entries[3].expectation, Expectation::kHistorical);
  EXPECT_FALSE(m.entries[3].events.has_value());
  EXPECT_EQ(m.entries[4].expectation, Expectation::kFuzzEntry);
  EXPECT_EQ(m.entries[4].file, "FuzzLoadTrace/ecad2f142ca420d4");
  EXPECT_EQ(ClassifyExpectation("good (presumed): real trace"), Expectation::kGood);
  EXPECT_EQ(ClassifyExpectation("weird: fuzz-derived"), Expectation::kWeird);
  EXPECT_EQ(ClassifyExpectation("txtar: expect FAILURE \"x\""), Expectation::kTxtarFailure);
  EXPECT_EQ(ClassifyExpectation("something new"), Expectation::kOther);
}

TEST(ManifestTest, DecodedContent) {
  ManifestEntry e;
  EXPECT_TRUE(ParseDecodedContent("0 ev, gens=1, freq=15625000", &e));
  EXPECT_EQ(*e.events, 0u);
  EXPECT_EQ(e.Count("freq"), 15625000u);
  EXPECT_TRUE(ParseDecodedContent("structural decode fails: ValueError: x, y", &e));
  EXPECT_FALSE(e.events.has_value());
  EXPECT_TRUE(e.counts.empty());
  EXPECT_FALSE(ParseDecodedContent("12 events", &e));
  EXPECT_FALSE(ParseDecodedContent("12 ev, GC=x", &e));
}

TEST(ManifestTest, ReportsMalformedRows) {
  Manifest m = ParseManifest("### `v1/x/` — y\n| `f` | h | 1 | good |\n");
  EXPECT_TRUE(m.entries.empty());
  ASSERT_EQ(m.errors.size(), 1u);
  EXPECT_NE(m.errors[0].find("line 2"), std::string::npos);
}

}  // namespace
}  // namespace tracenote::conformance
