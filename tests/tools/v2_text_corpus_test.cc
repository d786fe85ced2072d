// The v2 text encoder over Go's own text traces in the shared corpus
// (TRACENOTE_CORPUS_DIR/go-testdata/v2: tests/*.test and cmd-trace/go122.test).
// Every trace must encode, and every batch's declared size must equal the
// bytes of the events that follow it (format doc §3.4), which this file checks
// by walking the encoded batches and their events with the reader's table.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/trace_v2/v2_event_spec.h"
#include "tools/v2_text_encoder.h"

namespace tracenote::test_tools {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

constexpr std::string_view kTruncatedTest = "go122-fail-first-gen-first.test";

std::string CorpusV2Dir() { return std::string(TRACENOTE_CORPUS_DIR) + "/go-testdata/v2"; }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// Reads one uvarint at b[*pos]; false if the bytes end first.
bool Uvarint(const Bytes& b, size_t* pos, uint64_t* out) {
  uint64_t v = 0;
  for (int shift = 0; *pos < b.size() && shift < 70; shift += 7) {
    const uint8_t c = b[(*pos)++];
    v |= static_cast<uint64_t>(c & 0x7f) << shift;
    if (c < 0x80) {
      *out = v;
      return true;
    }
  }
  return false;
}

// Whether b[begin, end) is a whole number of events as the table describes
// them (Stack frames and String data included); a message says why not.
std::string CheckPayload(const Bytes& b, size_t begin, size_t end) {
  size_t pos = begin;
  while (pos < end) {
    const size_t at = pos;
    const uint8_t type = b[pos++];
    const EventSpec* spec = trace_v2::V2Spec(type);
    if (spec == nullptr) return "unknown event id " + std::to_string(type);
    uint64_t n = spec->num_args + (spec->timed ? 1 : 0) + (spec->has_stack ? 1 : 0);
    uint64_t v = 0, second = 0;
    for (uint64_t i = 0; i < n; ++i) {
      if (!Uvarint(b, &pos, &v)) return "event at offset " + std::to_string(at) + " truncated";
      if (i == 1) second = v;
    }
    if (type == trace_v2::kEvStack) {
      for (uint64_t i = 0; i < 4 * second; ++i) {
        if (!Uvarint(b, &pos, &v)) return "stack at offset " + std::to_string(at) + " truncated";
      }
    }
    if (type == trace_v2::kEvString) {
      if (!Uvarint(b, &pos, &v) || v > end - pos) return "bad string length";
      pos += v;
    }
  }
  if (pos != end) return "the last event runs " + std::to_string(pos - end) + " bytes past size";
  return "";
}

// What walking an encoded trace's batches found.
struct BatchWalk {
  int batches = 0;         // EventBatch and ExperimentalBatch headers read
  std::string error;       // the first size mismatch, or ""
  bool truncated = false;  // the last batch declares more bytes than remain
  uint64_t declared = 0;   // ... its size
  uint64_t available = 0;  // ... and the bytes that remain
};

// Walks the batches after the 16-byte header by their declared sizes and
// checks that each event batch's payload is exactly its events.
BatchWalk WalkBatches(const Bytes& b) {
  BatchWalk w;
  size_t pos = 16;
  while (pos < b.size() && w.error.empty()) {
    const size_t at = pos;
    const uint8_t type = b[pos++];
    if (type == trace_v2::kEvEndOfGeneration) continue;
    uint64_t hdr[5] = {};
    const int nhdr = type == trace_v2::kEvExperimentalBatch ? 5 : 4;
    if (type != trace_v2::kEvEventBatch && type != trace_v2::kEvExperimentalBatch) {
      w.error = "offset " + std::to_string(at) + ": byte " + std::to_string(type) +
                " does not start a batch";
      break;
    }
    for (int i = 0; i < nhdr; ++i) {
      if (!Uvarint(b, &pos, &hdr[i])) {
        w.error = "offset " + std::to_string(at) + ": truncated batch header";
        return w;
      }
    }
    ++w.batches;
    const uint64_t size = hdr[nhdr - 1];
    if (size > b.size() - pos) {
      w.truncated = true;
      w.declared = size;
      w.available = b.size() - pos;
      break;
    }
    if (type == trace_v2::kEvEventBatch) {
      const std::string e = CheckPayload(b, pos, pos + size);
      if (!e.empty()) w.error = "batch at offset " + std::to_string(at) + ": " + e;
    }
    pos += size;
  }
  return w;
}

// How many batch header lines (EventBatch, ExperimentalBatch) the text has.
int CountBatchLines(const std::string& text) {
  std::istringstream in(text);
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    if (line.compare(first, 11, "EventBatch ") == 0 ||
        line.compare(first, 18, "ExperimentalBatch ") == 0) {
      ++n;
    }
  }
  return n;
}

