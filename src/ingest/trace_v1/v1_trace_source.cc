#include "ingest/trace_v1/v1_trace_source.h"

#include <fmt/format.h>

#include <limits>
#include <unordered_set>

#include "base/id_table.h"
#include "base/time_math.h"

#include "ingest/trace_v1/v1_converter.h"
#include "ingest/trace_v1/v1_validator.h"

namespace tracenote::trace_v1 {

namespace {

void AddAnomaly(model::TraceInfo* info, std::string id, std::string description, uint64_t offset) {
  info->anomalies.push_back({std::move(id), std::move(description), 1, offset});
}

}  // namespace

StatusOr<std::unique_ptr<V1TraceSource>> V1TraceSource::Open(std::unique_ptr<FileBlob> blob) {
  std::unique_ptr<V1TraceSource> src(new V1TraceSource());
  ASSIGN_OR_RETURN(src->index_, BuildV1Index(*blob, &src->tables_));
  src->blob_ = std::move(blob);
  const V1Index& index = *src->index_;
  model::TraceInfo& info = src->info_;
  info.format = "go execution trace (v1)";
  info.version = index.version;
  info.frequency = index.frequency;
  if (index.truncated) {
    info.partial = true;
    info.partial_reason = index.truncation;
    AddAnomaly(&info, "truncated",
               fmt::format("The input ends inside a record at offset {:#x}; everything before it "
                           "was read.",
                           index.readable_end),
               index.readable_end);
  }
  if (index.frequency == 0) {
    info.partial = true;
    if (!info.partial_reason.empty()) info.partial_reason += "; ";
    info.partial_reason += "no Frequency record (the runtime writes it last)";
    AddAnomaly(&info, "missing-frequency",
               "The trace has no Frequency record, so tick counts could not be converted to "
               "time; times are shown in raw ticks.",
               index.readable_end);
  } else {
    src->ns_per_tick_ = 1e9 / static_cast<double>(index.frequency);
  }
  if (index.stacks.empty() && index.version >= 1007 && index.timed_events > 0) {
    AddAnomaly(&info, "missing-stacks",
               "The trace has no stack table, so events have no source locations.",
               index.readable_end);
  }
  if (index.timed_events == 0) {
    return Status(info.partial ? StatusCode::kCorrupt : StatusCode::kCorrupt,
                  info.partial ? "trace_v1: no events could be read: " + info.partial_reason
                               : "trace_v1: trace is empty");
  }
  return src;
}

int64_t V1TraceSource::ToNs(uint64_t ticks) const {
  if (ticks <= min_ticks_) return 0;
  return TicksToNs(ticks - min_ticks_, ns_per_tick_);
}

Status V1TraceSource::StopAt(const Status& error) {
  // Only a trace already known to be incomplete may end early; an error in a
  // complete one means the trace is broken and is reported as Go would.
  if (!info_.partial) return error;
  if (info_.partial_reason.find(error.message()) == std::string::npos) {
    info_.partial_reason += "; reading stopped: " + error.message();
  }
  return Status::Ok();
}

Status V1TraceSource::Plan() {
  if (planned_) return plan_status_;
  planned_ = true;
  plan_status_ = RunPlan(nullptr);
  return plan_status_;
}

Status V1TraceSource::RunPlan(const Visit* visit) {
  bool visiting = visit != nullptr;
  V1Orderer merged(blob_.get(), index_.get());
  V1Validator validator(index_->version, &index_->timer_goroutines);
  IdTable<uint8_t> procs;
  IdTable<uint8_t> threads;
  uint64_t n = 0;
  uint64_t max_ticks = 0;
  V1Event ev;
  Status err;
  while (merged.Next(&ev, &err)) {
    if (n == 0) min_ticks_ = ev.ticks;
    if (index_->version >= 1007) {
      err = plan_.Observe(n, ev);
      if (!err.ok()) break;
    }
    err = validator.Process(n, &ev, {});
    if (!err.ok()) break;
    ++event_counts_[ev.type];
    if (visiting) {
      // In merged order a GoSysExit still has the time it was written; give
      // it the time the syscall really returned, as the final order does.
      const uint64_t ticks = index_->version >= 1007 && ev.type == kGoSysExit && ev.args[2] != 0
                                 ? ev.args[2]
                                 : ev.ticks;
      visiting = (*visit)(n, ev, ToNs(ticks));
    }
    if (ev.stream_p >= 0 && ev.stream_p < kFakeP) procs[static_cast<uint64_t>(ev.stream_p)] = 1;
    if (ev.type == kProcStart) threads[ev.args[0]] = 1;
    if (ev.ticks > max_ticks) max_ticks = ev.ticks;
    ++n;
  }
  if (!err.ok()) {
    // Counts and moves stop at the last event before the error.
    RETURN_IF_ERROR(StopAt(err));
  }
  plan_.Finish();
  planned_events_ = n;
  info_.events = n;
  info_.goroutines = validator.goroutines_seen();
  info_.procs = procs.size();
  info_.threads = threads.size();
  info_.duration_ns = n > 0 ? ToNs(max_ticks) : 0;
  return Status::Ok();
}

Status V1TraceSource::Walk(const Visit& visit, const V1Validator::LinkFn& links) {
  RETURN_IF_ERROR(Plan());
  V1FinalOrder order(blob_.get(), index_.get(), &plan_);
  V1Validator validator(index_->version, &index_->timer_goroutines);
  V1Event ev;
  Status err;
  for (uint64_t i = 0; i < planned_events_; ++i) {
    if (!order.Next(&ev, &err)) {
      if (!err.ok()) return StopAt(err);
      break;
    }
    err = validator.Process(i, &ev, links);
    if (!err.ok()) return StopAt(err);
    if (!visit(i, ev, ToNs(ev.ticks))) break;
  }
  return Status::Ok();
}

void V1TraceSource::FillRaw(uint64_t index, const V1Event& ev, int64_t time, RawEvent* out) const {
  const int version = index_->version;
  *out = RawEvent{};
  out->index = index;
  out->time = time;
  out->offset = ev.offset;
  out->type = ev.type;
  out->name = V1EventName(ev.type, version);
  out->spec = &V1Spec(ev.type);
  out->p = ev.p;
  out->g = ev.g;
  for (int i = 0; i < 3; ++i) out->args[i] = ev.args[i];
  if (ev.stack != 0) {
    auto it = index_->stacks.find(ev.stack);
    if (it != index_->stacks.end()) out->stack = it->second;
  }
  auto str = [&](uint64_t id) -> std::string_view {
    auto it = index_->strings.find(id);
    return it == index_->strings.end() ? std::string_view() : it->second;
  };
  switch (ev.type) {
    case kGoStartLabel:
    case kUserTaskCreate:
    case kUserRegion:
      out->str = str(ev.args[2]);
      break;
    case kUserLog:
      out->str = str(ev.args[1]);
      out->message = ev.message;
      break;
    case kSTWStart:
      V1STWKindName(ev.args[0], version, &out->str);
      break;
    default:
      break;
  }
}

Status V1TraceSource::ReplayRaw(const ReplayOptions& options, RawEventSink* sink) {
  RETURN_IF_ERROR(Plan());
  // Links point forward, so they are learnt in a pass of their own: 5 bytes
  // per event (target index and type) instead of the events themselves.
  std::vector<uint32_t> link_to;
  std::vector<uint8_t> link_type;
  constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
  if (options.links && planned_events_ < kNone) {
    link_to.assign(planned_events_, kNone);
    link_type.assign(planned_events_, 0);
    RETURN_IF_ERROR(Walk([](uint64_t, const V1Event&, int64_t) { return true; },
                         [&](uint64_t from, uint64_t to, uint8_t to_type) {
                           link_to[from] = static_cast<uint32_t>(to);
                           link_type[from] = to_type;
                         }));
  }
  RawEvent raw;
  return Walk(
      [&](uint64_t i, const V1Event& ev, int64_t time) {
        FillRaw(i, ev, time, &raw);
        if (!link_to.empty() && link_to[i] != kNone) {
          raw.link = link_to[i];
          raw.link_name = V1EventName(link_type[i], index_->version);
        }
        return sink->OnRawEvent(raw);
      },
      {});
}

Status V1TraceSource::ReplayModel(model::EventSink* sink) {
  V1ModelConverter converter(index_.get(), &tables_, sink);
  if (!planned_) {
    // The first replay plans and converts in one pass over the merged order
    // (see the header); later ones replay the final order.
    planned_ = true;
    const Visit visit = [&](uint64_t, const V1Event& ev, int64_t time) {
      converter.Convert(ev, time);
      return sink->WantsMore();
    };
    plan_status_ = RunPlan(&visit);
    converter.Finish();
    return plan_status_;
  }
  Status s = Walk(
      [&](uint64_t, const V1Event& ev, int64_t time) {
        converter.Convert(ev, time);
        return sink->WantsMore();
      },
      {});
  converter.Finish();
  return s;
}

}  // namespace tracenote::trace_v1

namespace tracenote::trace_v1 {

Status V1TraceSource::CountEvents(std::map<std::string, uint64_t>* counts) {
  RETURN_IF_ERROR(Plan());
  for (int t = 0; t < kNumV1Types; ++t) {
    if (event_counts_[t] != 0) {
      (*counts)[std::string(V1EventName(static_cast<uint8_t>(t), index_->version))] +=
          event_counts_[t];
    }
  }
  return Status::Ok();
}

}  // namespace tracenote::trace_v1
