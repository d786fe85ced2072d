// Test helpers that write pprof profiles (profile.proto), well formed or not.
//
// ProfileBuilder builds a profile with the generated message classes and
// interns strings (index 0 is ""), so a test writes only what it is about:
//
//   ProfileBuilder b;
//   b.SampleType("samples", "count").SampleType("cpu", "nanoseconds");
//   uint64_t f = b.AddFunction("main.work", "main.go");
//   uint64_t l = b.AddLocation(0x1000, {{f, 12}});
//   b.AddSample({l}, {1, 10000000});
//   std::string bytes = b.Serialize();  // or SerializeGzip()
//
// WireWriter writes protobuf wire format by hand, for inputs the generated
// classes cannot produce: bad varints, lengths past the end, wrong wire
// types, unpacked repeated scalars, fields in any order, negative int64s as
// 10-byte varints.
#ifndef TRACENOTE_TESTS_TOOLS_PPROF_TEST_WRITER_H_
#define TRACENOTE_TESTS_TOOLS_PPROF_TEST_WRITER_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "profile.pb.h"

namespace tracenote::pprof_test {

// gzip (RFC 1952) of `bytes`, as `gzip` would write it.
std::string Gzip(std::string_view bytes);

// A label for ProfileBuilder::AddSample: a string label (str non-empty) or a
// numeric one (num, optional unit).
struct TestLabel {
  std::string key;
  std::string str;
  int64_t num = 0;
  std::string num_unit;
};

class ProfileBuilder {
 public:
  ProfileBuilder();

  // The string-table index of `s`, adding it when new.
  int64_t Str(std::string_view s);

  ProfileBuilder& SampleType(std::string_view type, std::string_view unit);
  ProfileBuilder& PeriodType(std::string_view type, std::string_view unit, int64_t period);
  ProfileBuilder& DefaultSampleType(std::string_view type);
  ProfileBuilder& Comment(std::string_view text);
  ProfileBuilder& DropFrames(std::string_view regexp);
  ProfileBuilder& KeepFrames(std::string_view regexp);
  ProfileBuilder& TimeNanos(int64_t t);
  ProfileBuilder& DurationNanos(int64_t d);

  // Ids are assigned 1, 2, 3, ... per table unless `id` is given.
  uint64_t AddMapping(std::string_view file, uint64_t start = 0, uint64_t limit = 0,
                      uint64_t id = 0);
  uint64_t AddFunction(std::string_view name, std::string_view file = "", int64_t start_line = 0,
                       uint64_t id = 0, std::string_view system_name = {});
  // `lines`: (function id, line number), innermost first.
  uint64_t AddLocation(uint64_t address, std::vector<std::pair<uint64_t, int64_t>> lines,
                       uint64_t mapping_id = 0, uint64_t id = 0);
  // `locations`: leaf first.
  void AddSample(std::vector<uint64_t> locations, std::vector<int64_t> values,
                 std::vector<TestLabel> labels = {});

  // The message itself, for anything the helpers above do not cover.
  tracenote::pprof::Profile& proto() { return profile_; }

  std::string Serialize() const;
  std::string SerializeGzip() const { return Gzip(Serialize()); }

 private:
  tracenote::pprof::Profile profile_;
  std::map<std::string, int64_t, std::less<>> strings_;
  uint64_t next_mapping_ = 1, next_function_ = 1, next_location_ = 1;
};

// Hand-written protobuf wire format. Every method appends and returns *this.
class WireWriter {
 public:
  WireWriter& Varint(uint64_t v);  // a bare varint
  WireWriter& Tag(uint32_t field, uint32_t wire_type);
  // Field with wire type 0. int64 values are cast: negatives take 10 bytes.
  WireWriter& VarintField(uint32_t field, uint64_t v);
  WireWriter& Int64Field(uint32_t field, int64_t v) {
    return VarintField(field, static_cast<uint64_t>(v));
  }
  WireWriter& BytesField(uint32_t field, std::string_view bytes);  // wire type 2
  WireWriter& MessageField(uint32_t field, const WireWriter& message) {
    return BytesField(field, message.bytes());
  }
  // One length-delimited field holding the varints of `values` (packed).
  WireWriter& PackedField(uint32_t field, const std::vector<int64_t>& values);
  // One wire-type-0 field per value (unpacked).
  WireWriter& UnpackedField(uint32_t field, const std::vector<int64_t>& values);
  // A length-delimited field whose length claims `claimed` bytes but only
  // `payload` follows (a truncated input).
  WireWriter& LyingLengthField(uint32_t field, uint64_t claimed, std::string_view payload);
  WireWriter& Raw(std::string_view bytes);

  const std::string& bytes() const { return bytes_; }
  size_t size() const { return bytes_.size(); }

 private:
  std::string bytes_;
};

}  // namespace tracenote::pprof_test

#endif  // TRACENOTE_TESTS_TOOLS_PPROF_TEST_WRITER_H_
