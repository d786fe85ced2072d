// IdIndex: profile.proto ids (of mappings, functions, locations) to indexes
// into the model's tables; CheckStringIndex: a string_table index checked
// against the table.
#ifndef TRACENOTE_SRC_INGEST_PPROF_ID_INDEX_H_
#define TRACENOTE_SRC_INGEST_PPROF_ID_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "model/profile_model.h"

namespace tracenote::pprof {

// Producers number ids 1, 2, 3, ... so ids up to the message count go to a
// dense vector (sized by the number of messages, hence bounded by the
// input); others to a hash map. Like pprof's decoder, a repeated id
// resolves to the last message that carries it.
class IdIndex {
 public:
  explicit IdIndex(size_t count = 0) : dense_(count + 1, model::kNoIndex) {}
  // False when `id` was already present.
  bool Insert(uint64_t id, uint32_t index) {
    if (id < dense_.size()) {
      const bool fresh = dense_[id] == model::kNoIndex;
      dense_[id] = index;
      return fresh;
    }
    return sparse_.insert_or_assign(id, index).second;
  }
  // model::kNoIndex when absent.
  uint32_t Find(uint64_t id) const {
    if (id < dense_.size()) return dense_[id];
    auto it = sparse_.find(id);
    return it == sparse_.end() ? model::kNoIndex : it->second;
  }

 private:
  std::vector<uint32_t> dense_;
  std::unordered_map<uint64_t, uint32_t> sparse_;
};

// Checks a string index read from field `field` (pprof: any index < 0 or
// >= the table size fails the whole profile) and narrows it into *out.
inline Status CheckStringIndex(int64_t index, size_t table_size, const char* field, uint32_t* out) {
  if (index < 0 || static_cast<uint64_t>(index) >= table_size) {
    return CorruptError("decoding: malformed profile format: " + std::string(field) +
                        " is string index " + std::to_string(index) +
                        ", out of range (the string table has " + std::to_string(table_size) +
                        " entries)");
  }
  *out = static_cast<uint32_t>(index);
  return Status::Ok();
}

}  // namespace tracenote::pprof

#endif  // TRACENOTE_SRC_INGEST_PPROF_ID_INDEX_H_
