// ShortenText and the shortening of inline code: long values from inputs are
// cut with an ellipsis in human formats, at a code point boundary, after
// sanitizing (so invalid bytes count as one U+FFFD each).
#include <string>

#include <gtest/gtest.h>

#include "l10n/text_escape.h"

namespace tracenote::l10n {
namespace {

const std::string kEllipsis = "\xE2\x80\xA6";

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

TEST(ShortenTextTest, KeepsTextUpToTheLimit) {
  EXPECT_EQ(ShortenText("abc", 3), "abc");
  EXPECT_EQ(ShortenText("", 3), "");
  EXPECT_EQ(ShortenText(std::string(kMaxShownChars, 'x')), std::string(kMaxShownChars, 'x'));
}

TEST(ShortenTextTest, CutsLongerTextWithAnEllipsis) {
  EXPECT_EQ(ShortenText("abcd", 3), "ab" + kEllipsis);
  EXPECT_EQ(ShortenText("abcd", 1), kEllipsis);
  std::string cut = ShortenText(std::string(100 * 1024, 'y'));
  EXPECT_EQ(CodePoints(cut), kMaxShownChars);
  EXPECT_EQ(cut, std::string(kMaxShownChars - 1, 'y') + kEllipsis);
}

TEST(ShortenTextTest, CutsAtCodePointBoundaries) {
  // Cyrillic letters are two bytes each.
  EXPECT_EQ(ShortenText("яяяя", 3), "яя" + kEllipsis);
  EXPECT_EQ(ShortenText("яяя", 3), "яяя");
}

TEST(ShortenTextTest, SanitizesFirst) {
  EXPECT_EQ(ShortenText("\xff\xff\xff\xff", 3), "\xEF\xBF\xBD\xEF\xBF\xBD" + kEllipsis);
  // A control character becomes a visible escape, which counts as its text.
  EXPECT_EQ(ShortenText("\x1b[31m", 20), "\\x1b[31m");
  EXPECT_EQ(ShortenText("\x1b[31m", 3), "\\x" + kEllipsis);
}

TEST(ShortenTextTest, InlineCodeIsShortened) {
  std::string code = MarkdownCode(std::string(5000, 'x'));
  EXPECT_EQ(code, "`" + std::string(kMaxShownChars - 1, 'x') + kEllipsis + "`");
  // A backtick run cut by the limit still gets a longer fence.
  code = MarkdownCode(std::string(kMaxShownChars + 10, '`'));
  EXPECT_EQ(code.substr(0, kMaxShownChars), std::string(kMaxShownChars, '`'));
}

}  // namespace
}  // namespace tracenote::l10n
