#include "base/file_blob.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tracenote {

FileBlob::~FileBlob() {
  if (mapping_ != nullptr) munmap(mapping_, size_);
}

void FileBlob::ReleasePages(size_t begin, size_t end) const {
  if (mapping_ == nullptr || end > size_ || begin >= end) return;
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  const size_t first = (begin + page - 1) / page * page;  // whole pages only
  const size_t last = end / page * page;
  if (first >= last) return;
  madvise(static_cast<uint8_t*>(mapping_) + first, last - first, MADV_DONTNEED);
}

std::unique_ptr<FileBlob> FileBlob::FromBytes(std::vector<uint8_t> bytes, std::string name) {
  std::unique_ptr<FileBlob> blob(new FileBlob());
  blob->owned_ = std::move(bytes);
  blob->data_ = blob->owned_.data();
  blob->size_ = blob->owned_.size();
  blob->name_ = std::move(name);
  return blob;
}

namespace {

Status ErrnoStatus(const std::string& path, const char* what) {
  int err = errno;
  StatusCode code = err == ENOENT ? StatusCode::kNotFound : StatusCode::kIoError;
  return Status(code, path + ": " + what + ": " + std::strerror(err));
}

// Reads everything from fd (for pipes and files that cannot be mapped).
Status ReadAll(int fd, const std::string& path, std::vector<uint8_t>* out) {
  uint8_t buf[1 << 16];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(path, "read");
    }
    if (n == 0) return Status::Ok();
    out->insert(out->end(), buf, buf + n);
  }
}

}  // namespace

StatusOr<std::unique_ptr<FileBlob>> FileBlob::Open(const std::string& path) {
  if (path == "-") {
    std::vector<uint8_t> bytes;
    RETURN_IF_ERROR(ReadAll(STDIN_FILENO, "<stdin>", &bytes));
    return FromBytes(std::move(bytes), "<stdin>");
  }
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(path, "open");
  struct stat st;
  if (fstat(fd, &st) != 0) {
    Status s = ErrnoStatus(path, "stat");
    close(fd);
    return s;
  }
  if (S_ISDIR(st.st_mode)) {
    close(fd);
    return Status(StatusCode::kInvalidArgument, path + ": is a directory");
  }
  std::unique_ptr<FileBlob> blob(new FileBlob());
  blob->name_ = path;
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    void* m = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (m != MAP_FAILED) {
      madvise(m, static_cast<size_t>(st.st_size), MADV_SEQUENTIAL);
      blob->mapping_ = m;
      blob->data_ = static_cast<const uint8_t*>(m);
      blob->size_ = static_cast<size_t>(st.st_size);
      close(fd);
      return blob;
    }
  }
  Status s = ReadAll(fd, path, &blob->owned_);
  close(fd);
  RETURN_IF_ERROR(s);
  blob->data_ = blob->owned_.data();
  blob->size_ = blob->owned_.size();
  return blob;
}

}  // namespace tracenote
