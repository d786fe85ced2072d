// What every text view shares: the chosen column, the total, the output unit
// and the header lines pprof prints above a report (File, Build ID,
// comments, Type, Time, Duration, Showing nodes..., Dropped..., Showing top...).
#ifndef TRACENOTE_SRC_PROFILE_PROFILE_REPORT_H_
#define TRACENOTE_SRC_PROFILE_PROFILE_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "model/profile_model.h"
#include "profile/profile_graph.h"

namespace tracenote::profile {

// Report-wide numbers. Contract: FormatValue prints like pprof's
// rpt.formatValue with the current output_unit.
struct ReportContext {
  SampleSelection selection;
  int64_t total = 0;
  std::string output_unit = "minimum";  // after ChooseMinimumUnit for graph reports
  std::string FormatValue(int64_t v) const;
};

// The value columns of a top or tree row. Raw values are in the sample unit
// (divided with -mean); the *_text and *_percent fields are what pprof prints.
struct ValueColumns {
  int64_t flat = 0;
  int64_t cum = 0;
  std::string flat_text, flat_percent, sum_percent, cum_text, cum_percent;
};

// The columns of node `n`; `flat_sum` is the running sum of flat over the
// rows so far (sum%), updated here.
ValueColumns MakeValueColumns(const ReportContext& ctx, const GraphNode& n, int64_t* flat_sum);

// Appends pprof's "%10s %s %s %10s %s" (flat flat% sum% cum cum%).
void AppendValueColumns(std::string& out, const ValueColumns& columns);

StatusOr<ReportContext> MakeReportContext(const model::Profile& profile,
                                          const ViewOptions& options);

// pprof's selectOutputUnit: sets ctx.output_unit from the graph when the
// option is "minimum".
void SelectOutputUnit(ReportContext& ctx, const Graph& graph);

// pprof's ProfileLabels: File/Build ID/comments/Type/Time/Duration lines.
// Time uses the local time zone (TZ) in the layout "2006-01-02 15:04:05 MST".
std::vector<std::string> ProfileHeaderLines(const model::Profile& profile,
                                            const ReportContext& ctx);

// pprof's reportLabels for text/tree: the profile lines (unless
// compact_labels), "Showing nodes accounting for ...", "Dropped N nodes
// (cum <= X)", "Showing top K nodes out of M".
std::vector<std::string> ReportHeaderLines(const model::Profile& profile, const ReportContext& ctx,
                                           const TrimmedGraph& tg, const ViewOptions& options);

}  // namespace tracenote::profile

#endif  // TRACENOTE_SRC_PROFILE_PROFILE_REPORT_H_
