// make_hostile_inputs OUTDIR: writes the hostile inputs of hostile_inputs.h
// into OUTDIR (made if missing): hostile.v2.trace (Go 1.25 trace),
// hostile.v1.trace (Go 1.19 trace) and hostile.pb.gz (CPU profile). Prints the files written, one a
// line.
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include "hostile/hostile_inputs.h"

namespace {

bool WriteFile(const std::string& path, const void* data, size_t size) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    std::fprintf(stderr, "make_hostile_inputs: cannot write %s\n", path.c_str());
    return false;
  }
  bool ok = std::fwrite(data, 1, size, f) == size;
  ok = std::fclose(f) == 0 && ok;
  if (!ok) std::fprintf(stderr, "make_hostile_inputs: error writing %s\n", path.c_str());
  if (ok) std::printf("%s\n", path.c_str());
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_hostile_inputs OUTDIR\n");
    return 2;
  }
  std::string dir = argv[1];
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    std::fprintf(stderr, "make_hostile_inputs: cannot make %s: %s\n", dir.c_str(),
                 error.message().c_str());
    return 1;
  }
  auto trace = tracenote::hostile::HostileV2Trace();
  if (!trace.ok()) {
    std::fprintf(stderr, "make_hostile_inputs: %s\n", trace.status().message().c_str());
    return 1;
  }
  auto v1_trace = tracenote::hostile::HostileV1Trace();
  if (!v1_trace.ok()) {
    std::fprintf(stderr, "make_hostile_inputs: %s\n", v1_trace.status().message().c_str());
    return 1;
  }
  std::string profile = tracenote::hostile::HostileProfileGzip();
  bool ok = WriteFile(dir + "/hostile.v2.trace", trace->data(), trace->size()) &&
            WriteFile(dir + "/hostile.v1.trace", v1_trace->data(), v1_trace->size()) &&
            WriteFile(dir + "/hostile.pb.gz", profile.data(), profile.size());
  return ok ? 0 : 1;
}
