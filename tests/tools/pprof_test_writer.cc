#include "tools/pprof_test_writer.h"

#include <zlib.h>

#include <cstring>

namespace tracenote::pprof_test {

std::string Gzip(std::string_view bytes) {
  z_stream z;
  std::memset(&z, 0, sizeof(z));
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return {};
  }
  std::string out(deflateBound(&z, bytes.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

ProfileBuilder::ProfileBuilder() { Str(""); }

int64_t ProfileBuilder::Str(std::string_view s) {
  auto it = strings_.find(s);
  if (it != strings_.end()) return it->second;
  const int64_t index = profile_.string_table_size();
  profile_.add_string_table(std::string(s));
  strings_.emplace(std::string(s), index);
  return index;
}

ProfileBuilder& ProfileBuilder::SampleType(std::string_view type, std::string_view unit) {
  auto* vt = profile_.add_sample_type();
  vt->set_type(Str(type));
  vt->set_unit(Str(unit));
  return *this;
}

ProfileBuilder& ProfileBuilder::PeriodType(std::string_view type, std::string_view unit,
                                           int64_t period) {
  profile_.mutable_period_type()->set_type(Str(type));
  profile_.mutable_period_type()->set_unit(Str(unit));
  profile_.set_period(period);
  return *this;
}

ProfileBuilder& ProfileBuilder::DefaultSampleType(std::string_view type) {
  profile_.set_default_sample_type(Str(type));
  return *this;
}
ProfileBuilder& ProfileBuilder::Comment(std::string_view text) {
  profile_.add_comment(Str(text));
  return *this;
}
ProfileBuilder& ProfileBuilder::DropFrames(std::string_view regexp) {
  profile_.set_drop_frames(Str(regexp));
  return *this;
}
ProfileBuilder& ProfileBuilder::KeepFrames(std::string_view regexp) {
  profile_.set_keep_frames(Str(regexp));
  return *this;
}
ProfileBuilder& ProfileBuilder::TimeNanos(int64_t t) {
  profile_.set_time_nanos(t);
  return *this;
}
ProfileBuilder& ProfileBuilder::DurationNanos(int64_t d) {
  profile_.set_duration_nanos(d);
  return *this;
}

uint64_t ProfileBuilder::AddMapping(std::string_view file, uint64_t start, uint64_t limit,
                                    uint64_t id) {
  if (id == 0) id = next_mapping_++;
  auto* m = profile_.add_mapping();
  m->set_id(id);
  m->set_memory_start(start);
  m->set_memory_limit(limit);
  m->set_filename(Str(file));
  return id;
}

uint64_t ProfileBuilder::AddFunction(std::string_view name, std::string_view file,
                                     int64_t start_line, uint64_t id,
                                     std::string_view system_name) {
  if (id == 0) id = next_function_++;
  auto* f = profile_.add_function();
  f->set_id(id);
  f->set_name(Str(name));
  f->set_system_name(Str(system_name.data() ? system_name : name));
  f->set_filename(Str(file));
  f->set_start_line(start_line);
  return id;
}

uint64_t ProfileBuilder::AddLocation(uint64_t address,
                                     std::vector<std::pair<uint64_t, int64_t>> lines,
                                     uint64_t mapping_id, uint64_t id) {
  if (id == 0) id = next_location_++;
  auto* l = profile_.add_location();
  l->set_id(id);
  l->set_mapping_id(mapping_id);
  l->set_address(address);
  for (auto [fn, line] : lines) {
    auto* ln = l->add_line();
    ln->set_function_id(fn);
    ln->set_line(line);
  }
  return id;
}

void ProfileBuilder::AddSample(std::vector<uint64_t> locations, std::vector<int64_t> values,
                               std::vector<TestLabel> labels) {
  auto* s = profile_.add_sample();
  for (uint64_t id : locations) s->add_location_id(id);
  for (int64_t v : values) s->add_value(v);
  for (const TestLabel& label : labels) {
    auto* l = s->add_label();
    l->set_key(Str(label.key));
    if (!label.str.empty()) l->set_str(Str(label.str));
    l->set_num(label.num);
    if (!label.num_unit.empty()) l->set_num_unit(Str(label.num_unit));
  }
}

std::string ProfileBuilder::Serialize() const {
  std::string out;
  profile_.SerializeToString(&out);
  return out;
}

WireWriter& WireWriter::Varint(uint64_t v) {
  while (v >= 0x80) {
    bytes_.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  bytes_.push_back(static_cast<char>(v));
  return *this;
}

WireWriter& WireWriter::Tag(uint32_t field, uint32_t wire_type) {
  return Varint((static_cast<uint64_t>(field) << 3) | wire_type);
}

WireWriter& WireWriter::VarintField(uint32_t field, uint64_t v) { return Tag(field, 0).Varint(v); }

WireWriter& WireWriter::BytesField(uint32_t field, std::string_view bytes) {
  Tag(field, 2).Varint(bytes.size());
  bytes_.append(bytes);
  return *this;
}

WireWriter& WireWriter::PackedField(uint32_t field, const std::vector<int64_t>& values) {
  WireWriter payload;
  for (int64_t v : values) payload.Varint(static_cast<uint64_t>(v));
  return BytesField(field, payload.bytes());
}

WireWriter& WireWriter::UnpackedField(uint32_t field, const std::vector<int64_t>& values) {
  for (int64_t v : values) Int64Field(field, v);
  return *this;
}

WireWriter& WireWriter::LyingLengthField(uint32_t field, uint64_t claimed,
                                         std::string_view payload) {
  Tag(field, 2).Varint(claimed);
  bytes_.append(payload);
  return *this;
}

WireWriter& WireWriter::Raw(std::string_view bytes) {
  bytes_.append(bytes);
  return *this;
}

}  // namespace tracenote::pprof_test
