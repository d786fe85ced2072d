#include "ingest/trace_v2/v2_event_stream.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "base/byte_reader.h"

namespace tracenote::trace_v2 {

namespace {

// Which arguments of each event type are string ids (bit i: args[i]),
// worked out once from the names in the event table.
const std::array<uint8_t, 256>& StringArgMasks() {
  static const std::array<uint8_t, 256> masks = [] {
    std::array<uint8_t, 256> m = {};
    for (int t = 0; t < 256; ++t) {
      const EventSpec* spec = V2Spec(static_cast<uint8_t>(t));
      if (spec == nullptr) continue;
      for (int i = 0; i < spec->num_args; ++i) {
        if (spec->args[i].ends_with("_string")) m[t] |= static_cast<uint8_t>(1u << i);
      }
    }
    return m;
  }();
  return masks;
}

}  // namespace

V2EventStream::V2EventStream(const FileBlob* blob, int version, model::Tables* tables,
                             V2StackInterner* stacks)
    : blob_(blob),
      version_(version),
      gens_(blob, version, tables, stacks),
      strings_(tables),
      ordering_(&strings_) {
  for (int t = 0; t < 256; ++t) {
    const EventSpec* spec = V2Spec(static_cast<uint8_t>(t));
    if (spec != nullptr && IsV2TimedEventAllowed(static_cast<uint8_t>(t), version)) {
      value_count_[t] = static_cast<uint8_t>(V2TimedValueCount(*spec));
    }
  }
}

Status V2EventStream::EventError(const V2Event& ev, uint64_t m, const Status& s) const {
  const EventSpec* spec = V2Spec(ev.type);
  const std::string thread = m == kNoThreadId ? "no M" : fmt::format("M {}", m);
  if (spec == nullptr) {
    return Status(s.code(), fmt::format("trace_v2: offset {:#x}: generation {}, {}: {}", ev.offset,
                                        gen_.gen, thread, s.message()));
  }
  return Status(s.code(), fmt::format("trace_v2: offset {:#x}: generation {}, {}: {}: {}",
                                      ev.offset, gen_.gen, thread, spec->name, s.message()));
}

StatusOr<bool> V2EventStream::StopAt(const Status& s) {
  // Only a generation known to be cut off may end early; anywhere else the
  // trace is broken and the error stands.
  if (have_gen_ && !gen_.complete) {
    done_ = true;
    partial_reason_ = fmt::format(
        "the input ends inside generation {} ({}); its events were read as far as they hang "
        "together",
        gen_.gen, s.message());
    return false;
  }
  done_ = true;
  return s;
}

StatusOr<bool> V2EventStream::LoadGeneration() {
  if (have_gen_) blob_->ReleasePages(gen_.begin_offset, gen_.end_offset);
  const bool was_complete = !have_gen_ || gen_.complete;
  StatusOr<bool> more = gens_.Next(&gen_);
  if (!more.ok()) {
    done_ = true;
    if (gens_.input_ended() && generations_ > 0 && was_complete) {
      if (partial_reason_.empty()) {
        partial_reason_ =
            fmt::format("the input is cut off after {} complete generation{}: {}", generations_,
                        generations_ == 1 ? "" : "s", more.status().message());
      }
      have_gen_ = false;
      return false;
    }
    return more.status();
  }
  if (!*more) {
    done_ = true;
    return false;
  }
  have_gen_ = true;
  if (generations_++ == 0) {
    first_gen_ = gen_.gen;
    first_freq_ = gen_.frequency;
    first_clock_ = gen_.clock;
  }
  strings_.Reset(&gen_);
  cursors_.assign(gen_.threads.size(), Cursor{});
  frontier_.clear();
  next_sample_ = 0;
  cpu_samples_ += gen_.cpu_samples.size();
  for (size_t i = 0; i < gen_.threads.size(); ++i) {
    Cursor* c = &cursors_[i];
    c->thread = &gen_.threads[i];
    StatusOr<bool> ok = Decode(c);
    if (!ok.ok()) return StopAt(ok.status());
    if (*ok) HeapPush(c);
  }
  return true;
}

StatusOr<bool> V2EventStream::Decode(Cursor* c) {
  const std::vector<V2BatchRef>& batches = c->thread->batches;
  while (c->batch < batches.size() && c->pos == batches[c->batch].size) {
    ++c->batch;
    c->pos = 0;
    c->last = 0;
  }
  if (c->batch == batches.size()) return false;
  const V2BatchRef& b = batches[c->batch];
  if (c->last == 0) c->last = gen_.ToNs(b.time);
  const uint8_t* data = blob_->data() + b.offset;
  size_t p = c->pos;
  V2Event& ev = c->ev;
  ev = V2Event{};
  ev.offset = b.offset + p;
  ev.type = data[p++];
  ev.m = c->thread->m;
  const int n = value_count_[ev.type];  // dt, arguments, stack; 0: not an event here
  if (n == 0) {
    return EventError(ev, ev.m,
                      CorruptError(fmt::format("byte {:#04x} is not an event of a go 1.{} trace",
                                               ev.type, version_ - 1000)));
  }
  // Most values fit one byte: take those without the general decoder.
  uint64_t values[6];
  VarintResult r = VarintResult::kOk;
  for (int i = 0; i < n; ++i) {
    if (p < b.size && data[p] < 0x80) {
      values[i] = data[p++];
    } else if ((r = DecodeUvarint(data, b.size, &p, &values[i])) != VarintResult::kOk) {
      break;
    }
  }
  if (r != VarintResult::kOk) {
    return EventError(
        ev, ev.m,
        CorruptError(r == VarintResult::kTruncated ? "the event runs past the end of its batch"
                                                   : "varint overflows 64 bits"));
  }
  const uint64_t dt = values[0];
  for (int i = 1; i < n; ++i) ev.args[i - 1] = values[i];
  ev.time = AddTimes(gen_.ToNs(dt), c->last);
  c->last = ev.time;
  c->pos = p;
  return true;
}

StatusOr<bool> V2EventStream::TryAdvance(size_t i) {
  Cursor* c = frontier_[i];
  bool advanced = false;
  Status s = ordering_.Advance(c->ev, c->thread->m, gen_.gen, &advanced, &c->m_slot);
  if (!s.ok()) return EventError(c->ev, c->thread->m, s);
  if (!advanced) return false;
  StatusOr<bool> more = Decode(c);
  if (!more.ok()) return more.status();
  if (*more) {
    HeapFix(i);
  } else {
    HeapRemove(i);
  }
  return true;
}

std::string V2EventStream::DescribeFrontier() const {
  std::string out;
  for (const Cursor* c : frontier_) {
    const EventSpec* spec = V2Spec(c->ev.type);
    out += fmt::format("{}M {} {} at offset {:#x}", out.empty() ? "" : "; ", c->thread->m,
                       spec ? spec->name : "?", c->ev.offset);
  }
  return out;
}

StatusOr<bool> V2EventStream::Next(V2StreamEvent* out) {
  for (;;) {
    if (ordering_.Next(&out->ev)) {
      Status s = Finish(out->ev, out);
      if (!s.ok()) return StopAt(s);
      return true;
    }
    if (done_) return false;
    if (frontier_.empty() && (!have_gen_ || next_sample_ == gen_.cpu_samples.size())) {
      if (have_gen_ && !gen_.complete) {
        // Everything readable of a cut-off generation has been handed out.
        const Status& why = gens_.deferred_error();
        StatusOr<bool> r = StopAt(why.ok() ? CorruptError("its end is missing") : why);
        if (!r.ok()) return r;
        return false;
      }
      StatusOr<bool> loaded = LoadGeneration();
      if (!loaded.ok() || !*loaded) return loaded;
      continue;
    }
    if (next_sample_ < gen_.cpu_samples.size() &&
        (frontier_.empty() || gen_.cpu_samples[next_sample_].time < frontier_[0]->ev.time)) {
      const V2CpuSample& cs = gen_.cpu_samples[next_sample_++];
      V2Event& ev = out->ev;
      ev = V2Event{};
      ev.type = kEvCPUSample;
      ev.time = cs.time;
      ev.offset = cs.offset;
      ev.m = cs.m;
      ev.p = cs.p == kNoThreadId ? kNoP : static_cast<int64_t>(cs.p);
      ev.g = cs.g;
      ev.args[0] = static_cast<uint64_t>(cs.time);  // the spec's order: time m p g
      ev.args[1] = cs.m;
      ev.args[2] = cs.p;
      ev.args[3] = cs.g;
      Status s = Finish(ev, out);
      if (!s.ok()) return StopAt(s);
      out->stack = cs.stack;
      return true;
    }
    StatusOr<bool> ok = TryAdvance(0);
    if (!ok.ok()) return StopAt(ok.status());
    if (*ok) continue;
    // The earliest event must wait for another thread: try the others in
    // time order (sorting keeps the heap a heap).
    std::sort(frontier_.begin(), frontier_.end(),
              [](const Cursor* a, const Cursor* b) { return a->ev.time < b->ev.time; });
    bool any = false;
    for (size_t i = 1; i < frontier_.size() && !any; ++i) {
      ok = TryAdvance(i);
      if (!ok.ok()) return StopAt(ok.status());
      any = *ok;
    }
    if (!any) {
      return StopAt(CorruptError(fmt::format(
          "trace_v2: generation {}: broken trace: no thread's next event can happen: {}", gen_.gen,
          DescribeFrontier())));
    }
  }
}

Status V2EventStream::Finish(const V2Event& ev, V2StreamEvent* out) {
  out->gen = gen_.gen;
  out->stack = 0;
  out->new_stack = 0;
  if (ev.type != kEvCPUSample && !ev.synthetic) {
    const EventSpec* spec = V2Spec(ev.type);
    // A cut-off generation may lack its string table (written last): its
    // events are then read without their strings.
    for (uint8_t mask = StringArgMasks()[ev.type], i = 0; mask != 0; mask >>= 1, ++i) {
      std::string_view s;
      if ((mask & 1) != 0 && ev.args[i] != 0 && !gen_.String(ev.args[i], &s) && gen_.complete) {
        return EventError(ev, ev.m,
                          CorruptError(fmt::format("{} {} is not in the string table",
                                                   spec->args[i], ev.args[i])));
      }
    }
    auto stack = [&](uint64_t id, model::StackId* to) {
      if (id == 0) return true;
      if (!gen_.stacks.contains(id)) return !gen_.complete;  // a cut-off table: no stack
      *to = gen_.stacks[id];
      return true;
    };
    if (spec->has_stack && !stack(ev.args[spec->num_args], &out->stack)) {
      return EventError(
          ev, ev.m,
          CorruptError(fmt::format("stack {} is not in the stack table", ev.args[spec->num_args])));
    }
    if ((ev.type == kEvGoCreate || ev.type == kEvGoCreateBlocked) &&
        !stack(ev.args[1], &out->new_stack)) {
      return EventError(
          ev, ev.m,
          CorruptError(fmt::format("new_stack {} is not in the stack table", ev.args[1])));
    }
  }
  int64_t t = ev.time;
  if (!started_) {
    started_ = true;
    origin_ = t;
    last_time_ = t - 1;
  }
  if (t <= last_time_) t = last_time_ + 1;
  last_time_ = t;
  out->time = t - origin_;
  return Status::Ok();
}

void V2EventStream::HeapPush(Cursor* c) {
  frontier_.push_back(c);
  SiftUp(frontier_.size() - 1);
}

size_t V2EventStream::SiftUp(size_t i) {
  while (i > 0 && frontier_[(i - 1) / 2]->ev.time > frontier_[i]->ev.time) {
    std::swap(frontier_[(i - 1) / 2], frontier_[i]);
    i = (i - 1) / 2;
  }
  return i;
}

void V2EventStream::SiftDown(size_t i) {
  for (;;) {
    size_t m = i;
    for (size_t c : {2 * i + 1, 2 * i + 2}) {
      if (c < frontier_.size() && frontier_[c]->ev.time < frontier_[m]->ev.time) m = c;
    }
    if (m == i) return;
    std::swap(frontier_[i], frontier_[m]);
    i = m;
  }
}

void V2EventStream::HeapFix(size_t i) {
  if (SiftUp(i) == i) SiftDown(i);
}

void V2EventStream::HeapRemove(size_t i) {
  while (i > 0) {  // bring it to the root, ignoring the keys
    std::swap(frontier_[(i - 1) / 2], frontier_[i]);
    i = (i - 1) / 2;
  }
  std::swap(frontier_[0], frontier_.back());
  frontier_.pop_back();
  if (!frontier_.empty()) SiftDown(0);
}

}  // namespace tracenote::trace_v2
