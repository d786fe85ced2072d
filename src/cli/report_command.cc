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

}  // namespace

int RunReport(const ReportOptions& o) {
  auto prepared = PreparedReport::Prepare(o, PlanPictures(o).draw);
  if (!prepared.ok()) return Fail(prepared.status());
  const PreparedReport& report = **prepared;
  if (Status s = report.Write(o); !s.ok()) return Fail(s);
  if (!o.no_pictures && o.format == "md" && o.output == "-") {
    std::fprintf(stderr,
                 "tracenote: note: pictures are written only beside a Markdown file; give -o "
                 "FILE.md to get them\n");
  }
  if (report.partial()) {
    std::fprintf(stderr, "tracenote: warning: %s: the trace is partial: %s\n",
                 report.trace_path().c_str(), report.partial_reason().c_str());
    return kExitPartial;
  }
  return kExitOk;
}

}  // namespace tracenote::cli
