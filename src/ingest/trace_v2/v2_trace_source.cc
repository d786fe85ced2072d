#include "ingest/trace_v2/v2_trace_source.h"

#include <fmt/format.h>

#include "base/id_table.h"
#include "ingest/trace_v1/v1_tokenizer.h"
#include "ingest/trace_v2/v2_converter.h"

namespace tracenote::trace_v2 {

namespace {

constexpr size_t kCpuSampleSlot = 255;

void AddAnomaly(model::TraceInfo* info, std::string id, std::string description, uint64_t count,
                uint64_t offset) {
  info->anomalies.push_back({std::move(id), std::move(description), count, offset});
}

}  // namespace

StatusOr<std::unique_ptr<V2TraceSource>> V2TraceSource::Open(std::unique_ptr<FileBlob> blob) {
  const int version = trace_v1::ParseTraceHeader(blob->view());
  if (!IsKnownV2Version(version)) {
    return Status(StatusCode::kUnsupported,
                  fmt::format("trace_v2: unsupported trace version go 1.{}", version - 1000));
  }
  std::unique_ptr<V2TraceSource> src(new V2TraceSource());
  src->version_ = version;
  src->stacks_ = std::make_unique<V2StackInterner>(&src->tables_);
  src->info_.format = "go execution trace (v2)";
  src->info_.version = version;
  {
    // Index the first generation now, so that a file that is not a readable
    // trace fails here with its reason.
    V2GenerationReader probe(blob.get(), version, &src->tables_, src->stacks_.get());
    V2Generation first;
    StatusOr<bool> ok = probe.Next(&first);
    if (!ok.ok()) return ok.status();
    if (!*ok) return CorruptError("trace_v2: the trace has a header but no generations");
    src->info_.frequency = first.frequency;
  }
  src->blob_ = std::move(blob);
  return src;
}

template <typename Visit>
Status V2TraceSource::Walk(Visit&& visit) {
  V2EventStream stream(blob_.get(), version_, &tables_, stacks_.get());
  std::array<uint64_t, 256> counts = {};
  IdTable<uint8_t> procs, threads;
  V2StreamEvent e;
  bool stopped = false;
  int64_t last = 0;
  uint64_t last_gen = 0;
  for (;;) {
    StatusOr<bool> more = stream.Next(&e);
    if (!more.ok()) return more.status();
    if (!*more) break;
    const V2Event& ev = e.ev;
    if (ev.type == kEvCPUSample) {
      ++counts[kCpuSampleSlot];
    } else if (!ev.synthetic) {
      ++counts[ev.type];
    }
    // Every P appears in a ProcStatus or ProcStart, every thread has a
    // batch: no per-event bookkeeping needed.
    if ((ev.type == kEvProcStatus || ev.type == kEvProcStart) && ev.args[0] < (uint64_t{1} << 32)) {
      procs[ev.args[0]] = 1;
    }
    if (e.gen != last_gen) {
      last_gen = e.gen;
      for (uint64_t m : stream.thread_ids()) threads[m] = 1;
    }
    last = e.time;
    if (!visit(e, stream)) {
      stopped = true;
      break;
    }
  }
  if (!stopped && !counted_) {
    counted_ = true;
    wire_counts_ = counts;
    info_.procs = procs.size();
    info_.threads = threads.size();
    info_.duration_ns = last;
    FillInfo(stream);
  }
  return Status::Ok();
}

void V2TraceSource::FillInfo(const V2EventStream& stream) {
  uint64_t events = 0;
  for (size_t t = 0; t < kCpuSampleSlot; ++t) events += wire_counts_[t];
  info_.events = events;
  info_.goroutines = stream.goroutines_seen();
  info_.frequency = stream.first_frequency();
  generations_ = stream.generations();
  const V2ClockSnapshot& clock = stream.first_clock();
  if (clock.present) {
    info_.wall_clock_start_unix_ns = clock.unix_ns - (clock.trace_ns - stream.origin_ns());
  }
  if (stream.partial()) {
    info_.partial = true;
    info_.partial_reason = stream.partial_reason();
    AddAnomaly(&info_, "truncated",
               "The input ends inside a generation; everything before the cut was read.", 1, 0);
  }
  const V2IndexNotes& notes = stream.notes();
  if (notes.windows_frequency_gens > 0) {
    AddAnomaly(&info_, "low-resolution-clock-frequency",
               fmt::format("The trace states a clock of {} ticks per second, the CPU tick rate an "
                           "early Go 1.22 on Windows wrote while counting in units of 256 ticks; "
                           "times were read at {} ticks per second.",
                           notes.windows_frequency_value, notes.windows_frequency_value / 256),
               notes.windows_frequency_gens, 0);
  }
  if (notes.experimental_batches > 0) {
    AddAnomaly(&info_, "experimental-batches",
               "The trace holds experimental data (such as allocation events) that reports do not "
               "use; it was skipped.",
               notes.experimental_batches, 0);
  }
  if (stream.first_generation() > 1) {
    AddAnomaly(&info_, "starts-mid-trace",
               fmt::format("The trace starts at generation {}, as a flight-recorder snapshot does: "
                           "goroutines and Ps that existed before it appear from its first moment.",
                           stream.first_generation()),
               1, 16);
  }
}

Status V2TraceSource::ReplayModel(model::EventSink* sink) {
  std::unique_ptr<V2ModelConverter> converter;
  return Walk([&](const V2StreamEvent& e, V2EventStream& stream) {
    if (!converter)
      converter = std::make_unique<V2ModelConverter>(&tables_, stream.strings(), sink);
    converter->Convert(e);
    return sink->WantsMore();
  });
}

Status V2TraceSource::ReplayRaw(const ReplayOptions&, RawEventSink* sink) {
  RawEvent raw;
  uint64_t index = 0;
  return Walk([&](const V2StreamEvent& e, V2EventStream& stream) {
    const V2Event& ev = e.ev;
    const EventSpec* spec = V2Spec(ev.type);
    raw = RawEvent{};
    raw.index = index++;
    raw.time = e.time;
    raw.offset = ev.offset;
    raw.type = ev.type;
    raw.spec = spec;
    raw.name = spec != nullptr ? spec->name : std::string_view("?");
    raw.p = ev.p;
    raw.g = ev.g;
    raw.m = ev.m == kNoThreadId ? -1 : static_cast<int64_t>(ev.m);
    const int n = spec != nullptr ? spec->num_args : 0;
    for (int i = 0; i < n && i < kMaxSpecArgs; ++i) raw.args[i] = ev.args[i];
    raw.stack = e.stack;
    if (spec != nullptr && !spec->string_arg.empty() && !ev.synthetic) {
      for (int i = 0; i < n; ++i) {
        if (spec->args[i].ends_with("_string")) {
          model::StringId id = 0;
          stream.strings()->Get(ev.args[i], &id);
          raw.str = tables_.strings.Get(id);
          if (ev.type == kEvUserLog) {
            stream.strings()->Get(ev.args[i + 1], &id);
            raw.message = tables_.strings.Get(id);
          }
          break;
        }
      }
    }
    return sink->OnRawEvent(raw);
  });
}

Status V2TraceSource::CountEvents(std::map<std::string, uint64_t>* counts) {
  if (!counted_) {
    count_status_ = Walk([](const V2StreamEvent&, V2EventStream&) { return true; });
  }
  RETURN_IF_ERROR(count_status_);
  for (size_t t = 0; t < wire_counts_.size(); ++t) {
    if (wire_counts_[t] == 0) continue;
    const EventSpec* spec =
        t == kCpuSampleSlot ? V2Spec(kEvCPUSample) : V2Spec(static_cast<uint8_t>(t));
    (*counts)[std::string(spec != nullptr ? spec->name : "?")] += wire_counts_[t];
  }
  return Status::Ok();
}

}  // namespace tracenote::trace_v2
