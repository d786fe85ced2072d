// V2TraceWriter: writes binary Go 1.22+ ("v2") execution traces from code.
//
// The text encoder (v2_text_encoder.h) suits small hand-written traces; this
// writer is for programs that make big ones (bench/v2_synth) and for tests
// that build traces in a loop. It knows the framing of format doc §2.2 and
// takes event shapes from the reader's own table (kV2Specs); it does not
// check the ordering rules of §2.7 — that is the caller's job.
//
// What it writes, as the runtime does:
//   - the 16-byte header "go 1.NN trace" for the version given;
//   - per thread (M) event batches: events are buffered per M and a batch is
//     written when the next event would make it exceed 64 KiB, or when the
//     caller flushes it; the size field is a 10-byte padded uvarint;
//   - the frequency batch (Go 1.22-1.24) or the Sync batch with frequency
//     and clock snapshot (Go 1.25+);
//   - string, stack and CPU-sample tables (split into batches of at most
//     64 KiB each), written when the generation ends;
//   - the EndOfGeneration byte after every generation of a Go 1.26 trace.
//
// Times are in ticks. Event() takes the delta since the thread's previous
// event (a thread's first event in a generation counts from the
// generation's base time); EventAt() takes an absolute time, which must not
// be before the thread's previous event. A batch's header time is the time
// its first delta counts from, so deltas never depend on where the writer
// cut the batches.
//
// Every method returns its error and also keeps the first one (status()),
// so a generator can check once at the end; after an error nothing more is
// written.
#ifndef TRACENOTE_TESTS_TOOLS_V2_TRACE_WRITER_H_
#define TRACENOTE_TESTS_TOOLS_V2_TRACE_WRITER_H_

#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"

namespace tracenote::test_tools {

// One stack frame as the stack table holds it: func and file are ids of
// strings of the same generation.
struct V2Frame {
  uint64_t pc = 0;
  uint64_t func = 0;
  uint64_t file = 0;
  uint64_t line = 0;
};

// The ClockSnapshot of a Go 1.25+ Sync batch: `dt` ticks after the batch's
// time, the runtime's monotonic clock and the wall clock.
struct V2ClockReading {
  uint64_t dt = 0;
  uint64_t mono = 0;
  uint64_t sec = 0;
  uint64_t nsec = 0;
};

class V2TraceWriter {
 public:
  static constexpr uint64_t kNoThread = ~uint64_t{0};
  // Largest batch written, header included (the runtime's 64 KiB buffer
  // minus its bookkeeping).
  static constexpr size_t kMaxBatchBytes = 65536 - 64;

  // `version` is 1022, 1023, 1025 or 1026. With `out` the trace goes to that
  // stream (not owned, not closed); without it, into memory (bytes()).
  explicit V2TraceWriter(int version, std::FILE* out = nullptr);

  // Starts generation `gen` (the first must be >= 1, then each one more).
  // Ends the one before if the caller has not. `base` is the time threads
  // count from when they have written nothing yet.
  Status BeginGeneration(uint64_t gen, uint64_t base = 0);
  // A timed event of thread `m`. `args` are the table's arguments and then,
  // for events with a stack, the stack id (which may be left out: 0).
  Status Event(uint64_t m, uint8_t type, uint64_t dt, std::initializer_list<uint64_t> args);
  Status EventAt(uint64_t m, uint8_t type, uint64_t time, std::initializer_list<uint64_t> args);

  // The generation's clock: Frequency for Go 1.22-1.24, Sync (frequency and
  // clock snapshot) for 1.25+. Written at once, as a batch of no thread.
  Status Frequency(uint64_t freq);
  Status Sync(uint64_t time, uint64_t freq, const V2ClockReading& clock);

  // Table entries, buffered and written when the generation ends.
  Status String(uint64_t id, std::string_view text);
  Status Stack(uint64_t id, std::span<const V2Frame> frames);
  Status CpuSample(uint64_t time, uint64_t m, uint64_t p, uint64_t g, uint64_t stack);

  // Writes thread `m`'s open batch now (no-op if it has none).
  Status FlushThread(uint64_t m);
  // Writes the open batches (in the order the threads first wrote in the
  // generation), then CPU samples, stacks and strings, then (Go 1.26) the
  // EndOfGeneration byte.
  Status EndGeneration();
  // EndGeneration() if one is open, and flushes the stream.
  Status Finish();

  int version() const { return version_; }
  uint64_t generation() const { return gen_; }
  // Bytes written so far; and bytes of the last ended generation.
  uint64_t bytes_written() const { return written_; }
  uint64_t last_generation_bytes() const { return last_gen_bytes_; }
  uint64_t batches_written() const { return batches_; }
  // The trace written so far, in memory mode.
  const std::vector<uint8_t>& bytes() const { return memory_; }
  const Status& status() const { return status_; }

 private:
  // One thread's open batch.
  struct Thread {
    std::vector<uint8_t> payload;
    uint64_t batch_time = 0;  // header time of the open batch
    uint64_t last = 0;        // time of the thread's previous event
    bool open = false;
    bool in_gen = false;  // has written in the current generation
  };
  // A table being filled: its batches start with `marker`.
  struct Table {
    uint8_t marker = 0;
    std::vector<uint8_t> payload;
  };

  Status Fail(Status s);
  Status Check();
  Status AppendEvent(uint64_t m, uint8_t type, uint64_t time, std::initializer_list<uint64_t> args);
  Status AddRecord(Table* t, const std::vector<uint8_t>& record);
  void FlushTable(Table* t);
  void WriteBatch(uint64_t m, uint64_t time, const std::vector<uint8_t>& payload);
  void Emit(const uint8_t* p, size_t n);

  int version_;
  std::FILE* out_;
  Status status_;
  std::vector<uint8_t> memory_;
  std::vector<uint8_t> scratch_;
  uint64_t gen_ = 0;
  bool gen_open_ = false;
  bool have_clock_ = false;
  uint64_t base_ = 0;
  std::unordered_map<uint64_t, Thread> threads_;
  std::vector<uint64_t> order_;  // threads in order of first event in the generation
  Table strings_, stacks_, samples_;
  uint64_t written_ = 0;
  uint64_t gen_start_ = 0;
  uint64_t last_gen_bytes_ = 0;
  uint64_t batches_ = 0;
};

}  // namespace tracenote::test_tools

#endif  // TRACENOTE_TESTS_TOOLS_V2_TRACE_WRITER_H_
