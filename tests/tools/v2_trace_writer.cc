#include "tools/v2_trace_writer.h"

#include <fmt/format.h>

#include <string>

#include "ingest/trace_v2/v2_event_spec.h"

namespace tracenote::test_tools {

using namespace trace_v2;  // NOLINT: the event ids

namespace {

constexpr size_t kHeaderSize = 16;
// Batch header: type byte, gen, m, time (uvarints) and the padded size.
constexpr size_t kMaxBatchHeader = 1 + 3 * 10 + 10;
// A timed event: type byte and at most 6 uvarints.
constexpr size_t kMaxEventBytes = 1 + 6 * 10;

inline void PutUvarint(std::vector<uint8_t>* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<uint8_t>(v) | 0x80);
    v >>= 7;
  }
  out->push_back(static_cast<uint8_t>(v));
}

// The runtime reserves the size field before filling the buffer: 10 bytes,
// continuation bits on the first nine.
inline void PutPaddedUvarint(std::vector<uint8_t>* out, uint64_t v) {
  for (int i = 0; i < 9; ++i) {
    out->push_back(static_cast<uint8_t>(v & 0x7f) | 0x80);
    v >>= 7;
  }
  out->push_back(static_cast<uint8_t>(v));
}

}  // namespace

V2TraceWriter::V2TraceWriter(int version, std::FILE* out) : version_(version), out_(out) {
  strings_.marker = kEvStrings;
  stacks_.marker = kEvStacks;
  samples_.marker = kEvCPUSamples;
  if (!IsKnownV2Version(version)) {
    Fail(InvalidArgumentError(fmt::format("v2 writer: unknown version {}", version)));
    return;
  }
  char header[kHeaderSize] = {};
  const std::string text = fmt::format("go 1.{} trace", version - 1000);
  text.copy(header, kHeaderSize);
  Emit(reinterpret_cast<const uint8_t*>(header), kHeaderSize);
}

Status V2TraceWriter::Fail(Status s) {
  if (status_.ok()) status_ = s;
  return s;
}

Status V2TraceWriter::Check() {
  if (!status_.ok()) return status_;
  if (!gen_open_) return Fail(InvalidArgumentError("v2 writer: no generation begun"));
  return Status::Ok();
}

void V2TraceWriter::Emit(const uint8_t* p, size_t n) {
  written_ += n;
  if (out_ == nullptr) {
    memory_.insert(memory_.end(), p, p + n);
  } else if (std::fwrite(p, 1, n, out_) != n) {
    Fail(Status(StatusCode::kIoError, "v2 writer: write failed"));
  }
}

void V2TraceWriter::WriteBatch(uint64_t m, uint64_t time, const std::vector<uint8_t>& payload) {
  scratch_.clear();
  scratch_.push_back(kEvEventBatch);
  PutUvarint(&scratch_, gen_);
  PutUvarint(&scratch_, m);
  PutUvarint(&scratch_, time);
  PutPaddedUvarint(&scratch_, payload.size());
  Emit(scratch_.data(), scratch_.size());
  Emit(payload.data(), payload.size());
  ++batches_;
}

Status V2TraceWriter::BeginGeneration(uint64_t gen, uint64_t base) {
  if (!status_.ok()) return status_;
  if (gen_open_) RETURN_IF_ERROR(EndGeneration());
  if (gen == 0 || (gen_ != 0 && gen != gen_ + 1)) {
    return Fail(InvalidArgumentError(
        fmt::format("v2 writer: generation {} cannot follow generation {}", gen, gen_)));
  }
  gen_ = gen;
  gen_open_ = true;
  have_clock_ = false;
  base_ = base;
  gen_start_ = written_;
  order_.clear();
  for (auto& [m, t] : threads_) t.in_gen = false;
  return Status::Ok();
}

Status V2TraceWriter::Event(uint64_t m, uint8_t type, uint64_t dt,
                            std::initializer_list<uint64_t> args) {
  RETURN_IF_ERROR(Check());
  auto it = threads_.find(m);
  const uint64_t from = it != threads_.end() && it->second.in_gen ? it->second.last : base_;
  return AppendEvent(m, type, from + dt, args);
}

Status V2TraceWriter::EventAt(uint64_t m, uint8_t type, uint64_t time,
                              std::initializer_list<uint64_t> args) {
  RETURN_IF_ERROR(Check());
  return AppendEvent(m, type, time, args);
}

Status V2TraceWriter::AppendEvent(uint64_t m, uint8_t type, uint64_t time,
                                  std::initializer_list<uint64_t> args) {
  const EventSpec* spec = V2Spec(type);
  if (spec == nullptr || !spec->timed || !IsV2TimedEventAllowed(type, version_)) {
    return Fail(InvalidArgumentError(fmt::format(
        "v2 writer: event type {} is not an event of a go 1.{} trace", type, version_ - 1000)));
  }
  const size_t want = spec->num_args + (spec->has_stack ? 1 : 0);
  if (args.size() != want && !(spec->has_stack && args.size() == spec->num_args)) {
    return Fail(InvalidArgumentError(
        fmt::format("v2 writer: {} takes {} arguments{}, got {}", spec->name, spec->num_args,
                    spec->has_stack ? " and a stack" : "", args.size())));
  }
  Thread& t = threads_[m];
  if (!t.in_gen) {
    t.in_gen = true;
    t.last = base_;
    order_.push_back(m);
  }
  if (time < t.last) {
    return Fail(InvalidArgumentError(
        fmt::format("v2 writer: M {}: {} at time {} is before the thread's previous event at {}", m,
                    spec->name, time, t.last)));
  }
  if (t.open && kMaxBatchHeader + t.payload.size() + kMaxEventBytes > kMaxBatchBytes) {
    RETURN_IF_ERROR(FlushThread(m));
  }
  if (!t.open) {
    t.open = true;
    t.batch_time = t.last;
    t.payload.clear();
  }
  t.payload.push_back(type);
  PutUvarint(&t.payload, time - t.last);
  for (uint64_t a : args) PutUvarint(&t.payload, a);
  if (spec->has_stack && args.size() == spec->num_args) t.payload.push_back(0);
  t.last = time;
  return Status::Ok();
}

