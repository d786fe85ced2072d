// StackTable: call stacks shared by all events. A stack is a run of frames,
// innermost first; events refer to it by StackId (0 = no stack).
#ifndef TRACENOTE_SRC_MODEL_STACK_TABLE_H_
#define TRACENOTE_SRC_MODEL_STACK_TABLE_H_

#include <cstdint>
#include <span>
#include <vector>

#include "model/string_table.h"

namespace tracenote::model {

using StackId = uint32_t;

struct Frame {
  uint64_t pc = 0;
  StringId func = 0;  // "" when the trace has only PCs (Go 1.5)
  StringId file = 0;
  uint32_t line = 0;
};

class StackTable {
 public:
  StackTable() {
    offsets_.push_back(0);
    offsets_.push_back(0);
  }  // stack 0: empty

  StackId Add(std::span<const Frame> frames) {
    frames_.insert(frames_.end(), frames.begin(), frames.end());
    offsets_.push_back(static_cast<uint32_t>(frames_.size()));
    return static_cast<StackId>(offsets_.size() - 2);
  }
  std::span<const Frame> Get(StackId id) const {
    if (id + 1 >= offsets_.size()) return {};
    return std::span<const Frame>(frames_.data() + offsets_[id], offsets_[id + 1] - offsets_[id]);
  }
  size_t size() const { return offsets_.size() - 1; }

 private:
  std::vector<Frame> frames_;
  std::vector<uint32_t> offsets_;  // stack i is frames_[offsets_[i], offsets_[i+1])
};

}  // namespace tracenote::model

#endif  // TRACENOTE_SRC_MODEL_STACK_TABLE_H_
