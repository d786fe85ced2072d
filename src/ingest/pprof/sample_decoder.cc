#include "ingest/pprof/sample_decoder.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "ingest/pprof/wire_scan.h"

namespace tracenote::pprof {

namespace {

// A forward-only reader over one message's bytes. Any malformation makes
// ok() false; the caller then asks the wire scanner for the exact message.
class Wire {
 public:
  Wire(const char* p, const char* end) : p_(p), end_(end) {}
  bool done() const { return p_ >= end_; }
  bool ok() const { return ok_; }
  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ >= end_) return Fail();
      const uint8_t b = static_cast<uint8_t>(*p_++);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    return Fail();
  }
  // A length-delimited payload, as a sub-reader.
  Wire Sub() {
    const uint64_t n = Varint();
    if (!ok_ || n > static_cast<uint64_t>(end_ - p_)) {
      Fail();
      return Wire(end_, end_);
    }
    Wire sub(p_, p_ + n);
    p_ += n;
    return sub;
  }
  // Skips an unknown field's value; groups and wire types 6/7 fail.
  void Skip(uint32_t wire) {
    switch (wire) {
      case 0:
        Varint();
        break;
      case 1:
        Advance(8);
        break;
      case 5:
        Advance(4);
        break;
      case 2:
        Sub();
        break;
      default:
        Fail();
    }
  }
  uint64_t Fail() {
    ok_ = false;
    p_ = end_;
    return 0;
  }

 private:
  void Advance(uint64_t n) {
    if (n > static_cast<uint64_t>(end_ - p_))
      Fail();
    else
      p_ += n;
  }
  const char* p_;
  const char* end_;
  bool ok_ = true;
};

// Appends the values of a repeated scalar field (packed or not).
template <typename T>
void ReadRepeated(Wire& w, uint32_t wire, std::vector<T>* out) {
  if (wire == 0) {
    out->push_back(static_cast<T>(w.Varint()));
  } else if (wire == 2) {
    Wire sub = w.Sub();
    while (!sub.done()) out->push_back(static_cast<T>(sub.Varint()));
    if (!sub.ok()) w.Fail();
  } else {
    w.Fail();
  }
}

struct RawLabel {
  int64_t key = 0, str = 0, num = 0, unit = 0;
};

class Decoder {
 public:
  explicit Decoder(SampleTarget* t) : t_(t), p_(*t->profile) {}

  // One Sample message. False on a wire problem.
  bool Sample(Wire w) {
    ids_.clear();
    values_.clear();
    labels_.clear();
    while (!w.done()) {
      const uint64_t tag = w.Varint();
      const uint32_t wire = tag & 7;
      switch (tag >> 3) {
        case 0:
          return false;
        case 1:
          ReadRepeated(w, wire, &ids_);
          break;
        case 2:
          ReadRepeated(w, wire, &values_);
          break;
        case 3:
          if (wire != 2) return false;
          if (!Label(w.Sub())) return false;
          break;
        default:
          w.Skip(wire);
      }
      if (!w.ok()) return false;
    }
    return true;
  }

  // Moves the sample just read into the model. Errors: string indexes.
  Status Commit() {
    std::string& err = t_->validity_error;
    if (err.empty() && values_.size() != p_.sample_types.size()) {
      err = fmt::format("mismatch: sample has {} values vs. {} types", values_.size(),
                        p_.sample_types.size());
    }
    if (err.empty()) {
      for (int64_t v : values_) {
        if (v < 0) ++t_->negative_values;
        p_.values.push_back(v);
      }
      for (uint64_t id : ids_) {
        const uint32_t index = t_->locations->Find(id);
        if (index == model::kNoIndex) {
          err = "sample has nil location";
          break;
        }
        p_.stack_locations.push_back(index);
      }
    }
    for (const RawLabel& l : labels_) {
      model::ProfileLabel out;
      RETURN_IF_ERROR(Str(l.key, "label.key", &out.key_str));
      RETURN_IF_ERROR(Str(l.str, "label.str", &out.str_str));
      if (l.unit != 0) RETURN_IF_ERROR(Str(l.unit, "label.num_unit", &out.num_unit_str));
      // pprof's classification: a string label, else a numeric one, else
      // (key only) dropped.
      if (out.str_str != 0) {
        out.num_unit_str = 0;
        if (p_.str(out.key_str) == "pprof::base" && p_.str(out.str_str) == "true") {
          t_->diff_base = true;
        }
      } else if (l.num != 0 || l.unit != 0) {
        out.num = l.num;
      } else {
        continue;
      }
      p_.labels.push_back(out);
    }
    p_.stack_offsets.push_back(static_cast<uint32_t>(p_.stack_locations.size()));
    p_.label_offsets.push_back(static_cast<uint32_t>(p_.labels.size()));
    return Status::Ok();
  }

 private:
  bool Label(Wire w) {
    if (!w.ok()) return false;
    RawLabel l;
    while (!w.done()) {
      const uint64_t tag = w.Varint();
      const uint32_t wire = tag & 7;
      const uint64_t field = tag >> 3;
      if (field == 0) return false;
      if (field <= 4) {
        if (wire != 0) return false;
        const int64_t v = static_cast<int64_t>(w.Varint());
        if (field == 1)
          l.key = v;
        else if (field == 2)
          l.str = v;
        else if (field == 3)
          l.num = v;
        else
          l.unit = v;
      } else {
        w.Skip(wire);
      }
      if (!w.ok()) return false;
    }
    labels_.push_back(l);
    return true;
  }

  Status Str(int64_t index, const char* field, uint32_t* out) const {
    return CheckStringIndex(index, p_.strings.size(), field, out);
  }

  SampleTarget* t_;
  model::Profile& p_;
  std::vector<uint64_t> ids_;
  std::vector<int64_t> values_;
  std::vector<RawLabel> labels_;
};

Status WireError(std::string_view bytes) {
  const WireScanResult deep = ScanProfileWire(bytes, /*deep=*/true);
  if (!deep.error.empty()) return CorruptError("decoding: " + deep.error);
  return CorruptError("decoding: a sample is not well-formed protobuf");
}

}  // namespace

Status DecodeSamples(std::string_view bytes, const WireScanResult& top, SampleTarget* target) {
  model::Profile& p = *target->profile;
  // Exact when the profile is valid; the stack bound (one byte per id at
  // least) is only reserved address space: pages never written cost nothing.
  const uint64_t value_count = top.sample_count * p.sample_types.size();
  p.values.reserve(std::min(value_count, top.sample_bytes));
  p.stack_locations.reserve(top.sample_bytes);
  p.stack_offsets.reserve(top.sample_count + 1);
  p.label_offsets.reserve(top.sample_count + 1);
  Decoder decoder(target);
  // The samples fill the gaps between the runs of other fields; the scan
  // checked their tags (field 2, length-delimited) and lengths.
  size_t gap_begin = 0;
  auto decode_gap = [&](size_t gap_end) -> Status {
    Wire gap(bytes.data() + gap_begin, bytes.data() + gap_end);
    while (!gap.done()) {
      gap.Varint();  // the tag
      Wire sample = gap.Sub();
      if (!gap.ok() || !decoder.Sample(sample)) return WireError(bytes);
      RETURN_IF_ERROR(decoder.Commit());
    }
    return Status::Ok();
  };
  for (const auto& [run_begin, run_end] : top.non_sample_runs) {
    RETURN_IF_ERROR(decode_gap(run_begin));
    gap_begin = run_end;
  }
  return decode_gap(bytes.size());
}

}  // namespace tracenote::pprof
