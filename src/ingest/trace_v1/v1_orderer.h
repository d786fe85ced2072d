// Putting v1 events into Go's order.
//
// Within one P's batches events are in emission order; across Ps they must be
// merged. Go's parser (order1007, Go 1.7+) does it by causality first and
// time second: each P stream offers its next event, an event is "ready" when
// the goroutine it is about is in the state (sequence number, status) the
// event expects, and among ready events the one with the smallest timestamp
// is taken. A goroutine's GoUnblock therefore always precedes its GoStart,
// even when the two Ps' clocks disagree. The merged stream must then be
// monotonic in time, or the trace is rejected ("time stamps out of order").
// Go 1.5 traces carry a global sequence number instead and are simply sorted
// by it (order1005).
//
// V1Orderer replays that merge lazily: it keeps one decoded event per P
// stream and the goroutine sequence states, never the whole event list, so a
// replay costs O(Ps + goroutines) memory. Go 1.5 traces, which are small, are
// decoded fully and sorted.
//
// Afterwards Go moves each GoSysExit to the time the syscall really returned
// (an argument captured before the event could be written) and stably re-sorts.
// V1SysExitPlan records those moves during one replay, so that a later replay
// can emit the events in the final order without buffering the trace.
#ifndef TRACENOTE_SRC_INGEST_TRACE_V1_V1_ORDERER_H_
#define TRACENOTE_SRC_INGEST_TRACE_V1_V1_ORDERER_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/file_blob.h"
#include "base/status.h"
#include "ingest/trace_v1/v1_tokenizer.h"

namespace tracenote::trace_v1 {

// Go's pseudo-Ps.
inline constexpr int64_t kFakeP = 1000000;
inline constexpr int64_t kTimerP = 1000001;
inline constexpr int64_t kNetpollP = 1000002;
inline constexpr int64_t kSyscallP = 1000003;
inline constexpr int64_t kGCP = 1000004;
inline constexpr int64_t kProfileP = 1000005;

// One decoded v1 event (a timed record), as Go's parseEvents builds it.
struct V1Event {
  uint64_t ticks = 0;        // absolute ticks (GoSysExit: moved to the real exit time)
  int64_t seq = 0;           // global sequence (1.5 only)
  uint64_t offset = 0;       // of the record
  uint64_t args[3] = {};     // named arguments, as Go's Event.Args
  uint64_t g = 0;            // goroutine the event happened on
  uint64_t stack = 0;        // v1 stack id
  int64_t p = 0;             // P as Go reports it (pseudo-Ps included)
  int64_t stream_p = 0;      // the P whose batch held the record
  std::string_view message;  // UserLog's inline message
  uint8_t type = 0;          // after Go renames the *Local variants
  uint8_t wire_type = 0;     // as on the wire
  uint8_t next_on_p = 0;     // type of the next event of the same P stream (0: none)
};

// Decodes the events of one P stream in order (no allocation per event).
class V1StreamCursor {
 public:
  V1StreamCursor(const FileBlob* blob, const V1Index* index, const V1Stream* stream);
  // Fills *ev with the next event; false at the end of the stream or on error.
  bool Next(V1Event* ev, Status* error);

 private:
  const FileBlob* blob_;
  const V1Index* index_;
  const V1Stream* stream_;
  size_t segment_ = 0;
  uint64_t pos_ = 0;
  uint64_t last_ticks_ = 0;
  int64_t last_seq_ = 0;
  uint64_t last_g_ = 0;
  bool started_ = false;
};

// Replays Go's merge. Next() yields events in merged order (before the
// GoSysExit move) until it returns false; *error is then set if the trace is
// inconsistent.
class V1Orderer {
 public:
  V1Orderer(const FileBlob* blob, const V1Index* index);
  ~V1Orderer();
  bool Next(V1Event* ev, Status* error);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The GoSysExit moves of one trace, learnt by Observe()-ing every merged event
// in order, then used by V1FinalOrder to emit the final order.
class V1SysExitPlan {
 public:
  // Checks Go's rules (a syscall exit needs a preceding block and must not
  // predate it) and records the move. Returns an error for a broken trace.
  Status Observe(uint64_t merged_index, const V1Event& ev);
  // Sorts the recorded moves; call once after the last Observe().
  void Finish();

  struct Move {
    uint64_t ticks;         // the new time
    uint64_t merged_index;  // position in the merged order
    V1Event event;
  };
  const std::vector<Move>& moves() const { return moves_; }

 private:
  std::unordered_map<uint64_t, uint64_t> last_sys_block_;
  std::vector<Move> moves_;
};

// Yields the final order: the merged order with moved GoSysExits re-inserted
// at their real times (a stable sort by time, as Go does).
class V1FinalOrder {
 public:
  V1FinalOrder(const FileBlob* blob, const V1Index* index, const V1SysExitPlan* plan);
  bool Next(V1Event* ev, Status* error);

 private:
  V1Orderer merged_;
  const V1SysExitPlan* plan_;
  size_t next_move_ = 0;                 // next move to emit, in (ticks, index) order
  std::vector<uint64_t> moved_indices_;  // sorted merged indices that were moved
  size_t next_moved_index_ = 0;
  uint64_t merged_index_ = 0;
  bool have_pending_ = false;
  bool merged_done_ = false;
  V1Event pending_;
  uint64_t pending_index_ = 0;
};

}  // namespace tracenote::trace_v1

#endif  // TRACENOTE_SRC_INGEST_TRACE_V1_V1_ORDERER_H_
