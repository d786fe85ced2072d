// The report's tables and listing lines, computed from the analysis: the
// goroutine analysis (per goroutine, the columns of go tool trace), the GC
// cycles with their stop-the-world phases, and the walk-through's event
// lines. Numbers are formatted for the catalog's language; text from the
// trace goes into code spans or code blocks.
#ifndef TRACENOTE_SRC_REPORT_REPORT_TABLES_H_
#define TRACENOTE_SRC_REPORT_REPORT_TABLES_H_

#include <string>

#include <kainjow/mustache.hpp>

#include "analysis/trace_analysis.h"
#include "l10n/catalog.h"
#include "report/walkthrough.h"

namespace tracenote::report {

// Section data for report.md.mustache's `goroutines` (heading, intro, table).
kainjow::mustache::data GoroutineSection(const analysis::TraceAnalysis& a, const l10n::Catalog& c,
                                         size_t max_rows);
// Section data for `gc_cycles`.
kainjow::mustache::data GcSection(const analysis::TraceAnalysis& a, const l10n::Catalog& c);
// Share of the CPU the GC used: background workers, assists and
// stop-the-world time on every P, over GOMAXPROCS x duration, in percent.
double GcCpuPercent(const analysis::TraceAnalysis& a);
// One line of the walk-through listing (plain text for a code block).
std::string FormatWalkRow(const WalkRow& row, const model::Tables& tables, l10n::Language lang);

}  // namespace tracenote::report

#endif  // TRACENOTE_SRC_REPORT_REPORT_TABLES_H_
