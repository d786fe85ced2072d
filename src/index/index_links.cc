#include "index/index_links.h"

#include <filesystem>
#include <system_error>

#include "batch/batch_record.h"

namespace tracenote::index {
namespace fs = std::filesystem;

namespace {

fs::path Absolute(const std::string& folder) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(folder.empty() ? "." : folder, ec), ec);
  if (ec) p = fs::absolute(folder.empty() ? "." : folder, ec).lexically_normal();
  return p;
}

}  // namespace

std::string RelativeTo(const std::string& out_dir, const std::string& results_folder,
                       const std::string& path) {
  if (!batch::SafeRelativePath(path)) return {};
  const fs::path out = Absolute(out_dir);
  const fs::path results = Absolute(results_folder);
  if (out == results) return path;
  fs::path rel = (results / path).lexically_relative(out);
  if (rel.empty()) return {};
  return rel.generic_string();
}

std::string PathToUrl(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string url;
  for (char c : path) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~' || c == '/') {
      url.push_back(c);
    } else {
      url.push_back('%');
      url.push_back(kHex[u >> 4]);
      url.push_back(kHex[u & 15]);
    }
  }
  return url;
}

}  // namespace tracenote::index
