// Follows google/pprof profile/merge.go (Merge, ScaleN, combineHeaders).
#include "profile/profile_merger.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include "model/string_table.h"
#include "profile/profile_merge.h"

namespace tracenote::profile::merge_internal {
namespace {

using model::kNoIndex;

// Go's int64(math.Round(x)), clamped instead of undefined out of range.
int64_t RoundToInt64(double x) {
  double r = std::round(x);
  if (!(r == r)) return 0;
  if (r >= 9.2233720368547758e18) return INT64_MAX;
  if (r <= -9.2233720368547758e18) return INT64_MIN;
  return static_cast<int64_t>(r);
}

// The values of sample `s` after the input's steps; false when a step drops it.
bool StepValues(const Input& in, size_t s, std::vector<int64_t>* vals, std::vector<int64_t>* tmp) {
  const model::Profile& p = *in.p;
  size_t n = p.value_count();
  vals->assign(p.values.begin() + s * n, p.values.begin() + (s + 1) * n);
  for (const Step& step : in.steps) {
    if (!step.columns.empty() || step.ratios.empty()) {
      tmp->clear();
      for (uint32_t c : step.columns) tmp->push_back((*vals)[c]);
      vals->swap(*tmp);
      continue;
    }
    if (AllOnes(step.ratios)) continue;
    bool keep = false;
    for (size_t i = 0; i < vals->size() && i < step.ratios.size(); ++i) {
      if (step.ratios[i] == 1) continue;
      (*vals)[i] = RoundToInt64(static_cast<double>((*vals)[i]) * step.ratios[i]);
      keep = keep || (*vals)[i] != 0;
    }
    if (!keep) return false;
  }
  return true;
}

std::string TypeList(const std::vector<TypeText>& types) {
  std::string out = "[";
  for (size_t i = 0; i < types.size(); ++i) {
    if (i > 0) out += ' ';
    out += types[i].type + "/" + types[i].unit;
  }
  return out + "]";
}

// Appends v as a protobuf-style varint (compact hash-map keys).
void PutVarint(std::string& key, uint64_t v) {
  while (v >= 0x80) {
    key.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  key.push_back(static_cast<char>(v));
}

// Builds the merged profile. Tables are filled in order of first use by a
// surviving sample, so they come out compacted, with ids 1..n as pprof
// renumbers them. Per-input caches map an input's indexes once; global maps
// keyed on compact byte strings find equal entities across inputs.
class Merger {
 public:
  explicit Merger(model::Profile* out) : out_(out) {}

  void AddInput(const Input& in) {
    const model::Profile& p = *in.p;
    str_cache_.assign(p.strings.size(), kNoIndex);
    map_cache_.assign(p.mappings.size(), MapInfo{kNoIndex, 0, false});
    fn_cache_.assign(p.functions.size(), kNoIndex);
    loc_cache_.assign(p.locations.size(), kNoIndex);
    if (mappings_.empty() && !p.mappings.empty()) MapMapping(p, 0);
    uint32_t base_key = in.add_base_label ? Intern(kBaseLabelKey) : 0;
    uint32_t base_value = in.add_base_label ? Intern(kBaseLabelValue) : 0;
    size_t ncol = in.sample_types.size();
    std::vector<int64_t> vals, tmp;
    std::vector<model::ProfileLabel> labels;
    std::vector<uint32_t> stack;
    for (size_t s = 0; s < p.sample_count(); ++s) {
      if (!StepValues(in, s, &vals, &tmp)) continue;
      if (std::all_of(vals.begin(), vals.end(), [](int64_t v) { return v == 0; })) continue;
      stack.clear();
      for (uint32_t loc : p.stack(s)) stack.push_back(MapLocation(p, loc));
      labels.clear();
      for (const model::ProfileLabel& l : p.sample_labels(s)) {
        if (in.add_base_label && l.str_str != 0 && p.str(l.key_str) == kBaseLabelKey) continue;
        labels.push_back({Str(p, l.key_str), Str(p, l.str_str), l.num, Str(p, l.num_unit_str)});
      }
      if (in.add_base_label) labels.push_back({base_key, base_value, 0, 0});
      SampleKey(stack, labels);
      auto it = samples_.find(key_);
      if (it != samples_.end()) {
        int64_t* dst = out_->values.data() + it->second * ncol;
        for (size_t i = 0; i < ncol; ++i) dst[i] = WrapAdd(dst[i], vals[i]);
        continue;
      }
      samples_.emplace(key_, out_->sample_count());
      out_->values.insert(out_->values.end(), vals.begin(), vals.end());
      out_->stack_locations.insert(out_->stack_locations.end(), stack.begin(), stack.end());
      out_->stack_offsets.push_back(static_cast<uint32_t>(out_->stack_locations.size()));
      out_->labels.insert(out_->labels.end(), labels.begin(), labels.end());
      out_->label_offsets.push_back(static_cast<uint32_t>(out_->labels.size()));
    }
  }

  uint32_t Intern(std::string_view s) { return strings_.Intern(s); }

  // Moves the string table into the profile; the merger is spent afterwards.
  void Finish() { out_->strings = strings_.TakeStrings(); }

 private:
  struct MapInfo {
    uint32_t index;  // into out_->mappings, kNoIndex: none
    int64_t offset;  // merged start - input start
    bool done;
  };

  uint32_t Str(const model::Profile& p, uint32_t s) {
    if (s == 0 || s >= p.strings.size()) return 0;
    if (str_cache_[s] == kNoIndex) str_cache_[s] = Intern(p.strings[s]);
    return str_cache_[s];
  }

  MapInfo MapMapping(const model::Profile& p, uint32_t index) {
    if (index >= p.mappings.size()) return {kNoIndex, 0, true};
    if (map_cache_[index].done) return map_cache_[index];
    const model::ProfileMapping& m = p.mappings[index];
    uint64_t size = m.memory_limit - m.memory_start;
    size = size + 0xfff;
    size -= size % 0x1000;
    uint32_t build_id = Str(p, m.build_id_str), file = Str(p, m.filename_str);
    std::string key;
    PutVarint(key, size);
    PutVarint(key, m.file_offset);
    PutVarint(key, build_id != 0 ? build_id : file);
    auto it = mappings_.find(key);
    MapInfo info{kNoIndex, 0, true};
    if (it != mappings_.end()) {
      info.index = it->second;
      info.offset = static_cast<int64_t>(out_->mappings[it->second].memory_start) -
                    static_cast<int64_t>(m.memory_start);
    } else {
      model::ProfileMapping copy = m;
      copy.id = out_->mappings.size() + 1;
      copy.build_id_str = build_id;
      copy.filename_str = file;
      info.index = static_cast<uint32_t>(out_->mappings.size());
      out_->mappings.push_back(copy);
      mappings_.emplace(std::move(key), info.index);
    }
    return map_cache_[index] = info;
  }

  uint32_t MapFunction(const model::Profile& p, uint32_t index) {
    if (index >= p.functions.size()) return kNoIndex;
    if (fn_cache_[index] != kNoIndex) return fn_cache_[index];
    const model::ProfileFunction& f = p.functions[index];
    model::ProfileFunction copy = f;
    copy.name_str = Str(p, f.name_str);
    copy.system_name_str = Str(p, f.system_name_str);
    copy.filename_str = Str(p, f.filename_str);
    std::string key;
    PutVarint(key, static_cast<uint64_t>(f.start_line));
    PutVarint(key, copy.name_str);
    PutVarint(key, copy.system_name_str);
    PutVarint(key, copy.filename_str);
    auto [it, inserted] = functions_.try_emplace(std::move(key), out_->functions.size());
    if (inserted) {
      copy.id = out_->functions.size() + 1;
      out_->functions.push_back(copy);
    }
    return fn_cache_[index] = it->second;
  }

  uint32_t MapLocation(const model::Profile& p, uint32_t index) {
    if (loc_cache_[index] != kNoIndex) return loc_cache_[index];
    const model::ProfileLocation& l = p.locations[index];
    MapInfo mi = MapMapping(p, l.mapping);
    uint64_t address = static_cast<uint64_t>(static_cast<int64_t>(l.address) + mi.offset);
    uint64_t key_addr = address;
    if (mi.index != kNoIndex) key_addr -= out_->mappings[mi.index].memory_start;
    std::string key;
    PutVarint(key, key_addr);
    PutVarint(key, mi.index == kNoIndex ? 0 : mi.index + 1);
    PutVarint(key, l.is_folded ? 1 : 0);
    line_buf_.clear();
    for (const model::ProfileLine& ln : p.location_lines(l)) {
      uint32_t fn = MapFunction(p, ln.function);
      line_buf_.push_back({fn, ln.line, ln.column});
      PutVarint(key, fn == kNoIndex ? 0 : uint64_t{fn} + 1);
      PutVarint(key, static_cast<uint64_t>(ln.line));
      PutVarint(key, static_cast<uint64_t>(ln.column));
    }
    auto [it, inserted] = locations_.try_emplace(std::move(key), out_->locations.size());
    if (inserted) {
      model::ProfileLocation copy;
      copy.id = out_->locations.size() + 1;
      copy.mapping = mi.index;
      copy.address = address;
      copy.is_folded = l.is_folded;
      copy.first_line = static_cast<uint32_t>(out_->lines.size());
      copy.line_count = static_cast<uint32_t>(line_buf_.size());
      out_->lines.insert(out_->lines.end(), line_buf_.begin(), line_buf_.end());
      out_->locations.push_back(copy);
    }
    return loc_cache_[index] = it->second;
  }

  // Same stack (merged location indexes) and same labels: string labels,
  // then numeric ones, each stably sorted by key so that the values of one
  // key keep their order, as pprof's per-key value lists do. Written to
  // key_, reused so that a sample adding to a known one allocates nothing.
  void SampleKey(const std::vector<uint32_t>& stack,
                 const std::vector<model::ProfileLabel>& labels) {
    std::string& key = key_;
    key.clear();
    for (uint32_t loc : stack) PutVarint(key, uint64_t{loc} + 1);
    PutVarint(key, 0);
    sorted_.assign(labels.begin(), labels.end());
    std::stable_sort(sorted_.begin(), sorted_.end(), [](const auto& a, const auto& b) {
      bool an = a.str_str == 0, bn = b.str_str == 0;
      return an != bn ? bn : a.key_str < b.key_str;
    });
    for (const model::ProfileLabel& l : sorted_) {
      PutVarint(key, l.str_str == 0 ? 1 : 2);
      PutVarint(key, l.key_str);
      PutVarint(key, l.str_str);
      PutVarint(key, static_cast<uint64_t>(l.num));
      PutVarint(key, l.num_unit_str);
    }
  }

  model::Profile* out_;
  model::StringTable strings_;  // id 0 is ""
  std::unordered_map<std::string, uint32_t> mappings_, functions_, locations_, samples_;
  std::vector<uint32_t> str_cache_, fn_cache_, loc_cache_;
  std::vector<MapInfo> map_cache_;
  std::vector<model::ProfileLine> line_buf_;
  std::vector<model::ProfileLabel> sorted_;
  std::string key_;
};

}  // namespace

// pprof's combineHeaders, then every input's samples (Merge).
StatusOr<model::Profile> MergeInputs(const std::vector<Input>& inputs) {
  for (size_t i = 1; i < inputs.size(); ++i) RETURN_IF_ERROR(CheckCompatible(inputs[0], inputs[i]));
  model::Profile out;
  Merger merger(&out);
  int64_t time_nanos = 0, duration = 0, period = 0;
  std::vector<std::string> comments;
  std::string default_type, doc_url;
  for (const Input& in : inputs) {
    const model::Profile& p = *in.p;
    if (time_nanos == 0 || p.time_nanos < time_nanos) time_nanos = p.time_nanos;
    duration = WrapAdd(duration, p.duration_nanos);
    if (period == 0 || period < in.period) period = in.period;
    for (uint32_t c : p.comments) {
      std::string text(p.str(c));
      if (std::find(comments.begin(), comments.end(), text) == comments.end()) {
        comments.push_back(std::move(text));
      }
    }
    if (default_type.empty()) default_type = in.default_sample_type;
    if (doc_url.empty()) doc_url = std::string(p.str(p.doc_url_str));
  }
  const Input& first = inputs[0];
  for (const TypeText& st : first.sample_types) {
    out.sample_types.push_back({merger.Intern(st.type), merger.Intern(st.unit)});
  }
  out.default_sample_type_str = merger.Intern(default_type);
  out.period_type = {merger.Intern(first.period_type.type), merger.Intern(first.period_type.unit)};
  out.period = period;
  out.time_nanos = time_nanos;
  out.duration_nanos = duration;
  for (const std::string& c : comments) out.comments.push_back(merger.Intern(c));
  out.doc_url_str = merger.Intern(doc_url);
  out.drop_frames_str = merger.Intern(first.p->str(first.p->drop_frames_str));
  out.keep_frames_str = merger.Intern(first.p->str(first.p->keep_frames_str));
  for (const Input& in : inputs) {
    out.anomalies.insert(out.anomalies.end(), in.p->anomalies.begin(), in.p->anomalies.end());
    merger.AddInput(in);
  }
  merger.Finish();
  size_t ncol = out.value_count();
  for (size_t s = 0; s < out.sample_count(); ++s) {
    bool zero = true;
    for (size_t c = 0; c < ncol && zero; ++c) zero = out.value(s, c) == 0;
    // Samples that netted out to zero: merge again to drop them and what
    // only they used, as pprof does.
    if (zero) return MergeInputs({MakeInput(out)});
  }
  return out;
}

Input MakeInput(const model::Profile& p) {
  Input in;
  in.p = &p;
  for (const auto& st : p.sample_types) {
    in.sample_types.push_back({std::string(p.str(st.type_str)), std::string(p.str(st.unit_str))});
  }
  in.default_sample_type = std::string(p.str(p.default_sample_type_str));
  in.period_type = {std::string(p.str(p.period_type.type_str)),
                    std::string(p.str(p.period_type.unit_str))};
  in.period = p.period;
  return in;
}

int64_t WrapAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}

bool AllOnes(const std::vector<double>& ratios) {
  return std::all_of(ratios.begin(), ratios.end(), [](double r) { return r == 1; });
}

Status CheckCompatible(const Input& a, const Input& b) {
  if (a.HasPeriodType() && b.HasPeriodType() && !(a.period_type == b.period_type)) {
    return InvalidArgumentError("incompatible period types " + a.period_type.type + "/" +
                                a.period_type.unit + " and " + b.period_type.type + "/" +
                                b.period_type.unit);
  }
  if (a.sample_types != b.sample_types) {
    return InvalidArgumentError("incompatible sample types " + TypeList(a.sample_types) + " and " +
                                TypeList(b.sample_types));
  }
  return Status::Ok();
}

}  // namespace tracenote::profile::merge_internal
