// Runs LLVMFuzzerTestOneInput over every file of a fuzz corpus, one test case
// per file. A crash or a sanitizer report fails the case; so does an input
// that takes more than 5 s, the fuzzer's -timeout.
//
// Built once per fuzz target (see CMakeLists.txt): the binary links one
// tests/fuzz/*_fuzzer.cc and gets, as compile definitions, the corpus
// directory TRACENOTE_FUZZ_CORPUS (relative to the source tree) and a tag
// TRACENOTE_FUZZ_TAG (V1, V2) that keeps test names distinct between the
// binaries: CorpusV2/FuzzReplayTest.RunsCleanly/seed_x, FuzzCorpusV2Test.HasSeeds.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

#ifndef TRACENOTE_FUZZ_CORPUS
#error "TRACENOTE_FUZZ_CORPUS must name the corpus directory"
#endif
#ifndef TRACENOTE_FUZZ_TAG
#error "TRACENOTE_FUZZ_TAG must be V1, V2, ..."
#endif
// Test names with the tag pasted in (one level of indirection so that the
// tag macro is expanded first).
#define TN_PASTE3(a, b, c) a##b##c
#define TN_NAME3(a, b, c) TN_PASTE3(a, b, c)
#define TN_INSTANTIATE(prefix, ...) INSTANTIATE_TEST_SUITE_P(prefix, __VA_ARGS__)
#define TN_TEST(suite, name) TEST(suite, name)

namespace {

namespace fs = std::filesystem;

constexpr double kMaxSecondsPerInput = 5.0;

fs::path CorpusDir() { return fs::path(TRACENOTE_SOURCE_DIR) / TRACENOTE_FUZZ_CORPUS; }

std::vector<std::string> CorpusFiles() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(CorpusDir(), ec)) {
    if (entry.is_regular_file()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string TestName(const testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

class FuzzReplayTest : public testing::TestWithParam<std::string> {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(FuzzReplayTest);

TEST_P(FuzzReplayTest, RunsCleanly) {
  const fs::path path = CorpusDir() / GetParam();
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "cannot read " << path;
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(LLVMFuzzerTestOneInput(bytes.data(), bytes.size()), 0);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LE(seconds, kMaxSecondsPerInput) << path;
}

TN_INSTANTIATE(TN_NAME3(Corpus, TRACENOTE_FUZZ_TAG, ), FuzzReplayTest,
               testing::ValuesIn(CorpusFiles()), TestName);

// The corpus is part of the source tree: it must be there and non-trivial.
TN_TEST(TN_NAME3(FuzzCorpus, TRACENOTE_FUZZ_TAG, Test), HasSeeds) {
  const std::vector<std::string> files = CorpusFiles();
  EXPECT_GE(files.size(), 20u) << CorpusDir();
  for (const std::string& f : files) {
    EXPECT_LE(fs::file_size(CorpusDir() / f), 4096u)
        << f << " (the fuzzer runs with -max_len=4096)";
  }
}

}  // namespace
