// IdTable<T>: a map from 64-bit ids to T that is a plain vector for the small,
// dense ids the Go runtime hands out (goroutines count up from 1, Ps from 0)
// and a hash map for anything else (pseudo-Ps, fuzzed ids). Lookups on the hot
// path of the trace readers are array indexing.
#ifndef TRACENOTE_SRC_BASE_ID_TABLE_H_
#define TRACENOTE_SRC_BASE_ID_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace tracenote {

template <typename T>
class IdTable {
 public:
  // Ids below kDenseLimit may live in the vector, which grows only while
  // the ids stay dense (an id at most a few times the number of ids seen), so
  // one huge id in a hostile input costs a hash entry, not a huge vector.
  static constexpr uint64_t kDenseLimit = uint64_t{1} << 24;

  // The entry for `id`, default-constructed on first use. References stay
  // valid until the next insertion of a new id.
  T& operator[](uint64_t id) {
    if (id < dense_.size() && present_[id]) return dense_[id];
    if (!sparse_.empty()) {
      auto it = sparse_.find(id);
      if (it != sparse_.end()) return it->second;
    }
    ++size_;
    if (id < dense_.size() || (id < kDenseLimit && id <= 4 * size_ + 1024)) {
      if (id >= dense_.size()) {
        size_t n = dense_.size() < 64 ? 64 : dense_.size();
        while (n <= id) n *= 2;
        dense_.resize(n);
        present_.resize(n, 0);
      }
      present_[id] = 1;
      return dense_[id];
    }
    return sparse_[id];
  }

  bool contains(uint64_t id) const {
    if (id < dense_.size() && present_[id]) return true;
    return sparse_.count(id) != 0;
  }

  // Number of distinct ids inserted.
  size_t size() const { return size_; }

 private:
  std::vector<T> dense_;
  std::vector<uint8_t> present_;  // bytes, not bits: this is the hot path
  std::unordered_map<uint64_t, T> sparse_;
  size_t size_ = 0;
};

}  // namespace tracenote

#endif  // TRACENOTE_SRC_BASE_ID_TABLE_H_
