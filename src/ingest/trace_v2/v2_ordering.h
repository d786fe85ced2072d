// V2Ordering: Go's scheduler state machine for Go 1.22+ traces, which both
// validates events and decides when an event may come next.
//
// Events arrive per thread (M) in the order that thread wrote them; across
// threads only a partial order is known, from sequence numbers (per
// goroutine, per P, and the global GC counter) and from the states the
// events imply. Advance() is asked "may this event, the next one of thread
// m, happen now?". It answers:
//   - yes: the state changes and the event (with its context: the goroutine
//     and P the thread held, plus a few facts only the state knows) is queued
//     for output, sometimes with events the ordering makes up (a GoSwitch is
//     an unblock, a block and a start; a GoDestroySyscall that still holds a
//     P gives it up with a ProcSteal);
//   - not yet: a prerequisite written by another thread has not been seen
//     (the caller tries other threads);
//   - error: the event contradicts the state; the trace is broken.
// The rules are those of Go's internal/trace ordering (format doc 2.7).
#ifndef TRACENOTE_SRC_INGEST_TRACE_V2_V2_ORDERING_H_
#define TRACENOTE_SRC_INGEST_TRACE_V2_V2_ORDERING_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/id_table.h"
#include "base/status.h"
#include "ingest/trace_v2/v2_event_spec.h"
#include "ingest/trace_v2/v2_generation.h"
#include "model/trace_model.h"

namespace tracenote::trace_v2 {

inline constexpr int64_t kNoP = -1;

// One event in the order it is handed out, with its scheduling context.
struct V2Event {
  uint64_t args[5] = {};  // wire arguments after dt; the stack id is last
  int64_t time = 0;       // ns on the trace clock
  uint64_t offset = 0;    // input offset of the event's type byte
  uint64_t g = 0;         // goroutine the thread was running (0: none)
  int64_t p = kNoP;       // P the thread held
  uint64_t m = kNoThreadId;
  uint8_t type = 0;
  bool synthetic = false;  // made by the ordering, not read from the input
  // ProcStatus/GoStatus: the model state before (ProcState/GoState);
  // ProcSteal and ProcStop: the P's V2ProcStatus before.
  uint8_t old_state = 0;
  model::StringId name = 0;  // STWBegin/STWEnd: kind; UserTaskEnd: the task's name
  uint64_t extra = 0;        // ProcSteal: goroutine left in the syscall; UserTaskEnd: parent
};

// Trace string ids of the current generation -> model string ids.
class V2Strings {
 public:
  explicit V2Strings(model::Tables* tables) : tables_(tables) {}
  void Reset(const V2Generation* gen) {
    gen_ = gen;
    cache_.clear();
  }
  // False when the generation has no string `id` (0 is the empty string),
  // unless the generation is cut off: its string table, written last, may
  // be missing, and a missing string then reads as empty.
  bool Get(uint64_t id, model::StringId* out);

 private:
  model::Tables* tables_;
  const V2Generation* gen_ = nullptr;
  std::unordered_map<uint64_t, model::StringId> cache_;
};

class V2Ordering {
 public:
  explicit V2Ordering(V2Strings* strings) : strings_(strings) {}

  // Tries to advance `ev`, the next event of thread `m` in generation
  // `gen`. Sets *advanced; on success the event (and any it implies) is
  // queued, and `ev` may have been annotated (old states, names) on the
  // way; it is not changed when it cannot advance yet. An error means the
  // trace is broken.
  // `slot` (optional) caches where the thread's state lives between calls
  // for the same thread; start it at kNoSlot.
  Status Advance(V2Event& ev, uint64_t m, uint64_t gen, bool* advanced, uint32_t* slot = nullptr);
  static constexpr uint32_t kNoSlot = ~uint32_t{0};
  // Takes the next queued event; false when the queue is empty.
  bool Next(V2Event* out);

  uint64_t goroutines_seen() const { return goroutines_seen_; }