TEST(V2TextCorpusTest, TheSizeCheckCatchesMismatches) {
  auto good =
      EncodeV2Text("Trace Go1.22\nEventBatch gen=1 m=0 time=0 size=4\nGoStart dt=1 g=1 g_seq=1\n");
  ASSERT_TRUE(good.ok()) << good.status().message();
  EXPECT_EQ(WalkBatches(*good).error, "");
  EXPECT_EQ(WalkBatches(*good).batches, 1);
  auto small =
      EncodeV2Text("Trace Go1.22\nEventBatch gen=1 m=0 time=0 size=3\nGoStart dt=1 g=1 g_seq=1\n");
  ASSERT_TRUE(small.ok()) << small.status().message();
  EXPECT_NE(WalkBatches(*small).error, "");
  auto big =
      EncodeV2Text("Trace Go1.22\nEventBatch gen=1 m=0 time=0 size=5\nGoStart dt=1 g=1 g_seq=1\n");
  ASSERT_TRUE(big.ok()) << big.status().message();
  EXPECT_TRUE(WalkBatches(*big).truncated);
  auto split = EncodeV2Text(
      "Trace Go1.22\nEventBatch gen=1 m=0 time=0 size=5\nGoStart dt=1 g=1 g_seq=1\n"
      "EventBatch gen=1 m=0 time=0 size=0\n");
  ASSERT_TRUE(split.ok()) << split.status().message();
  EXPECT_NE(WalkBatches(*split).error, "");
}

TEST(V2TextCorpusTest, EveryGoTestEncodesWithSizesThatLineUp) {
  const fs::path dir = fs::path(CorpusV2Dir()) / "tests";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no corpus at " << dir;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".test") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  bool saw_truncated = false;
  for (const fs::path& path : files) {
    SCOPED_TRACE(path.filename().string());
    auto tc = ParseV2Txtar(ReadFile(path));
    ASSERT_TRUE(tc.ok()) << tc.status().message();
    EXPECT_EQ(tc->expect_success, tc->error_regexp.empty());
    auto bytes = EncodeV2Text(tc->trace_text);
    ASSERT_TRUE(bytes.ok()) << bytes.status().message();
    const BatchWalk w = WalkBatches(*bytes);
    EXPECT_EQ(w.error, "");
    EXPECT_EQ(w.batches, CountBatchLines(tc->trace_text));
    if (path.filename() == kTruncatedTest) {
      // Its last EventBatch says size=50 and has no payload lines.
      saw_truncated = true;
      EXPECT_FALSE(tc->expect_success);
      EXPECT_EQ(tc->error_regexp, "expected a proc but didn't have one");
      EXPECT_TRUE(w.truncated);
      EXPECT_EQ(w.declared, 50u);
      EXPECT_EQ(w.available, 0u);
    } else {
      EXPECT_FALSE(w.truncated) << "declared " << w.declared << ", available " << w.available;
    }
  }
  EXPECT_TRUE(saw_truncated) << kTruncatedTest << " is missing";
}

TEST(V2TextCorpusTest, CmdTraceBareTextEncodes) {
  const fs::path path = fs::path(CorpusV2Dir()) / "cmd-trace" / "go122.test";
  if (!fs::exists(path)) GTEST_SKIP() << "no corpus file " << path;
  const std::string text = ReadFile(path);
  auto bytes = EncodeV2Text(text);
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  ASSERT_GE(bytes->size(), 16u);
  EXPECT_EQ(std::string(bytes->begin(), bytes->begin() + 16),
            std::string("go 1.22 trace\0\0\0", 16));
  const BatchWalk w = WalkBatches(*bytes);
  EXPECT_EQ(w.error, "");
  EXPECT_FALSE(w.truncated);
  EXPECT_EQ(w.batches, CountBatchLines(text));
  EXPECT_GT(w.batches, 10);
}

}  // namespace
}  // namespace tracenote::test_tools
