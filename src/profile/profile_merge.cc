// Follows google/pprof profile/merge.go (Merge, Normalize, ScaleN,
// CompatibilizeSampleTypes), internal/measurement ScaleProfiles and
// internal/driver/fetch.go (the order of the diff steps).
#include "profile/profile_merge.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "profile/measurement.h"
#include "profile/profile_merger.h"

namespace tracenote::profile {
namespace {

using merge_internal::AllOnes;
using merge_internal::CheckCompatible;
using merge_internal::Input;
using merge_internal::MakeInput;
using merge_internal::MergeInputs;
using merge_internal::Step;
using merge_internal::TypeText;
using merge_internal::WrapAdd;

// CompatibilizeSampleTypes: keep the types (by name) present in all inputs,
// in the first input's order. Counting is per occurrence, as pprof does.
Status CompatibilizeSampleTypes(std::vector<Input>& inputs) {
  std::unordered_map<std::string, size_t> counts;
  for (const Input& in : inputs) {
    for (const TypeText& st : in.sample_types) ++counts[st.type];
  }
  std::vector<std::string> common;
  for (const TypeText& st : inputs[0].sample_types) {
    if (counts[st.type] == inputs.size()) common.push_back(st.type);
  }
  if (common.empty()) return InvalidArgumentError("profiles have empty common sample type list");
  for (Input& in : inputs) {
    std::string default_type = common[0];
    Step select;
    bool modify = false;
    for (size_t i = 0; i < common.size(); ++i) {
      if (common[i] == in.default_sample_type) default_type = in.default_sample_type;
      auto it = std::find_if(in.sample_types.begin(), in.sample_types.end(),
                             [&](const TypeText& t) { return t.type == common[i]; });
      if (it == in.sample_types.end()) {
        return InvalidArgumentError("\"" + common[i] + "\" sample type is not found in profile");
      }
      select.columns.push_back(static_cast<uint32_t>(it - in.sample_types.begin()));
      modify = modify || select.columns.back() != i;
    }
    if (!modify && common.size() == in.sample_types.size()) continue;
    in.default_sample_type = default_type;
    std::vector<TypeText> types;
    for (uint32_t c : select.columns) types.push_back(in.sample_types[c]);
    in.sample_types = std::move(types);
    in.steps.push_back(std::move(select));
  }
  return Status::Ok();
}

std::string_view TrimS(std::string_view s) {
  return !s.empty() && s.back() == 's' ? s.substr(0, s.size() - 1) : s;
}

bool CompatibleValueTypes(const TypeText& a, const TypeText& b) {
  if (TrimS(a.type) != TrimS(b.type)) return false;
  if (a.unit == b.unit) return true;
  int fa = UnitFamily(a.unit);
  return fa != 0 && fa == UnitFamily(b.unit);
}

// CommonValueType: the finest of compatible types; none for fewer than two.
StatusOr<std::optional<TypeText>> CommonValueType(const std::vector<const TypeText*>& types) {
  if (types.size() <= 1) return std::optional<TypeText>();
  const TypeText* min = types[0];
  for (size_t i = 1; i < types.size(); ++i) {
    if (!CompatibleValueTypes(*min, *types[i])) {
      return InvalidArgumentError("incompatible types: {" + min->type + " " + min->unit + "} {" +
                                  types[i]->type + " " + types[i]->unit + "}");
    }
    if (Scale(1, types[i]->unit, min->unit).value < 1) min = types[i];
  }
  return std::optional<TypeText>(*min);
}

// ScaleProfiles: convert every column (and the period) to the finest unit.
Status ScaleUnits(std::vector<Input>& inputs) {
  std::vector<const TypeText*> periods;
  for (const Input& in : inputs) {
    if (in.HasPeriodType()) periods.push_back(&in.period_type);
  }
  auto period_type = CommonValueType(periods);
  if (!period_type.ok()) return period_type.status().WithPrefix("period type");
  size_t n = inputs[0].sample_types.size();
  std::vector<std::optional<TypeText>> common(n);
  for (size_t i = 0; i < n; ++i) {
    std::vector<const TypeText*> column;
    for (const Input& in : inputs) column.push_back(&in.sample_types[i]);
    auto t = CommonValueType(column);
    if (!t.ok()) return t.status().WithPrefix("sample types");
    common[i] = *t;
  }
  for (Input& in : inputs) {
    if (in.HasPeriodType() && period_type->has_value()) {
      in.period =
          static_cast<int64_t>(Scale(in.period, in.period_type.unit, (*period_type)->unit).value);
      in.period_type.unit = (*period_type)->unit;
    }
    Step scale;
    for (size_t i = 0; i < n; ++i) {
      if (!common[i].has_value()) {
        scale.ratios.push_back(1);
        continue;
      }
      scale.ratios.push_back(Scale(1, in.sample_types[i].unit, common[i]->unit).value);
      in.sample_types[i].unit = common[i]->unit;
    }
    if (!AllOnes(scale.ratios)) in.steps.push_back(std::move(scale));
  }
  return Status::Ok();
}

StatusOr<model::Profile> Combine(std::vector<Input> inputs) {
  RETURN_IF_ERROR(CompatibilizeSampleTypes(inputs));
  RETURN_IF_ERROR(ScaleUnits(inputs));
  return MergeInputs(inputs);
}

}  // namespace

StatusOr<model::Profile> DiffProfiles(const model::Profile& source, const model::Profile& base,
                                      DiffMode mode, bool normalize) {
  Input src = MakeInput(source);
  Input old = MakeInput(base);
  old.add_base_label = mode == DiffMode::kDiffBase;
  if (normalize) {
    RETURN_IF_ERROR(CheckCompatible(src, old));
    size_t n = src.sample_types.size();
    std::vector<int64_t> base_sum(n, 0), src_sum(n, 0);
    for (size_t i = 0; i < base.values.size(); ++i) {
      base_sum[i % n] = WrapAdd(base_sum[i % n], base.values[i]);
    }
    for (size_t i = 0; i < source.values.size(); ++i) {
      src_sum[i % n] = WrapAdd(src_sum[i % n], source.values[i]);
    }
    Step scale;
    for (size_t i = 0; i < n; ++i) {
      scale.ratios.push_back(src_sum[i] == 0 ? 0.0
                                             : static_cast<double>(base_sum[i]) /
                                                   static_cast<double>(src_sum[i]));
    }
    src.steps.push_back(std::move(scale));
  }
  Step negate;
  negate.ratios.assign(old.sample_types.size(), -1.0);
  old.steps.push_back(std::move(negate));
  return Combine({std::move(src), std::move(old)});
}

StatusOr<model::Profile> MergeProfiles(std::span<const model::Profile* const> profiles) {
  if (profiles.empty()) return InvalidArgumentError("no profiles to merge");
  for (const model::Profile* p : profiles) {
    if (p == nullptr) return InvalidArgumentError("no profiles to merge");
  }
  std::vector<Input> inputs;
  for (const model::Profile* p : profiles) inputs.push_back(MakeInput(*p));
  if (inputs.size() == 1) {
    RETURN_IF_ERROR(CompatibilizeSampleTypes(inputs));
    return *profiles[0];
  }
  return Combine(std::move(inputs));
}

}  // namespace tracenote::profile
