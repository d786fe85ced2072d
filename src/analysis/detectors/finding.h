// Finding: what a detector reports. Detectors compute data only: the words
// come from the message catalogs (locales/), chosen by the keys here and
// filled with the typed arguments, so the same finding reads naturally in
// English and in Russian.
#ifndef TRACENOTE_SRC_ANALYSIS_DETECTORS_FINDING_H_
#define TRACENOTE_SRC_ANALYSIS_DETECTORS_FINDING_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/trace_analysis.h"
#include "l10n/message_args.h"

namespace tracenote::analysis {

enum class Severity : uint8_t { kInfo = 0, kWarning = 1, kCritical = 2 };
const char* SeverityName(Severity s);  // "info", "warning", "critical"

// One piece of evidence: a row the report lists under the finding.
struct Evidence {
  std::string message;  // catalog key, e.g. "evidence.preemption"
  l10n::MessageArgs args;
  int64_t time = kUnknownTime;  // when (ns since trace start)
  uint64_t goroutine = 0;
  model::StackId stack = 0;  // shown as `func file:line` lines
};

struct Finding {
  std::string id;  // stable: "preemption-storm", "syscall-handoff", "gc-stw",
                   // "sched-latency", "goroutine-leak", "long-syscall",
                   // "gomaxprocs-change"
  Severity severity = Severity::kInfo;
  std::string title;             // catalog key of the one-line headline
  std::string explanation;       // catalog key of the paragraph on the mechanism
  l10n::MessageArgs args;        // for both
  int64_t start = kUnknownTime;  // the moment it is about (walk-through, pictures)
  int64_t end = kUnknownTime;
  std::vector<uint64_t> goroutines;
  std::vector<Evidence> evidence;
  nlohmann::ordered_json numbers = nlohmann::ordered_json::object();  // for JSON output
};

// A keyword for a Go wait reason, usable in an ICU `select`: "chan receive"
// -> "chan_receive", "sync.(*Cond).Wait" -> "cond", "" -> "unspecified";
// reasons we do not know become "other" (the raw text is passed separately).
std::string WaitReasonKeyword(std::string_view reason);

// A detector: a pure function of the analysis.
using DetectorFn = std::vector<Finding> (*)(const TraceAnalysis& analysis);

struct DetectorInfo {
  const char* id;
  DetectorFn fn;
};

// The registered detectors, in report order (detectors.cc holds the table).
const std::vector<DetectorInfo>& AllDetectors();

// Runs every detector; findings sorted by severity (critical first), then by
// start time.
std::vector<Finding> RunDetectors(const TraceAnalysis& analysis);

}  // namespace tracenote::analysis

#endif  // TRACENOTE_SRC_ANALYSIS_DETECTORS_FINDING_H_
