#include "batch/input_listing.h"

#include <xxhash.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "ingest/sniff.h"

namespace tracenote::batch {

namespace {

namespace fs = std::filesystem;

constexpr size_t kSniffBytes = 64 * 1024;

std::string ReadHead(const std::string& path) {
  std::string out;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (f == nullptr) return out;
  out.resize(kSniffBytes);
  out.resize(std::fread(out.data(), 1, out.size(), f.get()));
  return out;
}

// Inflates the beginning of a gzip stream into at most kSniffBytes; false
// when not even that much (or the whole of a shorter stream) inflates.
bool InflateHead(const std::string& gz, std::string* out) {
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return false;
  out->resize(kSniffBytes);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  z.avail_in = static_cast<uInt>(gz.size());
  z.next_out = reinterpret_cast<Bytef*>(out->data());
  z.avail_out = static_cast<uInt>(out->size());
  const int rc = inflate(&z, Z_SYNC_FLUSH);
  out->resize(out->size() - z.avail_out);
  inflateEnd(&z);
  return (rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR) && !out->empty();
}

Recognition FromKind(InputKind kind) {
  switch (kind) {
    case InputKind::kGoTraceV1:
    case InputKind::kGoTraceV2:
    case InputKind::kGoTraceOther:
      return Recognition::kTrace;
    case InputKind::kPprof:
      return Recognition::kProfile;
    default:
      return Recognition::kOther;
  }
}

void AddFile(const fs::path& p, std::vector<ListedInput>* out, int* not_inputs) {
  if (RecognizeFile(p.string()) == Recognition::kOther) {
    ++*not_inputs;
    return;
  }
  std::error_code ec;
  const auto size = fs::file_size(p, ec);
  out->push_back({p.generic_string(), ec ? 0 : static_cast<int64_t>(size)});
}

}  // namespace

Recognition RecognizeFile(const std::string& path) {
  const std::string head = ReadHead(path);
  const InputKind kind = SniffInput(head);
  if (kind != InputKind::kGzip) return FromKind(kind);
  std::string inner;
  if (!InflateHead(head, &inner)) return Recognition::kBrokenGzip;
  const InputKind inner_kind = SniffInput(inner);
  // gzip inside gzip is refused by the readers, with a clear error: an input.
  return inner_kind == InputKind::kGzip ? Recognition::kBrokenGzip : FromKind(inner_kind);
}

StatusOr<std::vector<ListedInput>> ListInputs(const std::vector<std::string>& arguments,
                                              const std::string& exclude, int* not_inputs) {
  std::vector<ListedInput> out;
  *not_inputs = 0;
  std::error_code ec;
  const fs::path excluded = exclude.empty() ? fs::path() : fs::path(exclude);
  const bool have_exclude = !exclude.empty() && fs::exists(excluded, ec);
  for (const std::string& arg : arguments) {
    const fs::path root(arg);
    if (fs::is_regular_file(root, ec)) {
      AddFile(root, &out, not_inputs);
      continue;
    }
    if (!fs::is_directory(root, ec)) {
      return Status(StatusCode::kNotFound, arg + ": no such file or folder");
    }
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    if (ec) return Status(StatusCode::kIoError, arg + ": cannot list: " + ec.message());
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) return Status(StatusCode::kIoError, arg + ": cannot list: " + ec.message());
      const fs::directory_entry& entry = *it;
      if (entry.is_symlink(ec)) {
        if (entry.is_directory(ec)) it.disable_recursion_pending();
        if (!entry.is_regular_file(ec)) continue;
      }
      if (entry.is_directory(ec)) {
        if (have_exclude && fs::equivalent(entry.path(), excluded, ec)) {
          it.disable_recursion_pending();
        }
        continue;
      }
      if (entry.is_regular_file(ec)) AddFile(entry.path(), &out, not_inputs);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const ListedInput& a, const ListedInput& b) { return a.path < b.path; });
  out.erase(
      std::unique(out.begin(), out.end(),
                  [](const ListedInput& a, const ListedInput& b) { return a.path == b.path; }),
      out.end());
  return out;
}

StatusOr<Shard> ParseShard(const std::string& text) {
  const size_t slash = text.find('/');
  Shard s;
  auto parse = [](std::string_view v, uint32_t* n) {
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), *n);
    return ec == std::errc() && end == v.data() + v.size();
  };
  if (slash == std::string::npos || !parse(std::string_view(text).substr(0, slash), &s.index) ||
      !parse(std::string_view(text).substr(slash + 1), &s.count) || s.count == 0 ||
      s.count > 1000000 || s.index == 0 || s.index > s.count) {
    return Status(StatusCode::kInvalidArgument,
                  "--shard " + text + ": expected K/N with 1 <= K <= N, e.g. 3/8");
  }
  return s;
}

bool InShard(const std::string& path, const Shard& shard) {
  return XXH3_64bits(path.data(), path.size()) % shard.count == shard.index - 1;
}

std::string SlugFor(const std::string& path) {
  constexpr size_t kMaxName = 64;
  std::string name;
  for (char c : path) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '-' || c == '_';
    const char out = keep ? c : '_';
    if (out == '_' && !name.empty() && name.back() == '_') continue;
    name.push_back(out);
  }
  // The end of a path says more than its start (the folders of an archive).
  if (name.size() > kMaxName) name.erase(0, name.size() - kMaxName);
  while (!name.empty() && (name.front() == '.' || name.front() == '_')) name.erase(0, 1);
  if (name.empty()) name = "input";
  char hash[24];
  std::snprintf(
      hash, sizeof hash, "-%012llx",
      static_cast<unsigned long long>(XXH3_64bits(path.data(), path.size()) & 0xffffffffffffULL));
  return name + hash;
}

StatusOr<std::string> HashFile(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (f == nullptr) return Status(StatusCode::kIoError, path + ": cannot open");
  std::unique_ptr<XXH3_state_t, XXH_errorcode (*)(XXH3_state_t*)> state(XXH3_createState(),
                                                                        &XXH3_freeState);
  XXH3_128bits_reset(state.get());
  std::vector<char> buf(1 << 20);
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0) {
    XXH3_128bits_update(state.get(), buf.data(), n);
  }
  if (std::ferror(f.get())) return Status(StatusCode::kIoError, path + ": read failed");
  const XXH128_hash_t h = XXH3_128bits_digest(state.get());
  char hex[64];
  std::snprintf(hex, sizeof hex, "xxh3-128:%016llx%016llx",
                static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return std::string(hex);
}

}  // namespace tracenote::batch
