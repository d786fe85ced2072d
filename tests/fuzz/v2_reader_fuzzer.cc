// libFuzzer target for the Go 1.22+ ("v2") trace reader: the bytes are opened
// the way the CLI opens a file (content sniffing, gzip, the reader of the
// format) and, when that works, read through every pass a TraceSource offers:
// CountEvents, ReplayModel (a sink that resolves every field of every event
// against the model tables) and ReplayRaw (once in full with links, once
// stopped early after a few events). Any result or error is fine; crashes,
// sanitizer reports, hangs and runaway allocation are findings.
//
// Header handling: an input that starts with "go 1." (any header, v1 ones
// included) or with the gzip magic is read as it is, exactly like
// v1_reader_fuzzer does. Any other input is a v2 trace body: its first byte
// chooses the header (low two bits: 0 = go 1.22, 1 = go 1.23, 2 = go 1.25,
// 3 = go 1.26) and the rest follows the 16-byte header. That keeps the
// fuzzer's mutations in the batches rather than in the header it would
// otherwise have to rediscover after every mutation that breaks it.
//
// The same file is linked into tests/fuzz_replay (fuzz_replay_v2_test) with a
// plain driver, so the seed corpus (tests/fuzz/corpus/trace_v2) and every
// minimized finding are replayed in ordinary test runs.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/file_blob.h"
#include "ingest/open_trace.h"
#include "ingest/trace_source.h"
#include "model/trace_model.h"

namespace {

// Reads every byte of a view, so that ASan sees a dangling or overlong one.
uint64_t Touch(std::string_view s) {
  uint64_t h = s.size();
  for (char c : s) h = h * 31 + static_cast<unsigned char>(c);
  return h;
}

uint64_t TouchStack(const tracenote::model::Tables& tables, tracenote::model::StackId id) {
  uint64_t h = id;
  for (const tracenote::model::Frame& f : tables.stacks.Get(id)) {
    h += f.pc + f.line + Touch(tables.strings.Get(f.func)) + Touch(tables.strings.Get(f.file));
  }
  return h;
}

class RawSink : public tracenote::RawEventSink {
 public:
  RawSink(const tracenote::TraceSource& source, uint64_t limit) : source_(source), limit_(limit) {}
  bool OnRawEvent(const tracenote::RawEvent& event) override {
    // Everything the dump writer reads.
    sum_ += event.index + static_cast<uint64_t>(event.time) + event.offset + event.type;
    sum_ += static_cast<uint64_t>(event.p) + event.g + static_cast<uint64_t>(event.m);
    sum_ += Touch(event.name) + Touch(event.str) + Touch(event.message) + Touch(event.link_name);
    sum_ += event.link;
    if (event.spec != nullptr) {
      sum_ += Touch(event.spec->name) + Touch(event.spec->string_arg);
      for (int i = 0; i < event.spec->num_args && i < tracenote::kMaxSpecArgs; ++i) {
        sum_ += event.args[i] + Touch(event.spec->args[i]);
      }
    }
    sum_ += TouchStack(source_.tables(), event.stack);
    return ++seen_ < limit_;
  }
  uint64_t sum_ = 0;

 private:
  const tracenote::TraceSource& source_;
  uint64_t limit_;
  uint64_t seen_ = 0;
};

class ModelSink : public tracenote::model::EventSink {
 public:
  explicit ModelSink(const tracenote::TraceSource& source) : source_(source) {}
  void OnEvent(const tracenote::model::Event& e) override {
    const tracenote::model::Tables& tables = source_.tables();
    sum_ += static_cast<uint64_t>(e.time) + e.offset + e.goroutine + e.resource + e.value;
    sum_ += static_cast<uint64_t>(e.proc) + static_cast<uint64_t>(e.thread);
    sum_ += TouchStack(tables, e.stack) + TouchStack(tables, e.extra_stack);
    sum_ += Touch(tables.strings.Get(e.name)) + Touch(tables.strings.Get(e.text));
    sum_ += static_cast<uint64_t>(e.kind) + e.from + e.to + static_cast<uint64_t>(e.scope);
    sum_ += Touch(tracenote::model::EventKindName(e.kind));
  }
  uint64_t sum_ = 0;

 private:
  const tracenote::TraceSource& source_;
};

constexpr std::string_view kHeaders[4] = {"go 1.22 trace", "go 1.23 trace", "go 1.25 trace",
                                          "go 1.26 trace"};

std::vector<uint8_t> WithHeader(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  if (in.starts_with("go 1.") || in.starts_with("\x1f\x8b")) {
    return std::vector<uint8_t>(data, data + size);
  }
  std::vector<uint8_t> bytes(16, 0);
  const std::string_view header = kHeaders[size > 0 ? data[0] & 3 : 0];
  std::memcpy(bytes.data(), header.data(), header.size());
  if (size > 0) bytes.insert(bytes.end(), data + 1, data + size);
  return bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto opened =
      tracenote::OpenTraceBlob(tracenote::FileBlob::FromBytes(WithHeader(data, size), "fuzz"));
  if (!opened.ok()) return 0;
  tracenote::TraceSource& source = **opened;
  uint64_t sum = 0;

  std::map<std::string, uint64_t> counts;
  (void)source.CountEvents(&counts);
  for (const auto& [name, n] : counts) sum += Touch(name) + n;

  ModelSink model(source);
  (void)source.ReplayModel(&model);
  sum += model.sum_;

  tracenote::ReplayOptions options;
  options.links = true;
  RawSink all(source, ~uint64_t{0});
  (void)source.ReplayRaw(options, &all);
  sum += all.sum_;

  // A replay stopped early, after 1..16 events (chosen by the input).
  options.links = size % 2 == 0;
  RawSink some(source, 1 + (size > 0 ? data[size - 1] % 16 : 0));
  (void)source.ReplayRaw(options, &some);
  sum += some.sum_;

  const tracenote::model::TraceInfo& info = source.info();
  sum += Touch(info.format) + Touch(info.partial_reason) + info.events + info.goroutines;
  for (const tracenote::model::Anomaly& a : info.anomalies) {
    sum += Touch(a.id) + Touch(a.description) + a.count + a.first_offset;
  }
  // Keep the sums alive without printing anything.
  volatile uint64_t sink = sum;
  (void)sink;
  return 0;
}
