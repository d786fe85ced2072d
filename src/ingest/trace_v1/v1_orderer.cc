#include "ingest/trace_v1/v1_orderer.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "base/id_table.h"

namespace tracenote::trace_v1 {

// ---------------------------------------------------------------------------
// V1StreamCursor

V1StreamCursor::V1StreamCursor(const FileBlob* blob, const V1Index* index, const V1Stream* stream)
    : blob_(blob), index_(index), stream_(stream) {}

bool V1StreamCursor::Next(V1Event* ev, Status* error) {
  const int version = index_->version;
  V1Record rec;
  for (;;) {
    if (!started_ || pos_ >= stream_->segments[segment_].end) {
      if (started_) ++segment_;
      started_ = true;
      if (segment_ >= stream_->segments.size()) return false;
      const V1Segment& seg = stream_->segments[segment_];
      pos_ = seg.begin;
      last_ticks_ = seg.ticks;
      last_seq_ = static_cast<int64_t>(seg.seq);
      continue;
    }
    bool truncated = false;
    Status s = DecodeV1Record(blob_->data(), stream_->segments[segment_].end, pos_, version, &rec,
                              &truncated);
    if (!s.ok()) {
      *error = s;  // the index pass read these bytes, so this is a bug or a race
      return false;
    }
    pos_ = rec.end;
    const EventSpec& spec = V1Spec(rec.type);
    if (!spec.timed) continue;  // strings, stacks, frequency, timer goroutines

    int arg_offset = 1;
    if (version < 1007) {
      last_seq_ += static_cast<int64_t>(rec.values[0]);
      ev->seq = last_seq_;
      last_ticks_ += rec.values[1];
      arg_offset = 2;
    } else {
      last_ticks_ += rec.values[0];
    }
    if (rec.type == kCPUSample) continue;  // kept in their own stream (see the index)

    ev->ticks = last_ticks_;
    ev->offset = rec.offset;
    ev->args[0] = ev->args[1] = ev->args[2] = 0;
    ev->stack = 0;
    ev->message = rec.str;
    ev->type = ev->wire_type = rec.type;
    ev->next_on_p = 0;
    ev->p = ev->stream_p = stream_->p;
    ev->g = last_g_;
    const int n = rec.num_values;
    for (int i = arg_offset; i < n; ++i) {
      if (i == n - 1 && spec.has_stack) {
        ev->stack = rec.values[i];
      } else if (i - arg_offset < 3) {
        ev->args[i - arg_offset] = rec.values[i];
      }
    }
    switch (rec.type) {
      case kGoStart:
      case kGoStartLocal:
      case kGoStartLabel:
        last_g_ = ev->args[0];
        ev->g = last_g_;
        break;
      case kSTWStart: {
        ev->g = 0;
        std::string_view kind;
        if (!V1STWKindName(ev->args[0], version, &kind)) {
          *error = V1Error(rec.offset, V1EventName(rec.type, version),
                           fmt::format("unknown STW kind {}", ev->args[0]));
          return false;
        }
        break;
      }
      case kGCStart:
      case kGCDone:
      case kSTWDone:
        ev->g = 0;
        break;
      case kGoEnd:
      case kGoStop:
      case kGoSched:
      case kGoPreempt:
      case kGoSleep:
      case kGoBlock:
      case kGoBlockSend:
      case kGoBlockRecv:
      case kGoBlockSelect:
      case kGoBlockSync:
      case kGoBlockCond:
      case kGoBlockNet:
      case kGoSysBlock:
      case kGoBlockGC:
        last_g_ = 0;
        break;
      case kGoSysExit:
      case kGoWaiting:
      case kGoInSyscall:
        ev->g = ev->args[0];
        break;
      default:
        break;
    }
    return true;
  }
}

// ---------------------------------------------------------------------------
// V1Orderer

namespace {

enum GStatus : uint8_t { kGDead, kGRunnable, kGRunning, kGWaiting };
constexpr uint64_t kUnordered = ~uint64_t{0};
constexpr uint64_t kGarbage = ~uint64_t{0} - 1;  // the pseudo-goroutine of GC sequence numbers
constexpr uint64_t kNoSeq = ~uint64_t{0};
constexpr uint64_t kSeqInc = ~uint64_t{0} - 1;

struct GState {
  uint64_t seq = 0;
  GStatus status = kGDead;
};

struct Transition {
  uint64_t g = kUnordered;
  GState init, next;
};

// Go's stateTransition(): what state of which goroutine an event needs, and
// what it leaves behind.
Transition StateTransition(const V1Event& ev) {
  Transition t;
  switch (ev.type) {
    case kGoCreate:
      t = {ev.args[0], {0, kGDead}, {1, kGRunnable}};
      break;
    case kGoWaiting:
    case kGoInSyscall:
      t = {ev.g, {1, kGRunnable}, {2, kGWaiting}};
      break;
    case kGoStart:
    case kGoStartLabel:
      t = {ev.g, {ev.args[1], kGRunnable}, {ev.args[1] + 1, kGRunning}};
      break;
    case kGoStartLocal:
      t = {ev.g, {kNoSeq, kGRunnable}, {kSeqInc, kGRunning}};
      break;
    case kGoBlock:
    case kGoBlockSend:
    case kGoBlockRecv:
    case kGoBlockSelect:
    case kGoBlockSync:
    case kGoBlockCond:
    case kGoBlockNet:
    case kGoSleep:
    case kGoSysBlock:
    case kGoBlockGC:
      t = {ev.g, {kNoSeq, kGRunning}, {kNoSeq, kGWaiting}};
      break;
    case kGoSched:
    case kGoPreempt:
      t = {ev.g, {kNoSeq, kGRunning}, {kNoSeq, kGRunnable}};
      break;
    case kGoUnblock:
    case kGoSysExit:
      t = {ev.args[0], {ev.args[1], kGWaiting}, {ev.args[1] + 1, kGRunnable}};
      break;
    case kGoUnblockLocal:
    case kGoSysExitLocal:
      t = {ev.args[0], {kNoSeq, kGWaiting}, {kSeqInc, kGRunnable}};
      break;
    case kGCStart:
      t = {kGarbage, {ev.args[0], kGDead}, {ev.args[0] + 1, kGDead}};
      break;
    default:
      break;
  }
  return t;
}

bool TransitionReady(const Transition& t, const GState& cur) {
  return t.g == kUnordered ||
         ((t.init.seq == kNoSeq || t.init.seq == cur.seq) && t.init.status == cur.status);
}

uint8_t RenameLocal(uint8_t type) {
  switch (type) {
    case kGoStartLocal:
      return kGoStart;
    case kGoUnblockLocal:
      return kGoUnblock;
    case kGoSysExitLocal:
      return kGoSysExit;
    default:
      return type;
  }
}

}  // namespace

struct V1Orderer::Impl {
  // One P's stream and its head event. A head that was once found ready is
  // "in the frontier" and competes on time until it is taken, as in Go.
  struct Stream {
    std::unique_ptr<V1StreamCursor> cursor;  // null: the CPU-sample stream
    size_t next_sample = 0;
    bool in_frontier = false;
    bool has_head = false;
    bool done = false;
    V1Event head;
    Transition t;
  };

