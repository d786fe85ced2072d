#include "ingest/sniff.h"

#include <fmt/format.h>

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
  // profile.proto starts with field 1 (sample_type, length-delimited: 0x0a)
  // or, rarely, field 2 (sample: 0x12).
  if (!b.empty() && (b[0] == 0x0a || b[0] == 0x12)) return InputKind::kPprof;
  return InputKind::kUnknown;
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
