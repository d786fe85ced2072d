#include "cli/output_file.h"

#include <cerrno>
#include <cstring>

namespace tracenote::cli {

OutputFile::~OutputFile() {
  if (owned_ && f_ != nullptr) std::fclose(f_);
}

Status OutputFile::Open(const std::string& path) {
  path_ = path;
  if (path == "-") {
    f_ = stdout;
    return Status::Ok();
  }
  f_ = std::fopen(path.c_str(), "wb");
  if (f_ == nullptr) {
    return Status(StatusCode::kIoError, path + ": cannot create: " + std::strerror(errno));
  }
  owned_ = true;
  return Status::Ok();
}

void OutputFile::Write(std::string_view s) {
  if (failed_ || s.empty()) return;
  if (std::fwrite(s.data(), 1, s.size(), f_) != s.size()) failed_ = true;
}

Status OutputFile::Close() {
  bool bad = failed_ || std::fflush(f_) != 0;
  if (owned_) {
    bad = std::fclose(f_) != 0 || bad;
    f_ = nullptr;
  }
  if (bad) return Status(StatusCode::kIoError, path_ + ": write failed");
  return Status::Ok();
}

}  // namespace tracenote::cli
