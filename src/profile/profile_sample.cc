// Choosing the value column, the report total, and source path cleaning.
#include <cstdlib>
#include <string>

#include "profile/profile_graph.h"
#include "profile/view_util.h"

namespace tracenote::profile {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string TypeList(const model::Profile& p) {
  std::string out = "[";
  for (size_t i = 0; i < p.sample_types.size(); ++i) {
    if (i > 0) out += " ";
    out += p.str(p.sample_types[i].type_str);
  }
  return out + "]";
}

bool ParseInt(std::string_view s, long long* out) {
  if (s.empty()) return false;
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i == s.size()) return false;
  for (size_t j = i; j < s.size(); ++j) {
    if (s[j] < '0' || s[j] > '9') return false;
  }
  *out = std::strtoll(std::string(s).c_str(), nullptr, 10);
  return true;
}

}  // namespace

StatusOr<Granularity> ParseGranularity(std::string_view name) {
  if (name == "functions") return Granularity::kFunctions;
  if (name == "filefunctions") return Granularity::kFileFunctions;
  if (name == "files") return Granularity::kFiles;
  if (name == "lines") return Granularity::kLines;
  if (name == "addresses") return Granularity::kAddresses;
  return InvalidArgumentError("unknown granularity \"" + std::string(name) +
                              "\" (want functions, filefunctions, files, lines or addresses)");
}

std::string_view GranularityName(Granularity g) {
  switch (g) {
    case Granularity::kFunctions:
      return "functions";
    case Granularity::kFileFunctions:
      return "filefunctions";
    case Granularity::kFiles:
      return "files";
    case Granularity::kLines:
      return "lines";
    case Granularity::kAddresses:
      return "addresses";
  }
  return "functions";
}

StatusOr<SampleSelection> SelectSample(const model::Profile& p, std::string_view sample_index,
                                       bool mean) {
  if (p.sample_types.empty()) {
    return InvalidArgumentError("profiles have empty common sample type list");
  }
  int index = -1;
  long long number = 0;
  if (sample_index.empty()) {
    index = p.DefaultSampleIndex();
  } else if (ParseInt(sample_index, &number)) {
    if (number < 0 || number >= static_cast<long long>(p.sample_types.size())) {
      return InvalidArgumentError("sample_index " + std::string(sample_index) +
                                  " is outside the range [0.." +
                                  std::to_string(p.sample_types.size() - 1) + "]");
    }
    index = static_cast<int>(number);
  } else {
    std::string_view no_inuse = sample_index;
    if (no_inuse.substr(0, 6) == "inuse_") no_inuse.remove_prefix(6);
    for (size_t i = 0; i < p.sample_types.size(); ++i) {
      std::string_view t = p.str(p.sample_types[i].type_str);
      if (t == sample_index || t == no_inuse) {
        index = static_cast<int>(i);
        break;
      }
    }
    if (index < 0) {
      return InvalidArgumentError("sample_index \"" + std::string(sample_index) +
                                  "\" must be one of: " + TypeList(p));
    }
  }
  SampleSelection s;
  s.index = index;
  s.type = std::string(p.str(p.sample_types[index].type_str));
  s.unit = Lower(p.str(p.sample_types[index].unit_str));
  if (mean) {
    s.mean_divisor_index = 0;
    s.type = "mean_" + s.type;
  }
  return s;
}

int64_t ComputeTotal(const model::Profile& p, const SampleSelection& sel) {
  // pprof::base=true marks the base samples of a -diff_base merge; when they
  // add up to something, only they count.
  int64_t total = 0, div = 0, diff_total = 0, diff_div = 0;
  for (size_t s = 0; s < p.sample_count(); ++s) {
    int64_t v = p.value(s, sel.index);
    int64_t d = sel.mean_divisor_index >= 0 ? p.value(s, sel.mean_divisor_index) : 0;
    if (v < 0) v = -v;
    total += v;
    div += d;
    for (const model::ProfileLabel& l : p.sample_labels(s)) {
      if (l.str_str != 0 && p.str(l.key_str) == "pprof::base" && p.str(l.str_str) == "true") {
        diff_total += v;
        diff_div += d;
        break;
      }
    }
  }
  if (diff_total > 0) {
    total = diff_total;
    div = diff_div;
  }
  return div != 0 ? total / div : total;
}

std::string CleanPath(std::string_view path) {
  if (path.empty()) return ".";
  bool rooted = path[0] == '/';
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view part = path.substr(i, j - i);
    i = j + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!rooted) {
        parts.push_back(part);
      }
      continue;
    }
    parts.push_back(part);
  }
  std::string out = rooted ? "/" : "";
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k > 0) out += "/";
    out += parts[k];
  }
  if (out.empty()) return ".";
  return out;
}

std::string TrimSourcePath(std::string_view path, std::string_view trim_path,
                           std::string_view search_path) {
  if (trim_path.empty()) {
    for (std::string_view dir : SplitList(search_path)) {
      std::string want = "/" + std::string(BaseName(dir)) + "/";
      size_t found = path.find(want);
      if (found != std::string_view::npos) return std::string(path.substr(found + want.size()));
    }
  }
  std::vector<std::string> prefixes;
  for (std::string_view t : SplitList(trim_path)) prefixes.emplace_back(t);
  prefixes.emplace_back("/proc/self/cwd/./");
  prefixes.emplace_back("/proc/self/cwd/");
  for (std::string& t : prefixes) {
    if (t.empty() || t.back() != '/') t += "/";
    if (path.substr(0, t.size()) == t) return std::string(path.substr(t.size()));
  }
  return std::string(path);
}

}  // namespace tracenote::profile
