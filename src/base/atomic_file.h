// WriteFileAtomically: a file written whole or not at all. The bytes go to a
// temporary file beside `path` (same folder, so the same file system), which
// is then renamed over `path`: a reader, or a process killed mid-write,
// sees the old file or the complete new one, never a part. The temporary
// file is removed when anything fails. Errors name the file.
#ifndef TRACENOTE_SRC_BASE_ATOMIC_FILE_H_
#define TRACENOTE_SRC_BASE_ATOMIC_FILE_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace tracenote {

Status WriteFileAtomically(const std::string& path, std::string_view bytes);

}  // namespace tracenote

#endif  // TRACENOTE_SRC_BASE_ATOMIC_FILE_H_
