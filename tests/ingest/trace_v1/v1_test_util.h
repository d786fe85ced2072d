// Helpers for the v1 reader tests: encode a trace written in the text form
// of tools/v1_text_encoder.h, open it through the public entry point, and
// collect what the replays yield in a shape that is easy to assert on.
#ifndef TRACENOTE_TESTS_INGEST_TRACE_V1_V1_TEST_UTIL_H_
#define TRACENOTE_TESTS_INGEST_TRACE_V1_V1_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "ingest/trace_source.h"
#include "model/trace_model.h"

namespace tracenote::trace_v1_test {

// The name of the running test, used as the input's name in messages.
std::string TestName();

// Encodes `text` and opens it with OpenTraceBlob under `name`.
StatusOr<std::unique_ptr<TraceSource>> OpenText(std::string_view text,
                                                const std::string& name = TestName());

// The byte offset of the record on the first line of `text` that contains
// `marker` (what the reader's messages call "offset 0x...").
uint64_t OffsetOf(std::string_view text, std::string_view marker);
// "trace_v1: offset 0x1a: event GoStart: " for that record.
std::string ErrorPrefix(std::string_view text, std::string_view marker, std::string_view event);

// A RawEvent with its strings copied.
struct Row {
  uint64_t index = 0;
  int64_t time = 0;
  uint64_t offset = 0;
  std::string name;
  int64_t p = 0;
  uint64_t g = 0;
  std::array<uint64_t, 4> args = {};
  model::StackId stack = 0;
  std::string str;
  std::string message;
  uint64_t link = kNoLink;
  std::string link_name;

  // "GoStart p=1 g=5 @100"
  std::string Brief() const;
};

struct RawReplay {
  Status status;
  std::vector<Row> rows;

  std::vector<std::string> Names() const;
  std::vector<std::string> Briefs() const;
  // The n-th row (from 0) named `name`; fails the test and returns an empty
  // row if there is none.
  const Row& Nth(std::string_view name, int n = 0) const;
};

RawReplay ReplayRows(TraceSource* src, bool links = true);

struct ModelReplay {
  Status status;
  std::vector<model::Event> events;
  std::vector<std::string> lines;  // Describe() of each event
};

ModelReplay ReplayModelEvents(TraceSource* src);

// One line per model event, e.g.
//   @20 GoTransition g=5 Running->Runnable "preempted"
//   @0 ProcTransition p=0 Undetermined->Running
//   @30 RangeBegin "GC concurrent mark phase"
//   @40 Metric /gc/heap/goal:bytes=4194304
//   @50 Log task=1 "category" "message"
//   @60 SyscallBlocked g=5 p=0
std::string Describe(const model::Event& e, const model::Tables& tables);

// The first frame's function name of a model stack ("" for none).
std::string TopFunction(const TraceSource& src, model::StackId stack);

}  // namespace tracenote::trace_v1_test

// Opens `text` into `var` (a std::unique_ptr<TraceSource>) or fails the test.
#define ASSERT_OPEN_TEXT(var, text)                             \
  std::unique_ptr<::tracenote::TraceSource> var;                \
  do {                                                          \
    auto tn_open_ = ::tracenote::trace_v1_test::OpenText(text); \
    ASSERT_TRUE(tn_open_.ok()) << tn_open_.status().message();  \
    var = std::move(*tn_open_);                                 \
  } while (0)

#endif  // TRACENOTE_TESTS_INGEST_TRACE_V1_V1_TEST_UTIL_H_
