// ByteReader: a bounds-checked cursor over an immutable byte span, with the
// unsigned LEB128 ("uvarint") decoding both Go trace formats use.
//
// Non-minimal encodings are legal (the Go runtime pads reserved length fields
// to 10 bytes), so the decoder accepts them; it rejects encodings longer than
// 10 bytes and values that overflow 64 bits.
#ifndef TRACENOTE_SRC_BASE_BYTE_READER_H_
#define TRACENOTE_SRC_BASE_BYTE_READER_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tracenote {

enum class VarintResult { kOk, kTruncated, kOverflow };

// Decodes a uvarint at data[*pos], advancing *pos. On failure *pos is left
// where the varint started.
inline VarintResult DecodeUvarint(const uint8_t* data, size_t size, size_t* pos, uint64_t* out) {
  uint64_t value = 0;
  size_t p = *pos;
  for (int i = 0; i < 10; ++i) {
    if (p >= size) return VarintResult::kTruncated;
    uint8_t b = data[p++];
    if (i == 9 && b > 1) return VarintResult::kOverflow;
    value |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) {
      *pos = p;
      *out = value;
      return VarintResult::kOk;
    }
  }
  return VarintResult::kOverflow;
}

// A cursor over [data, data+size). All reads are checked; the caller decides
// how to report failure (it knows the stage and the record being read).
class ByteReader {
 public:
  ByteReader(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  size_t offset() const { return pos_; }
  size_t size() const { return size_; }
  size_t remaining() const { return size_ - pos_; }
  bool at_end() const { return pos_ >= size_; }
  void Seek(size_t pos) { pos_ = pos <= size_ ? pos : size_; }
  const uint8_t* data() const { return data_; }

  bool ReadByte(uint8_t* out) {
    if (pos_ >= size_) return false;
    *out = data_[pos_++];
    return true;
  }
  VarintResult ReadUvarint(uint64_t* out) { return DecodeUvarint(data_, size_, &pos_, out); }
  // A view of the next n bytes; false (nothing consumed) if fewer remain.
  bool ReadBytes(uint64_t n, std::string_view* out) {
    if (n > remaining()) return false;
    *out = std::string_view(reinterpret_cast<const char*>(data_ + pos_), n);
    pos_ += n;
    return true;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace tracenote

#endif  // TRACENOTE_SRC_BASE_BYTE_READER_H_
