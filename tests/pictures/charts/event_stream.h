// A tiny builder of hand-made model event streams for the chart tests.
#ifndef TRACENOTE_TESTS_PICTURES_CHARTS_EVENT_STREAM_H_
#define TRACENOTE_TESTS_PICTURES_CHARTS_EVENT_STREAM_H_

#include <cstdint>
#include <string_view>

#include "model/trace_model.h"

namespace tracenote::testing {

// Feeds events to `sink`, interning names in `tables`.
class EventStream {
 public:
  EventStream(model::Tables* tables, model::EventSink* sink) : tables_(tables), sink_(sink) {}

  void Go(int64_t t, uint64_t g, model::GoState from, model::GoState to) {
    model::Event e;
    e.time = t;
    e.kind = model::EventKind::kGoTransition;
    e.resource = g;
    e.goroutine = g;
    e.from = static_cast<uint8_t>(from);
    e.to = static_cast<uint8_t>(to);
    sink_->OnEvent(e);
  }
  void Range(int64_t t, std::string_view name, bool begin, uint64_t g = 0) {
    model::Event e;
    e.time = t;
    e.kind = begin ? model::EventKind::kRangeBegin : model::EventKind::kRangeEnd;
    e.name = tables_->strings.Intern(name);
    e.goroutine = g;
    e.scope = g != 0 ? model::RangeScope::kGoroutine : model::RangeScope::kGlobal;
    sink_->OnEvent(e);
  }
  void Label(int64_t t, uint64_t g, std::string_view label) {
    model::Event e;
    e.time = t;
    e.kind = model::EventKind::kLabel;
    e.resource = g;
    e.goroutine = g;
    e.name = tables_->strings.Intern(label);
    sink_->OnEvent(e);
  }
  void Metric(int64_t t, std::string_view name, uint64_t value) {
    model::Event e;
    e.time = t;
    e.kind = model::EventKind::kMetric;
    e.name = tables_->strings.Intern(name);
    e.value = value;
    sink_->OnEvent(e);
  }

 private:
  model::Tables* tables_;
  model::EventSink* sink_;
};

}  // namespace tracenote::testing

#endif  // TRACENOTE_TESTS_PICTURES_CHARTS_EVENT_STREAM_H_
