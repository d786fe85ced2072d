// A protobuf wire-level scanner that knows profile.proto's field table.
//
// The generated parser says only "parse failed", and it is more lenient than
// pprof's own decoder (it keeps a known field with a wrong wire type as an
// unknown field; pprof calls that a type mismatch). This scanner walks the
// bytes the way pprof's decoder does and reports WHERE and WHY the first
// problem is, as "offset 0x1a3: field 2 (sample): length 4000 runs past the
// end of the input". It also gathers the few facts the reader needs from the
// top level (where the first string is, whether time_nanos repeats).
#ifndef TRACENOTE_SRC_INGEST_PPROF_WIRE_SCAN_H_
#define TRACENOTE_SRC_INGEST_PPROF_WIRE_SCAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tracenote::pprof {

// What a scan found. `error` is empty when the bytes follow the wire rules.
struct WireScanResult {
  std::string error;           // "offset 0x..: field N (name): why"
  uint64_t error_offset = 0;   // byte offset of the problem
  bool concatenated = false;   // a second time_nanos after a non-zero one (pprof's rule)
  uint64_t concat_offset = 0;  // offset of that second time_nanos
  std::optional<uint64_t> first_string_offset;  // offset of the first string_table entry
  bool first_field_known = false;  // the first tag is a profile.proto field with its wire type
  uint64_t top_level_fields = 0;
  // Top-level `sample` fields: how many, their payload bytes in total, and
  // the byte ranges [begin, end) between them (everything else), in order.
  uint64_t sample_count = 0;
  uint64_t sample_bytes = 0;
  std::vector<std::pair<size_t, size_t>> non_sample_runs;
};

// Scans a serialized Profile. With `deep`, every sub-message (samples,
// locations, lines, labels, ...) and packed payload is checked too; without,
// only the top level is walked (cheap: one tag and one length per field).
WireScanResult ScanProfileWire(std::string_view bytes, bool deep);

}  // namespace tracenote::pprof

#endif  // TRACENOTE_SRC_INGEST_PPROF_WIRE_SCAN_H_
