// V1Validator: Go's post-processing of ordered v1 events (postProcessTrace).
//
// It walks the final order with a small state machine per goroutine and per
// P, rejects traces that are logically impossible (a P running two
// goroutines, an unblock of a goroutine that is not waiting, ...), moves
// events to Go's pseudo-Ps (timer and netpoll unblocks, syscall exits, GC),
// gives each goroutine's first GoStart the start stack from its GoCreate, and
// reports the links between events: what ends each running span, which
// unblock ends each block, which GoStart follows each unblock, and so on.
// Links always point forward, so they are reported when the later event
// arrives, as (earlier index, later index).
#ifndef TRACENOTE_SRC_INGEST_TRACE_V1_V1_VALIDATOR_H_
#define TRACENOTE_SRC_INGEST_TRACE_V1_V1_VALIDATOR_H_

#include <cstdint>
#include <functional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/id_table.h"
#include "base/status.h"
#include "ingest/trace_v1/v1_orderer.h"

namespace tracenote::trace_v1 {

class V1Validator {
 public:
  // (earlier index, this index, this event's type)
  using LinkFn = std::function<void(uint64_t from, uint64_t to, uint8_t to_type)>;

  V1Validator(int version, const std::unordered_set<uint64_t>* timer_goroutines);

  // Processes the event at position `index` of the final order, possibly
  // changing its P and stack. `on_link` may be empty.
  Status Process(uint64_t index, V1Event* ev, const LinkFn& on_link);

  // Goroutines that were seen, for the stats.
  size_t goroutines_seen() const { return gs_.size() > 0 ? gs_.size() - 1 : 0; }

 private:
  static constexpr uint64_t kNone = ~uint64_t{0};
  enum GStatus : uint8_t { kDead, kRunnable, kRunning, kWaiting };
  struct GDesc {
    GStatus state = kDead;
    uint64_t ev = kNone;  // the event a later one links back to
    uint8_t ev_type = 0;
    uint64_t ev_start = kNone;  // the GoStart of the current running span
    bool has_create = false;    // GoCreate not yet followed by a GoStart
    uint64_t create_stack = 0;  // the new goroutine's start stack
    uint64_t mark_assist = kNone;
  };
  struct PDesc {
    bool running = false;
    uint64_t g = 0;
    uint64_t stw = kNone;  // per-P STW before 1.10
    uint64_t sweep = kNone;
  };
  struct Region {
    uint64_t index;
    uint64_t task;
    uint64_t name;
  };

  Status CheckRunning(const PDesc& p, const GDesc& g, const V1Event& ev, bool allow_g0) const;
  Status Error(const V1Event& ev, const std::string& what) const;

  int version_;
  const std::unordered_set<uint64_t>* timer_goroutines_;
  IdTable<GDesc> gs_;
  IdTable<PDesc> ps_;                             // keyed by the P as uint64 (-1 is a large id)
  std::unordered_map<uint64_t, uint64_t> tasks_;  // task id -> UserTaskCreate index
  std::unordered_map<uint64_t, std::vector<Region>> regions_;
  uint64_t gc_ = kNone;
  uint64_t stw_ = kNone;
};

}  // namespace tracenote::trace_v1

#endif  // TRACENOTE_SRC_INGEST_TRACE_V1_V1_VALIDATOR_H_
