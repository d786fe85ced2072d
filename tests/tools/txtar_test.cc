#include "tools/txtar.h"

#include <gtest/gtest.h>

#include <string>

#include "tools/v2_text_encoder.h"

namespace tracenote::test_tools {
namespace {

std::string ParseError(std::string_view archive) {
  auto r = ParseV2Txtar(archive);
  EXPECT_FALSE(r.ok());
  return r.ok() ? "" : r.status().message();
}

TEST(TxtarTest, SplitsCommentAndFiles) {
  const Txtar ar = ParseTxtar(
      "a comment\n"
      "-- one --\n"
      "line 1\n"
      "-- not a marker\n"
      "--  two  --\r\n"
      "-- --\n"
      "last line without newline");
  EXPECT_EQ(ar.comment, "a comment\n");
  ASSERT_EQ(ar.files.size(), 2u);
  EXPECT_EQ(ar.files[0].name, "one");
  EXPECT_EQ(ar.files[0].data, "line 1\n-- not a marker\n");
  EXPECT_EQ(ar.files[1].name, "two");
  EXPECT_EQ(ar.files[1].data, "-- --\nlast line without newline\n");
}

TEST(TxtarTest, TextWithoutMarkersIsAllComment) {
  const Txtar ar = ParseTxtar("Trace Go1.22\nEventBatch gen=1 m=0 time=0 size=0\n");
  EXPECT_TRUE(ar.files.empty());
  EXPECT_EQ(ar.comment, "Trace Go1.22\nEventBatch gen=1 m=0 time=0 size=0\n");
  EXPECT_TRUE(ParseTxtar("").files.empty());
}

TEST(TxtarTest, ReadsASuccessTest) {
  auto r = ParseV2Txtar("-- expect --\nSUCCESS\n-- trace --\nTrace Go1.22\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->expect_success);
  EXPECT_EQ(r->error_regexp, "");
  EXPECT_EQ(r->trace_text, "Trace Go1.22\n");
  EXPECT_TRUE(EncodeV2Text(r->trace_text).ok());
}

TEST(TxtarTest, ReadsAFailureTestAndUnquotesItsRegexp) {
  auto r = ParseV2Txtar(
      "-- expect --\n"
      "FAILURE \".*expected a proc but didn't have one.*\\\\d \\\"x\\\"\"\n"
      "-- trace --\n"
      "Trace Go1.22\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(r->expect_success);
  EXPECT_EQ(r->error_regexp, ".*expected a proc but didn't have one.*\\d \"x\"");
  auto raw = ParseV2Txtar("-- expect --\nFAILURE `a\\b`\n-- trace --\n");
  ASSERT_TRUE(raw.ok()) << raw.status().message();
  EXPECT_EQ(raw->error_regexp, "a\\b");
  EXPECT_EQ(raw->trace_text, "");
}

TEST(TxtarTest, RejectsMalformedTests) {
  EXPECT_EQ(ParseError("Trace Go1.22\n"),
            "v2 txtar: expected files 'expect' then 'trace', got none");
  EXPECT_EQ(ParseError("-- trace --\nx\n-- expect --\nSUCCESS\n"),
            "v2 txtar: expected files 'expect' then 'trace', got 'trace', 'expect'");
  EXPECT_EQ(ParseError("-- expect --\nSUCCESS\n-- trace --\n-- extra --\n"),
            "v2 txtar: expected files 'expect' then 'trace', got 'expect', 'trace', 'extra'");
  EXPECT_EQ(ParseError("-- expect --\n-- trace --\n"), "v2 txtar: the expect file is empty");
  EXPECT_EQ(ParseError("-- expect --\nMAYBE\n-- trace --\n"), "v2 txtar: bad expect line 'MAYBE'");
  EXPECT_EQ(ParseError("-- expect --\nFAILURE\n-- trace --\n"),
            "v2 txtar: FAILURE needs a quoted regexp: 'FAILURE'");
  EXPECT_EQ(ParseError("-- expect --\nFAILURE unquoted\n-- trace --\n")
                .rfind("v2 txtar: bad FAILURE regexp in 'FAILURE unquoted': ", 0),
            0u);
}

}  // namespace
}  // namespace tracenote::test_tools
