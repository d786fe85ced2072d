// StringTable: interns strings so that events and frames carry small ids.
// Id 0 is the empty string. Views handed out stay valid for the table's life.
#ifndef TRACENOTE_SRC_MODEL_STRING_TABLE_H_
#define TRACENOTE_SRC_MODEL_STRING_TABLE_H_

#include <cstdint>
#include <deque>
#include <iterator>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tracenote::model {

using StringId = uint32_t;

class StringTable {
 public:
  StringTable() { Intern(""); }
  StringTable(const StringTable&) = delete;
  StringTable& operator=(const StringTable&) = delete;

  StringId Intern(std::string_view s) {
    auto it = index_.find(s);
    if (it != index_.end()) return it->second;
    storage_.emplace_back(s);
    StringId id = static_cast<StringId>(storage_.size() - 1);
    index_.emplace(std::string_view(storage_.back()), id);
    return id;
  }
  std::string_view Get(StringId id) const {
    return id < storage_.size() ? std::string_view(storage_[id]) : std::string_view();
  }
  size_t size() const { return storage_.size(); }
  // Moves the strings out, in id order; the table is empty afterwards (not
  // even "" at id 0) and must not be used again.
  std::vector<std::string> TakeStrings() {
    index_.clear();
    std::vector<std::string> out(std::make_move_iterator(storage_.begin()),
                                 std::make_move_iterator(storage_.end()));
    storage_.clear();
    return out;
  }

 private:
  std::deque<std::string> storage_;  // deque: element addresses never move
  std::unordered_map<std::string_view, StringId> index_;
};

}  // namespace tracenote::model

#endif  // TRACENOTE_SRC_MODEL_STRING_TABLE_H_
