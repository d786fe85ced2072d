// FileBlob: the immutable bytes of one input file. Regular files are mapped
// read-only (no copy; the kernel pages them in as the readers walk them);
// pipes and other non-mappable inputs are read into memory. Decompressed data
// is also a FileBlob, built from a byte vector.
#ifndef TRACENOTE_SRC_BASE_FILE_BLOB_H_
#define TRACENOTE_SRC_BASE_FILE_BLOB_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace tracenote {

class FileBlob {
 public:
  ~FileBlob();
  FileBlob(const FileBlob&) = delete;
  FileBlob& operator=(const FileBlob&) = delete;

  // Maps or reads `path`. "-" reads standard input.
  static StatusOr<std::unique_ptr<FileBlob>> Open(const std::string& path);
  // Wraps bytes already in memory (tests, fuzzers, decompressed input).
  static std::unique_ptr<FileBlob> FromBytes(std::vector<uint8_t> bytes, std::string name);

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  const std::string& name() const { return name_; }
  std::string_view view() const {
    return std::string_view(reinterpret_cast<const char*>(data_), size_);
  }
  // Tells the kernel that bytes [begin, end) will not be read again soon, so
  // a mapped file's pages stop counting against this process (a streaming
  // reader calls it for what it has finished). The bytes stay readable:
  // touching them again pages them back in. No-op for in-memory blobs.
  void ReleasePages(size_t begin, size_t end) const;

 private:
  FileBlob() = default;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  void* mapping_ = nullptr;  // non-null when data_ is an mmap
  std::vector<uint8_t> owned_;
  std::string name_;
};

}  // namespace tracenote

#endif  // TRACENOTE_SRC_BASE_FILE_BLOB_H_