  const FileBlob* blob;
  const V1Index* index;
  std::vector<Stream> streams;
  IdTable<GState> gs;
  uint64_t last_ticks = 0;
  bool failed = false;
  // Go 1.5: the whole trace sorted by sequence number.
  bool seq_mode = false;
  std::vector<V1Event> all;
  size_t next_all = 0;

  // Makes sure `s.head` holds the stream's next event if it has one.
  bool Fill(Stream& s, Status* error) {
    if (s.has_head || s.done) return true;
    if (s.cursor) {
      if (s.cursor->Next(&s.head, error)) {
        s.has_head = true;
      } else {
        if (!error->ok()) return false;
        s.done = true;
      }
      return true;
    }
    if (s.next_sample < index->cpu_samples.size()) {
      const V1CpuSample& c = index->cpu_samples[s.next_sample++];
      s.head = V1Event{};
      s.head.ticks = c.ticks;
      s.head.offset = c.offset;
      s.head.args[1] = static_cast<uint64_t>(c.p);
      s.head.args[2] = c.g;
      s.head.g = c.g;
      s.head.stack = c.stack;
      s.head.p = c.p;
      s.head.stream_p = kProfileP;
      s.head.type = s.head.wire_type = kCPUSample;
      s.has_head = true;
    } else {
      s.done = true;
    }
    return true;
  }

