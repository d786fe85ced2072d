#include "ingest/pprof/pprof_reader.h"

#include <fmt/format.h>
#include <google/protobuf/arena.h>
#include <google/protobuf/io/coded_stream.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "base/file_blob.h"
#include "ingest/gzip_reader.h"
#include "ingest/pprof/convert.h"
#include "ingest/pprof/legacy_format.h"
#include "ingest/pprof/prune.h"
#include "ingest/pprof/wire_scan.h"
#include "ingest/sniff.h"
#include "profile.pb.h"

namespace tracenote::pprof {

namespace {

bool IsGzip(std::string_view b) {
  return b.size() >= 2 && static_cast<uint8_t>(b[0]) == 0x1f && static_cast<uint8_t>(b[1]) == 0x8b;
}

// True when the first bytes are all printable ASCII or white space: a text
// file, not a (binary) profile, even when its first bytes happen to form a
// valid protobuf tag ('h' is field 13 with wire type 0).
bool LooksLikeText(std::string_view b) {
  const size_t n = std::min<size_t>(b.size(), 32);
  for (size_t i = 0; i < n; ++i) {
    const uint8_t c = static_cast<uint8_t>(b[i]);
    if (!(c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7f))) return false;
  }
  return n > 0;
}

// Why bytes that did not decode as a profile were refused: a legacy pprof
// format, something else entirely, or a profile broken at a known offset.
Status DecodeFailure(std::string_view bytes, const WireScanResult& top) {
  if (auto legacy = DetectLegacyFormat(bytes)) {
    return Status(StatusCode::kUnsupported, "unsupported legacy pprof format (" + *legacy +
                                                "); only profile.proto profiles are read");
  }
  if (LooksLikeText(bytes)) {
    return Status(StatusCode::kNotATrace,
                  "not a pprof profile (profile.proto; this looks like text): " +
                      DescribeLeadingBytes(bytes));
  }
  if (!top.first_field_known) {
    return Status(StatusCode::kNotATrace,
                  "not a pprof profile (profile.proto): " + DescribeLeadingBytes(bytes));
  }
  WireScanResult deep = ScanProfileWire(bytes, /*deep=*/true);
  if (!deep.error.empty()) return CorruptError("decoding: " + deep.error);
  return CorruptError("decoding: the protobuf parser rejected the input");
}

// Decodes uncompressed profile.proto bytes. `holder`, when set, owns `bytes`
// and is released as soon as the samples are decoded.
StatusOr<model::Profile> DecodeProto(std::string_view bytes, std::unique_ptr<FileBlob> holder,
                                     const ReadOptions& options) {
  if (bytes.size() > kMaxProfileBytes) {
    return CorruptError(
        fmt::format("decoding: the profile is {} bytes, more than the 2 GiB limit", bytes.size()));
  }
  const WireScanResult top = ScanProfileWire(bytes, /*deep=*/false);
  if (!top.error.empty()) return DecodeFailure(bytes, top);
  if (top.concatenated) {
    return CorruptError(fmt::format(
        "decoding: offset {:#x}: concatenated profiles detected (a second non-zero time_nanos)",
        top.concat_offset));
  }

  // Phase 1: the generated parser reads everything but the samples (the
  // runs of top-level fields between them) into an arena.
  google::protobuf::ArenaOptions arena_options;
  arena_options.start_block_size = 64 << 10;
  arena_options.max_block_size = 8 << 20;
  auto arena = std::make_unique<google::protobuf::Arena>(arena_options);
  Profile* pb = google::protobuf::Arena::CreateMessage<Profile>(arena.get());
  for (const auto& [begin, end] : top.non_sample_runs) {
    google::protobuf::io::CodedInputStream in(
        reinterpret_cast<const uint8_t*>(bytes.data()) + begin, static_cast<int>(end - begin));
    if (!pb->MergePartialFromCodedStream(&in) || !in.ConsumedEntireMessage()) {
      return DecodeFailure(bytes, top);
    }
  }
  // Known fields with a wrong wire type land among the unknown fields; pprof
  // rejects them, and a wire error comes before any later check.
  if (HasUnknownFields(*pb)) {
    WireScanResult deep = ScanProfileWire(bytes, /*deep=*/true);
    if (!deep.error.empty()) return CorruptError("decoding: " + deep.error);
  }
  ConvertFacts facts;
  facts.first_string_offset = top.first_string_offset;
  ProfileConverter converter(facts);
  RETURN_IF_ERROR(converter.ConvertTables(*pb));
  arena.reset();
  // Phase 2: the samples, straight from the wire into the model; then the
  // bytes are no longer needed.
  RETURN_IF_ERROR(converter.ConvertSamples(bytes, top));
  holder.reset();
  auto converted = converter.Finish();
  if (!converted.ok()) return converted.status();
  model::Profile profile = std::move(converted).value();
  if (!options.all_frames) PruneFrames(&profile);
  return profile;
}

StatusOr<model::Profile> Read(std::string_view bytes, std::unique_ptr<FileBlob> holder,
                              const ReadOptions& options) {
  if (bytes.empty()) return CorruptError("empty input file");
  if (!IsGzip(bytes)) return DecodeProto(bytes, std::move(holder), options);
  if (!holder) {
    holder = FileBlob::FromBytes(std::vector<uint8_t>(bytes.begin(), bytes.end()), "input");
  }
  auto inflated = InflateGzip(*holder, kMaxProfileBytes);
  if (!inflated.ok()) {
    return Status(inflated.status().code(), "decompressing: " + inflated.status().message());
  }
  holder.reset();
  std::unique_ptr<FileBlob> plain = std::move(inflated).value();
  const std::string_view view = plain->view();
  if (view.empty()) return CorruptError("decompressing: the gzip stream holds no data");
  if (IsGzip(view)) {
    return CorruptError("decoding: the decompressed data is gzip again (nested gzip is not read)");
  }
  return DecodeProto(view, std::move(plain), options);
}

}  // namespace

StatusOr<model::Profile> ReadProfile(std::string_view bytes, std::string_view name,
                                     const ReadOptions& options) {
  auto result = Read(bytes, nullptr, options);
  if (!result.ok()) return result.status().WithPrefix("pprof: " + std::string(name));
  return result;
}

StatusOr<model::Profile> ReadProfileFile(const std::string& path, const ReadOptions& options) {
  auto blob = FileBlob::Open(path);
  if (!blob.ok()) return blob.status();
  std::unique_ptr<FileBlob> owned = std::move(blob).value();
  const std::string_view view = owned->view();
  auto result = Read(view, std::move(owned), options);
  if (!result.ok()) return result.status().WithPrefix("pprof: " + path);
  return result;
}

}  // namespace tracenote::pprof
