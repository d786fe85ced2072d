#include "ingest/trace_v2/v2_generation.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/byte_reader.h"
#include "ingest/trace_v2/v2_event_spec.h"

namespace tracenote::trace_v2 {

namespace {

constexpr uint64_t kHeaderSize = 16;

}  // namespace

bool V2Generation::String(uint64_t id, std::string_view* out) const {
  if (id == 0) {
    *out = {};
    return true;
  }
  auto it = strings.find(id);
  if (it == strings.end()) return false;
  *out = it->second;
  return true;
}

model::StackId V2StackInterner::Intern(const std::vector<model::Frame>& frames) {
  if (frames.empty()) return 0;
  // The key spells out each field: Frame has padding bytes whose value is
  // not defined, so its raw bytes would make equal stacks look different.
  key_.clear();
  for (const model::Frame& f : frames) {
    const uint64_t fields[4] = {f.pc, f.func, f.file, f.line};
    key_.append(reinterpret_cast<const char*>(fields), sizeof fields);
  }
  auto it = ids_.find(key_);
  if (it != ids_.end()) return it->second;
  const model::StackId id = tables_->stacks.Add(frames);
  ids_.emplace(key_, id);
  return id;
}

V2GenerationReader::V2GenerationReader(const FileBlob* blob, int version, model::Tables* tables,
                                       V2StackInterner* stacks)
    : blob_(blob), version_(version), tables_(tables), stacks_(stacks), pos_(kHeaderSize) {}

Status V2GenerationReader::Error(uint64_t offset, uint64_t gen, const std::string& what) const {
  if (gen == 0) return CorruptError(fmt::format("trace_v2: offset {:#x}: {}", offset, what));
  return CorruptError(fmt::format("trace_v2: offset {:#x}: generation {}: {}", offset, gen, what));
}

Status V2GenerationReader::ReadBatch(RawBatch* b, bool* end_marker) {
  const uint8_t* data = blob_->data();
  const size_t size = blob_->size();
  *end_marker = false;
  b->header_offset = pos_;
  const uint8_t type = data[pos_];
  size_t p = pos_ + 1;
  if (type == kEvEndOfGeneration && version_ >= kGo126) {
    pos_ = p;
    *end_marker = true;
    return Status::Ok();
  }
  b->experimental = type == kEvExperimentalBatch && version_ >= kGo123;
  if (type != kEvEventBatch && !b->experimental) {
    return Error(pos_, 0, fmt::format("expected a batch (EventBatch), found byte {:#04x}", type));
  }
  if (b->experimental) {
    if (p >= size) {
      input_ended_ = true;
      return Error(pos_, 0, "truncated experimental batch header");
    }
    ++p;  // the experiment id
  }
  uint64_t* fields[] = {&b->gen, &b->m, &b->time, &b->size};
  for (uint64_t* f : fields) {
    VarintResult r = DecodeUvarint(data, size, &p, f);
    if (r != VarintResult::kOk) {
      input_ended_ = r == VarintResult::kTruncated;
      return Error(p, 0,
                   r == VarintResult::kTruncated ? "truncated batch header"
                                                 : "batch header varint overflows 64 bits");
    }
  }
  if (b->size > kMaxBatchSize) {
    return Error(
        pos_, b->gen,
        fmt::format("batch of {} bytes, more than the maximum {}", b->size, kMaxBatchSize));
  }
  if (b->size > size - p) {
    input_ended_ = true;
    return Error(pos_, b->gen,
                 fmt::format("batch of {} bytes is cut off: the input ends after {} of them",
                             b->size, size - p));
  }
  b->offset = p;
  pos_ = p + b->size;
  return Status::Ok();
}

StatusOr<bool> V2GenerationReader::Next(V2Generation* out) {
  if (!deferred_.ok()) {
    Status s = deferred_;
    deferred_ = Status::Ok();
    done_ = true;
    return s;
  }
  if (done_ || pos_ >= blob_->size()) return false;
  *out = V2Generation{};
  out->begin_offset = pos_;
  std::vector<RawBatch> stacks, strings, samples;
  bool any = false;
  bool ended = false;
  while (pos_ < blob_->size()) {
    const uint64_t start = pos_;
    RawBatch b;
    bool end_marker = false;
    Status s = ReadBatch(&b, &end_marker);
    if (!s.ok()) {
      if (!any) {
        done_ = true;
        return s;
      }
      // The generation before the bad batch is still good; it is complete
      // unless the input ended inside one of its own batches.
      if (input_ended_ && b.gen != out->gen + 1) out->complete = false;
      deferred_ = s;
      pos_ = start;
      break;
    }
    if (end_marker) {
      if (!any) return Error(start, 0, "EndOfGeneration with no generation before it");
      ended = true;
      break;
    }
    if (b.gen == 0) return Error(start, 0, "invalid generation number 0");
    if (!any) {
      if (last_gen_ != 0 && b.gen != last_gen_ + 1) {
        return Error(start, b.gen,
                     fmt::format("generations out of order: {} follows {}", b.gen, last_gen_));
      }
      out->gen = b.gen;
    } else if (b.gen == out->gen + 1) {
      pos_ = start;  // the first batch of the next generation
      ended = true;  // (Go 1.26 should have said so with EndOfGeneration)
      break;
    } else if (b.gen != out->gen) {
      return Error(start, b.gen,
                   fmt::format("generations out of order: a batch of generation {} inside "
                               "generation {}",
                               b.gen, out->gen));
    }
    any = true;
    RETURN_IF_ERROR(AddBatch(b, out, &stacks, &strings, &samples));
  }
  if (!ended && version_ >= kGo126 && deferred_.ok()) out->complete = false;
  out->end_offset = pos_;
  last_gen_ = out->gen;

  if (out->frequency == 0) {
    if (out->complete || prev_ns_per_tick_ == 0) {
      return Error(out->begin_offset, out->gen,
                   version_ >= kGo125 ? "no Sync batch with the frequency" : "no Frequency batch");
    }
    out->ns_per_tick = prev_ns_per_tick_;  // a cut-off generation keeps its predecessor's
  }
  prev_ns_per_tick_ = out->ns_per_tick;
  for (const RawBatch& b : strings) RETURN_IF_ERROR(ReadStrings(b, out));
  for (const RawBatch& b : stacks) RETURN_IF_ERROR(ReadStacks(b, out));
  for (const RawBatch& b : samples) RETURN_IF_ERROR(ReadSamples(b, out));
  std::stable_sort(out->cpu_samples.begin(), out->cpu_samples.end(),
                   [](const V2CpuSample& a, const V2CpuSample& b) { return a.time < b.time; });
  return true;
}

Status V2GenerationReader::AddBatch(const RawBatch& b, V2Generation* g,
                                    std::vector<RawBatch>* stacks, std::vector<RawBatch>* strings,
                                    std::vector<RawBatch>* samples) {
  if (b.experimental) {
    ++g->experimental_batches;
    ++notes_.experimental_batches;
    return Status::Ok();
  }
  const uint8_t first = b.size > 0 ? blob_->data()[b.offset] : 0;
  if (b.size > 0 && first == kEvStrings) {
    strings->push_back(b);
  } else if (b.size > 0 && first == kEvStacks) {
    stacks->push_back(b);
  } else if (b.size > 0 && first == kEvCPUSamples) {
    samples->push_back(b);
  } else if (b.size > 0 && ((first == kEvFrequency && version_ < kGo125) ||
                            (first == kEvSync && version_ >= kGo125))) {
    RETURN_IF_ERROR(ReadFrequencyOrSync(b, g));
  } else {
    auto it = std::find_if(g->threads.begin(), g->threads.end(),
                           [&](const V2ThreadBatches& t) { return t.m == b.m; });
    if (it == g->threads.end()) {
      g->threads.push_back(V2ThreadBatches{b.m, {}});
      it = g->threads.end() - 1;
    }
    it->batches.push_back(V2BatchRef{b.offset, static_cast<uint32_t>(b.size), b.time});
    ++g->event_batches;
  }
  return Status::Ok();
}

Status V2GenerationReader::ReadFrequencyOrSync(const RawBatch& b, V2Generation* g) {
  ByteReader r(blob_->data() + b.offset, b.size);
  auto at = [&] { return b.offset + r.offset(); };
  uint8_t type = 0;
  r.ReadByte(&type);
  const bool sync = type == kEvSync;
  if (g->frequency != 0) return Error(b.header_offset, g->gen, "more than one frequency record");
  uint64_t freq = 0;
  uint64_t snap[4] = {};
  bool have_snap = false;
  if (!sync) r.Seek(0);
  while (!r.at_end()) {
    if (!r.ReadByte(&type)) break;
    if (type == kEvFrequency && freq == 0) {
      if (r.ReadUvarint(&freq) != VarintResult::kOk || freq == 0) {
        return Error(at(), g->gen, "bad Frequency record");
      }
    } else if (type == kEvClockSnapshot && sync && !have_snap) {
      for (uint64_t& v : snap) {
        if (r.ReadUvarint(&v) != VarintResult::kOk) {
          return Error(at(), g->gen, "bad ClockSnapshot record");
        }
      }
      have_snap = true;
    } else {
      return Error(at() - 1, g->gen,
                   fmt::format("unexpected byte {:#04x} in the {} batch", type,
                               sync ? "Sync" : "Frequency"));
    }
  }
  if (freq == 0) return Error(b.header_offset, g->gen, "the Sync batch has no Frequency record");
  if (sync && !have_snap) {
    return Error(b.header_offset, g->gen, "the Sync batch has no ClockSnapshot record");
  }
  g->frequency = freq;
  uint64_t effective = freq;
  // Early Go 1.22 builds on Windows wrote the undivided CPU tick rate while
  // timing events in units of 256 ticks (format doc 2.4).
  if (version_ == kGo122 && freq > 1000000000) {
    effective = freq / 256;
    ++notes_.windows_frequency_gens;
    notes_.windows_frequency_value = freq;
  }
  g->ns_per_tick = 1e9 / static_cast<double>(effective);
  // A wall clock past the year 2096 is not a real reading (and would not
  // fit the arithmetic below): the snapshot is then ignored.
  if (have_snap && snap[2] < 4000000000 && snap[3] < 1000000000) {
    g->clock.present = true;
    g->clock.trace_ns = g->ToNs(b.time + snap[0]);
    g->clock.mono_ns = snap[1];
    g->clock.unix_ns = static_cast<int64_t>(snap[2]) * 1000000000 + static_cast<int64_t>(snap[3]);
  }
  return Status::Ok();
}

Status V2GenerationReader::ReadStrings(const RawBatch& b, V2Generation* g) {
  ByteReader r(blob_->data() + b.offset, b.size);
  uint8_t type = 0;
  r.ReadByte(&type);
  while (!r.at_end()) {
    const uint64_t at = b.offset + r.offset();
    uint64_t id = 0, len = 0;
    std::string_view s;
    if (!r.ReadByte(&type) || type != kEvString) {
      return Error(at, g->gen, fmt::format("expected a String record, found {:#04x}", type));
    }
    if (r.ReadUvarint(&id) != VarintResult::kOk || r.ReadUvarint(&len) != VarintResult::kOk) {
      return Error(at, g->gen, "truncated String record");
    }
    if (len > kMaxStringSize) {
      return Error(
          at, g->gen,
          fmt::format("string {} is {} bytes long, more than {}", id, len, kMaxStringSize));
    }
    if (!r.ReadBytes(len, &s)) return Error(at, g->gen, "truncated String record");
    if (!g->strings.emplace(id, s).second) {
      return Error(at, g->gen, fmt::format("string id {} appears twice", id));
    }
  }
  return Status::Ok();
}

Status V2GenerationReader::ReadStacks(const RawBatch& b, V2Generation* g) {
  ByteReader r(blob_->data() + b.offset, b.size);
  uint8_t type = 0;
  r.ReadByte(&type);
  auto intern = [&](uint64_t id, model::StringId* out) {
    std::string_view s;
    // A cut-off generation may have lost its string table (written last).
    if (!g->String(id, &s) && g->complete) return false;
    *out = tables_->strings.Intern(s);
    return true;
  };
  while (!r.at_end()) {
    const uint64_t at = b.offset + r.offset();
    uint64_t id = 0, n = 0;
    if (!r.ReadByte(&type) || type != kEvStack) {
      return Error(at, g->gen, fmt::format("expected a Stack record, found {:#04x}", type));
    }
    if (r.ReadUvarint(&id) != VarintResult::kOk || r.ReadUvarint(&n) != VarintResult::kOk) {
      return Error(at, g->gen, "truncated Stack record");
    }
    if (n > kMaxFramesPerStack) {
      return Error(at, g->gen,
                   fmt::format("stack {} has {} frames, more than {}", id, n, kMaxFramesPerStack));
    }
    frames_.clear();
    for (uint64_t i = 0; i < n; ++i) {
      uint64_t v[4];
      for (uint64_t& x : v) {
        if (r.ReadUvarint(&x) != VarintResult::kOk) {
          return Error(at, g->gen, fmt::format("truncated frame {} of stack {}", i + 1, id));
        }
      }
      model::Frame f;
      f.pc = v[0];
      f.line = static_cast<uint32_t>(v[3]);
      if (!intern(v[1], &f.func) || !intern(v[2], &f.file)) {
        return Error(
            at, g->gen,
            fmt::format("frame {} of stack {} names a string the generation lacks", i + 1, id));
      }
      frames_.push_back(f);
    }
    if (g->stacks.contains(id)) {
      return Error(at, g->gen, fmt::format("stack id {} appears twice", id));
    }
    g->stacks[id] = stacks_->Intern(frames_);
  }
  return Status::Ok();
}

Status V2GenerationReader::ReadSamples(const RawBatch& b, V2Generation* g) {
  ByteReader r(blob_->data() + b.offset, b.size);
  uint8_t type = 0;
  r.ReadByte(&type);
  while (!r.at_end()) {
    const uint64_t at = b.offset + r.offset();
    uint64_t v[5];
    if (!r.ReadByte(&type) || type != kEvCPUSample) {
      return Error(at, g->gen, fmt::format("expected a CPUSample record, found {:#04x}", type));
    }
    for (uint64_t& x : v) {
      if (r.ReadUvarint(&x) != VarintResult::kOk) {
        return Error(at, g->gen, "truncated CPUSample record");
      }
    }
    V2CpuSample s;
    s.time = g->ToNs(v[0]);
    s.m = v[1];
    s.p = v[2];
    s.g = v[3];
    s.offset = at;
    if (v[4] != 0) {
      if (!g->stacks.contains(v[4]) && g->complete) {
        return Error(at, g->gen, fmt::format("CPU sample with unknown stack {}", v[4]));
      }
      if (g->stacks.contains(v[4])) s.stack = g->stacks[v[4]];
    }
    g->cpu_samples.push_back(s);
  }
  return Status::Ok();
}

}  // namespace tracenote::trace_v2
