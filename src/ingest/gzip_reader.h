// Inflating gzip input (traces and profiles are often stored compressed).
// The output is capped so that a "zip bomb" is an error, not an allocation
// of unbounded size.
#ifndef TRACENOTE_SRC_INGEST_GZIP_READER_H_
#define TRACENOTE_SRC_INGEST_GZIP_READER_H_

#include <cstdint>
#include <memory>

#include "base/file_blob.h"
#include "base/status.h"

namespace tracenote {

inline constexpr uint64_t kMaxInflatedBytes = uint64_t{4} << 30;  // 4 GiB

StatusOr<std::unique_ptr<FileBlob>> InflateGzip(const FileBlob& input,
                                                uint64_t max_bytes = kMaxInflatedBytes);

}  // namespace tracenote

#endif  // TRACENOTE_SRC_INGEST_GZIP_READER_H_