Status V2TraceWriter::FlushThread(uint64_t m) {
  RETURN_IF_ERROR(Check());
  auto it = threads_.find(m);
  if (it == threads_.end() || !it->second.open) return Status::Ok();
  Thread& t = it->second;
  WriteBatch(m, t.batch_time, t.payload);
  t.open = false;
  t.payload.clear();
  return status_;
}

Status V2TraceWriter::Frequency(uint64_t freq) {
  RETURN_IF_ERROR(Check());
  if (version_ >= kGo125) {
    return Fail(InvalidArgumentError("v2 writer: go 1.25+ traces take Sync, not Frequency"));
  }
  if (have_clock_) return Fail(InvalidArgumentError("v2 writer: a second Frequency"));
  have_clock_ = true;
  std::vector<uint8_t> payload = {kEvFrequency};
  PutUvarint(&payload, freq);
  WriteBatch(kNoThread, base_, payload);
  return status_;
}

Status V2TraceWriter::Sync(uint64_t time, uint64_t freq, const V2ClockReading& clock) {
  RETURN_IF_ERROR(Check());
  if (version_ < kGo125) {
    return Fail(InvalidArgumentError("v2 writer: traces before go 1.25 take Frequency, not Sync"));
  }
  if (have_clock_) return Fail(InvalidArgumentError("v2 writer: a second Sync"));
  have_clock_ = true;
  std::vector<uint8_t> payload = {kEvSync, kEvFrequency};
  PutUvarint(&payload, freq);
  payload.push_back(kEvClockSnapshot);
  for (uint64_t v : {clock.dt, clock.mono, clock.sec, clock.nsec}) PutUvarint(&payload, v);
  WriteBatch(kNoThread, time, payload);
  return status_;
}

Status V2TraceWriter::AddRecord(Table* t, const std::vector<uint8_t>& record) {
  if (kMaxBatchHeader + 1 + record.size() > kMaxBatchBytes) {
    return Fail(InvalidArgumentError("v2 writer: a table record larger than a batch"));
  }
  if (!t->payload.empty() && kMaxBatchHeader + t->payload.size() + record.size() > kMaxBatchBytes) {
    FlushTable(t);
  }
  if (t->payload.empty()) t->payload.push_back(t->marker);
  t->payload.insert(t->payload.end(), record.begin(), record.end());
  return status_;
}

void V2TraceWriter::FlushTable(Table* t) {
  if (t->payload.empty()) return;
  WriteBatch(kNoThread, base_, t->payload);
  t->payload.clear();
}

Status V2TraceWriter::String(uint64_t id, std::string_view text) {
  RETURN_IF_ERROR(Check());
  if (text.size() > kMaxStringSize) {
    return Fail(InvalidArgumentError(fmt::format(
        "v2 writer: string {} is {} bytes long, more than {}", id, text.size(), kMaxStringSize)));
  }
  scratch_.assign(1, kEvString);
  PutUvarint(&scratch_, id);
  PutUvarint(&scratch_, text.size());
  scratch_.insert(scratch_.end(), text.begin(), text.end());
  return AddRecord(&strings_, scratch_);
}

Status V2TraceWriter::Stack(uint64_t id, std::span<const V2Frame> frames) {
  RETURN_IF_ERROR(Check());
  if (frames.size() > kMaxFramesPerStack) {
    return Fail(InvalidArgumentError(fmt::format("v2 writer: stack {} has {} frames, more than {}",
                                                 id, frames.size(), kMaxFramesPerStack)));
  }
  scratch_.assign(1, kEvStack);
  PutUvarint(&scratch_, id);
  PutUvarint(&scratch_, frames.size());
  for (const V2Frame& f : frames) {
    for (uint64_t v : {f.pc, f.func, f.file, f.line}) PutUvarint(&scratch_, v);
  }
  return AddRecord(&stacks_, scratch_);
}

Status V2TraceWriter::CpuSample(uint64_t time, uint64_t m, uint64_t p, uint64_t g, uint64_t stack) {
  RETURN_IF_ERROR(Check());
  scratch_.assign(1, kEvCPUSample);
  for (uint64_t v : {time, m, p, g, stack}) PutUvarint(&scratch_, v);
  return AddRecord(&samples_, scratch_);
}

Status V2TraceWriter::EndGeneration() {
  RETURN_IF_ERROR(Check());
  if (!have_clock_) {
    return Fail(
        InvalidArgumentError(fmt::format("v2 writer: generation {} has no {}", gen_,
                                         version_ >= kGo125 ? "Sync batch" : "Frequency batch")));
  }
  for (uint64_t m : order_) RETURN_IF_ERROR(FlushThread(m));
  FlushTable(&samples_);
  FlushTable(&stacks_);
  FlushTable(&strings_);
  if (version_ >= kGo126) {
    const uint8_t end = kEvEndOfGeneration;
    Emit(&end, 1);
  }
  gen_open_ = false;
  last_gen_bytes_ = written_ - gen_start_;
  return status_;
}

Status V2TraceWriter::Finish() {
  if (gen_open_) RETURN_IF_ERROR(EndGeneration());
  if (out_ != nullptr && std::fflush(out_) != 0) {
    return Fail(Status(StatusCode::kIoError, "v2 writer: flush failed"));
  }
  return status_;
}

}  // namespace tracenote::test_tools
