#include "cli/report_command.h"

#include <cstdio>
#include <memory>

#include "cli/exit_codes.h"
#include "cli/picture_files.h"
#include "cli/report_run.h"

namespace tracenote::cli {

namespace {

int Fail(const Status& s) {
  std::fprintf(stderr, "tracenote: %s\n", s.message().c_str());
  return ExitCodeFor(s);
}

// How many findings of the report are at least as severe as `level`
// ("warning" or "critical").
size_t FindingsAtLeast(const PreparedReport& report, const std::string& level) {
  const analysis::Severity min =
      level == "critical" ? analysis::Severity::kCritical : analysis::Severity::kWarning;
  size_t n = 0;
  for (const analysis::Finding* f : report.AllFindings()) n += f->severity >= min ? 1 : 0;
  return n;
}

}  // namespace

// Exit code: an error's code, else kExitFindings when --fail-on is given and
// a finding reaches the level, else kExitPartial for a cut trace, else 0. A
// CI gate fails on findings whether or not the trace was complete, so
// kExitFindings wins over kExitPartial; the partial warning is still printed.
int RunReport(const ReportOptions& o) {
  const bool pictures = o.format != "ticket" && PlanPictures(o).draw;
  auto prepared = PreparedReport::Prepare(o, pictures);
  if (!prepared.ok()) return Fail(prepared.status());
  const PreparedReport& report = **prepared;
  if (Status s = report.Write(o); !s.ok()) return Fail(s);
  if (!o.no_pictures && o.format == "md" && o.output == "-") {
    std::fprintf(stderr,
                 "tracenote: note: pictures are written only beside a Markdown file; give -o "
                 "FILE.md to get them\n");
  }
  int rc = kExitOk;
  if (report.partial()) {
    std::fprintf(stderr, "tracenote: warning: %s: the trace is partial: %s\n",
                 report.trace_path().c_str(), report.partial_reason().c_str());
    rc = kExitPartial;
  }
  if (!o.fail_on.empty()) {
    if (size_t n = FindingsAtLeast(report, o.fail_on); n > 0) {
      std::fprintf(stderr, "tracenote: %zu finding%s at %s level or above (--fail-on %s)\n", n,
                   n == 1 ? "" : "s", o.fail_on.c_str(), o.fail_on.c_str());
      rc = kExitFindings;
    }
  }
  return rc;
}

}  // namespace tracenote::cli
