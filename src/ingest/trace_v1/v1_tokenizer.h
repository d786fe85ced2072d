// Wire-level decoding of v1 records and the index pass over a whole file.
//
// A v1 trace is a flat run of records with no framing: a Batch record starts
// the events of one P, and string, stack and frequency records are mixed in
// anywhere. Because the frequency and the stack table come last, nothing can
// be converted before the whole file has been seen, so the reader works in
// two steps: BuildV1Index() walks every record once, without keeping events,
// and records where each P's batches are, the string and stack tables, the
// frequency, the CPU samples and the per-type record counts. The ordering
// pass (v1_orderer.h) then decodes events again, lazily, from those offsets.
#ifndef TRACENOTE_SRC_INGEST_TRACE_V1_V1_TOKENIZER_H_
#define TRACENOTE_SRC_INGEST_TRACE_V1_V1_TOKENIZER_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/file_blob.h"
#include "base/status.h"
#include "ingest/trace_v1/v1_event_spec.h"
#include "model/trace_model.h"

namespace tracenote::trace_v1 {

inline constexpr int kHeaderSize = 16;
inline constexpr int kMaxRecordValues = 6;  // the most any non-stack record carries
inline constexpr uint64_t kMaxStringLength = 1000000;
inline constexpr uint64_t kMaxStackFrames = 1000;
inline constexpr uint64_t kMaxArgBytes = 2048;  // length-prefixed non-stack records

// One record as it is on the wire, values undecoded beyond the varints.
struct V1Record {
  uint64_t offset = 0;  // of the type byte
  uint64_t end = 0;     // one past the record
  uint8_t type = 0;
  uint8_t num_values = 0;  // values read (for Stack: 2; frames are left in place)
  uint64_t values[kMaxRecordValues] = {};
  std::string_view str;       // String: its bytes; UserLog: the trailing message
  uint64_t frames_begin = 0;  // Stack: offset of the first frame value
};

// Decodes the record at `pos` (>= 16). On failure the status names the
// offset, the event and what went wrong; *truncated says whether the input
// simply ended inside the record.
Status DecodeV1Record(const uint8_t* data, size_t size, size_t pos, int version, V1Record* out,
                      bool* truncated);

// Parses a 16-byte header: "go 1.N trace" and NUL padding. Returns 1000+N or
// -1 if the bytes are not a Go trace header at all.
int ParseTraceHeader(std::string_view bytes);

// The byte range of one batch's records.
struct V1Segment {
  uint64_t begin = 0;  // first record after the Batch record
  uint64_t end = 0;    // the next Batch record, or the end of the readable data
  uint64_t ticks = 0;  // the batch's base timestamp
  uint64_t seq = 0;    // the batch's base sequence number (1.5 only)
};

// All batches of one P, in file order (which is that P's emission order).
struct V1Stream {
  int64_t p = 0;
  std::vector<V1Segment> segments;
};

struct V1CpuSample {
  uint64_t ticks = 0;  // absolute, captured in the signal handler
  uint64_t offset = 0;
  int64_t p = -1;
  uint64_t g = 0;
  uint64_t stack = 0;  // v1 stack id
  uint64_t order = 0;  // position in the file, for a stable sort
};

// Everything the index pass learns. Strings point into the input blob.
struct V1Index {
  int version = 0;
  uint64_t frequency = 0;                // 0: no Frequency record
  std::vector<V1Stream> streams;         // sorted by P
  std::vector<V1CpuSample> cpu_samples;  // sorted by ticks (stable)
  std::unordered_set<uint64_t> timer_goroutines;
  std::unordered_map<uint64_t, std::string_view> strings;
  std::unordered_map<uint64_t, model::StackId> stacks;   // v1 stack id -> model stack
  std::array<uint64_t, kNumV1Types> record_counts = {};  // wire records per type
  uint64_t records = 0;                                  // all wire records after the header
  uint64_t timed_events = 0;                             // records that become events
  uint64_t readable_end = 0;                             // offset where reading stopped
  bool truncated = false;                                // the input ended inside a record
  std::string truncation;                                // why reading stopped early
};

// Walks the whole input once. Errors in well-formed-but-wrong data are fatal;
// an input that simply stops (a killed process) yields an index of what was
// readable with `truncated` set. Stacks and their strings go into `tables`.
StatusOr<std::unique_ptr<V1Index>> BuildV1Index(const FileBlob& blob, model::Tables* tables);

// "trace_v1: offset 0x1a3f: event GoStart: <what>".
Status V1Error(uint64_t offset, std::string_view event, std::string_view what);

}  // namespace tracenote::trace_v1

#endif  // TRACENOTE_SRC_INGEST_TRACE_V1_V1_TOKENIZER_H_
