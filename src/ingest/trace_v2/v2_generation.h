// Reading a Go 1.22+ trace one generation at a time.
//
// A generation is every batch that carries the same generation number; its
// string, stack and CPU-sample tables and its frequency come with it, often
// after the events that use them, so a generation is indexed whole before
// any of its events is ordered. The index keeps only where each batch lies
// in the input (events are decoded later, straight from the input bytes) and
// the decoded tables, so memory is bounded by the largest generation, not by
// the file.
//
// Where a generation ends: Go 1.26 writes an EndOfGeneration byte after it;
// before 1.26 it ends where a batch of the next generation begins (that
// batch is read again as the start of the next one) or at the end of the
// input. An error in the batch that would start the next generation does not
// spoil the one before it: it is kept and reported once the complete
// generation has been handed out, as Go's reader does.
#ifndef TRACENOTE_SRC_INGEST_TRACE_V2_V2_GENERATION_H_
#define TRACENOTE_SRC_INGEST_TRACE_V2_V2_GENERATION_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/file_blob.h"
#include "base/id_table.h"
#include "base/status.h"
#include "base/time_math.h"
#include "model/trace_model.h"

namespace tracenote::trace_v2 {

inline constexpr uint64_t kNoThreadId = ~uint64_t{0};

// Where one event batch's payload lies in the input.
struct V2BatchRef {
  uint64_t offset = 0;  // first payload byte
  uint32_t size = 0;
  uint64_t time = 0;  // base timestamp (ticks)
};

// All event batches one M (thread) wrote in a generation, in file order.
struct V2ThreadBatches {
  uint64_t m = kNoThreadId;
  std::vector<V2BatchRef> batches;
};

struct V2CpuSample {
  int64_t time = 0;  // ns on the trace clock (absolute, like event times)
  uint64_t m = kNoThreadId;
  uint64_t p = kNoThreadId;
  uint64_t g = 0;
  model::StackId stack = 0;
  uint64_t offset = 0;
};

// Go 1.25+: a reading of the trace clock taken together with the wall clock.
struct V2ClockSnapshot {
  bool present = false;
  int64_t trace_ns = 0;  // trace clock, ns (same scale as event times)
  uint64_t mono_ns = 0;  // runtime monotonic clock
  int64_t unix_ns = 0;   // wall clock, ns since the Unix epoch
};

// One generation's index and tables.
struct V2Generation {
  uint64_t gen = 0;
  uint64_t begin_offset = 0;  // first byte of its first batch
  uint64_t end_offset = 0;    // one past its last byte
  uint64_t frequency = 0;     // ticks per second as written
  double ns_per_tick = 0;     // after any correction (see V2GenerationReader)
  bool complete = true;       // false: the input ends inside this generation
  V2ClockSnapshot clock;
  std::vector<V2ThreadBatches> threads;                    // in order of each M's first batch
  std::vector<V2CpuSample> cpu_samples;                    // sorted by time
  std::unordered_map<uint64_t, std::string_view> strings;  // views into the input
  IdTable<model::StackId> stacks;                          // trace id -> model id
  uint64_t event_batches = 0;
  uint64_t experimental_batches = 0;

  // The string with trace id `id`; false if the generation has none.
  bool String(uint64_t id, std::string_view* out) const;
  int64_t ToNs(uint64_t ticks) const { return TicksToNs(ticks, ns_per_tick); }
};

// Deduplicates stacks across generations: every generation re-sends the
// stacks it uses under new ids, and the model keeps each distinct one once.
class V2StackInterner {
 public:
  explicit V2StackInterner(model::Tables* tables) : tables_(tables) {}
  model::StackId Intern(const std::vector<model::Frame>& frames);

 private:
  model::Tables* tables_;
  std::unordered_map<std::string, model::StackId> ids_;
  std::string key_;
};

// Survivable oddities met while indexing, for the data-quality section.
struct V2IndexNotes {
  uint64_t windows_frequency_gens = 0;  // Go 1.22 low-res-clock frequency bug, corrected
  uint64_t windows_frequency_value = 0;
  uint64_t experimental_batches = 0;
};

// Walks the input generation by generation.
class V2GenerationReader {
 public:
  // `stacks` outlives the reader and is shared by every replay of a trace,
  // so that a stack keeps its model id from one replay to the next.
  V2GenerationReader(const FileBlob* blob, int version, model::Tables* tables,
                     V2StackInterner* stacks);

  // Indexes the next generation into *out. Returns false when the input has
  // no more generations. An error means the input cannot be read past this
  // point; generations handed out before it stay valid.
  StatusOr<bool> Next(V2Generation* out);
  // The error met while looking for the end of the generation just returned
  // (see the file comment); Ok if none. Next() returns it on the next call.
  const Status& deferred_error() const { return deferred_; }
  const V2IndexNotes& notes() const { return notes_; }
  // Offset where reading stopped for good (for partial-trace messages).
  uint64_t offset() const { return pos_; }
  // True when the last error was the input ending inside a batch (a cut-off
  // trace) rather than bytes that make no sense.
  bool input_ended() const { return input_ended_; }

 private:
  struct RawBatch {
    uint64_t header_offset = 0;
    uint64_t gen = 0, m = 0, time = 0;
    uint64_t offset = 0;  // payload
    uint64_t size = 0;
    bool experimental = false;
  };
  // Reads the batch header at pos_; sets *end_marker for a Go 1.26
  // EndOfGeneration byte instead.
  Status ReadBatch(RawBatch* b, bool* end_marker);
  Status AddBatch(const RawBatch& b, V2Generation* g, std::vector<RawBatch>* stacks,
                  std::vector<RawBatch>* strings, std::vector<RawBatch>* samples);
  Status ReadStrings(const RawBatch& b, V2Generation* g);
  Status ReadStacks(const RawBatch& b, V2Generation* g);
  Status ReadSamples(const RawBatch& b, V2Generation* g);
  Status ReadFrequencyOrSync(const RawBatch& b, V2Generation* g);
  Status Error(uint64_t offset, uint64_t gen, const std::string& what) const;

  const FileBlob* blob_;
  int version_;
  model::Tables* tables_;
  V2StackInterner* stacks_;
  uint64_t pos_;
  uint64_t last_gen_ = 0;
  double prev_ns_per_tick_ = 0;  // for a cut-off generation without its frequency
  bool done_ = false;
  bool input_ended_ = false;
  Status deferred_;
  V2IndexNotes notes_;
  std::vector<model::Frame> frames_;
};

}  // namespace tracenote::trace_v2

#endif  // TRACENOTE_SRC_INGEST_TRACE_V2_V2_GENERATION_H_
