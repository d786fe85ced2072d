// V2ModelConverter: turns ordered Go 1.22+ events into model events.
//
// The mapping is the one Go's own trace API gives these events (state
// transitions, ranges, metrics, annotations), so analyses see the same
// shape as for older traces (v1_converter.h):
//   ProcStatus/GoStatus at a generation start -> a transition from the
//   "undetermined" state the first time a P or goroutine is seen (repeats
//   carry no news and are dropped); ProcStart/ProcStop/ProcSteal -> P
//   transitions; GoCreate/Start/Stop/Block/Unblock/Destroy and the syscall
//   events -> goroutine transitions with the reason strings as written
//   ("preempted", "chan receive", ...); GoSwitch -> an unblock (the ordering
//   adds the block and the start); GC, STW, sweep and mark-assist events ->
//   ranges; HeapAlloc/HeapGoal/ProcsChange -> metrics; user annotations and
//   CPU samples one to one.
// A syscall that lost its P also yields a SyscallBlocked event, as for v1:
// a ProcSteal by another thread (the goroutine left in the syscall and its
// thread are known from the ordering), or a ProcStop of a P still in its
// syscall (a syscall the runtime knew would block, which hands the P off at
// once). A thread taking its own P back is not a handoff.
#ifndef TRACENOTE_SRC_INGEST_TRACE_V2_V2_CONVERTER_H_
#define TRACENOTE_SRC_INGEST_TRACE_V2_V2_CONVERTER_H_

#include <unordered_map>

#include "ingest/trace_v2/v2_event_stream.h"
#include "model/trace_model.h"

namespace tracenote::trace_v2 {

class V2ModelConverter {
 public:
  V2ModelConverter(model::Tables* tables, V2Strings* strings, model::EventSink* sink);

  // `e` is the event V2EventStream just handed out (its generation's
  // strings are still current).
  void Convert(const V2StreamEvent& e);

 private:
  model::Event Base(const V2StreamEvent& e) const;
  void Go(const V2StreamEvent& e, uint64_t g, model::GoState from, model::GoState to,
          model::StringId reason = 0);
  void Proc(const V2StreamEvent& e, uint64_t p, model::ProcState from, model::ProcState to);
  void Range(const V2StreamEvent& e, model::EventKind kind, model::StringId name,
             model::RangeScope scope, uint64_t resource);
  void SyscallBlocked(const V2StreamEvent& e, uint64_t g, uint64_t p, uint64_t thread);
  model::StringId Str(uint64_t id);
  model::StringId StwName(model::StringId kind);

  model::Tables* tables_;
  V2Strings* strings_;
  model::EventSink* sink_;
  std::unordered_map<model::StringId, model::StringId> stw_names_;
  model::StringId gc_mark_, sweep_, assist_, heap_live_, heap_goal_, gomaxprocs_, syscall_;
};

}  // namespace tracenote::trace_v2

#endif  // TRACENOTE_SRC_INGEST_TRACE_V2_V2_CONVERTER_H_
