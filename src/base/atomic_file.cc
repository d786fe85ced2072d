#include "base/atomic_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace tracenote {

Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  namespace fs = std::filesystem;
  // The process id keeps two writers of the same folder apart.
  const std::string temp = path + ".tmp-" + std::to_string(getpid());
  std::error_code ec;
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) {
      return Status(StatusCode::kIoError, temp + ": cannot create: " + std::strerror(errno));
    }
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      fs::remove(temp, ec);
      return Status(StatusCode::kIoError, path + ": write failed");
    }
  }
  fs::rename(temp, path, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove(temp, ec);
    return Status(StatusCode::kIoError, path + ": cannot write: " + why);
  }
  return Status::Ok();
}

}  // namespace tracenote
