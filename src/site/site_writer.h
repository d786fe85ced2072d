// SiteWriter: the only way `tracenote site` puts bytes on disk. Every file
// goes under one output folder: the relative path must pass
// batch::SafeRelativePath, and no folder on the way may be a symbolic link
// (an existing link in the output could otherwise lead outside it). Each
// file is written to a temporary name beside it and renamed into place, so
// a reader never sees half a page.
#ifndef TRACENOTE_SRC_SITE_SITE_WRITER_H_
#define TRACENOTE_SRC_SITE_SITE_WRITER_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace tracenote::site {

// Where the pages of a site go. Write and Copy fail with a Status naming the
// file; nothing is written outside the root. An interface so that tests can
// collect the pages in memory.
class SiteSink {
 public:
  virtual ~SiteSink() = default;
  // Writes `bytes` as root/rel_path.
  virtual Status Write(const std::string& rel_path, std::string_view bytes) = 0;
  // Copies the file `source` (outside the site) to root/rel_path.
  virtual Status Copy(const std::string& rel_path, const std::string& source) = 0;
};

// A SiteSink on a folder, created when missing.
class SiteWriter : public SiteSink {
 public:
  explicit SiteWriter(std::string root) : root_(std::move(root)) {}
  Status Write(const std::string& rel_path, std::string_view bytes) override;
  Status Copy(const std::string& rel_path, const std::string& source) override;

 private:
  // Checks rel_path and creates its folders; returns root/rel_path.
  StatusOr<std::string> Prepare(const std::string& rel_path);

  std::string root_;
};

// The whole content of a file ("" and an error Status naming it when it
// cannot be read).
StatusOr<std::string> ReadWholeFile(const std::string& path);

}  // namespace tracenote::site

#endif  // TRACENOTE_SRC_SITE_SITE_WRITER_H_
