// OutputFile: buffered writing to a file or standard output, with the error
// reported once at Close().
#ifndef TRACENOTE_SRC_CLI_OUTPUT_FILE_H_
#define TRACENOTE_SRC_CLI_OUTPUT_FILE_H_

#include <cstdio>
#include <string>
#include <string_view>

#include "base/status.h"

namespace tracenote::cli {

class OutputFile {
 public:
  ~OutputFile();
  // "-" is standard output.
  Status Open(const std::string& path);
  void Write(std::string_view s);
  Status Close();

 private:
  std::FILE* f_ = nullptr;
  std::string path_;
  bool owned_ = false;
  bool failed_ = false;
};

}  // namespace tracenote::cli

#endif  // TRACENOTE_SRC_CLI_OUTPUT_FILE_H_
