#include <algorithm>

#include "ingest/trace_v1/v1_orderer.h"

namespace tracenote::trace_v1 {

// ---------------------------------------------------------------------------
// V1SysExitPlan and V1FinalOrder

Status V1SysExitPlan::Observe(uint64_t merged_index, const V1Event& ev) {
  switch (ev.type) {
    case kGoSysBlock:
    case kGoInSyscall:
      last_sys_block_[ev.g] = ev.ticks;
      break;
    case kGoSysExit: {
      const uint64_t ts = ev.args[2];
      if (ts == 0) break;
      auto it = last_sys_block_.find(ev.g);
      const uint64_t block = it == last_sys_block_.end() ? 0 : it->second;
      if (block == 0) return V1Error(ev.offset, "GoSysExit", "stray syscall exit");
      if (ts < block) return V1Error(ev.offset, "GoSysExit", "time stamps out of order");
      Move m{ts, merged_index, ev};
      m.event.ticks = ts;
      moves_.push_back(m);
      break;
    }
    default:
      break;
  }
  return Status::Ok();
}

void V1SysExitPlan::Finish() {
  std::sort(moves_.begin(), moves_.end(), [](const Move& a, const Move& b) {
    return a.ticks != b.ticks ? a.ticks < b.ticks : a.merged_index < b.merged_index;
  });
}

V1FinalOrder::V1FinalOrder(const FileBlob* blob, const V1Index* index, const V1SysExitPlan* plan)
    : merged_(blob, index), plan_(plan) {
  for (const auto& m : plan_->moves()) moved_indices_.push_back(m.merged_index);
  std::sort(moved_indices_.begin(), moved_indices_.end());
}

bool V1FinalOrder::Next(V1Event* ev, Status* error) {
  *error = Status::Ok();
  const auto& moves = plan_->moves();
  while (!have_pending_ && !merged_done_) {
    if (!merged_.Next(&pending_, error)) {
      if (!error->ok()) return false;
      merged_done_ = true;
      break;
    }
    pending_index_ = merged_index_++;
    if (next_moved_index_ < moved_indices_.size() &&
        moved_indices_[next_moved_index_] == pending_index_) {
      ++next_moved_index_;  // emitted from the plan at its real time
      continue;
    }
    have_pending_ = true;
  }
  if (next_move_ < moves.size()) {
    const auto& m = moves[next_move_];
    if (!have_pending_ || m.ticks < pending_.ticks ||
        (m.ticks == pending_.ticks && m.merged_index < pending_index_)) {
      *ev = m.event;
      ++next_move_;
      return true;
    }
  }
  if (!have_pending_) return false;
  *ev = pending_;
  have_pending_ = false;
  return true;
}

}  // namespace tracenote::trace_v1
