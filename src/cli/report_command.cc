#include "cli/report_command.h"

#include <cstdio>

#include "analysis/trace_analysis.h"
#include "cli/exit_codes.h"
#include "cli/output_file.h"
#include "ingest/open_trace.h"
#include "report/analysis_json.h"
#include "report/findings_json.h"

namespace tracenote::cli {

namespace {

int Fail(const Status& s) {
  std::fprintf(stderr, "tracenote: %s\n", s.message().c_str());
  return ExitCodeFor(s);
}

}  // namespace

int RunReport(const ReportOptions& o) {
  auto source = OpenTraceFile(o.input);
  if (!source.ok()) return Fail(source.status());
  auto analysis = analysis::BuildTraceAnalysis(source->get());
  if (!analysis.ok()) return Fail(analysis.status().WithPrefix(o.input));
  OutputFile out;
  if (Status s = out.Open(o.output); !s.ok()) return Fail(s);
  const std::vector<analysis::Finding> findings = analysis::RunDetectors(*analysis);
  report::Json j;
  j["summary"] = report::SummaryJson(*analysis);
  j["findings"] = report::FindingsJson(findings, *analysis->tables);
  auto walk = report::BuildWalkthrough(source->get(), analysis->model_events, findings,
                                       report::WalkthroughOptions{});
  if (!walk.ok()) return Fail(walk.status().WithPrefix(o.input));
  j["walkthrough"] = report::WalkthroughJson(*walk, *analysis->tables);
  j["gc_cycles"] = report::GcCyclesJson(*analysis);
  j["stw_pauses"] = report::StwJson(*analysis);
  j["sched_latency"] = report::SchedLatencyJson(*analysis);
  j["goroutines"] = report::GoroutinesJson(*analysis);
  out.Write(j.dump(2, ' ', false, report::Json::error_handler_t::replace));
  out.Write("\n");
  if (Status s = out.Close(); !s.ok()) return Fail(s);
  if ((*source)->info().partial) {
    std::fprintf(stderr, "tracenote: warning: %s: the trace is partial: %s\n", o.input.c_str(),
                 (*source)->info().partial_reason.c_str());
    return kExitPartial;
  }
  return kExitOk;
}

}  // namespace tracenote::cli