  std::string StuckState() {
    std::string out;
    for (const Stream& s : streams) {
      if (!s.has_head) continue;
      out += fmt::format("; P {} waits at offset {:#x} ({} g={})", s.head.stream_p, s.head.offset,
                         V1EventName(s.head.wire_type, index->version), s.head.g);
      if (out.size() > 600) break;
    }
    return out;
  }

  bool NextMerged(V1Event* ev, Status* error) {
    constexpr size_t kNoStream = ~size_t{0};
    size_t best = kNoStream;
    for (size_t i = 0; i < streams.size(); ++i) {
      Stream& s = streams[i];
      if (!s.in_frontier) {
        if (!Fill(s, error)) return false;
        if (!s.has_head) continue;
        s.t = StateTransition(s.head);
        if (s.t.g != kUnordered && !TransitionReady(s.t, gs[s.t.g])) continue;
        s.head.type = RenameLocal(s.head.type);
        s.in_frontier = true;
      }
      // Ties go to the lower P, so the order is deterministic.
      if (best == kNoStream || s.head.ticks < streams[best].head.ticks) best = i;
    }
    if (best == kNoStream) {
      for (const Stream& s : streams) {
        if (s.has_head) {
          *error =
              CorruptError("trace_v1: no consistent ordering of events possible" + StuckState());
          return false;
        }
      }
      return false;  // all streams are exhausted
    }
    Stream& s = streams[best];
    if (s.t.g != kUnordered) {
      GState& cur = gs[s.t.g];
      if (!TransitionReady(s.t, cur)) {
        *error = V1Error(s.head.offset, V1EventName(s.head.wire_type, index->version),
                         fmt::format("event sequences are broken for goroutine {}", s.t.g));
        return false;
      }
      GState next = s.t.next;
      if (next.seq == kNoSeq) next.seq = cur.seq;
      if (next.seq == kSeqInc) next.seq = cur.seq + 1;
      cur = next;
    }
    *ev = s.head;
    s.in_frontier = false;
    s.has_head = false;
    if (!Fill(s, error)) return false;
    ev->next_on_p = s.has_head ? RenameLocal(s.head.type) : 0;
    if (ev->ticks < last_ticks) {
      *error = V1Error(ev->offset, V1EventName(ev->wire_type, index->version),
                       "time stamps out of order");
      return false;
    }
    last_ticks = ev->ticks;
    return true;
  }

