// Source lookup for `list`. pprof's rules first (see profile_list.h), then
// GOROOT: "$GOROOT/src/x" and "x" (from -trimpath builds) map to
// <root>/src/x, and an absolute build-machine path ".../src/x" to <root>/src/x.
#include "profile/source_lookup.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "profile/profile_graph.h"
#include "profile/view_util.h"

namespace tracenote::profile {
namespace {

std::string Join(const std::string& dir, const std::string& name) {
  if (dir.empty()) return CleanPath(name);
  return CleanPath(dir + "/" + name);
}

std::string Dir(const std::string& path) {
  std::string c = CleanPath(path);
  size_t k = c.rfind('/');
  if (k == std::string::npos) return ".";
  if (k == 0) return "/";
  return c.substr(0, k);
}

bool IsDir(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

SourceReader::SourceReader(std::string search_path, std::string trim_path, bool use_goroot)
    : search_path_(std::move(search_path)),
      trim_path_(std::move(trim_path)),
      use_goroot_(use_goroot) {
  if (search_path_.empty()) {
    char buf[4096];
    if (getcwd(buf, sizeof(buf)) != nullptr) search_path_ = buf;
  }
}

std::vector<std::string> SourceReader::GorootCandidates() {
  std::vector<std::string> out;
  if (const char* env = std::getenv("GOROOT"); env != nullptr && *env != '\0') out.push_back(env);
  out.push_back("/usr/lib/go");
  out.push_back("/usr/local/go");
  std::vector<std::string> versioned;
  if (DIR* d = opendir("/usr/lib"); d != nullptr) {
    while (dirent* e = readdir(d)) {
      if (std::strncmp(e->d_name, "go-", 3) == 0)
        versioned.push_back(std::string("/usr/lib/") + e->d_name);
    }
    closedir(d);
  }
  std::sort(versioned.rbegin(), versioned.rend());
  out.insert(out.end(), versioned.begin(), versioned.end());
  std::vector<std::string> existing;
  for (const std::string& root : out) {
    if (IsDir(root + "/src") &&
        std::find(existing.begin(), existing.end(), root) == existing.end()) {
      existing.push_back(root);
    }
  }
  return existing;
}

// Only regular files are read: a profile may name a device or a FIFO
// ("/dev/zero"), which would never end or block on open.
bool SourceReader::TryRead(const std::string& path, SourceFile* out) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->found = true;
  out->path = path;
  out->lines.assign(1, "");
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') {
      // bufio.ScanLines drops one trailing \r.
      line.pop_back();
    }
    out->lines.push_back(line);
  }
  return true;
}

const SourceFile& SourceReader::Get(const std::string& name) {
  auto it = cache_.find(name);
  if (it != cache_.end()) return it->second;
  SourceFile file;
  std::string path = TrimSourcePath(name, trim_path_, search_path_);
  if (!path.empty() && path[0] == '/') {
    if (!TryRead(path, &file)) {
      // Go's message: "open <path>: <errno text in lower case>".
      struct stat st;
      std::string reason = "no such file or directory";
      if (stat(path.c_str(), &st) == 0) {
        reason = S_ISDIR(st.st_mode)   ? "is a directory"
                 : S_ISREG(st.st_mode) ? "permission denied"
                                       : "not a regular file";
      } else if (errno != ENOENT) {
        reason = std::strerror(errno);
        if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(reason[0]));
      }
      file.error = "open " + path + ": " + reason;
    }
  } else {
    for (std::string_view d : SplitList(search_path_)) {
      std::string dir(d);
      while (true) {
        if (TryRead(Join(dir, path), &file)) break;
        std::string parent = Dir(dir);
        if (parent == dir || dir.empty()) break;
        dir = parent;
      }
      if (file.found) break;
    }
    if (!file.found) {
      file.error = "could not find file " + path + " on path " + search_path_;
    }
  }
  if (!file.found && use_goroot_) {
    std::string rel;
    if (name.rfind("$GOROOT/src/", 0) == 0) {
      rel = name.substr(12);
    } else if (!name.empty() && name[0] != '/') {
      rel = name;
    } else if (size_t k = name.rfind("/src/"); k != std::string::npos) {
      rel = name.substr(k + 5);
    }
    if (!rel.empty()) {
      if (!goroots_.has_value()) goroots_ = GorootCandidates();
      for (const std::string& root : *goroots_) {
        SourceFile candidate;
        if (TryRead(Join(root + "/src", rel), &candidate)) {
          candidate.error = file.error;
          candidate.from_goroot = true;
          file = std::move(candidate);
          break;
        }
      }
    }
  }
  return cache_.emplace(name, std::move(file)).first->second;
}

}  // namespace tracenote::profile
