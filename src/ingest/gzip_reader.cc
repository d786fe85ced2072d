#include "ingest/gzip_reader.h"

#include <fmt/format.h>
#include <zlib.h>

#include <vector>

namespace tracenote {

StatusOr<std::unique_ptr<FileBlob>> InflateGzip(const FileBlob& input, uint64_t max_bytes) {
  z_stream zs{};
  // 16 + MAX_WBITS: expect a gzip header; concatenated members are handled below.
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
    return Status(StatusCode::kInternal, "gzip: cannot initialise zlib");
  }
  std::vector<uint8_t> out;
  out.reserve(std::min<uint64_t>(input.size() * 4, 64u << 20));
  zs.next_in = const_cast<Bytef*>(input.data());
  zs.avail_in = static_cast<uInt>(std::min<size_t>(input.size(), UINT32_MAX));
  size_t fed = zs.avail_in;
  uint8_t buf[1 << 16];
  int rc = Z_OK;
  for (;;) {
    zs.next_out = buf;
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    const size_t produced = sizeof buf - zs.avail_out;
    if (out.size() + produced > max_bytes) {
      inflateEnd(&zs);
      return CorruptError(fmt::format("gzip: inflated data exceeds {} bytes", max_bytes));
    }
    out.insert(out.end(), buf, buf + produced);
    if (zs.avail_in == 0 && fed < input.size()) {
      const size_t more = std::min<size_t>(input.size() - fed, UINT32_MAX);
      zs.next_in = const_cast<Bytef*>(input.data() + fed);
      zs.avail_in = static_cast<uInt>(more);
      fed += more;
    }
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) break;
      inflateReset(&zs);  // another gzip member follows
      continue;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
      inflateEnd(&zs);
      return CorruptError(fmt::format("gzip: offset {:#x}: compressed data is truncated",
                                      static_cast<uint64_t>(zs.total_in)));
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      uint64_t at = zs.total_in;
      std::string why = zs.msg ? zs.msg : "corrupt data";
      inflateEnd(&zs);
      return CorruptError(fmt::format("gzip: offset {:#x}: {}", at, why));
    }
  }
  inflateEnd(&zs);
  return FileBlob::FromBytes(std::move(out), input.name());
}

}  // namespace tracenote
