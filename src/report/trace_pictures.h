// The trace's pictures: the whole-trace timeline, a close-up timeline for
// each finding whose pattern has one (close_up_recorder.h: the first time
// the pattern shows up), and the charts (goroutine counts, scheduler
// latency, heap, minimum mutator utilization).
//
// Contract: TracePictureCollectors rides along the analysis pass (it is an
// EventSink for the same stream), so the trace is read once;
// FinishTracePictures turns what it collected into data once, and
// DrawTracePictures draws that data into a PictureSet, as many times as the
// caller has languages. Every picture is titled and described in the
// catalog's language.
#ifndef TRACENOTE_SRC_REPORT_TRACE_PICTURES_H_
#define TRACENOTE_SRC_REPORT_TRACE_PICTURES_H_

#include <array>
#include <optional>
#include <vector>

#include "analysis/detectors/finding.h"
#include "analysis/goroutine_counts.h"
#include "analysis/mutator_utilization.h"
#include "analysis/timeline.h"
#include "analysis/trace_analysis.h"
#include "base/status.h"
#include "l10n/catalog.h"
#include "report/close_up_recorder.h"
#include "report/report_pictures.h"

namespace tracenote::report {

// Collects what the pictures need in the analysis pass.
class TracePictureCollectors : public model::EventSink {
 public:
  explicit TracePictureCollectors(const model::Tables* tables);
  void OnEvent(const model::Event& event) override;

 private:
  friend struct TracePictureData FinishTracePictures(TracePictureCollectors*, int64_t);
  analysis::TimelineCollector timeline_;
  analysis::MutatorUtilizationCollector utilization_;
  analysis::GoroutineCountCollector counts_;
  CloseUpRecorder close_ups_;
};

// The name of the close-up picture that shows finding `f` ("closeup-gc"),
// "" when its pattern has none. Several findings may share one (a long
// syscall and a syscall handoff): the document shows it once.
std::string CloseUpPictureName(const analysis::Finding& f);

// What the pictures draw, finished: the whole-trace timeline, the close-up
// shots, the mutator utilization and the goroutine counts.
struct TracePictureData {
  analysis::Timeline timeline;
  std::array<std::optional<CloseUpShot>, kCloseUpKinds> shots;
  analysis::MutatorUtilization utilization;
  analysis::GoroutineCounts counts;
};

// `collectors` must have seen the whole analysis pass; it is used up.
TracePictureData FinishTracePictures(TracePictureCollectors* collectors, int64_t end_time);

// Draws the trace's pictures into `set`.
void DrawTracePictures(const analysis::TraceAnalysis& analysis,
                       const std::vector<analysis::Finding>& findings, const TracePictureData& data,
                       const l10n::Catalog& c, PictureSet* set);

}  // namespace tracenote::report

#endif  // TRACENOTE_SRC_REPORT_TRACE_PICTURES_H_
