// The machine-readable form of a trace analysis: the data behind every
// report section, with stable keys (documented in README, "JSON report").
// Times and durations are integers in nanoseconds.
#ifndef TRACENOTE_SRC_REPORT_ANALYSIS_JSON_H_
#define TRACENOTE_SRC_REPORT_ANALYSIS_JSON_H_

#include <nlohmann/json.hpp>

#include "analysis/trace_analysis.h"

namespace tracenote::report {

using Json = nlohmann::ordered_json;

// "func file:line" of a stack's innermost frame, or "" for no stack.
std::string StackTop(model::StackId stack, const model::Tables& tables);
// The frames of a stack as [{"func","file","line"}...].
Json StackJson(model::StackId stack, const model::Tables& tables);

Json SummaryJson(const analysis::TraceAnalysis& a);
Json GoroutinesJson(const analysis::TraceAnalysis& a);
// Goroutines folded per start function (goroutine_summary.h); empty for
// traces whose goroutines were all kept one by one.
Json FoldedGoroutinesJson(const analysis::TraceAnalysis& a);
Json GcCyclesJson(const analysis::TraceAnalysis& a);
Json StwJson(const analysis::TraceAnalysis& a);
Json SchedLatencyJson(const analysis::TraceAnalysis& a);

}  // namespace tracenote::report

#endif  // TRACENOTE_SRC_REPORT_ANALYSIS_JSON_H_
