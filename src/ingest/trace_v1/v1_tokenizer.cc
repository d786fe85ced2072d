#include "ingest/trace_v1/v1_tokenizer.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/byte_reader.h"

namespace tracenote::trace_v1 {

Status V1Error(uint64_t offset, std::string_view event, std::string_view what) {
  if (event.empty()) return CorruptError(fmt::format("trace_v1: offset {:#x}: {}", offset, what));
  return CorruptError(fmt::format("trace_v1: offset {:#x}: event {}: {}", offset, event, what));
}

int ParseTraceHeader(std::string_view b) {
  if (b.size() < kHeaderSize || b.substr(0, 5) != "go 1.") return -1;
  size_t i = 5;
  int minor = 0;
  int digits = 0;
  while (i < 8 && b[i] >= '0' && b[i] <= '9') {
    minor = minor * 10 + (b[i] - '0');
    ++i;
    ++digits;
  }
  if (digits == 0 || b.substr(i, 6) != " trace") return -1;
  if (digits > 1 && b[5] == '0') return -1;  // "go 1.07 trace" is not a header Go writes
  for (i += 6; i < kHeaderSize; ++i) {
    if (b[i] != '\0') return -1;
  }
  return 1000 + minor;
}

namespace {

const char* VarintProblem(VarintResult r) {
  return r == VarintResult::kTruncated ? "truncated varint" : "varint overflows 64 bits";
}

}  // namespace

Status DecodeV1Record(const uint8_t* data, size_t size, size_t pos, int version, V1Record* out,
                      bool* truncated) {
  *truncated = false;
  ByteReader r(data, size);
  r.Seek(pos);
  out->offset = pos;
  out->num_values = 0;
  out->str = {};
  uint8_t head = 0;
  if (!r.ReadByte(&head)) {
    *truncated = true;
    return V1Error(pos, "", "unexpected end of input");
  }
  const uint8_t type = head & 0x3f;
  const int arg_code = head >> 6;
  if (type == kNone || type >= kNumV1Types || V1Spec(type).since > version) {
    return V1Error(pos, "", fmt::format("unknown event type {}", type));
  }
  if (type == kFutileWakeup) {
    // Defined in the format but never written by any Go release.
    return V1Error(pos, "FutileWakeup", "event type 36 is never written by the Go runtime");
  }
  out->type = type;

  // Fast path for the common record: up to three inline values.
  if (arg_code < 3 && type != kString && type != kUserLog && type != kStack) {
    const int narg = arg_code + (version < 1007 ? 2 : 1);
    size_t p = pos + 1;
    for (int i = 0; i < narg; ++i) {
      if (p < size && data[p] < 0x80) {
        out->values[i] = data[p++];
        continue;
      }
      VarintResult res = DecodeUvarint(data, size, &p, &out->values[i]);
      if (res != VarintResult::kOk) {
        *truncated = res == VarintResult::kTruncated;
        return V1Error(pos, V1EventName(type, version), VarintProblem(res));
      }
    }
    out->num_values = static_cast<uint8_t>(narg);
    const int want = V1WireArgCount(type, version);
    if (narg != want) {
      return V1Error(pos, V1EventName(type, version),
                     fmt::format("has wrong number of arguments: want {}, got {}", want, narg));
    }
    out->end = p;
    return Status::Ok();
  }
  const std::string_view name = V1EventName(type, version);

  // Reads one varint, turning failure into the record's error.
  auto read = [&](uint64_t* v) -> Status {
    VarintResult res = r.ReadUvarint(v);
    if (res == VarintResult::kOk) return Status::Ok();
    *truncated = res == VarintResult::kTruncated;
    return V1Error(pos, name, VarintProblem(res));
  };

  if (type == kString) {
    uint64_t id = 0, len = 0;
    RETURN_IF_ERROR(read(&id));
    RETURN_IF_ERROR(read(&len));
    if (id == 0) return V1Error(pos, name, "string has invalid id 0");
    if (len == 0) return V1Error(pos, name, "string has invalid length 0");
    if (len > kMaxStringLength) {
      return V1Error(pos, name, fmt::format("string length {} exceeds the limit", len));
    }
    if (!r.ReadBytes(len, &out->str)) {
      *truncated = true;
      return V1Error(pos, name, "string runs past the end of the input");
    }
    out->values[0] = id;
    out->num_values = 1;
    out->end = r.offset();
    return Status::Ok();
  }

  int narg = arg_code + 1;
  int inline_args = 4;
  if (version < 1007) {
    ++narg;
    ++inline_args;
  }
  if (narg < inline_args) {
    for (int i = 0; i < narg; ++i) {
      RETURN_IF_ERROR(read(&out->values[i]));
      if (i == 1) out->frames_begin = r.offset();
    }
    out->num_values = static_cast<uint8_t>(narg);
  } else {
    uint64_t len = 0;
    RETURN_IF_ERROR(read(&len));
    const uint64_t start = r.offset();
    if (type != kStack && len > kMaxArgBytes) {
      return V1Error(pos, name, fmt::format("argument length {} exceeds the limit", len));
    }
    if (len > r.remaining()) {
      *truncated = true;
      return V1Error(pos, name, "record runs past the end of the input");
    }
    // Values must end exactly at start+len; a narrower reader enforces that.
    ByteReader body(data, start + len);
    body.Seek(start);
    int n = 0;
    while (!body.at_end()) {
      if (type == kStack && n == 2) break;  // frames are decoded by the index
      uint64_t v = 0;
      VarintResult res = body.ReadUvarint(&v);
      if (res != VarintResult::kOk) {
        return V1Error(pos, name, "record length does not match its values");
      }
      if (n == kMaxRecordValues) {
        // Count the rest (without keeping them) to say how many there are.
        int got = n + 1;
        while (!body.at_end() && body.ReadUvarint(&v) == VarintResult::kOk) ++got;
        return V1Error(pos, name,
                       fmt::format("has wrong number of arguments: want {}, got {}",
                                   V1WireArgCount(type, version), got));
      }
      out->values[n++] = v;
    }
    out->num_values = static_cast<uint8_t>(n);
    out->frames_begin = body.offset();
    r.Seek(start + len);
  }
  if (type == kStack && out->num_values < 2) {
    return V1Error(pos, name, "stack record has fewer than 2 values");
  }
  if (type != kStack) {
    const int want = V1WireArgCount(type, version);
    if (out->num_values != want) {
      return V1Error(
          pos, name,
          fmt::format("has wrong number of arguments: want {}, got {}", want, out->num_values));
    }
  }
  if (type == kUserLog) {
    uint64_t len = 0;
    RETURN_IF_ERROR(read(&len));
    if (len > kMaxStringLength) {
      return V1Error(pos, name, fmt::format("log message length {} exceeds the limit", len));
    }
    if (!r.ReadBytes(len, &out->str)) {
      *truncated = true;
      return V1Error(pos, name, "log message runs past the end of the input");
    }
  }
  out->end = r.offset();
  return Status::Ok();
}

namespace {

struct PendingStack {
  uint64_t offset, frames_begin, end, id, nframes;
};

// Decodes the frames of every stack record now that all strings are known.
Status ResolveStacks(const FileBlob& blob, int version, const std::vector<PendingStack>& pending,
                     V1Index* index, model::Tables* tables) {
  std::vector<model::Frame> frames;
  const std::string_view name = V1EventName(kStack, version);
  for (const PendingStack& s : pending) {
    if (s.nframes > kMaxStackFrames) {
      return V1Error(s.offset, name, fmt::format("bad number of frames {}", s.nframes));
    }
    const uint64_t per_frame = version < 1007 ? 1 : 4;
    ByteReader r(blob.data(), s.end);
    r.Seek(s.frames_begin);
    frames.clear();
    uint64_t v[4] = {};
    for (uint64_t i = 0; i < s.nframes; ++i) {
      for (uint64_t k = 0; k < per_frame; ++k) {
        if (r.ReadUvarint(&v[k]) != VarintResult::kOk) {
          return V1Error(s.offset, name, "has wrong number of arguments for its frames");
        }
      }
      model::Frame f;
      f.pc = v[0];
      if (per_frame == 4) {
        auto fn = index->strings.find(v[1]);
        auto file = index->strings.find(v[2]);
        f.func = tables->strings.Intern(fn == index->strings.end() ? "" : fn->second);
        f.file = tables->strings.Intern(file == index->strings.end() ? "" : file->second);
        f.line = static_cast<uint32_t>(v[3]);
      }
      frames.push_back(f);
    }
    if (!r.at_end()) {
      return V1Error(s.offset, name, "has wrong number of arguments for its frames");
    }
    if (s.id != 0 && s.nframes > 0) index->stacks[s.id] = tables->stacks.Add(frames);
  }
  return Status::Ok();
}

}  // namespace

StatusOr<std::unique_ptr<V1Index>> BuildV1Index(const FileBlob& blob, model::Tables* tables) {
  auto index = std::make_unique<V1Index>();
  const int version = ParseTraceHeader(blob.view());
  if (version < 0) return Status(StatusCode::kNotATrace, "not a Go execution trace");
  if (!IsKnownV1Version(version)) {
    return Status(StatusCode::kUnsupported,
                  fmt::format("trace_v1: unsupported trace version go 1.{}", version - 1000));
  }
  index->version = version;

  std::unordered_map<int64_t, size_t> stream_of_p;
  auto stream_for = [&](int64_t p) -> V1Stream& {
    auto [it, inserted] = stream_of_p.emplace(p, index->streams.size());
    if (inserted) index->streams.push_back(V1Stream{p, {}});
    return index->streams[it->second];
  };
  // Records before any Batch belong to P 0 with base time 0, as in Go.
  int64_t cur_p = 0;
  V1Segment cur{kHeaderSize, 0, 0, 0};
  auto close_segment = [&](uint64_t end) {
    cur.end = end;
    if (cur.end > cur.begin) stream_for(cur_p).segments.push_back(cur);
  };

  std::vector<PendingStack> stacks;
  V1Record rec;
  size_t pos = kHeaderSize;
  uint64_t cpu_order = 0;
  while (pos < blob.size()) {
    bool truncated = false;
    Status s = DecodeV1Record(blob.data(), blob.size(), pos, version, &rec, &truncated);
    if (!s.ok()) {
      if (!truncated) return s;
      index->truncated = true;
      index->truncation = s.message();
      break;
    }
    ++index->records;
    ++index->record_counts[rec.type];
    switch (rec.type) {
      case kBatch:
        close_segment(rec.offset);
        cur_p = static_cast<int64_t>(rec.values[0]);
        cur.begin = rec.end;
        if (version < 1007) {
          cur.seq = rec.values[1];
          cur.ticks = rec.values[2];
        } else {
          cur.ticks = rec.values[1];
        }
        break;
      case kFrequency:
        if (static_cast<int64_t>(rec.values[0]) <= 0) {
          return V1Error(rec.offset, "Frequency", "frequency is not positive");
        }
        index->frequency = rec.values[0];
        break;
      case kString:
        if (!index->strings.emplace(rec.values[0], rec.str).second) {
          return V1Error(rec.offset, "String",
                         fmt::format("duplicate string id {}", rec.values[0]));
        }
        break;
      case kStack:
        stacks.push_back({rec.offset, rec.frames_begin, rec.end, rec.values[0], rec.values[1]});
        break;
      case kTimerGoroutine:
        index->timer_goroutines.insert(rec.values[0]);
        break;
      case kCPUSample:
        // values: ts delta, real ticks, p, g, stack.
        index->cpu_samples.push_back({rec.values[1], rec.offset,
                                      static_cast<int64_t>(rec.values[2]), rec.values[3],
                                      rec.values[4], cpu_order++});
        ++index->timed_events;
        break;
      default:
        ++index->timed_events;
        break;
    }
    pos = rec.end;
  }
  index->readable_end = pos;
  close_segment(pos);

  RETURN_IF_ERROR(ResolveStacks(blob, version, stacks, index.get(), tables));
  std::sort(index->streams.begin(), index->streams.end(),
            [](const V1Stream& a, const V1Stream& b) { return a.p < b.p; });
  std::stable_sort(index->cpu_samples.begin(), index->cpu_samples.end(),
                   [](const V1CpuSample& a, const V1CpuSample& b) { return a.ticks < b.ticks; });
  return index;
}

}  // namespace tracenote::trace_v1
