#include "ingest/pprof/convert.h"

#include <fmt/format.h>

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ingest/pprof/id_index.h"
#include "ingest/pprof/sample_decoder.h"
#include "profile.pb.h"

namespace tracenote::pprof {

namespace {

using model::kNoIndex;

bool ValidUtf8(const std::string& s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const uint8_t c = static_cast<uint8_t>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len = 0;
    if ((c & 0xe0) == 0xc0 && c >= 0xc2)
      len = 2;
    else if ((c & 0xf0) == 0xe0)
      len = 3;
    else if ((c & 0xf8) == 0xf0 && c <= 0xf4)
      len = 4;
    else
      return false;
    if (i + len > n) return false;
    for (int k = 1; k < len; ++k) {
      if ((static_cast<uint8_t>(s[i + k]) & 0xc0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

// CheckValid's id rules for one table (pprof's messages): the first message
// with the reserved id 0 or an id seen before sets *err; later ones do not.
void NoteIdError(const char* kind, const char* id_word, uint64_t id, bool fresh, std::string* err) {
  if (!err->empty()) return;
  if (id == 0)
    *err = fmt::format("found {} with reserved {}=0", kind, id_word);
  else if (!fresh)
    *err = fmt::format("multiple {}s with same id: {}", kind, id);
}

}  // namespace

// The conversion state: the model under construction, the first error of
// each CheckValid group (reported later in pprof's order), anomaly counts.
class ProfileConverter::Impl {
 public:
  explicit Impl(ConvertFacts facts) : facts_(facts) {}

  Status ConvertTables(Profile& pb) {
    pb_ = &pb;
    RETURN_IF_ERROR(Strings());
    RETURN_IF_ERROR(Header());
    RETURN_IF_ERROR(Mappings());
    RETURN_IF_ERROR(Functions());
    RETURN_IF_ERROR(Locations());
    pb_ = nullptr;
    return Status::Ok();
  }

  Status ConvertSamples(std::string_view bytes, const WireScanResult& top) {
    SampleTarget target;
    target.profile = &p_;
    target.locations = &location_ids_;
    RETURN_IF_ERROR(DecodeSamples(bytes, top, &target));
    sample_err_ = std::move(target.validity_error);
    if (p_.sample_count() > 0 && p_.sample_types.empty()) {
      sample_err_ = "missing sample type information";
    }
    if (target.negative_values && !target.diff_base) {
      AddAnomaly("negative-values",
                 "Some sample values are negative, although the profile is not a difference "
                 "of two profiles.",
                 target.negative_values);
    }
    if (p_.period <= 0 && p_.sample_count() > 0) {
      AddAnomaly("period-not-positive",
                 fmt::format("The sampling period is {} (zero or negative).", p_.period), 1);
    }
    return Status::Ok();
  }

  StatusOr<model::Profile> Finish() {
    // CheckValid, in pprof's order.
    for (const std::string* err : {&sample_err_, &mapping_err_, &function_err_, &location_err_}) {
      if (!err->empty()) return CorruptError("validating: malformed profile: " + *err);
    }
    if (p_.mappings.empty()) AddPlaceholderMapping();
    FlushAnomalies();
    return std::move(p_);
  }

 private:
  Status Strings() {
    auto* table = pb_->mutable_string_table();
    if (table->empty()) {
      return CorruptError(
          "decoding: malformed profile format: the string table is empty (index 0 must be \"\")");
    }
    if (!table->Get(0).empty()) {
      std::string where = facts_.first_string_offset
                              ? fmt::format("offset {:#x}: ", *facts_.first_string_offset)
                              : std::string();
      return CorruptError("decoding: " + where + "string_table[0] must be ''");
    }
    p_.strings.reserve(table->size());
    uint64_t bad_utf8 = 0;
    for (std::string& s : *table) {
      if (!ValidUtf8(s)) ++bad_utf8;
      p_.strings.push_back(std::move(s));
    }
    if (bad_utf8) {
      AddAnomaly("invalid-utf8", "Some strings of the profile are not valid UTF-8.", bad_utf8);
    }
    return Status::Ok();
  }

  Status Str(int64_t index, const char* field, uint32_t* out) const {
    return CheckStringIndex(index, p_.strings.size(), field, out);
  }

  Status ValueType(const pprof::ValueType& vt, const char* what, model::ProfileValueType* out) {
    RETURN_IF_ERROR(Str(vt.type(), what, &out->type_str));
    return Str(vt.unit(), what, &out->unit_str);
  }

  Status Header() {
    p_.sample_types.resize(pb_->sample_type_size());
    for (int i = 0; i < pb_->sample_type_size(); ++i) {
      RETURN_IF_ERROR(ValueType(pb_->sample_type(i), "sample_type", &p_.sample_types[i]));
    }
    RETURN_IF_ERROR(Str(pb_->drop_frames(), "drop_frames", &p_.drop_frames_str));
    RETURN_IF_ERROR(Str(pb_->keep_frames(), "keep_frames", &p_.keep_frames_str));
    if (pb_->has_period_type()) {
      RETURN_IF_ERROR(ValueType(pb_->period_type(), "period_type", &p_.period_type));
    }
    p_.period = pb_->period();
    p_.time_nanos = pb_->time_nanos();
    p_.duration_nanos = pb_->duration_nanos();
    p_.comments.resize(pb_->comment_size());
    for (int i = 0; i < pb_->comment_size(); ++i) {
      RETURN_IF_ERROR(Str(pb_->comment(i), "comment", &p_.comments[i]));
    }
    RETURN_IF_ERROR(
        Str(pb_->default_sample_type(), "default_sample_type", &p_.default_sample_type_str));
    RETURN_IF_ERROR(Str(pb_->doc_url(), "doc_url", &p_.doc_url_str));
    return Status::Ok();
  }

  Status Mappings() {
    const int n = pb_->mapping_size();
    mapping_ids_ = IdIndex(n);
    p_.mappings.resize(n);
    for (int i = 0; i < n; ++i) {
      const pprof::Mapping& m = pb_->mapping(i);
      model::ProfileMapping& out = p_.mappings[i];
      out.id = m.id();
      out.memory_start = m.memory_start();
      out.memory_limit = m.memory_limit();
      out.file_offset = m.file_offset();
      RETURN_IF_ERROR(Str(m.filename(), "mapping.filename", &out.filename_str));
      RETURN_IF_ERROR(Str(m.build_id(), "mapping.build_id", &out.build_id_str));
      out.has_functions = m.has_functions();
      out.has_filenames = m.has_filenames();
      out.has_line_numbers = m.has_line_numbers();
      out.has_inline_frames = m.has_inline_frames();
      NoteIdError("mapping", "ID", m.id(), mapping_ids_.Insert(m.id(), i), &mapping_err_);
    }
    return Status::Ok();
  }

  Status Functions() {
    const int n = pb_->function_size();
    function_ids_ = IdIndex(n);
    p_.functions.resize(n);
    for (int i = 0; i < n; ++i) {
      const pprof::Function& f = pb_->function(i);
      model::ProfileFunction& out = p_.functions[i];
      out.id = f.id();
      RETURN_IF_ERROR(Str(f.name(), "function.name", &out.name_str));
      RETURN_IF_ERROR(Str(f.system_name(), "function.system_name", &out.system_name_str));
      RETURN_IF_ERROR(Str(f.filename(), "function.filename", &out.filename_str));
      out.start_line = f.start_line();
      NoteIdError("function", "ID", f.id(), function_ids_.Insert(f.id(), i), &function_err_);
    }
    return Status::Ok();
  }

  Status Locations() {
    const int n = pb_->location_size();
    location_ids_ = IdIndex(n);
    p_.locations.resize(n);
    size_t total_lines = 0;
    for (const auto& l : pb_->location()) total_lines += l.line_size();
    p_.lines.reserve(total_lines);
    uint64_t dangling = 0, empty = 0;
    for (int i = 0; i < n; ++i) {
      const pprof::Location& l = pb_->location(i);
      model::ProfileLocation& out = p_.locations[i];
      out.id = l.id();
      out.address = l.address();
      out.is_folded = l.is_folded();
      if (l.mapping_id() != 0) {
        out.mapping = mapping_ids_.Find(l.mapping_id());
        if (out.mapping == kNoIndex) ++dangling;
      }
      out.first_line = static_cast<uint32_t>(p_.lines.size());
      out.line_count = static_cast<uint32_t>(l.line_size());
      bool nil_function = false;
      for (const pprof::Line& line : l.line()) {
        uint32_t fn = line.function_id() == 0 ? kNoIndex : function_ids_.Find(line.function_id());
        if (fn == kNoIndex) {
          nil_function = true;
          fn = 0;
        }
        p_.lines.push_back({fn, line.line(), line.column()});
      }
      if (l.address() == 0 && l.line_size() == 0) ++empty;
      NoteIdError("location", "id", l.id(), location_ids_.Insert(l.id(), i), &location_err_);
      if (location_err_.empty() && nil_function) {
        location_err_ = fmt::format("location id: {} has a line with nil function", l.id());
      }
    }
    if (dangling) {
      AddAnomaly("dangling-mapping-id",
                 "Some locations name a mapping id that no mapping has; they are kept without a "
                 "mapping.",
                 dangling);
    }
    if (empty) {
      AddAnomaly("empty-location", "Some locations have neither an address nor source lines.",
                 empty);
    }
    return Status::Ok();
  }

  // pprof's driver gives a profile without mappings one placeholder mapping
  // (id 1, all zero) that every location points at; -raw shows it.
  void AddPlaceholderMapping() {
    model::ProfileMapping m;
    m.id = 1;
    p_.mappings.push_back(m);
    for (model::ProfileLocation& l : p_.locations) l.mapping = 0;
    AddAnomaly("no-mappings",
               "The profile has no mappings; a placeholder mapping (id 1) was added, as pprof "
               "does.",
               1);
  }

  void AddAnomaly(std::string id, std::string description, uint64_t count) {
    anomalies_.push_back({std::move(id), std::move(description), count, 0});
  }
  void FlushAnomalies() {
    for (auto& a : anomalies_) p_.anomalies.push_back(std::move(a));
  }

  Profile* pb_ = nullptr;  // during ConvertTables
  ConvertFacts facts_;
  model::Profile p_;
  IdIndex mapping_ids_, function_ids_, location_ids_;
  std::string sample_err_, mapping_err_, function_err_, location_err_;
  std::vector<model::Anomaly> anomalies_;
};

bool HasUnknownFields(const Profile& pb) {
  auto unknown = [](const google::protobuf::Message& m) {
    return !m.GetReflection()->GetUnknownFields(m).empty();
  };
  if (unknown(pb) || (pb.has_period_type() && unknown(pb.period_type()))) return true;
  for (const auto& m : pb.sample_type())
    if (unknown(m)) return true;
  for (const auto& m : pb.mapping())
    if (unknown(m)) return true;
  for (const auto& m : pb.function())
    if (unknown(m)) return true;
  for (const auto& l : pb.location()) {
    if (unknown(l)) return true;
    for (const auto& m : l.line())
      if (unknown(m)) return true;
  }
  for (const auto& s : pb.sample()) {
    if (unknown(s)) return true;
    for (const auto& m : s.label())
      if (unknown(m)) return true;
  }
  return false;
}

ProfileConverter::ProfileConverter(ConvertFacts facts) : impl_(std::make_unique<Impl>(facts)) {}
ProfileConverter::~ProfileConverter() = default;
Status ProfileConverter::ConvertTables(Profile& pb) { return impl_->ConvertTables(pb); }
Status ProfileConverter::ConvertSamples(std::string_view bytes, const WireScanResult& top) {
  return impl_->ConvertSamples(bytes, top);
}
StatusOr<model::Profile> ProfileConverter::Finish() { return impl_->Finish(); }

}  // namespace tracenote::pprof
