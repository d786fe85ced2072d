// Helpers for the detector tests: encode a trace written in the text form of
// tools/v1_text_encoder.h (or read a sample file), build its TraceAnalysis,
// and read the typed arguments and stacks of the findings.
#ifndef TRACENOTE_TESTS_ANALYSIS_DETECTORS_DETECTOR_TEST_UTIL_H_
#define TRACENOTE_TESTS_ANALYSIS_DETECTORS_DETECTOR_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/detectors/finding.h"
#include "analysis/trace_analysis.h"
#include "base/status.h"
#include "ingest/trace_source.h"
#include "l10n/message_args.h"

namespace tracenote::analysis_test {

// A trace and its analysis; the analysis points into the source's tables,
// so both live together.
struct Analyzed {
  std::unique_ptr<TraceSource> source;
  analysis::TraceAnalysis analysis;

  const model::Tables& tables() const { return source->tables(); }
};

// Encodes `text` (v1 text form), opens it and analyses it.
StatusOr<Analyzed> AnalyzeText(std::string_view text);
// Opens a trace file and analyses it.
StatusOr<Analyzed> AnalyzeFile(const std::string& path);

// The findings with `id` among `all`.
std::vector<analysis::Finding> WithId(const std::vector<analysis::Finding>& all,
                                      std::string_view id);
// The findings with `id` that RunDetectors (every registered detector) gives.
std::vector<analysis::Finding> RunAndFilter(const analysis::TraceAnalysis& a, std::string_view id);

// Typed arguments; a missing key or another type fails the test and gives a
// zero value.
int64_t IntArg(const l10n::MessageArgs& args, const std::string& key);
double DoubleArg(const l10n::MessageArgs& args, const std::string& key);
int64_t DurationArg(const l10n::MessageArgs& args, const std::string& key);
std::string StringArg(const l10n::MessageArgs& args, const std::string& key);
std::string TraceTextArg(const l10n::MessageArgs& args, const std::string& key);

// The function names of a stack, innermost first ({} for stack 0).
std::vector<std::string> StackFunctions(const model::Tables& tables, model::StackId stack);

// Tick of time 0 in TraceBuilder traces (for GoSysExit's ts=).
inline constexpr int64_t kTicksAtZero = 1000000;

// Writes a trace's text with events placed at absolute times: ns since the
// trace's first event, which must be at 0 (the frequency is 1e9, so a tick is
// a ns). At(t, "GoStart g=7 seq=1") writes "GoStart dt=<t - previous> g=7
// seq=1" in the current batch. The first batch is on P 0 and starts at 0.
class TraceBuilder {
 public:
  explicit TraceBuilder(std::string_view version = "1.19");
  // Starts a batch of P `p` at time `t`.
  TraceBuilder& Batch(int p, int64_t t);
  // An event: its name, then its arguments other than dt.
  TraceBuilder& At(int64_t t, std::string_view event);
  // A line written as is (String, Stack, comments).
  TraceBuilder& Line(std::string_view line);
  // The whole text, with the Frequency record.
  std::string Text() const;

 private:
  std::string text_;
  int64_t now_ = 0;
};

// One blocking syscall of G5 in SyscallTrace.
struct BlockingSyscall {
  int64_t enter = 0;              // GoSysCall
  int64_t before_block = 30'000;  // GoSysBlock (the P is lost) this long after it
  int64_t duration = 1'000'000;   // GoSysExit's real time after it; -1: never returns
  bool stw = false;               // a STW (on P 1, ±1 µs around the block) takes the P
  int stack = 1;                  // 1: syscall.Syscall <- main.readFile; 2: <- main.writeLog
};

// G5 (main.reader) makes `calls` one after the other on P 0, starting to run
// 1 µs before each. Each loses the P (GoSysBlock, then ProcStop 500 ns
// later), and the P starts again 3 µs after the block on a new thread:
// thread i + 2 after syscall i, the first thread being 1. After a syscall
// returns (GoSysExit), G5 is runnable until the next one's start. A last
// event (HeapAlloc) is written at `end`.
std::string SyscallTrace(const std::vector<BlockingSyscall>& calls, int64_t end);
inline constexpr int64_t kSyscallRestart = 3'000;  // block to ProcStart in SyscallTrace

}  // namespace tracenote::analysis_test

// Analyses `text` into `var` (an Analyzed) or fails the test.
#define ASSERT_ANALYZE_TEXT(var, text)                                                   \
  ::tracenote::analysis_test::Analyzed var;                                              \
  do {                                                                                   \
    auto tn_analyzed_ = ::tracenote::analysis_test::AnalyzeText(text);                   \
    ASSERT_TRUE(tn_analyzed_.ok()) << tn_analyzed_.status().message() << "\n" << (text); \
    var = std::move(*tn_analyzed_);                                                      \
  } while (0)

#endif  // TRACENOTE_TESTS_ANALYSIS_DETECTORS_DETECTOR_TEST_UTIL_H_
