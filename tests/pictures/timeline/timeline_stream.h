// Hand-made model event streams for the timeline tests: a few helpers that
// append goroutine transitions, syscall handoffs and ranges in time order
// and replay them into a sink.
#ifndef TRACENOTE_TESTS_PICTURES_TIMELINE_TIMELINE_STREAM_H_
#define TRACENOTE_TESTS_PICTURES_TIMELINE_TIMELINE_STREAM_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "model/trace_model.h"

namespace tracenote::testing {

// Contract: call the adders in time order, then Replay; the tables live as
// long as the stream.
struct TimelineStream {
  model::Tables tables;
  std::vector<model::Event> events;
  // When set, events go straight to this sink instead of `events` (for
  // streams too long to keep).
  model::EventSink* direct = nullptr;

  void Add(const model::Event& e) {
    if (direct != nullptr) {
      direct->OnEvent(e);
    } else {
      events.push_back(e);
    }
  }

  // Goroutine `g` moves from -> to on P `p` (thread `m`); `on` is the
  // goroutine the event happened on (the waker, the creator).
  void Go(int64_t t, uint64_t g, model::GoState from, model::GoState to, int64_t p,
          int64_t m = model::kNoThread, std::string_view reason = "", uint64_t on = 0) {
    model::Event e;
    e.time = t;
    e.kind = model::EventKind::kGoTransition;
    e.resource = g;
    e.goroutine = on != 0 ? on : g;
    e.proc = p;
    e.thread = m;
    e.from = static_cast<uint8_t>(from);
    e.to = static_cast<uint8_t>(to);
    e.name = tables.strings.Intern(reason);
    Add(e);
  }
  // G runs on P from t0 to t1, then becomes runnable with `reason`.
  void Run(int64_t t0, int64_t t1, uint64_t g, int64_t p, std::string_view reason = "") {
    Go(t0, g, model::GoState::kRunnable, model::GoState::kRunning, p);
    Go(t1, g, model::GoState::kRunning, model::GoState::kRunnable, p, model::kNoThread, reason);
  }
  void Blocked(int64_t t, uint64_t g, int64_t p, int64_t m) {
    model::Event e;
    e.time = t;
    e.kind = model::EventKind::kSyscallBlocked;
    e.resource = g;
    e.goroutine = g;
    e.proc = p;
    e.thread = m;
    e.value = static_cast<uint64_t>(m);
    Add(e);
  }
  void Range(int64_t t, model::EventKind kind, std::string_view name) {
    model::Event e;
    e.time = t;
    e.kind = kind;
    e.name = tables.strings.Intern(name);
    Add(e);
  }
  void Replay(model::EventSink* sink) const {
    for (const model::Event& e : events) {
      if (!sink->WantsMore()) return;
      sink->OnEvent(e);
    }
  }
};

}  // namespace tracenote::testing

#endif  // TRACENOTE_TESTS_PICTURES_TIMELINE_TIMELINE_STREAM_H_
