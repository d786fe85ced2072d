// The incident ticket (`tracenote report --format ticket`): a few lines of
// GFM to paste into a GitHub, GitLab or Jira issue. One summary line (the
// inputs, what they are, how long the recording is, the findings counted by
// severity, "partial" when the trace was cut), the most severe findings with
// their numbers, the others folded under a <details> block, a data-quality
// line when the input was cut or had survivable anomalies, and the command
// that reproduces the report.
//
// Contract:
//  * Words come from locales/<lang>/ticket.json (and the findings' own
//    catalog keys); the layout is templates/ticket.md.mustache.
//  * Bounded: at most `top` findings in full (with at most `evidence_lines`
//    evidence lines each), at most `max_rest` more under <details>, and names
//    from the input longer than `max_name` characters are shortened.
//  * Safe: everything from the inputs is escaped; the template's Markdown is
//    parsed with cmark-gfm, and in the tree the only HTML nodes kept are the
//    two fixed <details>/<summary> blocks of the template (any other raw
//    HTML and any dangerous link destination is dropped) before it is
//    rendered back as GFM. Deterministic: the same input gives the same bytes.
#ifndef TRACENOTE_SRC_REPORT_TICKET_DOCUMENT_H_
#define TRACENOTE_SRC_REPORT_TICKET_DOCUMENT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "l10n/catalog.h"
#include "report/report_document.h"

namespace tracenote::report {

struct TicketOptions {
  std::string command;        // the reproducing command line, already quoted
  size_t top = 3;             // findings shown in full, before <details>
  size_t evidence_lines = 1;  // evidence lines under each of the top findings
  size_t max_rest = 20;       // findings listed under <details>; the rest are counted
  size_t max_name = 80;       // longer names from the input are shortened (code points)
};

// The ticket's GFM text. Needs a trace (input.analysis and input.findings)
// or profiles (input.profiles); pictures and the walk-through are not used.
StatusOr<std::string> RenderTicket(const ReportInput& input, const l10n::Catalog& catalog,
                                   const TicketOptions& options);

// `arg` quoted for a POSIX shell: unchanged when it is made only of
// characters no shell treats specially (letters, digits, and @%+=:,./_-),
// else in single quotes, with each ' written as '\''. "" becomes ''.
std::string ShellQuote(std::string_view arg);

// The arguments quoted one by one and joined by spaces.
std::string ShellCommandLine(const std::vector<std::string>& args);

}  // namespace tracenote::report

#endif  // TRACENOTE_SRC_REPORT_TICKET_DOCUMENT_H_
