// V2EventStream: the events of a Go 1.22+ trace in Go's order, one
// generation at a time.
//
// For each generation (v2_generation.h) every thread's batches become a
// cursor that decodes that thread's events lazily from the input bytes. The
// cursors sit in a min-heap keyed by the time of their next event; the
// stream asks the ordering (v2_ordering.h) whether the earliest can happen
// now, and when it cannot, tries the others in time order, as Go's reader
// does. CPU samples are merged in by time. Each event handed out has its
// string and stack ids checked against the generation's tables, its stacks
// turned into model ids, and its time made strictly increasing (an event not
// later than the one before is moved 1 ns after it, as Go does).
//
// Memory: the current generation's index and tables, the ordering's state
// and one decoded event per thread. Pages of finished generations are handed
// back to the kernel.
//
// A trace cut off inside a generation is read as far as it is consistent;
// partial() then says so and why.
#ifndef TRACENOTE_SRC_INGEST_TRACE_V2_V2_EVENT_STREAM_H_
#define TRACENOTE_SRC_INGEST_TRACE_V2_V2_EVENT_STREAM_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/file_blob.h"
#include "base/status.h"
#include "ingest/trace_v2/v2_generation.h"
#include "ingest/trace_v2/v2_ordering.h"
#include "model/trace_model.h"

namespace tracenote::trace_v2 {

// An event as handed out: the ordered event plus resolved stacks.
struct V2StreamEvent {
  V2Event ev;
  int64_t time = 0;              // ns since the first event of the trace
  model::StackId stack = 0;      // the event's own stack
  model::StackId new_stack = 0;  // GoCreate/GoCreateBlocked: the new goroutine's start
  uint64_t gen = 0;
};

class V2EventStream {
 public:
  V2EventStream(const FileBlob* blob, int version, model::Tables* tables, V2StackInterner* stacks);
  // Resolves string ids of the generation the last event came from.
  V2Strings* strings() { return &strings_; }

  // The next event; false at the end of the trace (or of what is readable
  // of a cut-off one). An error means the trace is broken.
  StatusOr<bool> Next(V2StreamEvent* out);

  bool partial() const { return !partial_reason_.empty(); }
  const std::string& partial_reason() const { return partial_reason_; }
  uint64_t generations() const { return generations_; }
  uint64_t first_generation() const { return first_gen_; }
  uint64_t goroutines_seen() const { return ordering_.goroutines_seen(); }
  const V2IndexNotes& notes() const { return gens_.notes(); }
  // The first generation's frequency and clock snapshot (if any).
  uint64_t first_frequency() const { return first_freq_; }
  const V2ClockSnapshot& first_clock() const { return first_clock_; }
  int64_t origin_ns() const { return origin_; }
  uint64_t cpu_samples() const { return cpu_samples_; }
  // The threads that wrote event batches in the current generation.
  std::vector<uint64_t> thread_ids() const {
    std::vector<uint64_t> ids;
    for (const V2ThreadBatches& t : gen_.threads) {
      if (t.m != kNoThreadId) ids.push_back(t.m);
    }
    return ids;
  }

 private:
  struct Cursor {
    const V2ThreadBatches* thread = nullptr;
    size_t batch = 0;
    size_t pos = 0;
    int64_t last = 0;                       // time of the previous event of the batch (0: none)
    uint32_t m_slot = V2Ordering::kNoSlot;  // the ordering's cache for this thread
    V2Event ev;
  };
  StatusOr<bool> LoadGeneration();
  // Decodes the cursor's next event; false when its batches are exhausted.
  StatusOr<bool> Decode(Cursor* c);
  // Tries to advance frontier_[i]; on success moves that cursor on.
  StatusOr<bool> TryAdvance(size_t i);
  Status Finish(const V2Event& ev, V2StreamEvent* out);
  Status EventError(const V2Event& ev, uint64_t m, const Status& s) const;
  // Ends the stream early for a cut-off trace; returns the error otherwise.
  StatusOr<bool> StopAt(const Status& s);
  std::string DescribeFrontier() const;

  void HeapPush(Cursor* c);
  void HeapFix(size_t i);
  void HeapRemove(size_t i);
  void SiftDown(size_t i);
  size_t SiftUp(size_t i);

  const FileBlob* blob_;
  int version_;
  V2GenerationReader gens_;
  V2Strings strings_;
  V2Ordering ordering_;
  V2Generation gen_;
  bool have_gen_ = false;
  std::vector<Cursor> cursors_;
  uint8_t value_count_[256] = {};  // values after a timed event's type byte (0: not allowed)
  std::vector<Cursor*> frontier_;  // min-heap on ev.time
  size_t next_sample_ = 0;
  int64_t last_time_ = 0;
  bool started_ = false;
  int64_t origin_ = 0;
  bool done_ = false;
  std::string partial_reason_;
  uint64_t generations_ = 0;
  uint64_t first_gen_ = 0;
  uint64_t first_freq_ = 0;
  uint64_t cpu_samples_ = 0;
  V2ClockSnapshot first_clock_;
};

}  // namespace tracenote::trace_v2

#endif  // TRACENOTE_SRC_INGEST_TRACE_V2_V2_EVENT_STREAM_H_
