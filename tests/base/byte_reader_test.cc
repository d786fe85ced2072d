#include "base/byte_reader.h"

#include <gtest/gtest.h>

#include <vector>

namespace tracenote {
namespace {

TEST(ByteReaderTest, DecodesMinimalAndPaddedVarints) {
  // 300 minimally, and 5 padded to 10 bytes as the runtime writes sizes.
  std::vector<uint8_t> b = {0xac, 0x02, 0x85, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  ByteReader r(b.data(), b.size());
  uint64_t v = 0;
  ASSERT_EQ(r.ReadUvarint(&v), VarintResult::kOk);
  EXPECT_EQ(v, 300u);
  ASSERT_EQ(r.ReadUvarint(&v), VarintResult::kOk);
  EXPECT_EQ(v, 5u);
  EXPECT_TRUE(r.at_end());
}

TEST(ByteReaderTest, ReportsTruncationWithoutMoving) {
  std::vector<uint8_t> b = {0x80, 0x80};
  ByteReader r(b.data(), b.size());
  uint64_t v = 0;
  EXPECT_EQ(r.ReadUvarint(&v), VarintResult::kTruncated);
  EXPECT_EQ(r.offset(), 0u);
}

TEST(ByteReaderTest, RejectsOverflowPastTenBytes) {
  std::vector<uint8_t> eleven(10, 0xff);
  eleven.push_back(0x01);
  ByteReader r(eleven.data(), eleven.size());
  uint64_t v = 0;
  EXPECT_EQ(r.ReadUvarint(&v), VarintResult::kOverflow);
  std::vector<uint8_t> max = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
  ByteReader m(max.data(), max.size());
  ASSERT_EQ(m.ReadUvarint(&v), VarintResult::kOk);
  EXPECT_EQ(v, ~uint64_t{0});
  std::vector<uint8_t> over = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02};
  ByteReader o(over.data(), over.size());
  EXPECT_EQ(o.ReadUvarint(&v), VarintResult::kOverflow);
}

}  // namespace
}  // namespace tracenote
