// ModelBuilder: small model::Profile values built by hand for the profile
// tests (views, list, diffs, flame graphs).
#ifndef TRACENOTE_TESTS_PROFILE_MODEL_BUILDER_H_
#define TRACENOTE_TESTS_PROFILE_MODEL_BUILDER_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/profile_model.h"

namespace tracenote::profile {

using TypeList = std::vector<std::pair<std::string, std::string>>;

// Builds a model::Profile: mappings, functions, locations (lines innermost
// first) and samples (stacks leaf first, optional string labels). Strings are
// deduplicated through hash maps, so a test may build 100,000 functions
// without a quadratic set-up; ids are dense from 1.
class ModelBuilder {
 public:
  // One "cpu/nanoseconds" column (plus "samples/count" in front when with_count).
  explicit ModelBuilder(bool with_count = false)
      : ModelBuilder(with_count ? TypeList{{"samples", "count"}, {"cpu", "nanoseconds"}}
                                : TypeList{{"cpu", "nanoseconds"}}) {}
  explicit ModelBuilder(const TypeList& types) {
    S("");
    for (const auto& [type, unit] : types) p_.sample_types.push_back({S(type), S(unit)});
  }

  uint32_t S(const std::string& s) {
    auto [it, inserted] = string_ids_.try_emplace(s, static_cast<uint32_t>(p_.strings.size()));
    if (inserted) p_.strings.push_back(s);
    return it->second;
  }
  uint32_t Mapping(uint64_t start, uint64_t limit, const std::string& file) {
    model::ProfileMapping m;
    m.id = p_.mappings.size() + 1;
    m.memory_start = start;
    m.memory_limit = limit;
    m.filename_str = S(file);
    p_.mappings.push_back(m);
    return static_cast<uint32_t>(p_.mappings.size() - 1);
  }
  uint32_t Func(const std::string& name, const std::string& file, int64_t start_line = 0) {
    model::ProfileFunction f;
    f.id = p_.functions.size() + 1;
    f.name_str = f.system_name_str = S(name);
    f.filename_str = S(file);
    f.start_line = start_line;
    p_.functions.push_back(f);
    auto id = static_cast<uint32_t>(p_.functions.size() - 1);
    function_ids_.try_emplace(name, id);
    return id;
  }
  // The function of that name, made (in file "<name>.go") the first time.
  uint32_t Fn(const std::string& name) {
    auto it = function_ids_.find(name);
    if (it != function_ids_.end()) return it->second;
    return Func(name, name + ".go");
  }
  // lines: (function, line) innermost first.
  uint32_t Loc(const std::vector<std::pair<uint32_t, int64_t>>& lines, uint64_t address = 0,
               uint32_t mapping = model::kNoIndex) {
    model::ProfileLocation l;
    l.id = p_.locations.size() + 1;
    l.mapping = mapping;
    l.address = address;
    l.first_line = static_cast<uint32_t>(p_.lines.size());
    for (auto [f, line] : lines) p_.lines.push_back({f, line, 0});
    l.line_count = static_cast<uint32_t>(lines.size());
    p_.locations.push_back(l);
    return static_cast<uint32_t>(p_.locations.size() - 1);
  }
  // A location with one line (number `line`) per function name, innermost first.
  uint32_t LocNamed(const std::vector<std::string>& fns) { return LocAt(model::kNoIndex, 0, fns); }
  uint32_t LocAt(uint32_t mapping, uint64_t address, const std::vector<std::string>& fns,
                 int64_t line = 1) {
    std::vector<std::pair<uint32_t, int64_t>> lines;
    for (const std::string& f : fns) lines.emplace_back(Fn(f), line);
    return Loc(lines, address, mapping);
  }
  void Sample(const std::vector<uint32_t>& stack, const std::vector<int64_t>& values,
              const TypeList& labels = {}) {
    p_.values.insert(p_.values.end(), values.begin(), values.end());
    p_.stack_locations.insert(p_.stack_locations.end(), stack.begin(), stack.end());
    p_.stack_offsets.push_back(static_cast<uint32_t>(p_.stack_locations.size()));
    for (const auto& [k, v] : labels) p_.labels.push_back({S(k), S(v), 0, 0});
    p_.label_offsets.push_back(static_cast<uint32_t>(p_.labels.size()));
  }
  void Sample(const std::vector<uint32_t>& stack, int64_t value) {
    Sample(stack, std::vector<int64_t>{value});
  }

  model::Profile& profile() { return p_; }

 private:
  model::Profile p_;
  std::unordered_map<std::string, uint32_t> string_ids_;
  std::unordered_map<std::string, uint32_t> function_ids_;  // by name, the first made
};

}  // namespace tracenote::profile

#endif  // TRACENOTE_TESTS_PROFILE_MODEL_BUILDER_H_
