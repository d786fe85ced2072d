// The pprof profile reader: profile.proto bytes (gzip-compressed or raw) in,
// a validated model::Profile out, following `go tool pprof`'s rules (format
// doc §1-§6): gzip decided by magic bytes, protobuf wire rules, string-table
// and CheckValid checks with pprof's messages, label classification, and
// drop_frames/keep_frames pruning.
//
// Errors name the input, the stage and, when known, the byte offset:
//   "pprof: cpu.pb.gz: decoding: offset 0x1a3: field 2 (sample): length 4000
//    runs past the end of the input (12 bytes left)"
// Stages: "decompressing", "decoding", "validating". Legacy text/binary
// pprof formats are recognised and refused (StatusCode::kUnsupported);
// inputs that are not profiles at all give StatusCode::kNotATrace.
#ifndef TRACENOTE_SRC_INGEST_PPROF_PPROF_READER_H_
#define TRACENOTE_SRC_INGEST_PPROF_PPROF_READER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "model/profile_model.h"

namespace tracenote::pprof {

struct ReadOptions {
  bool all_frames = false;  // all_frames: skip drop/keep_frames
};

// The largest profile (after decompression) we read: the protobuf parser's
// own limit is 2 GiB.
inline constexpr uint64_t kMaxProfileBytes = (uint64_t{2} << 30) - 1;

StatusOr<model::Profile> ReadProfile(std::string_view bytes, std::string_view name,
                                     const ReadOptions& options = {});  // gzip or raw
StatusOr<model::Profile> ReadProfileFile(const std::string& path, const ReadOptions& options = {});

}  // namespace tracenote::pprof

#endif  // TRACENOTE_SRC_INGEST_PPROF_PPROF_READER_H_
