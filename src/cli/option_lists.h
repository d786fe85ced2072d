// Comma-separated option values ("--format md,html", "--lang en,ru") as a
// list: empty items dropped, repeats kept once, in the order given.
#ifndef TRACENOTE_SRC_CLI_OPTION_LISTS_H_
#define TRACENOTE_SRC_CLI_OPTION_LISTS_H_

#include <algorithm>
#include <string>
#include <vector>

namespace tracenote::cli {

inline std::vector<std::string> SplitCommaList(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    if (!item.empty() && std::find(out.begin(), out.end(), item) == out.end()) {
      out.push_back(std::move(item));
    }
    start = end + 1;
  }
  return out;
}

}  // namespace tracenote::cli

#endif  // TRACENOTE_SRC_CLI_OPTION_LISTS_H_
