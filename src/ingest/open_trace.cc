#include "ingest/open_trace.h"

#include "ingest/gzip_reader.h"
#include "ingest/sniff.h"
#include "ingest/trace_v1/v1_trace_source.h"
#include "ingest/trace_v2/v2_trace_source.h"

namespace tracenote {

namespace {

StatusOr<std::unique_ptr<TraceSource>> OpenSniffed(std::unique_ptr<FileBlob> blob, int depth) {
  switch (SniffInput(blob->view())) {
    case InputKind::kGzip: {
      if (depth > 0) return CorruptError("gzip inside gzip is not accepted");
      ASSIGN_OR_RETURN(std::unique_ptr<FileBlob> inflated, InflateGzip(*blob));
      return OpenSniffed(std::move(inflated), depth + 1);
    }
    case InputKind::kGoTraceV1: {
      ASSIGN_OR_RETURN(auto src, trace_v1::V1TraceSource::Open(std::move(blob)));
      return std::unique_ptr<TraceSource>(std::move(src));
    }
    case InputKind::kGoTraceV2: {
      ASSIGN_OR_RETURN(auto src, trace_v2::V2TraceSource::Open(std::move(blob)));
      return std::unique_ptr<TraceSource>(std::move(src));
    }
    case InputKind::kGoTraceOther:
      return Status(StatusCode::kUnsupported,
                    "a Go execution trace of a version no Go release wrote: \"" +
                        std::string(blob->view().substr(0, blob->view().substr(0, 16).find('\0'))) +
                        "\"");
    case InputKind::kPprof:
      return Status(StatusCode::kNotATrace,
                    "this looks like a pprof profile, not an execution trace");
    case InputKind::kUnknown:
      break;
  }
  return Status(StatusCode::kNotATrace,
                "not a Go execution trace: " + DescribeLeadingBytes(blob->view()));
}

}  // namespace

StatusOr<std::unique_ptr<TraceSource>> OpenTraceBlob(std::unique_ptr<FileBlob> blob) {
  std::string name = blob->name();
  auto result = OpenSniffed(std::move(blob), 0);
  if (!result.ok()) return result.status().WithPrefix(name);
  return result;
}

StatusOr<std::unique_ptr<FileBlob>> ReadInputFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<FileBlob> blob, FileBlob::Open(path));
  if (SniffInput(blob->view()) != InputKind::kGzip) return blob;
  const std::string name = blob->name();
  auto inflated = InflateGzip(*blob);
  if (!inflated.ok()) return inflated.status().WithPrefix(name);
  if (SniffInput((*inflated)->view()) == InputKind::kGzip) {
    return CorruptError("gzip inside gzip is not accepted").WithPrefix(name);
  }
  return inflated;
}

StatusOr<std::unique_ptr<TraceSource>> OpenTraceFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<FileBlob> blob, FileBlob::Open(path));
  return OpenTraceBlob(std::move(blob));
}

}  // namespace tracenote
