#include "conformance/v1_corpus.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "base/file_blob.h"
#include "ingest/open_trace.h"
#include "ingest/trace_v1/v1_tokenizer.h"
#include "tools/go_fuzz_literal.h"

namespace tracenote::conformance {

namespace fs = std::filesystem;

std::string GoTestdataDir() { return std::string(TRACENOTE_CORPUS_DIR) + "/go-testdata"; }

bool CorpusPresent() {
  std::error_code ec;
  return fs::is_regular_file(GoTestdataDir() + "/MANIFEST.md", ec);
}

const Manifest* CorpusManifest() {
  static const std::optional<Manifest> manifest =
      CorpusPresent() ? LoadManifest(GoTestdataDir() + "/MANIFEST.md") : std::nullopt;
  return manifest ? &*manifest : nullptr;
}

std::vector<ManifestEntry> V1EntriesWith(std::initializer_list<Expectation> kinds) {
  std::vector<ManifestEntry> out;
  const Manifest* m = CorpusManifest();
  if (m == nullptr) return out;
  for (const ManifestEntry& e : m->Under("v1/")) {
    for (Expectation k : kinds) {
      if (e.expectation == k) out.push_back(e);
    }
  }
  return out;
}

StatusOr<std::vector<uint8_t>> ReadEntryBytes(const ManifestEntry& entry) {
  const std::string path = GoTestdataDir() + "/" + entry.RelativePath();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(StatusCode::kNotFound, "cannot read " + path);
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  if (test_tools::IsGoFuzzFile(text)) return test_tools::DecodeGoFuzzFile(text);
  return std::vector<uint8_t>(text.begin(), text.end());
}

int64_t EntryFileSize(const ManifestEntry& entry) {
  std::error_code ec;
  auto size = fs::file_size(GoTestdataDir() + "/" + entry.RelativePath(), ec);
  return ec ? -1 : static_cast<int64_t>(size);
}

std::string TestNameFor(const ManifestEntry& entry) {
  std::string dir = entry.directory;
  if (dir.rfind("v1/", 0) == 0) dir = dir.substr(3);
  std::string name = dir + "__" + entry.file;
  for (char& c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!ok) c = '_';
  }
  return name;
}

std::set<int64_t> BatchProcs(const std::vector<uint8_t>& bytes) {
  std::set<int64_t> procs;
  std::string_view view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  const int version = trace_v1::ParseTraceHeader(view);
  if (version < 0) return procs;
  size_t pos = trace_v1::kHeaderSize;
  trace_v1::V1Record rec;
  while (pos < bytes.size()) {
    bool truncated = false;
    if (!trace_v1::DecodeV1Record(bytes.data(), bytes.size(), pos, version, &rec, &truncated)
             .ok()) {
      break;
    }
    if (rec.type == trace_v1::kBatch) procs.insert(static_cast<int64_t>(rec.values[0]));
    pos = rec.end;
  }
  return procs;
}

namespace {

class RawCounter : public RawEventSink {
 public:
  explicit RawCounter(RunOutcome* out) : out_(out) {}
  bool OnRawEvent(const RawEvent& event) override {
    if (out_->raw_events > 0 && event.time < last_time_) ++out_->raw_time_regressions;
    last_time_ = event.time;
    ++out_->raw_events;
    if (event.link != kNoLink) ++out_->raw_links;
    return true;
  }

 private:
  RunOutcome* out_;
  int64_t last_time_ = 0;
};

class ModelCounter : public model::EventSink {
 public:
  explicit ModelCounter(uint64_t* n) : n_(n) {}
  void OnEvent(const model::Event&) override { ++*n_; }

 private:
  uint64_t* n_;
};

}  // namespace

RunOutcome RunAll(std::vector<uint8_t> bytes, const std::string& name) {
  RunOutcome out;
  const auto start = std::chrono::steady_clock::now();
  auto opened = OpenTraceBlob(FileBlob::FromBytes(std::move(bytes), name));
  out.open = opened.status();
  if (opened.ok()) {
    TraceSource& src = **opened;
    out.count = src.CountEvents(&out.counts);
    out.info_events = src.info().events;
    RawCounter raw(&out);
    out.raw = src.ReplayRaw(ReplayOptions{.links = true}, &raw);
    ModelCounter model(&out.model_events);
    out.model = src.ReplayModel(&model);
    out.partial = src.info().partial;
    out.partial_reason = src.info().partial_reason;
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace tracenote::conformance
