#include "ingest/sniff.h"

#include <fmt/format.h>

#include <cstdint>

#include "base/byte_reader.h"
#include "ingest/trace_v1/v1_event_spec.h"
#include "ingest/trace_v1/v1_tokenizer.h"

namespace tracenote {

InputKind SniffInput(std::string_view b) {
  if (b.size() >= 2 && static_cast<uint8_t>(b[0]) == 0x1f && static_cast<uint8_t>(b[1]) == 0x8b) {
    return InputKind::kGzip;
  }
  const int version = trace_v1::ParseTraceHeader(b);
  if (version >= 0) {
    if (trace_v1::IsKnownV1Version(version)) return InputKind::kGoTraceV1;
    if (version == 1022 || version == 1023 || version == 1025 || version == 1026) {
      return InputKind::kGoTraceV2;
    }
    return InputKind::kGoTraceOther;
  }
  if (LooksLikeProfile(b)) return InputKind::kPprof;
  return InputKind::kUnknown;
}

namespace {

bool ReadVarint(std::string_view b, size_t* pos, uint64_t* out) {
  return DecodeUvarint(reinterpret_cast<const uint8_t*>(b.data()), b.size(), pos, out) ==
         VarintResult::kOk;
}

// Wire type of each profile.proto Profile field (1-15): 2 for messages,
// strings and packed comments, 0 for scalars.
int ProfileFieldWireType(uint64_t field) {
  switch (field) {
    case 1:
    case 2:
    case 3:
    case 4:
    case 5:
    case 6:
    case 11:
      return 2;
    case 7:
    case 8:
    case 9:
    case 10:
    case 12:
    case 13:
    case 14:
    case 15:
      return 0;
  }
  return -1;
}

}  // namespace

bool LooksLikeProfile(std::string_view b) {
  // Go's writer starts with time_nanos or sample_type, pprof's with
  // sample_type; any Profile field is accepted first, then up to 8 fields
  // must parse.
  size_t pos = 0;
  for (int i = 0; i < 8 && pos < b.size(); ++i) {
    uint64_t tag = 0;
    if (!ReadVarint(b, &pos, &tag)) return false;
    const uint64_t field = tag >> 3;
    const int wire = static_cast<int>(tag & 7);
    if (field == 0) return false;
    if (i == 0) {
      const int want = ProfileFieldWireType(field);
      if (want < 0) return false;
      if (wire != want && !(field == 13 && wire == 2)) return false;
    }
    uint64_t v = 0;
    switch (wire) {
      case 0:
        if (!ReadVarint(b, &pos, &v)) return false;
        break;
      case 1:
        if (b.size() - pos < 8) return false;
        pos += 8;
        break;
      case 5:
        if (b.size() - pos < 4) return false;
        pos += 4;
        break;
      case 2:
        if (!ReadVarint(b, &pos, &v) || v > b.size() - pos) return false;
        pos += v;
        break;
      default:
        return false;
    }
  }
  return pos > 0;
}

const char* InputKindName(InputKind kind) {
  switch (kind) {
    case InputKind::kUnknown:
      return "unknown";
    case InputKind::kGzip:
      return "gzip";
    case InputKind::kGoTraceV1:
      return "Go execution trace (Go 1.5-1.21)";
    case InputKind::kGoTraceV2:
      return "Go execution trace (Go 1.22+)";
    case InputKind::kGoTraceOther:
      return "Go execution trace of an unknown version";
    case InputKind::kPprof:
      return "pprof profile";
  }
  return "?";
}

std::string DescribeLeadingBytes(std::string_view b) {
  std::string hex;
  for (size_t i = 0; i < b.size() && i < 8; ++i) {
    hex += fmt::format("{}{:02x}", i ? " " : "", static_cast<uint8_t>(b[i]));
  }
  return b.empty() ? "it is empty" : "it starts with bytes " + hex;
}

}  // namespace tracenote
