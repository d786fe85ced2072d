#include "ingest/pprof/wire_scan.h"

#include <fmt/format.h>

#include <span>

namespace tracenote::pprof {

namespace {

// The messages of profile.proto and, per message, how each field number is
// encoded. kNone = not a field of that message (skipped like pprof does).
enum class Msg { kProfile, kValueType, kSample, kLabel, kMapping, kLocation, kLine, kFunction };
enum class Kind { kNone, kVarint, kRepeatedVarint, kBytes, kMessage };

struct FieldInfo {
  Kind kind = Kind::kNone;
  const char* name = "";
  Msg sub = Msg::kProfile;  // for kMessage
};

constexpr FieldInfo Varint(const char* name) { return {Kind::kVarint, name}; }
constexpr FieldInfo Repeated(const char* name) { return {Kind::kRepeatedVarint, name}; }
constexpr FieldInfo Message(const char* name, Msg sub) { return {Kind::kMessage, name, sub}; }

// Each message's fields, indexed by field number (entry 0 is no field).
constexpr FieldInfo kProfileFields[] = {{},
                                        Message("sample_type", Msg::kValueType),
                                        Message("sample", Msg::kSample),
                                        Message("mapping", Msg::kMapping),
                                        Message("location", Msg::kLocation),
                                        Message("function", Msg::kFunction),
                                        {Kind::kBytes, "string_table"},
                                        Varint("drop_frames"),
                                        Varint("keep_frames"),
                                        Varint("time_nanos"),
                                        Varint("duration_nanos"),
                                        Message("period_type", Msg::kValueType),
                                        Varint("period"),
                                        Repeated("comment"),
                                        Varint("default_sample_type"),
                                        Varint("doc_url")};
constexpr FieldInfo kValueTypeFields[] = {{}, Varint("type"), Varint("unit")};
constexpr FieldInfo kSampleFields[] = {
    {}, Repeated("location_id"), Repeated("value"), Message("label", Msg::kLabel)};
constexpr FieldInfo kLabelFields[] = {
    {}, Varint("key"), Varint("str"), Varint("num"), Varint("num_unit")};
constexpr FieldInfo kMappingFields[] = {{},
                                        Varint("id"),
                                        Varint("memory_start"),
                                        Varint("memory_limit"),
                                        Varint("file_offset"),
                                        Varint("filename"),
                                        Varint("build_id"),
                                        Varint("has_functions"),
                                        Varint("has_filenames"),
                                        Varint("has_line_numbers"),
                                        Varint("has_inline_frames")};
constexpr FieldInfo kLocationFields[] = {{},
                                         Varint("id"),
                                         Varint("mapping_id"),
                                         Varint("address"),
                                         Message("line", Msg::kLine),
                                         Varint("is_folded")};
constexpr FieldInfo kLineFields[] = {{}, Varint("function_id"), Varint("line"), Varint("column")};
constexpr FieldInfo kFunctionFields[] = {{},
                                         Varint("id"),
                                         Varint("name"),
                                         Varint("system_name"),
                                         Varint("filename"),
                                         Varint("start_line")};
// In the order of Msg.
constexpr std::span<const FieldInfo> kFields[] = {kProfileFields, kValueTypeFields, kSampleFields,
                                                  kLabelFields,   kMappingFields,   kLocationFields,
                                                  kLineFields,    kFunctionFields};

FieldInfo Field(Msg msg, uint64_t number) {
  const std::span<const FieldInfo> fields = kFields[static_cast<int>(msg)];
  return number < fields.size() ? fields[number] : FieldInfo{};
}

// Reads a varint at data[*pos]; false when it is longer than 10 bytes or
// runs off the end (pprof: "bad varint").
bool ReadVarint(std::string_view data, size_t* pos, uint64_t* out) {
  uint64_t value = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (*pos >= data.size()) return false;
    const uint8_t byte = static_cast<uint8_t>(data[(*pos)++]);
    if (shift < 64) value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *out = value;
      return true;
    }
  }
  return false;
}

const char* WireTypeName(uint64_t type) {
  switch (type) {
    case 0:
      return "varint";
    case 1:
      return "fixed64";
    case 2:
      return "length-delimited";
    case 3:
      return "start-group";
    case 4:
      return "end-group";
    case 5:
      return "fixed32";
  }
  return "invalid";
}

class Scanner {
 public:
  Scanner(std::string_view all, bool deep, WireScanResult* result)
      : all_(all), deep_(deep), r_(result) {}

  // Where the last run of top-level non-sample fields begins.
  size_t run_start() const { return run_start_; }

