// The trace's pictures: the whole-trace timeline, a close-up timeline for
// each finding that names a moment, and the charts (goroutine counts,
// scheduler latency, heap, minimum mutator utilization).
//
// Contract: TracePictureCollectors rides along the analysis pass (it is an
// EventSink for the same stream); DrawTracePictures then draws everything
// into a PictureSet. The close-ups need the findings, which exist only
// after the pass, so they are collected by a second replay of the source
// that stops after the last close-up's window (TimelineCollector asks to
// stop); a trace without findings is read once. Every picture is titled and
// described in the catalog's language.
#ifndef TRACENOTE_SRC_REPORT_TRACE_PICTURES_H_
#define TRACENOTE_SRC_REPORT_TRACE_PICTURES_H_

#include <vector>

#include "analysis/detectors/finding.h"
#include "analysis/goroutine_counts.h"
#include "analysis/mutator_utilization.h"
#include "analysis/timeline.h"
#include "analysis/trace_analysis.h"
#include "base/status.h"
#include "ingest/trace_source.h"
#include "l10n/catalog.h"
#include "report/report_pictures.h"

namespace tracenote::report {

// Collects what the pictures need in the analysis pass.
class TracePictureCollectors : public model::EventSink {
 public:
  explicit TracePictureCollectors(const model::Tables* tables);
  void OnEvent(const model::Event& event) override;

 private:
  friend Status DrawTracePictures(TraceSource*, const analysis::TraceAnalysis&,
                                  const std::vector<analysis::Finding>&, TracePictureCollectors*,
                                  const l10n::Catalog&, PictureSet*);
  analysis::TimelineCollector timeline_;
  analysis::MutatorUtilizationCollector utilization_;
  analysis::GoroutineCountCollector counts_;
};

// The window of a finding's close-up: its moment (Finding::start..end),
// at most kMaxCloseUp long and at least kMinCloseUp, with a margin on both
// sides, inside the trace. Start and end are kUnknownTime for findings
// without a moment or whose moment is the whole trace (a goroutine leak).
struct CloseUp {
  int64_t start = analysis::kUnknownTime;
  int64_t end = analysis::kUnknownTime;
  bool threads = false;  // the finding is about threads (syscalls)
};
inline constexpr int64_t kMaxCloseUp = 50'000'000;  // 50 ms: about five time slices
inline constexpr int64_t kMinCloseUp = 100'000;     // 100 µs
CloseUp CloseUpOf(const analysis::Finding& finding, const analysis::TraceAnalysis& analysis);

// Draws the trace's pictures into `set`. `collectors` must have seen the
// whole analysis pass; it is used up. Errors come from the second replay.
Status DrawTracePictures(TraceSource* source, const analysis::TraceAnalysis& analysis,
                         const std::vector<analysis::Finding>& findings,
                         TracePictureCollectors* collectors, const l10n::Catalog& c,
                         PictureSet* set);

}  // namespace tracenote::report

#endif  // TRACENOTE_SRC_REPORT_TRACE_PICTURES_H_
