// The profile model: a pprof profile (profile.proto) after decoding and
// validation, with every cross-reference resolved from ids to indexes.
//
// It is flat on purpose. Samples are rows of a value matrix and runs in two
// shared arrays (their stacks and their labels), so a profile with millions
// of samples is a handful of vectors, not millions of small objects. Strings
// stay in the profile's own string table (index 0 is ""); every `*_str`
// field below is an index into `strings`.
//
// Conventions kept from profile.proto: a sample's stack is leaf first; a
// location's lines are innermost (most deeply inlined) first, the last one is
// the physical function. Nothing here is specific to Go.
#ifndef TRACENOTE_SRC_MODEL_PROFILE_MODEL_H_
#define TRACENOTE_SRC_MODEL_PROFILE_MODEL_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/trace_model.h"  // Anomaly

namespace tracenote::model {

inline constexpr uint32_t kNoIndex = ~uint32_t{0};

struct ProfileValueType {
  uint32_t type_str = 0;  // "cpu", "alloc_space", "contentions", ...
  uint32_t unit_str = 0;  // "nanoseconds", "bytes", "count", ...
};

struct ProfileMapping {
  uint64_t id = 0;
  uint64_t memory_start = 0;
  uint64_t memory_limit = 0;
  uint64_t file_offset = 0;
  uint32_t filename_str = 0;
  uint32_t build_id_str = 0;
  bool has_functions = false;
  bool has_filenames = false;
  bool has_line_numbers = false;
  bool has_inline_frames = false;
};

struct ProfileFunction {
  uint64_t id = 0;
  uint32_t name_str = 0;
  uint32_t system_name_str = 0;
  uint32_t filename_str = 0;
  int64_t start_line = 0;  // 0: unknown (before Go 1.20, most non-Go producers)
};

struct ProfileLine {
  uint32_t function = 0;  // index into Profile::functions
  int64_t line = 0;       // 0: unknown
  int64_t column = 0;
};

struct ProfileLocation {
  uint64_t id = 0;
  uint32_t mapping = kNoIndex;  // index into Profile::mappings, or kNoIndex
  uint64_t address = 0;
  uint32_t first_line = 0;  // lines are Profile::lines[first_line, first_line + line_count)
  uint32_t line_count = 0;
  bool is_folded = false;
};

// A label as pprof classifies it: a string label (str_str != 0), or a numeric
// one (num, with num_unit_str possibly 0). Key-only labels are dropped on decode.
struct ProfileLabel {
  uint32_t key_str = 0;
  uint32_t str_str = 0;
  int64_t num = 0;
  uint32_t num_unit_str = 0;
};

class Profile {
 public:
  // --- header ---
  std::vector<std::string> strings;  // the string table; strings[0] == ""
  std::vector<ProfileValueType> sample_types;
  uint32_t default_sample_type_str = 0;  // as written (0: none)
  ProfileValueType period_type;
  int64_t period = 0;
  int64_t time_nanos = 0;
  int64_t duration_nanos = 0;
  std::vector<uint32_t> comments;  // string indexes
  uint32_t doc_url_str = 0;
  uint32_t drop_frames_str = 0;
  uint32_t keep_frames_str = 0;

  // --- tables ---
  std::vector<ProfileMapping> mappings;
  std::vector<ProfileFunction> functions;
  std::vector<ProfileLocation> locations;
  std::vector<ProfileLine> lines;

  // --- samples: sample i has ---
  //   values     values[i * sample_types.size() .. + sample_types.size())
  //   stack      stack_locations[stack_offsets[i] .. stack_offsets[i + 1])  (leaf first,
  //              indexes into locations)
  //   labels     labels[label_offsets[i] .. label_offsets[i + 1])
  std::vector<int64_t> values;
  std::vector<uint32_t> stack_offsets{0};
  std::vector<uint32_t> stack_locations;
  std::vector<uint32_t> label_offsets{0};
  std::vector<ProfileLabel> labels;

  // Survivable oddities met while reading (shown in a data-quality section).
  std::vector<Anomaly> anomalies;

  size_t sample_count() const { return stack_offsets.size() - 1; }
  size_t value_count() const { return sample_types.size(); }
  std::string_view str(uint32_t index) const {
    return index < strings.size() ? std::string_view(strings[index]) : std::string_view();
  }
  int64_t value(size_t sample, size_t column) const {
    return values[sample * sample_types.size() + column];
  }
  std::span<const uint32_t> stack(size_t sample) const {
    return {stack_locations.data() + stack_offsets[sample],
            stack_locations.data() + stack_offsets[sample + 1]};
  }
  std::span<const ProfileLabel> sample_labels(size_t sample) const {
    return {labels.data() + label_offsets[sample], labels.data() + label_offsets[sample + 1]};
  }
  std::span<const ProfileLine> location_lines(const ProfileLocation& loc) const {
    return {lines.data() + loc.first_line, loc.line_count};
  }
  // The column reports show by default: the one whose type is
  // default_sample_type, else the last one. -1 when there are no columns.
  int DefaultSampleIndex() const {
    if (sample_types.empty()) return -1;
    if (default_sample_type_str != 0) {
      for (size_t i = 0; i < sample_types.size(); ++i) {
        if (str(sample_types[i].type_str) == str(default_sample_type_str))
          return static_cast<int>(i);
      }
    }
    return static_cast<int>(sample_types.size()) - 1;
  }
};

}  // namespace tracenote::model

#endif  // TRACENOTE_SRC_MODEL_PROFILE_MODEL_H_