  // Scans the message in all_[begin, end). `where` names the enclosing field
  // for messages ("sample", "location.line"); empty at the top level.
  bool Scan(size_t begin, size_t end, Msg msg, const std::string& where) {
    std::string_view data = all_.substr(0, end);
    size_t pos = begin;
    bool first = true;
    while (pos < end) {
      const size_t field_start = pos;
      uint64_t tag = 0;
      if (!ReadVarint(data, &pos, &tag)) {
        return Fail(field_start, fmt::format("{}bad varint in a field tag", Prefix(where)));
      }
      const uint64_t number = tag >> 3;
      const uint64_t wire = tag & 7;
      const FieldInfo info = Field(msg, number);
      auto label_of = [&] { return Label(where, number, info); };
      if (number == 0)
        return Fail(field_start, fmt::format("{}invalid field number 0", Prefix(where)));
      if (msg == Msg::kProfile && where.empty()) {
        ++r_->top_level_fields;
        if (first) r_->first_field_known = WireMatches(info, wire);
      }
      first = false;
      // pprof's decoder: known fields must have their wire type (repeated
      // scalars take varint or packed); unknown numbers are skipped.
      if (info.kind != Kind::kNone && !WireMatches(info, wire) && wire <= 5 && wire != 3 &&
          wire != 4) {
        return Fail(field_start, fmt::format("{}: type mismatch: {} encoding, expected {}",
                                             label_of(), WireTypeName(wire), Expected(info)));
      }
      switch (wire) {
        case 0: {
          uint64_t value = 0;
          if (!ReadVarint(data, &pos, &value))
            return Fail(field_start, label_of() + ": bad varint");
          if (msg == Msg::kProfile && where.empty() && number == 9) {
            if (seen_time_ && last_time_ != 0 && !r_->concatenated) {
              r_->concatenated = true;
              r_->concat_offset = field_start;
            }
            seen_time_ = true;
            last_time_ = value;
          }
          break;
        }
        case 1:
          if (end - pos < 8)
            return Fail(field_start,
                        label_of() + ": fixed64 value runs past the end (not enough data)");
          pos += 8;
          break;
        case 5:
          if (end - pos < 4)
            return Fail(field_start,
                        label_of() + ": fixed32 value runs past the end (not enough data)");
          pos += 4;
          break;
        case 2: {
          uint64_t length = 0;
          if (!ReadVarint(data, &pos, &length))
            return Fail(field_start, label_of() + ": bad varint in the length");
          if (length > end - pos) {
            return Fail(
                field_start,
                fmt::format("{}: length {} runs past the end of the {} ({} bytes left)", label_of(),
                            length, where.empty() ? "input" : "enclosing message", end - pos));
          }
          const size_t payload = pos;
          pos += length;
          if (msg == Msg::kProfile && where.empty()) {
            if (number == 6 && !r_->first_string_offset) r_->first_string_offset = field_start;
            if (number == 2) {
              ++r_->sample_count;
              r_->sample_bytes += length;
              if (run_start_ < field_start)
                r_->non_sample_runs.emplace_back(run_start_, field_start);
              run_start_ = pos;
            }
          }
          if (!deep_) break;
          if (info.kind == Kind::kMessage) {
            const std::string inner = where.empty() ? info.name : where + "." + info.name;
            if (!Scan(payload, pos, info.sub, inner)) return false;
          } else if (info.kind == Kind::kRepeatedVarint) {
            size_t p = payload;
            uint64_t ignored = 0;
            while (p < pos) {
              const size_t at = p;
              if (!ReadVarint(all_.substr(0, pos), &p, &ignored)) {
                return Fail(at, label_of() + ": bad varint in a packed value");
              }
            }
          }
          break;
        }
        default:
          return Fail(field_start, fmt::format("{}: unknown wire type {}", label_of(), wire));
      }
    }
    return true;
  }

 private:
  static bool WireMatches(const FieldInfo& info, uint64_t wire) {
    switch (info.kind) {
      case Kind::kNone:
        return false;
      case Kind::kVarint:
        return wire == 0;
      case Kind::kRepeatedVarint:
        return wire == 0 || wire == 2;
      case Kind::kBytes:
      case Kind::kMessage:
        return wire == 2;
    }
    return false;
  }
  static const char* Expected(const FieldInfo& info) {
    switch (info.kind) {
      case Kind::kVarint:
        return "varint";
      case Kind::kRepeatedVarint:
        return "varint or packed";
      default:
        return "length-delimited";
    }
  }
  static std::string Prefix(const std::string& where) {
    return where.empty() ? std::string() : "in " + where + ": ";
  }
  static std::string Label(const std::string& where, uint64_t number, const FieldInfo& info) {
    std::string s = Prefix(where) + fmt::format("field {}", number);
    if (info.kind != Kind::kNone) s += fmt::format(" ({})", info.name);
    return s;
  }
  bool Fail(size_t offset, std::string why) {
    r_->error_offset = offset;
    r_->error = fmt::format("offset {:#x}: {}", offset, why);
    return false;
  }

  std::string_view all_;
  bool deep_;
  WireScanResult* r_;
  bool seen_time_ = false;
  size_t run_start_ = 0;  // where the current run of non-sample fields began
  uint64_t last_time_ = 0;
};

}  // namespace

WireScanResult ScanProfileWire(std::string_view bytes, bool deep) {
  WireScanResult result;
  Scanner scanner(bytes, deep, &result);
  if (scanner.Scan(0, bytes.size(), Msg::kProfile, "") && scanner.run_start() < bytes.size()) {
    result.non_sample_runs.emplace_back(scanner.run_start(), bytes.size());
  }
  return result;
}

}  // namespace tracenote::pprof
