#include "site/site_writer.h"

#include "base/atomic_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "batch/batch_record.h"

namespace tracenote::site {
namespace {

namespace fs = std::filesystem;

Status IoError(const std::string& path, const std::string& what) {
  return Status(StatusCode::kIoError, "site: " + path + ": " + what);
}

}  // namespace

StatusOr<std::string> SiteWriter::Prepare(const std::string& rel_path) {
  if (!batch::SafeRelativePath(rel_path)) {
    return InvalidArgumentError("site: refusing to write outside the site: " + rel_path);
  }
  // Create the root, then each folder of rel_path, refusing links on the
  // way: an existing symbolic link could point anywhere.
  std::error_code ec;
  fs::path dir = root_;
  fs::create_directories(dir, ec);
  if (ec) return IoError(root_, ec.message());
  fs::path rel(rel_path);
  for (auto it = rel.begin(); it != rel.end(); ++it) {
    if (std::next(it) == rel.end()) break;  // the file itself
    dir /= *it;
    fs::file_status st = fs::symlink_status(dir, ec);
    if (fs::is_symlink(st)) return IoError(dir.string(), "is a symbolic link; not following it");
    if (!fs::exists(st)) {
      fs::create_directory(dir, ec);
      if (ec) return IoError(dir.string(), ec.message());
    } else if (!fs::is_directory(st)) {
      return IoError(dir.string(), "exists and is not a folder");
    }
  }
  fs::path file = dir / rel.filename();
  if (fs::is_symlink(fs::symlink_status(file, ec))) {
    return IoError(file.string(), "is a symbolic link; not following it");
  }
  return file.string();
}

Status SiteWriter::Write(const std::string& rel_path, std::string_view bytes) {
  StatusOr<std::string> path = Prepare(rel_path);
  if (!path.ok()) return path.status();
  return WriteFileAtomically(*path, bytes).WithPrefix("site");
}

Status SiteWriter::Copy(const std::string& rel_path, const std::string& source) {
  StatusOr<std::string> bytes = ReadWholeFile(source);
  if (!bytes.ok()) return bytes.status();
  return Write(rel_path, *bytes);
}

StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return IoError(path, "not a regular file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(path, std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return IoError(path, "read error");
  return text.str();
}

}  // namespace tracenote::site
