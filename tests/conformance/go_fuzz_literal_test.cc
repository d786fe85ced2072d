#include "tools/go_fuzz_literal.h"

#include <gtest/gtest.h>

#include <string>

namespace tracenote::conformance {
namespace {

using test_tools::DecodeGoFuzzFile;
using test_tools::DecodeGoStringLiteral;
using test_tools::IsGoFuzzFile;

std::string Decode(std::string_view literal) {
  auto r = DecodeGoStringLiteral(literal);
  EXPECT_TRUE(r.ok()) << literal << ": " << r.status().message();
  if (!r.ok()) return "<error>";
  return std::string(r.value().begin(), r.value().end());
}

bool Fails(std::string_view literal) { return !DecodeGoStringLiteral(literal).ok(); }

TEST(GoFuzzLiteralTest, PlainBytes) {
  EXPECT_EQ(Decode(R"("")"), "");
  EXPECT_EQ(Decode(R"("go 1.11 trace")"), "go 1.11 trace");
}

TEST(GoFuzzLiteralTest, HexEscapes) {
  EXPECT_EQ(Decode(R"("\x00\x01\xff\x7F")"), std::string("\x00\x01\xff\x7f", 4));
  EXPECT_EQ(Decode(R"("A\x41")"), "AA");
  EXPECT_TRUE(Fails(R"("\x4")"));
  EXPECT_TRUE(Fails(R"("\xZZ")"));
}

TEST(GoFuzzLiteralTest, SingleCharacterEscapes) {
  EXPECT_EQ(Decode(R"("\n")"), "\n");
  EXPECT_EQ(Decode(R"("a\"b")"), "a\"b");
  EXPECT_EQ(Decode(R"("\\")"), "\\");
  EXPECT_EQ(Decode(R"("\a\b\f\r\t\v")"), "\a\b\f\r\t\v");
  EXPECT_TRUE(Fails(R"("\q")"));
  EXPECT_TRUE(Fails(R"("\'")"));  // only valid in rune literals
  EXPECT_TRUE(Fails(R"("a"b")"));
  EXPECT_TRUE(Fails(R"("abc\")"));
}

TEST(GoFuzzLiteralTest, OctalEscapes) {
  EXPECT_EQ(Decode(R"("\000")"), std::string(1, '\0'));
  EXPECT_EQ(Decode(R"("\101\377")"), "A\xff");
  EXPECT_EQ(Decode(R"("\0011")"),
            "\x01"
            "1");
  EXPECT_TRUE(Fails(R"("\400")"));  // above 255
  EXPECT_TRUE(Fails(R"("\12")"));   // needs three digits
  EXPECT_TRUE(Fails(R"("\8")"));
}

TEST(GoFuzzLiteralTest, UnicodeEscapesBecomeUtf8) {
  EXPECT_EQ(Decode(R"("\u00e9")"), "\xc3\xa9");
  EXPECT_EQ(Decode(R"("\u0041")"), "A");
  EXPECT_EQ(Decode(R"("\u20AC")"), "\xe2\x82\xac");
  EXPECT_EQ(Decode(R"("\U0001F600")"), "\xf0\x9f\x98\x80");
  EXPECT_TRUE(Fails(R"("\u00e")"));
  EXPECT_TRUE(Fails(R"("\ud800")"));      // surrogate
  EXPECT_TRUE(Fails(R"("\U00110000")"));  // beyond Unicode
}

TEST(GoFuzzLiteralTest, LiteralUtf8PassesThrough) {
  EXPECT_EQ(Decode("\"\xcc\x93\""), "\xcc\x93");  // "̓" as it appears in corpus files
}

TEST(GoFuzzLiteralTest, RawLiterals) {
  EXPECT_EQ(Decode("`a\\x00b`"), "a\\x00b");
  EXPECT_EQ(Decode("`a\r\nb`"), "a\nb");
}

TEST(GoFuzzLiteralTest, RejectsNonLiterals) {
  EXPECT_TRUE(Fails(""));
  EXPECT_TRUE(Fails("\""));
  EXPECT_TRUE(Fails("abc"));
  EXPECT_TRUE(Fails("\"abc`"));
}

TEST(GoFuzzFileTest, DecodesOneByteSliceValue) {
  auto r = DecodeGoFuzzFile("go test fuzz v1\n[]byte(\"go 1.11 trace\\x00\\x00\\x00A\")\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(std::string(r.value().begin(), r.value().end()),
            std::string("go 1.11 trace\0\0\0A", 17));
}

TEST(GoFuzzFileTest, AcceptsCrlfAndNoFinalNewline) {
  auto r = DecodeGoFuzzFile("go test fuzz v1\r\n[]byte(\"\\n\")");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r.value(), std::vector<uint8_t>{'\n'});
}

TEST(GoFuzzFileTest, RejectsOtherFiles) {
  EXPECT_FALSE(IsGoFuzzFile("go 1.11 trace\0\0\0"));
  EXPECT_FALSE(DecodeGoFuzzFile("go test fuzz v1\n").ok());
  EXPECT_FALSE(DecodeGoFuzzFile("go test fuzz v1\nstring(\"x\")\n").ok());
  EXPECT_FALSE(DecodeGoFuzzFile("go test fuzz v2\n[]byte(\"x\")\n").ok());
}

}  // namespace
}  // namespace tracenote::conformance
