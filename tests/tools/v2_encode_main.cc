// tn-v2-encode TEXT_FILE: writes the binary trace that Go's text form in
// TEXT_FILE describes (tests/tools/v2_text_encoder.h) to standard output.
// The golden tests use it to keep readable v2 traces in the repository.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "tools/v2_text_encoder.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: tn-v2-encode TEXT_FILE > TRACE\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "tn-v2-encode: cannot read %s\n", argv[1]);
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto bytes = tracenote::test_tools::EncodeV2Text(text.str());
  if (!bytes.ok()) {
    std::fprintf(stderr, "tn-v2-encode: %s: %s\n", argv[1], bytes.status().message().c_str());
    return 1;
  }
  std::fwrite(bytes->data(), 1, bytes->size(), stdout);
  return 0;
}
