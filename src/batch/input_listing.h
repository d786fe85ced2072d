// The inputs of a batch: files and folders walked recursively, each file
// recognised by its content (an execution trace, a pprof profile, either one
// gzip-compressed), never by its name; and the names derived from an input
// (its slug, its shard) that must stay the same on every machine.
#ifndef TRACENOTE_SRC_BATCH_INPUT_LISTING_H_
#define TRACENOTE_SRC_BATCH_INPUT_LISTING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"

namespace tracenote::batch {

// What the first bytes of a file say it is.
enum class Recognition {
  kTrace,       // a Go execution trace header (any version, even one Go never wrote)
  kProfile,     // looks like profile.proto
  kBrokenGzip,  // a gzip stream that does not even inflate its first block
  kOther,       // none of these: not an input of the batch
};

// Reads at most the first 64 KiB (and inflates at most 64 KiB of a gzip
// stream) to tell. A read error is kOther: the worker reports it if asked.
Recognition RecognizeFile(const std::string& path);

struct ListedInput {
  std::string path;  // the argument, or argument + "/" + path inside the folder
  int64_t size = 0;
};

// The listing, sorted by path and without duplicates. Folders are walked
// recursively without following symbolic links to folders; entries that are
// not regular files are ignored, and so is everything under `exclude` (the
// batch's own output folder). Files recognised as kOther are counted in
// *not_inputs and left out. A missing argument is an error.
StatusOr<std::vector<ListedInput>> ListInputs(const std::vector<std::string>& arguments,
                                              const std::string& exclude, int* not_inputs);

// Parses "K/N" (1 <= K <= N <= 1e6).
struct Shard {
  uint32_t index = 1;  // K, 1-based
  uint32_t count = 1;  // N
};
StatusOr<Shard> ParseShard(const std::string& text);

// Whether `path` belongs to `shard`: a hash of the path modulo N, so an
// input stays in its shard when other files join or leave the archive.
bool InShard(const std::string& path, const Shard& shard);

// A folder name for an input's reports: the listed path with every character
// outside [A-Za-z0-9._-] replaced, shortened to at most 64 characters, never
// starting with '.', then "-" and 12 hex digits of a hash of the full path.
// Safe to join to the output folder whatever the input's name.
std::string SlugFor(const std::string& path);

// "xxh3-128:" + 32 hex digits of the file's bytes.
StatusOr<std::string> HashFile(const std::string& path);

}  // namespace tracenote::batch

#endif  // TRACENOTE_SRC_BATCH_INPUT_LISTING_H_
