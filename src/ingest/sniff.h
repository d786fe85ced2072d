// Recognising inputs by content, never by file name.
#ifndef TRACENOTE_SRC_INGEST_SNIFF_H_
#define TRACENOTE_SRC_INGEST_SNIFF_H_

#include <string>
#include <string_view>

namespace tracenote {

enum class InputKind {
  kUnknown,
  kGzip,          // any gzip stream: inflate, then sniff again
  kGoTraceV1,     // "go 1.5 trace" .. "go 1.21 trace"
  kGoTraceV2,     // "go 1.22 trace" and later
  kGoTraceOther,  // a "go 1.N trace" header of a version no Go wrote
  kPprof,         // an uncompressed profile.proto (see LooksLikeProfile)
};

InputKind SniffInput(std::string_view bytes);
// True when `bytes` begin like an uncompressed profile.proto: the first field
// is a Profile field with the wire type that field uses, and the first few
// top-level fields are well-formed protobuf (tags, lengths within the input).
// A Go trace ("go 1.N trace": 'g' is field 12 with wire type 7) never passes.
bool LooksLikeProfile(std::string_view bytes);
const char* InputKindName(InputKind kind);
// A short printable description of the first bytes, for "not a trace" errors.
std::string DescribeLeadingBytes(std::string_view bytes);

}  // namespace tracenote

#endif  // TRACENOTE_SRC_INGEST_SNIFF_H_
