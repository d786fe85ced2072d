// Opening an input file as a TraceSource: read it, sniff its content, inflate
// gzip and sniff again, and hand it to the reader of its format. Errors are
// prefixed with the file name.
#ifndef TRACENOTE_SRC_INGEST_OPEN_TRACE_H_
#define TRACENOTE_SRC_INGEST_OPEN_TRACE_H_

#include <memory>
#include <string>

#include "base/file_blob.h"
#include "base/status.h"
#include "ingest/trace_source.h"

namespace tracenote {

// Reads an input of any kind (trace or profile) once: the file's bytes, or,
// when they are gzip, the inflated bytes (gzip inside gzip is refused). The
// caller sniffs the result to choose a reader. Errors name the file.
StatusOr<std::unique_ptr<FileBlob>> ReadInputFile(const std::string& path);

StatusOr<std::unique_ptr<TraceSource>> OpenTraceFile(const std::string& path);
// The same for bytes already in memory (tests and fuzzers); `name` is used
// in messages.
StatusOr<std::unique_ptr<TraceSource>> OpenTraceBlob(std::unique_ptr<FileBlob> blob);

}  // namespace tracenote

#endif  // TRACENOTE_SRC_INGEST_OPEN_TRACE_H_
