#include "ingest/trace_v1/v1_orderer.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "base/id_table.h"

namespace tracenote::trace_v1 {

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
  if (IsV1ParkEvent(ev.type)) return {ev.g, {kNoSeq, kGRunning}, {kNoSeq, kGWaiting}};
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
    case kGoSysBlock:
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

}  // namespace tracenote::trace_v1
