// TraceSource: an opened execution trace of any supported format. It can be
// replayed any number of times, either as the format's own events in Go's
// order (for `tracenote dump`) or as format-agnostic model events (for
// analysis). Replays stream: memory stays bounded by the per-goroutine and
// per-P state and the string/stack tables, not by the number of events.
#ifndef TRACENOTE_SRC_INGEST_TRACE_SOURCE_H_
#define TRACENOTE_SRC_INGEST_TRACE_SOURCE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "base/file_blob.h"
#include "base/status.h"
#include "ingest/event_spec.h"
#include "model/trace_model.h"

namespace tracenote {

inline constexpr uint64_t kNoLink = ~uint64_t{0};

// One event as the format's reference parser yields it, after ordering.
struct RawEvent {
  uint64_t index = 0;     // position in Go's order, from 0
  int64_t time = 0;       // ns since the first event
  uint64_t offset = 0;    // byte offset of the record in the (decoded) input
  uint8_t type = 0;       // the format's event id
  std::string_view name;  // Go's name for it in this version
  const EventSpec* spec = nullptr;
  int64_t p = -1;  // P (Go's pseudo-Ps for timers, syscalls, GC...)
  uint64_t g = 0;  // goroutine the event happened on
  int64_t m = -1;  // thread, when the format records it per event
  uint64_t args[kMaxSpecArgs] = {};
  model::StackId stack = 0;    // model stack id (0: none)
  std::string_view str;        // the spec's string_arg, resolved
  std::string_view message;    // UserLog's inline message
  uint64_t link = kNoLink;     // index of the linked event (see the dump docs)
  std::string_view link_name;  // and its name
};

class RawEventSink {
 public:
  virtual ~RawEventSink() = default;
  // Returning false stops the replay early (not an error).
  virtual bool OnRawEvent(const RawEvent& event) = 0;
};

struct ReplayOptions {
  bool links = false;  // compute RawEvent::link (costs one extra pass)
};

class TraceSource {
 public:
  virtual ~TraceSource() = default;

  // Facts known after opening (version, frequency, anomalies so far). Counts
  // such as events and goroutines are filled by the first full replay.
  virtual const model::TraceInfo& info() const = 0;
  virtual const model::Tables& tables() const = 0;

  // Streams the format's events in Go's order. An error in the middle of a
  // partial (truncated) trace ends the replay with Ok and marks info().partial.
  virtual Status ReplayRaw(const ReplayOptions& options, RawEventSink* sink) = 0;
  // Streams model events in time order.
  virtual Status ReplayModel(model::EventSink* sink) = 0;
  // Adds the number of events of each kind, under Go's names for this
  // version, to *counts (the cheapest full pass; it also fills info()).
  virtual Status CountEvents(std::map<std::string, uint64_t>* counts) = 0;
};

}  // namespace tracenote

#endif  // TRACENOTE_SRC_INGEST_TRACE_SOURCE_H_