 private:
  // A sequence number and the generation it counts in (an ordinal, not the
  // trace's generation number, so that it fits 32 bits).
  struct Seq {
    uint32_t gen = 0, n = 0;
    bool Precedes(uint32_t g, uint64_t next) const { return gen == g && uint64_t{n} + 1 == next; }
  };
  Seq MakeSeq(uint64_t n) const { return Seq{gen_ord_, static_cast<uint32_t>(n)}; }
  struct Range {
    uint8_t type;  // the range's begin event type
    model::StringId desc;
  };
  // Kept for every goroutine id ever seen, so it is small: the rare
  // per-goroutine ranges and regions live in side tables (GoExtras).
  struct GState {
    bool exists = false;
    V2GoStatus status = V2GoStatus::kBad;
    Seq seq;
  };
  struct GoExtras {
    std::vector<std::pair<uint64_t, model::StringId>> regions;  // (task, name)
    std::vector<Range> ranges;
  };
  struct PState {
    bool exists = false;
    V2ProcStatus status = V2ProcStatus::kBad;
    Seq seq;
    std::vector<Range> ranges;
  };
  struct MState {
    uint64_t id = kNoThreadId;
    uint64_t g = 0;
    int64_t p = kNoP;
  };
  struct Ctx {
    uint64_t g = 0;
    int64_t p = kNoP;
    uint64_t m = kNoThreadId;
  };
  enum class Need : uint8_t { kMust, kMay, kMustNot };
  using Handler = Status (V2Ordering::*)(V2Event&, Ctx&, Ctx&, bool*);

  static Status CheckCtx(const Ctx& c, Need thread, Need proc, Need goroutine);
  void Push(const V2Event& ev, const Ctx& c);
  GState* G(uint64_t id);  // nullptr unless the goroutine exists
  GoExtras& Extras(uint64_t id) { return extras_[id]; }
  // Forgets a goroutine that exited.
  void Drop(uint64_t id, GState* s) {
    *s = GState{};
    extras_.erase(id);
  }
  MState& M(uint64_t id);      // created on first use
  MState* FindM(uint64_t id);  // nullptr if never seen
  PState* P(int64_t id);

  Status ProcStatusEv(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status ProcStart(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status ProcStop(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status ProcSteal(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status GoStatusEv(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status GoCreate(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status GoCreateSyscall(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status GoStart(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status GoStopExec(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status GoDestroySyscall(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status GoUnblock(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status GoSwitch(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status GoSyscallBegin(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status GoSyscallEnd(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status GoSyscallEndBlocked(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status GCActive(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status GCBegin(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status GCEnd(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status SweepBegin(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status SweepActive(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status SweepEnd(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status GoRangeBegin(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status GoRangeActive(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status GoRangeEnd(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status Annotation(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status HeapMetric(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status TaskBegin(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status TaskEnd(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status RegionBegin(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status RegionEnd(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  Status AllocFree(V2Event& ev, Ctx& cur, Ctx& next, bool* ok);
  static Handler HandlerFor(uint8_t type);
  static Status BeginRange(std::vector<Range>* ranges, uint8_t type, model::StringId desc);
  Status ActiveRange(std::vector<Range>* ranges, uint8_t type);
  static Status EndRange(std::vector<Range>* ranges, uint8_t type, model::StringId* desc);

  V2Strings* strings_;
  IdTable<GState> gs_;
  std::unordered_map<uint64_t, GoExtras> extras_;
  IdTable<PState> ps_;
  // Thread ids are OS thread ids, sparse and large: states live in a vector
  // found through a hash map, with the last thread looked up cached (events
  // come in runs from one thread).
  std::vector<MState> ms_;
  std::unordered_map<uint64_t, uint32_t> m_slot_;
  uint64_t last_m_ = kNoThreadId;
  uint32_t last_slot_ = 0;
  struct Task {
    model::StringId name;
    uint64_t parent;
  };
  std::unordered_map<uint64_t, Task> tasks_;
  enum class GC : uint8_t { kUndetermined, kNotRunning, kRunning } gc_ = GC::kUndetermined;
  uint64_t gc_seq_ = 0;
  uint64_t initial_gen_ = 0;
  uint64_t gen_ = 0;
  uint32_t gen_ord_ = 0;  // counts generations, for Seq
  uint64_t goroutines_seen_ = 0;
  std::vector<V2Event> queue_;
  size_t queue_head_ = 0;
};

}  // namespace tracenote::trace_v2

#endif  // TRACENOTE_SRC_INGEST_TRACE_V2_V2_ORDERING_H_
