// Findings in the JSON report: each with its stable id, severity, numbers
// and evidence. Typed message arguments become plain JSON values (durations
// in ns, bytes as counts, percentages as numbers).
#ifndef TRACENOTE_SRC_REPORT_FINDINGS_JSON_H_
#define TRACENOTE_SRC_REPORT_FINDINGS_JSON_H_

#include <vector>

#include "analysis/detectors/finding.h"
#include "report/analysis_json.h"
#include "report/walkthrough.h"

namespace tracenote::report {

Json ArgsJson(const l10n::MessageArgs& args);
Json FindingsJson(const std::vector<analysis::Finding>& findings, const model::Tables& tables);
Json WalkthroughJson(const Walkthrough& w, const model::Tables& tables);

}  // namespace tracenote::report

#endif  // TRACENOTE_SRC_REPORT_FINDINGS_JSON_H_
