// The report's charts, each one SVG picture (see chart_axes.h for the shared
// layout and picture_canvas.h for the frame and style sheet):
//  * the scheduler latency histogram (log duration, with p50/p90/p99/max),
//  * heap in use and heap goal over time, with GC cycles and stop-the-world
//    pauses as bands,
//  * the minimum mutator utilization (MMU) curve,
//  * goroutine counts (alive, runnable, running, in syscall) over time.
// Contract for each: the text (title, description) comes localized from the
// caller; every other word comes from the chart.* keys of `catalog`, every
// number is formatted in catalog.language(); data with nothing to plot gives
// a valid chart saying so; the output depends only on the arguments.
#ifndef TRACENOTE_SRC_PICTURES_CHARTS_H_
#define TRACENOTE_SRC_PICTURES_CHARTS_H_

#include <string>
#include <vector>

#include "analysis/goroutine_counts.h"
#include "analysis/mutator_utilization.h"
#include "analysis/trace_analysis.h"
#include "l10n/catalog.h"
#include "pictures/chart_axes.h"
#include "pictures/picture_canvas.h"

namespace tracenote::pictures {

// Bars of the log-spaced buckets, grouped into about kLatencyBars bars over
// the occupied range; a <title> per bar.
inline constexpr int kLatencyBars = 36;
std::string RenderSchedLatencySvg(const analysis::LatencyHistogram& histogram,
                                  const ChartText& text, const l10n::Catalog& catalog,
                                  const PictureOptions& options);

// Reads heap_live, heap_goal, gc_cycles, stw_pauses and end_time.
std::string RenderHeapSvg(const analysis::TraceAnalysis& analysis, const ChartText& text,
                          const l10n::Catalog& catalog, const PictureOptions& options);

std::string RenderMmuSvg(const std::vector<analysis::MmuPoint>& curve, const ChartText& text,
                         const l10n::Catalog& catalog, const PictureOptions& options);

std::string RenderGoroutineCountSvg(const analysis::GoroutineCounts& counts, const ChartText& text,
                                    const l10n::Catalog& catalog, const PictureOptions& options);

}  // namespace tracenote::pictures

#endif  // TRACENOTE_SRC_PICTURES_CHARTS_H_
