// GC, ranges (sweep, mark assist, stop-the-world), metrics and user
// annotations of V2Ordering (see v2_ordering.h).
#include <fmt/format.h>

#include <algorithm>

#include "ingest/trace_v2/v2_ordering.h"

namespace tracenote::trace_v2 {

namespace {

// The begin event of the range an event belongs to (Go's StartEv).
uint8_t RangeStart(uint8_t type) {
  switch (type) {
    case kEvGCSweepActive:
    case kEvGCSweepEnd:
      return kEvGCSweepBegin;
    case kEvGCMarkAssistActive:
    case kEvGCMarkAssistEnd:
      return kEvGCMarkAssistBegin;
    case kEvSTWEnd:
      return kEvSTWBegin;
    default:
      return type;
  }
}

}  // namespace

Status V2Ordering::BeginRange(std::vector<Range>* ranges, uint8_t type, model::StringId desc) {
  for (const Range& r : *ranges) {
    if (r.type == type && r.desc == desc) {
      return CorruptError(
          fmt::format("{} while the range it starts is already open", V2EventName(type)));
    }
  }
  ranges->push_back(Range{type, desc});
  return Status::Ok();
}

Status V2Ordering::ActiveRange(std::vector<Range>* ranges, uint8_t type) {
  const uint8_t start = RangeStart(type);
  const bool open = std::any_of(ranges->begin(), ranges->end(),
                                [&](const Range& r) { return r.type == start && r.desc == 0; });
  if (gen_ == initial_gen_) {
    // In the first generation an *Active event opens a range that began
    // before the trace.
    if (open) return CorruptError(fmt::format("{} for a range already open", V2EventName(type)));
    ranges->push_back(Range{start, 0});
  } else if (!open) {
    return CorruptError(fmt::format("{} for a range that is not open", V2EventName(type)));
  }
  return Status::Ok();
}

Status V2Ordering::EndRange(std::vector<Range>* ranges, uint8_t type, model::StringId* desc) {
  const uint8_t start = RangeStart(type);
  for (size_t i = 0; i < ranges->size(); ++i) {
    if ((*ranges)[i].type == start) {
      *desc = (*ranges)[i].desc;
      (*ranges)[i] = ranges->back();
      ranges->pop_back();
      return Status::Ok();
    }
  }
  return CorruptError(fmt::format("{} without its {}", V2EventName(type), V2EventName(start)));
}

Status V2Ordering::GCActive(V2Event& ev, Ctx& cur, Ctx&, bool* ok) {
  const uint64_t seq = ev.args[0];
  if (gen_ == initial_gen_) {
    if (gc_ != GC::kUndetermined) {
      return CorruptError("GCActive in the first generation isn't the first GC event");
    }
  } else {
    if (seq != gc_seq_ + 1) return Status::Ok();  // not yet
    if (gc_ != GC::kRunning) return CorruptError("GCActive while GC was not in progress");
    RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMust, Need::kMust));
  }
  gc_seq_ = seq;
  gc_ = GC::kRunning;
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::GCBegin(V2Event& ev, Ctx& cur, Ctx&, bool* ok) {
  const uint64_t seq = ev.args[0];
  if (gc_ != GC::kUndetermined) {
    if (seq != gc_seq_ + 1) return Status::Ok();  // not yet
    if (gc_ == GC::kRunning) return CorruptError("GCBegin while GC was already in progress");
    RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMust, Need::kMust));
  }
  gc_seq_ = seq;
  gc_ = GC::kRunning;
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::GCEnd(V2Event& ev, Ctx& cur, Ctx&, bool* ok) {
  const uint64_t seq = ev.args[0];
  if (seq != gc_seq_ + 1) return Status::Ok();  // not yet
  if (gc_ == GC::kNotRunning) return CorruptError("GCEnd when GC was not in progress");
  if (gc_ == GC::kUndetermined) return CorruptError("GCEnd when GC was in an undetermined state");
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMust, Need::kMust));
  gc_seq_ = seq;
  gc_ = GC::kNotRunning;
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::SweepBegin(V2Event& ev, Ctx& cur, Ctx&, bool* ok) {
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMust, Need::kMay));
  PState* p = P(cur.p);
  if (p == nullptr) return CorruptError(fmt::format("GCSweepBegin on unknown proc {}", cur.p));
  RETURN_IF_ERROR(BeginRange(&p->ranges, kEvGCSweepBegin, 0));
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::SweepActive(V2Event& ev, Ctx& cur, Ctx&, bool* ok) {
  PState* p = P(static_cast<int64_t>(ev.args[0]));
  if (p == nullptr)
    return CorruptError(fmt::format("GCSweepActive for unknown proc {}", ev.args[0]));
  RETURN_IF_ERROR(ActiveRange(&p->ranges, ev.type));
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::SweepEnd(V2Event& ev, Ctx& cur, Ctx&, bool* ok) {
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMust, Need::kMay));
  PState* p = P(cur.p);
  if (p == nullptr) return CorruptError(fmt::format("GCSweepEnd on unknown proc {}", cur.p));
  model::StringId desc = 0;
  RETURN_IF_ERROR(EndRange(&p->ranges, ev.type, &desc));
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::GoRangeBegin(V2Event& ev, Ctx& cur, Ctx&, bool* ok) {
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMust, Need::kMust));
  model::StringId desc = 0;
  if (ev.type == kEvSTWBegin && !strings_->Get(ev.args[0], &desc)) {
    return CorruptError(fmt::format("STWBegin with unknown kind string {}", ev.args[0]));
  }
  GState* g = G(cur.g);
  if (g == nullptr)
    return CorruptError(fmt::format("{} on unknown goroutine {}", V2EventName(ev.type), cur.g));
  RETURN_IF_ERROR(BeginRange(&Extras(cur.g).ranges, ev.type, desc));
  ev.name = desc;
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::GoRangeActive(V2Event& ev, Ctx& cur, Ctx&, bool* ok) {
  GState* g = G(ev.args[0]);  // may name any goroutine, running or not
  if (g == nullptr) {
    return CorruptError(
        fmt::format("{} for unknown goroutine {}", V2EventName(ev.type), ev.args[0]));
  }
  RETURN_IF_ERROR(ActiveRange(&Extras(ev.args[0]).ranges, ev.type));
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::GoRangeEnd(V2Event& ev, Ctx& cur, Ctx&, bool* ok) {
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMust, Need::kMust));
  GState* g = G(cur.g);
  if (g == nullptr)
    return CorruptError(fmt::format("{} on unknown goroutine {}", V2EventName(ev.type), cur.g));
  model::StringId desc = 0;
  RETURN_IF_ERROR(EndRange(&Extras(cur.g).ranges, ev.type, &desc));
  ev.name = desc;  // STWEnd carries its begin's kind
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::Annotation(V2Event& ev, Ctx& cur, Ctx&, bool* ok) {
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMust, Need::kMust));
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::HeapMetric(V2Event& ev, Ctx& cur, Ctx&, bool* ok) {
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMust, Need::kMay));
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::AllocFree(V2Event& ev, Ctx& cur, Ctx&, bool* ok) {
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMay, Need::kMay));
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::TaskBegin(V2Event& ev, Ctx& cur, Ctx&, bool* ok) {
  // Task ids may be reused after an end, and an end may come without a
  // begin (the task began before the trace): only a double begin is wrong.
  const uint64_t id = ev.args[0];
  if (tasks_.count(id) != 0) return CorruptError(fmt::format("task ID conflict: {}", id));
  model::StringId name = 0;
  if (!strings_->Get(ev.args[2], &name)) {
    return CorruptError(fmt::format("UserTaskBegin with unknown name string {}", ev.args[2]));
  }
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMust, Need::kMust));
  tasks_[id] = Task{name, ev.args[1]};
  ev.name = name;
  ev.extra = ev.args[1];
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::TaskEnd(V2Event& ev, Ctx& cur, Ctx&, bool* ok) {
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMust, Need::kMust));
  auto it = tasks_.find(ev.args[0]);
  if (it != tasks_.end()) {
    ev.name = it->second.name;
    ev.extra = it->second.parent;
    tasks_.erase(it);
  }
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::RegionBegin(V2Event& ev, Ctx& cur, Ctx&, bool* ok) {
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMust, Need::kMust));
  model::StringId name = 0;
  if (!strings_->Get(ev.args[1], &name)) {
    return CorruptError(fmt::format("UserRegionBegin with unknown name string {}", ev.args[1]));
  }
  GState* g = G(cur.g);
  if (g == nullptr)
    return CorruptError(fmt::format("UserRegionBegin on unknown goroutine {}", cur.g));
  Extras(cur.g).regions.emplace_back(ev.args[0], name);
  ev.name = name;
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

Status V2Ordering::RegionEnd(V2Event& ev, Ctx& cur, Ctx&, bool* ok) {
  RETURN_IF_ERROR(CheckCtx(cur, Need::kMust, Need::kMust, Need::kMust));
  model::StringId name = 0;
  if (!strings_->Get(ev.args[1], &name)) {
    return CorruptError(fmt::format("UserRegionEnd with unknown name string {}", ev.args[1]));
  }
  GState* g = G(cur.g);
  if (g == nullptr)
    return CorruptError(fmt::format("UserRegionEnd on unknown goroutine {}", cur.g));
  // Regions that began before the trace end without a begin: accepted.
  auto& regions = Extras(cur.g).regions;
  if (!regions.empty()) {
    if (regions.back() != std::make_pair(ev.args[0], name)) {
      return CorruptError(fmt::format(
          "misuse of region in goroutine {}: the end does not match the innermost open region",
          cur.g));
    }
    regions.pop_back();
  }
  ev.name = name;
  Push(ev, cur);
  *ok = true;
  return Status::Ok();
}

}  // namespace tracenote::trace_v2
