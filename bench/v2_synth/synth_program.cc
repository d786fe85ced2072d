#include "v2_synth/synth_program.h"

#include <bit>
#include <cmath>
#include <numeric>
#include <utility>

namespace tracenote::synth {

namespace {

uint64_t SplitMix(uint64_t* x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

}  // namespace

Rng::Rng(uint64_t seed) {
  for (uint64_t& s : s_) s = SplitMix(&seed);
}

uint64_t Rng::Next() {
  const uint64_t result = std::rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = std::rotl(s_[3], 45);
  return result;
}

uint64_t Rng::Exp(double mean) {
  const double u = 1.0 - Unit();  // (0, 1]
  const double v = -std::log(u) * mean;
  return v < 1 ? 1 : static_cast<uint64_t>(v);
}

Program::Program() {
  const char* fixed[] = {"chan receive",
                         "network",
                         "select",
                         "sync",
                         "sleep",
                         "preempted",
                         "GC worker (idle)",
                         "GC sweep termination",
                         "GC mark termination",
                         "start trace",
                         "GC (dedicated)"};
  static_assert(std::size(fixed) == static_cast<size_t>(Str::kCount));
  for (size_t i = 0; i < std::size(fixed); ++i) fixed_[i] = Intern(fixed[i]);
  for (int s = 0; s < static_cast<int>(Site::kPerRouteCount); ++s) {
    site_stack_[s] = static_cast<uint32_t>(stacks_.size());
    for (uint32_t r = 0; r < kRoutes; ++r) {
      const uint32_t variants = s == static_cast<int>(Site::kWorkerCpu) ? kWorkerCpuVariants : 1;
      for (uint32_t v = 0; v < variants; ++v) AddStack(RouteFrames(static_cast<Site>(s), r, v));
    }
  }
  for (int s = static_cast<int>(Site::kPerRouteCount); s < static_cast<int>(Site::kCount); ++s) {
    site_stack_[s] = AddStack(CommonFrames(static_cast<Site>(s)));
  }
}

uint32_t Program::Intern(const std::string& s) {
  auto [it, added] = string_index_.emplace(s, static_cast<uint32_t>(strings_.size()));
  if (added) strings_.push_back(s);
  return it->second;
}

uint32_t Program::AddFunc(const std::string& name, const std::string& file) {
  auto it = func_index_.find(name);
  if (it != func_index_.end()) return it->second;
  const uint32_t i = static_cast<uint32_t>(funcs_.size());
  funcs_.push_back(
      Func{Intern(name), Intern(file), 0x401000 + uint64_t{i} * 0x1a0, 20 + (i * 37) % 480});
  func_index_.emplace(name, i);
  return i;
}

uint32_t Program::AddStack(const Frames& frames) {
  std::vector<uint32_t> f;
  for (const auto& [name, file] : frames) f.push_back(AddFunc(name, file));
  stacks_.push_back(std::move(f));
  return static_cast<uint32_t>(stacks_.size() - 1);
}

uint32_t Program::StackOf(Site site, uint32_t route, uint32_t variant) const {
  const uint32_t first = site_stack_[static_cast<int>(site)];
  if (site >= Site::kPerRouteCount) return first;
  if (site == Site::kWorkerCpu) return first + route * kWorkerCpuVariants + variant;
  return first + route;
}

void Program::BeginGeneration(Rng* rng, test_tools::V2TraceWriter* w) {
  auto shuffle = [&](size_t n, std::vector<uint64_t>* ids, std::vector<uint32_t>* by_id) {
    ids->resize(n);
    std::iota(ids->begin(), ids->end(), uint64_t{1});
    for (size_t i = n; i > 1; --i) std::swap((*ids)[i - 1], (*ids)[rng->Next() % i]);
    by_id->assign(n + 1, 0);
    for (size_t i = 0; i < n; ++i) (*by_id)[(*ids)[i]] = static_cast<uint32_t>(i);
  };
  std::vector<uint32_t> by_id;
  shuffle(strings_.size(), &string_ids_, &by_id);
  for (uint64_t id = 1; id <= strings_.size(); ++id) w->String(id, strings_[by_id[id]]);
  shuffle(stacks_.size(), &stack_ids_, &by_id);
  for (uint64_t id = 1; id <= stacks_.size(); ++id) {
    frames_.clear();
    for (uint32_t f : stacks_[by_id[id]]) {
      const Func& fn = funcs_[f];
      frames_.push_back({fn.pc + 0x2b, string_ids_[fn.name], string_ids_[fn.file], fn.line});
    }
    w->Stack(id, frames_);
  }
}

}  // namespace tracenote::synth
