// SourceReader: finds and caches the source files `list` annotates, the way
// pprof's sourceReader does (trim, then search each directory and its
// parents), plus an optional GOROOT fallback for standard-library names.
#ifndef TRACENOTE_SRC_PROFILE_SOURCE_LOOKUP_H_
#define TRACENOTE_SRC_PROFILE_SOURCE_LOOKUP_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tracenote::profile {

// One file's lines (index 0 unused) or the reason it could not be read.
struct SourceFile {
  bool found = false;
  bool from_goroot = false;  // found only by the GOROOT fallback
  std::string path;          // where it was read from
  std::string error;         // pprof's message when not found
  std::vector<std::string> lines;
};

// Contract: Get() never throws; results are cached per name. `search_path`
// is ':'-separated ("" = the current directory); `trim_path` as pprof's.
class SourceReader {
 public:
  SourceReader(std::string search_path, std::string trim_path, bool use_goroot);
  const SourceFile& Get(const std::string& name);

  // GOROOT candidates in the order they are tried: $GOROOT, /usr/lib/go,
  // /usr/local/go, then /usr/lib/go-* (newest name first); only existing ones.
  static std::vector<std::string> GorootCandidates();

 private:
  bool TryRead(const std::string& path, SourceFile* out);
  std::string search_path_;
  std::string trim_path_;
  bool use_goroot_;
  std::map<std::string, SourceFile> cache_;
  std::optional<std::vector<std::string>> goroots_;  // GorootCandidates(), on first use
};

}  // namespace tracenote::profile

#endif  // TRACENOTE_SRC_PROFILE_SOURCE_LOOKUP_H_
