#include "l10n/embedded_files.h"

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace tracenote::l10n {
namespace {

std::string ReadSource(const std::string& path) {
  std::ifstream in(std::string(TRACENOTE_SOURCE_DIR) + "/" + path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(EmbeddedFilesTest, HoldsLocalesAndTemplatesByteForByte) {
  std::vector<std::string_view> paths = EmbeddedFilePaths();
  ASSERT_FALSE(paths.empty());
  for (const char* must :
       {"locales/en/report.json", "locales/ru/report.json", "templates/report.md.mustache",
        "templates/page.html.mustache", "templates/report.css"}) {
    EXPECT_TRUE(FindEmbeddedFile(must).has_value()) << must;
  }
  for (std::string_view path : paths) {
    EXPECT_EQ(EmbeddedFile(path), ReadSource(std::string(path))) << path;
  }
}

TEST(EmbeddedFilesTest, PathsAreSortedAndFilteredByPrefix) {
  std::vector<std::string_view> ru = EmbeddedFilePaths("locales/ru/");
  ASSERT_FALSE(ru.empty());
  EXPECT_TRUE(std::is_sorted(ru.begin(), ru.end()));
  for (std::string_view p : ru) EXPECT_EQ(p.substr(0, 11), "locales/ru/");
}

TEST(EmbeddedFilesTest, MissingFile) {
  EXPECT_FALSE(FindEmbeddedFile("templates/nope.md.mustache").has_value());
  EXPECT_EQ(EmbeddedFile("templates/nope.md.mustache"), "");
  EXPECT_FALSE(FindEmbeddedFile("").has_value());
}

}  // namespace
}  // namespace tracenote::l10n
