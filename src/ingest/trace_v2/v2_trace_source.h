// V2TraceSource: the TraceSource for Go 1.22+ traces.
//
// Every replay streams the file again, generation by generation
// (v2_event_stream.h), so memory stays bounded by the largest generation
// plus what the consumer keeps. The first full replay also fills info():
// event counts, goroutines, Ps, threads, duration, generations, and the
// wall-clock time of the first event when the trace has clock snapshots
// (Go 1.25+). Model tables are shared by all replays: a string or stack has
// the same id in every one.
#ifndef TRACENOTE_SRC_INGEST_TRACE_V2_V2_TRACE_SOURCE_H_
#define TRACENOTE_SRC_INGEST_TRACE_V2_V2_TRACE_SOURCE_H_

#include <array>
#include <map>
#include <memory>
#include <string>

#include "ingest/trace_source.h"
#include "ingest/trace_v2/v2_event_stream.h"
#include "ingest/trace_v2/v2_generation.h"

namespace tracenote::trace_v2 {

class V2TraceSource : public TraceSource {
 public:
  static StatusOr<std::unique_ptr<V2TraceSource>> Open(std::unique_ptr<FileBlob> blob);

  const model::TraceInfo& info() const override { return info_; }
  const model::Tables& tables() const override { return tables_; }
  Status ReplayRaw(const ReplayOptions& options, RawEventSink* sink) override;
  Status ReplayModel(model::EventSink* sink) override;
  Status CountEvents(std::map<std::string, uint64_t>* counts) override;

  // Events read from the input per wire type (made-up events not counted;
  // index 255 counts CPU samples). Valid after a full replay.
  const std::array<uint64_t, 256>& wire_counts() const { return wire_counts_; }
  uint64_t generations() const { return generations_; }

 private:
  V2TraceSource() = default;
  // One pass over the trace; `visit(const V2StreamEvent&, V2EventStream&)`
  // returns false to stop early. A template: it is called for every event.
  template <typename Visit>
  Status Walk(Visit&& visit);
  void FillInfo(const V2EventStream& stream);

  std::unique_ptr<FileBlob> blob_;
  int version_ = 0;
  model::Tables tables_;
  std::unique_ptr<V2StackInterner> stacks_;
  model::TraceInfo info_;
  bool counted_ = false;
  Status count_status_;
  std::array<uint64_t, 256> wire_counts_ = {};
  uint64_t generations_ = 0;
};

}  // namespace tracenote::trace_v2

#endif  // TRACENOTE_SRC_INGEST_TRACE_V2_V2_TRACE_SOURCE_H_
