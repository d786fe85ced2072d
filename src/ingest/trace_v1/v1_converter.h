// V1ModelConverter: turns ordered, validated v1 events into model events.
//
// The mapping follows the one Go itself uses to read old traces with its new
// API (internal/trace's convertV1Trace), so that analyses see the same thing
// for a Go 1.19 trace as for a Go 1.23 one:
//   Gomaxprocs -> metric; ProcStart/Stop -> P transitions (with the thread);
//   GCStart/Done, STWStart/Done, GCSweepStart/Done, GCMarkAssistStart/Done ->
//   ranges; GoCreate/Start/End/Stop/Sched/Preempt/Block*/Unblock -> goroutine
//   transitions with Go's reason strings ("preempted", "chan receive", ...);
//   GoSysCall -> Running->Syscall, followed 1 ns later by Syscall->Running
//   unless the syscall blocked (the next event on that P is GoSysBlock), in
//   which case GoSysBlock is a SyscallBlocked event (the P was handed off)
//   and the matching GoSysExit is Syscall->Runnable; goroutines listed
//   at trace start (GoCreate before the first Gomaxprocs, GoWaiting,
//   GoInSyscall) come from the Undetermined state; user annotations and CPU
//   samples map one to one.
#ifndef TRACENOTE_SRC_INGEST_TRACE_V1_V1_CONVERTER_H_
#define TRACENOTE_SRC_INGEST_TRACE_V1_V1_CONVERTER_H_

#include <cstdint>
#include <string_view>
#include <unordered_map>

#include "base/id_table.h"
#include "ingest/trace_v1/v1_orderer.h"
#include "ingest/trace_v1/v1_tokenizer.h"
#include "model/trace_model.h"

namespace tracenote::trace_v1 {

class V1ModelConverter {
 public:
  V1ModelConverter(const V1Index* index, model::Tables* tables, model::EventSink* sink);

  // `ev` has been through V1Validator; `time` is its time in ns.
  void Convert(const V1Event& ev, int64_t time);
  // Sends what is still pending (the end of a fast syscall); call once after
  // the last Convert().
  void Finish();

 private:
  model::StackId Stack(uint64_t v1_stack);
  model::StringId V1String(uint64_t v1_id);
  void Go(const V1Event& ev, int64_t time, uint64_t g, model::GoState from, model::GoState to,
          model::StringId reason);
  void Range(const V1Event& ev, int64_t time, model::EventKind kind, model::StringId name,
             model::RangeScope scope);
  model::Event Base(const V1Event& ev, int64_t time);

  // The end of a fast syscall is due 1 ns after its start, but another
  // event may come at the same time: it is held back until the next event
  // and sent at min(due, next time), so model events stay in time order.
  bool pending_end_ = false;
  model::Event pending_;

  const V1Index* index_;
  model::Tables* tables_;
  model::EventSink* sink_;
  bool preamble_ = true;            // until the first Gomaxprocs
  IdTable<int64_t> thread_of_p_;    // P (as uint64) -> thread + 1 (0: unknown)
  IdTable<model::StackId> stacks_;  // v1 stack id -> model stack id (0: none)
  std::unordered_map<int64_t, bool> p_seen_;
  std::unordered_map<int64_t, model::StringId> open_stw_;  // by P (<1.10) or -1
  std::unordered_map<uint64_t, model::StringId> v1_strings_;
  // Interned names.
  model::StringId gc_mark_, sweep_, assist_, heap_live_, heap_goal_, gomaxprocs_;
  model::StringId r_preempted_, r_gosched_, r_forever_, r_sleep_, r_send_, r_recv_, r_select_,
      r_sync_, r_cond_, r_network_, r_gc_assist_, r_syscall_;
};

}  // namespace tracenote::trace_v1

#endif  // TRACENOTE_SRC_INGEST_TRACE_V1_V1_CONVERTER_H_
