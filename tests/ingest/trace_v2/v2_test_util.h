// Helpers for the v2 (Go 1.22+) reader tests: encode a trace written in Go's
// text form (tools/v2_text_encoder.h), open it through the public entry
// point, and collect what the replays yield in a shape that is easy to
// assert on.
#ifndef TRACENOTE_TESTS_INGEST_TRACE_V2_V2_TEST_UTIL_H_
#define TRACENOTE_TESTS_INGEST_TRACE_V2_V2_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "ingest/event_spec.h"
#include "ingest/trace_source.h"
#include "model/trace_model.h"

namespace tracenote::trace_v2_test {

// The name every test input is opened under; open errors start with it.
inline constexpr std::string_view kTraceName = "t.trace";

// Encodes `text` with EncodeV2Text. On an encoding error the test fails
// (ADD_FAILURE with the encoder's message) and the result is empty.
std::vector<uint8_t> Encode(std::string_view text);

// Opens `bytes` with OpenTraceBlob under kTraceName.
StatusOr<std::unique_ptr<TraceSource>> OpenBytes(std::vector<uint8_t> bytes);
// Encode + OpenBytes; an encoding error is returned as the status.
StatusOr<std::unique_ptr<TraceSource>> OpenText(std::string_view text);

// The status of opening `text` and then replaying it raw: the open error if
// it does not open, else the replay's status (Ok when both succeed).
Status OpenAndReplay(std::string_view text);

// Passes when `s` is an error whose message contains `part`.
::testing::AssertionResult FailsWith(const Status& s, std::string_view part);

// The byte offset, in the encoded trace, of the record on the first line of
// `text` that contains `marker` (what the reader's messages call "offset
// 0x.."). It encodes the text before that line, so it is exact as long as
// the enclosing batch's computed size keeps the same varint length (any
// batch under 128 bytes, or one written with !pad).
uint64_t OffsetOf(std::string_view text, std::string_view marker);

// "trace_v2: offset 0x2a: generation 1, M 1: GoStart: " for the event on the
// line with `marker` (V2EventStream's prefix for an event's error); `m` is
// the thread as printed ("M 1" or "no M").
std::string EventErrorPrefix(std::string_view text, std::string_view marker, uint64_t gen,
                             std::string_view m, std::string_view event);

// Text snippets for a generation's non-event batches, each starting with its
// own EventBatch line (m=none, time=0):
//   FreqBatch: a Frequency batch (Go 1.22-1.24 only).
//   StringsBatch: a Strings batch holding `strings` under ids 1, 2, ...;
//     empty text for no strings. The strings must not hold '"' or '\'.
//   Tables: both.
//   SyncBatch: a Go 1.25+ Sync batch: the frequency and a clock snapshot
//     taken at trace time 0 that reads `unix_sec` seconds on the wall clock.
std::string FreqBatch(uint64_t gen, uint64_t freq = 1000000000);
std::string StringsBatch(uint64_t gen, std::initializer_list<std::string_view> strings);
std::string Tables(uint64_t gen, std::initializer_list<std::string_view> strings = {},
                   uint64_t freq = 1000000000);
std::string SyncBatch(uint64_t gen, uint64_t freq = 1000000000, uint64_t unix_sec = 1700000000);

// A RawEvent with its strings copied.
struct Row {
  uint64_t index = 0;
  int64_t time = 0;
  uint64_t offset = 0;
  std::string name;
  const EventSpec* spec = nullptr;
  int64_t p = -1;
  uint64_t g = 0;
  int64_t m = -1;
  std::array<uint64_t, kMaxSpecArgs> args = {};
  model::StackId stack = 0;
  std::string str;
  std::string message;

  // The name with the arguments that say what happened, sequence numbers
  // and string ids left out, ^0 for m or p written "none", and the resolved
  // strings quoted at the end: "GoStart(g=5)", "ProcStop",
  // "GoStatus(g=1,m=none,gstatus=2)", "GoStop(\"preempted\")",
  // "UserLog(task=1,\"key\",\"value\")".
  std::string Label() const;
  // "M1 GoStart(g=5)": the label after the thread the event is attributed to
  // ("M-" for none).
  std::string OnThread() const;
};

struct RawReplay {
  Status status;
  std::vector<Row> rows;

  std::vector<std::string> Labels() const;
  std::vector<std::string> OnThreads() const;
  std::vector<int64_t> Times() const;
  // The n-th row (from 0) named `name`; fails the test and returns an empty
  // row if there is none.
  const Row& Nth(std::string_view name, int n = 0) const;
};

// Replays `src` raw to the end (or to its error) and copies every event.
RawReplay ReplayRows(TraceSource* src);

struct ModelReplay {
  Status status;
  std::vector<model::Event> events;
  std::vector<std::string> lines;  // Describe() of each event
};

// Replays `src` as model events to the end (or to its error).
ModelReplay ReplayModelEvents(TraceSource* src);

// One line per model event, e.g.
//   @20 GoTransition g=5 Running->Runnable "preempted"
//   @0 ProcTransition p=0 Undetermined->Running
//   @30 RangeBegin "GC incremental sweep" p=0
//   @35 RangeEnd "GC incremental sweep" p=0 value=4096
//   @40 Metric /gc/heap/goal:bytes=4194304
//   @45 TaskBegin task=2 parent=0 "name"
//   @50 Log task=1 "category" "message"
//   @60 SyscallBlocked g=5 p=0 m=1
//   @70 StackSample g=1 p=0 m=1
std::string Describe(const model::Event& e, const model::Tables& tables);

// The first frame's function name of a model stack ("" for none).
std::string TopFunction(const TraceSource& src, model::StackId stack);

}  // namespace tracenote::trace_v2_test

// Opens `text` into `var` (a std::unique_ptr<TraceSource>) or fails the test.
#define ASSERT_OPEN_V2(var, text)                               \
  std::unique_ptr<::tracenote::TraceSource> var;                \
  do {                                                          \
    auto tn_open_ = ::tracenote::trace_v2_test::OpenText(text); \
    ASSERT_TRUE(tn_open_.ok()) << tn_open_.status().message();  \
    var = std::move(*tn_open_);                                 \
  } while (0)

#endif  // TRACENOTE_TESTS_INGEST_TRACE_V2_V2_TEST_UTIL_H_
