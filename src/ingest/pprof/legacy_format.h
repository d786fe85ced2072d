// Recognising pprof's legacy (pre-protobuf) profile formats by their headers.
//
// tracenote reads only profile.proto. pprof still accepts a family of older
// text and binary formats (format doc §12); for those we give a clear
// "unsupported legacy pprof format (<which>)" instead of a generic error.
// Recognition is by header only: the body is never parsed.
#ifndef TRACENOTE_SRC_INGEST_PPROF_LEGACY_FORMAT_H_
#define TRACENOTE_SRC_INGEST_PPROF_LEGACY_FORMAT_H_

#include <optional>
#include <string>
#include <string_view>

namespace tracenote::pprof {

// The name of the legacy format whose header `bytes` starts with (e.g.
// "heap profile text", "gperftools binary CPU profile"), or nullopt.
std::optional<std::string> DetectLegacyFormat(std::string_view bytes);

}  // namespace tracenote::pprof

#endif  // TRACENOTE_SRC_INGEST_PPROF_LEGACY_FORMAT_H_
