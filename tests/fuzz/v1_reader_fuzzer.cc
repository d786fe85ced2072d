// libFuzzer target for the trace reader: the bytes are opened the way the CLI
// opens a file (content sniffing, gzip, the v1 reader) and, when that works,
// read through every pass a TraceSource offers. Any result or error is fine;
// crashes, sanitizer reports, hangs and runaway allocation are findings.
//
// The same file is linked into tests/fuzz_replay with a plain driver, so the
// seed corpus and every minimized finding are replayed in ordinary test runs.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/file_blob.h"
#include "ingest/open_trace.h"
#include "ingest/trace_source.h"
#include "model/trace_model.h"

namespace {

class DiscardRaw : public tracenote::RawEventSink {
 public:
  bool OnRawEvent(const tracenote::RawEvent& event) override {
    // Touch what the dump writer reads, so sanitizers see bad views.
    sum_ += event.name.size() + event.str.size() + event.message.size() + event.link_name.size();
    return true;
  }
  size_t sum_ = 0;
};

class DiscardModel : public tracenote::model::EventSink {
 public:
  void OnEvent(const tracenote::model::Event& event) override { sum_ += event.offset; }
  uint64_t sum_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint8_t> bytes(data, data + size);
  auto opened = tracenote::OpenTraceBlob(tracenote::FileBlob::FromBytes(std::move(bytes), "fuzz"));
  if (!opened.ok()) return 0;
  tracenote::TraceSource& source = **opened;
  std::map<std::string, uint64_t> counts;
  (void)source.CountEvents(&counts);
  DiscardRaw raw;
  tracenote::ReplayOptions options;
  options.links = true;
  (void)source.ReplayRaw(options, &raw);
  DiscardModel model;
  (void)source.ReplayModel(&model);
  return 0;
}
