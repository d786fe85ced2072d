// `tracenote report INPUT...`: the explained report (Markdown, HTML or JSON)
// of one run: at most one execution trace and any number of pprof profiles,
// in any order, told apart by their content. The trace's sections come
// first (exactly as for a trace alone), then one section per profile, the
// CPU samples embedded in the trace (when a profile is given too, or with
// --trace-cpu), and the cross-check of the trace against a CPU profile.
// --format ticket writes a short incident ticket instead
// (report/ticket_document.h); --fail-on gates a CI job on the findings.
#ifndef TRACENOTE_SRC_CLI_REPORT_COMMAND_H_
#define TRACENOTE_SRC_CLI_REPORT_COMMAND_H_

#include <string>
#include <vector>

namespace tracenote::cli {

struct ReportOptions {
  std::vector<std::string> inputs;  // traces and profiles; "-" is stdin
  std::string output = "-";
  std::string format = "md";          // md | html | json | ticket
  std::string lang;                   // en | ru; empty: from LANG/LC_ALL
  std::string front_matter = "none";  // hugo | jekyll | none
  std::string date;                   // RFC 3339 for the front matter; empty: now
  bool draft = false;
  std::string base;          // --base OLD: compare each profile with OLD (pprof -diff_base)
  std::string source_path;   // where listings look for sources (':'-separated)
  std::string trim_path;     // prefixes to remove from recorded file names
  bool no_goroot = false;    // do not look for standard-library sources under GOROOT
  bool trace_cpu = false;    // show the trace's CPU samples even without a profile
  bool no_pictures = false;  // no timeline, charts or flame graphs
  // --fail-on warning|critical: exit kExitFindings when a finding is at least
  // this severe; empty: findings do not change the exit code.
  std::string fail_on;
};

int RunReport(const ReportOptions& options);

}  // namespace tracenote::cli

#endif  // TRACENOTE_SRC_CLI_REPORT_COMMAND_H_
