// A model::Profile written by hand for unit tests: sample types, then
// samples given as leaf-first function names with their values. Each name
// gets one function (file "runtime/x.go" for runtime.*, else "main.go") and
// one location with one line; strings are interned (index 0 is "").
#ifndef TRACENOTE_TESTS_ANALYSIS_PROFILE_TEST_BUILDER_H_
#define TRACENOTE_TESTS_ANALYSIS_PROFILE_TEST_BUILDER_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "model/profile_model.h"

namespace tracenote::analysis::test {

class ProfileBuilder {
 public:
  explicit ProfileBuilder(const std::vector<std::pair<std::string, std::string>>& types) {
    for (const auto& [type, unit] : types) {
      p_.sample_types.push_back({Str(type), Str(unit)});
    }
  }
  ProfileBuilder& Default(const std::string& type) {
    p_.default_sample_type_str = Str(type);
    return *this;
  }
  ProfileBuilder& Period(const std::string& type, const std::string& unit, int64_t period) {
    p_.period_type = {Str(type), Str(unit)};
    p_.period = period;
    return *this;
  }
  ProfileBuilder& Sample(const std::vector<std::string>& leaf_first,
                         const std::vector<int64_t>& values, bool base_label = false) {
    for (const std::string& f : leaf_first) p_.stack_locations.push_back(Loc(f));
    p_.stack_offsets.push_back(static_cast<uint32_t>(p_.stack_locations.size()));
    for (int64_t v : values) p_.values.push_back(v);
    if (base_label) p_.labels.push_back({Str("pprof::base"), Str("true"), 0, 0});
    p_.label_offsets.push_back(static_cast<uint32_t>(p_.labels.size()));
    return *this;
  }
  model::Profile Take() { return std::move(p_); }

 private:
  uint32_t Str(const std::string& s) {
    auto it = strings_.find(s);
    if (it != strings_.end()) return it->second;
    p_.strings.push_back(s);
    const uint32_t id = static_cast<uint32_t>(p_.strings.size() - 1);
    strings_[s] = id;
    return id;
  }
  uint32_t Loc(const std::string& func) {
    auto it = locs_.find(func);
    if (it != locs_.end()) return it->second;
    model::ProfileFunction fn;
    fn.id = p_.functions.size() + 1;
    fn.name_str = fn.system_name_str = Str(func);
    fn.filename_str = Str(func.rfind("runtime.", 0) == 0 ? "runtime/x.go" : "main.go");
    p_.functions.push_back(fn);
    model::ProfileLine line;
    line.function = static_cast<uint32_t>(p_.functions.size() - 1);
    line.line = 10 + static_cast<int64_t>(p_.functions.size());
    p_.lines.push_back(line);
    model::ProfileLocation loc;
    loc.id = p_.locations.size() + 1;
    loc.first_line = static_cast<uint32_t>(p_.lines.size() - 1);
    loc.line_count = 1;
    p_.locations.push_back(loc);
    const uint32_t id = static_cast<uint32_t>(p_.locations.size() - 1);
    locs_[func] = id;
    return id;
  }

  model::Profile p_;
  std::map<std::string, uint32_t> strings_{{"", 0}};
  std::map<std::string, uint32_t> locs_;
};

}  // namespace tracenote::analysis::test

#endif  // TRACENOTE_TESTS_ANALYSIS_PROFILE_TEST_BUILDER_H_
