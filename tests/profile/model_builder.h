// ModelBuilder: small model::Profile values built by hand for the view
// tests (profile_views_test.cc, profile_list_test.cc).
#ifndef TRACENOTE_TESTS_PROFILE_MODEL_BUILDER_H_
#define TRACENOTE_TESTS_PROFILE_MODEL_BUILDER_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "model/profile_model.h"

namespace tracenote::profile {

// Builds a model::Profile: functions, locations (lines innermost first) and
// samples (stacks leaf first) with one "cpu/nanoseconds" column (plus a
// "samples/count" column in front when with_count).
class ModelBuilder {
 public:
  explicit ModelBuilder(bool with_count = false) {
    p_.strings = {""};
    if (with_count) p_.sample_types.push_back({S("samples"), S("count")});
    p_.sample_types.push_back({S("cpu"), S("nanoseconds")});
  }
  uint32_t S(const std::string& s) {
    for (uint32_t i = 0; i < p_.strings.size(); ++i) {
      if (p_.strings[i] == s) return i;
    }
    p_.strings.push_back(s);
    return static_cast<uint32_t>(p_.strings.size() - 1);
  }
  uint32_t Func(const std::string& name, const std::string& file, int64_t start_line = 0) {
    model::ProfileFunction f;
    f.id = p_.functions.size() + 1;
    f.name_str = f.system_name_str = S(name);
    f.filename_str = S(file);
    f.start_line = start_line;
    p_.functions.push_back(f);
    return static_cast<uint32_t>(p_.functions.size() - 1);
  }
  // lines: (function, line) innermost first.
  uint32_t Loc(std::vector<std::pair<uint32_t, int64_t>> lines, uint64_t address = 0) {
    model::ProfileLocation l;
    l.id = p_.locations.size() + 1;
    l.address = address;
    l.first_line = static_cast<uint32_t>(p_.lines.size());
    for (auto [f, line] : lines) p_.lines.push_back({f, line, 0});
    l.line_count = static_cast<uint32_t>(lines.size());
    p_.locations.push_back(l);
    return static_cast<uint32_t>(p_.locations.size() - 1);
  }
  void Sample(std::vector<uint32_t> stack, std::vector<int64_t> values) {
    for (int64_t v : values) p_.values.push_back(v);
    for (uint32_t l : stack) p_.stack_locations.push_back(l);
    p_.stack_offsets.push_back(static_cast<uint32_t>(p_.stack_locations.size()));
    p_.label_offsets.push_back(static_cast<uint32_t>(p_.labels.size()));
  }
  model::Profile& profile() { return p_; }

 private:
  model::Profile p_;
};

}  // namespace tracenote::profile

#endif  // TRACENOTE_TESTS_PROFILE_MODEL_BUILDER_H_