  // Go 1.5: decode everything, give GoSysExit its real sequence and time, sort.
  Status LoadSeqMode() {
    Status error;
    for (const V1Stream& st : index->streams) {
      V1StreamCursor c(blob, index, &st);
      V1Event ev;
      const size_t first = all.size();
      while (c.Next(&ev, &error)) {
        // What follows on the same P, as the 1.7+ merge records it.
        if (all.size() > first) all.back().next_on_p = ev.type;
        if (ev.type == kGoSysExit) {
          ev.seq = static_cast<int64_t>(ev.args[1]);
          if (ev.args[2] != 0) ev.ticks = ev.args[2];
        }
        all.push_back(ev);
      }
      if (!error.ok()) return error;
    }
    std::stable_sort(all.begin(), all.end(),
                     [](const V1Event& a, const V1Event& b) { return a.seq < b.seq; });
    for (size_t i = 1; i < all.size(); ++i) {
      if (all[i].ticks < all[i - 1].ticks) {
        return V1Error(all[i].offset, V1EventName(all[i].wire_type, index->version),
                       "time stamps out of order");
      }
    }
    return Status::Ok();
  }
};

V1Orderer::V1Orderer(const FileBlob* blob, const V1Index* index) : impl_(new Impl) {
  impl_->blob = blob;
  impl_->index = index;
  impl_->seq_mode = index->version < 1007;
  if (impl_->seq_mode) return;
  for (const V1Stream& st : index->streams) {
    Impl::Stream s;
    s.cursor = std::make_unique<V1StreamCursor>(blob, index, &st);
    impl_->streams.push_back(std::move(s));
  }
  if (!index->cpu_samples.empty()) impl_->streams.push_back(Impl::Stream{});
}

V1Orderer::~V1Orderer() = default;

bool V1Orderer::Next(V1Event* ev, Status* error) {
  *error = Status::Ok();
  if (impl_->failed) return false;
  if (impl_->seq_mode) {
    if (impl_->next_all == 0 && impl_->all.empty()) {
      Status s = impl_->LoadSeqMode();
      if (!s.ok()) {
        *error = s;
        impl_->failed = true;
        return false;
      }
    }
    if (impl_->next_all >= impl_->all.size()) return false;
    *ev = impl_->all[impl_->next_all++];
    return true;
  }
  bool ok = impl_->NextMerged(ev, error);
  if (!ok && !error->ok()) impl_->failed = true;
  return ok;
}

// ---------------------------------------------------------------------------
// V1SysExitPlan and V1FinalOrder

Status V1SysExitPlan::Observe(uint64_t merged_index, const V1Event& ev) {
  switch (ev.type) {
    case kGoSysBlock:
    case kGoInSyscall:
      last_sys_block_[ev.g] = ev.ticks;
      break;
    case kGoSysExit: {
      const uint64_t ts = ev.args[2];
      if (ts == 0) break;
      auto it = last_sys_block_.find(ev.g);
      const uint64_t block = it == last_sys_block_.end() ? 0 : it->second;
      if (block == 0) return V1Error(ev.offset, "GoSysExit", "stray syscall exit");
      if (ts < block) return V1Error(ev.offset, "GoSysExit", "time stamps out of order");
      Move m{ts, merged_index, ev};
      m.event.ticks = ts;
      moves_.push_back(m);
      break;
    }
    default:
      break;
  }
  return Status::Ok();
}

void V1SysExitPlan::Finish() {
  std::sort(moves_.begin(), moves_.end(), [](const Move& a, const Move& b) {
    return a.ticks != b.ticks ? a.ticks < b.ticks : a.merged_index < b.merged_index;
  });
}

V1FinalOrder::V1FinalOrder(const FileBlob* blob, const V1Index* index, const V1SysExitPlan* plan)
    : merged_(blob, index), plan_(plan) {
  for (const auto& m : plan_->moves()) moved_indices_.push_back(m.merged_index);
  std::sort(moved_indices_.begin(), moved_indices_.end());
}

bool V1FinalOrder::Next(V1Event* ev, Status* error) {
  *error = Status::Ok();
  const auto& moves = plan_->moves();
  while (!have_pending_ && !merged_done_) {
    if (!merged_.Next(&pending_, error)) {
      if (!error->ok()) return false;
      merged_done_ = true;
      break;
    }
    pending_index_ = merged_index_++;
    if (next_moved_index_ < moved_indices_.size() &&
        moved_indices_[next_moved_index_] == pending_index_) {
      ++next_moved_index_;  // emitted from the plan at its real time
      continue;
    }
    have_pending_ = true;
  }
  if (next_move_ < moves.size()) {
    const auto& m = moves[next_move_];
    if (!have_pending_ || m.ticks < pending_.ticks ||
        (m.ticks == pending_.ticks && m.merged_index < pending_index_)) {
      *ev = m.event;
      ++next_move_;
      return true;
    }
  }
  if (!have_pending_) return false;
  *ev = pending_;
  have_pending_ = false;
  return true;
}

}  // namespace tracenote::trace_v1
