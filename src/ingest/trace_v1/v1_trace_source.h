// V1TraceSource: the TraceSource for Go 1.5–1.21 traces.
//
// Opening runs the index pass (v1_tokenizer.h). The first replay also runs
// the "plan" pass: the merge, Go's GoSysExit checks and moves, and the
// validator, counting events as it goes; that pass alone is what
// `dump --stats` needs. Later replays re-run the merge in the final order.
// When the first replay is a model replay, planning and conversion share one
// pass over the merged order: the only difference from the final order is
// where GoSysExit events stand (they carry their real, earlier time but come
// where they were written), which no analysis depends on, and it saves a
// whole pass for the common `report` case.
// A replay that needs links (`dump`) runs one more pass to learn them first,
// keeping 4 bytes per event.
//
// A truncated input (or one without its Frequency record, which the runtime
// writes last) is read as far as it is consistent; the trace is then marked
// partial and the reason kept in info().
#ifndef TRACENOTE_SRC_INGEST_TRACE_V1_V1_TRACE_SOURCE_H_
#define TRACENOTE_SRC_INGEST_TRACE_V1_V1_TRACE_SOURCE_H_

#include <array>
#include <functional>
#include <memory>

#include "ingest/trace_source.h"
#include "ingest/trace_v1/v1_orderer.h"
#include "ingest/trace_v1/v1_tokenizer.h"
#include "ingest/trace_v1/v1_validator.h"

namespace tracenote::trace_v1 {

class V1TraceSource : public TraceSource {
 public:
  static StatusOr<std::unique_ptr<V1TraceSource>> Open(std::unique_ptr<FileBlob> blob);

  const model::TraceInfo& info() const override { return info_; }
  const model::Tables& tables() const override { return tables_; }
  Status ReplayRaw(const ReplayOptions& options, RawEventSink* sink) override;
  Status ReplayModel(model::EventSink* sink) override;
  Status CountEvents(std::map<std::string, uint64_t>* counts) override;

  // Per-type counts of the events Go's parser yields (after renaming the
  // *Local variants), indexed by v1 type. Valid after any replay.
  const std::array<uint64_t, kNumV1Types>& event_counts() const { return event_counts_; }
  const V1Index& index() const { return *index_; }
  // Runs the plan pass if it has not run (it fills counts and info()).
  Status Plan();

 private:
  V1TraceSource() = default;
  // The plan pass; with `visit`, every accepted event is also handed to it
  // (merged order, GoSysExit at its real time) until it returns false.
  Status RunPlan(const std::function<bool(uint64_t, const V1Event&, int64_t)>* visit);
  using Visit = std::function<bool(uint64_t index, const V1Event& ev, int64_t time)>;
  // Replays the final order through the validator; `links` may be empty.
  Status Walk(const Visit& visit, const V1Validator::LinkFn& links);
  // An error met while replaying: fatal for a complete trace, the end of
  // what is readable for a truncated one.
  Status StopAt(const Status& error);
  int64_t ToNs(uint64_t ticks) const;
  void FillRaw(uint64_t index, const V1Event& ev, int64_t time, RawEvent* out) const;

  std::unique_ptr<FileBlob> blob_;
  std::unique_ptr<V1Index> index_;
  model::Tables tables_;
  model::TraceInfo info_;
  V1SysExitPlan plan_;
  bool planned_ = false;
  Status plan_status_;  // a broken trace stays broken on every replay
  uint64_t min_ticks_ = 0;
  double ns_per_tick_ = 1.0;
  uint64_t planned_events_ = 0;  // how many events the plan pass accepted
  std::array<uint64_t, kNumV1Types> event_counts_ = {};
};

}  // namespace tracenote::trace_v1

#endif  // TRACENOTE_SRC_INGEST_TRACE_V1_V1_TRACE_SOURCE_H_
