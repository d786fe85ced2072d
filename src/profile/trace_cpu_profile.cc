#include "profile/trace_cpu_profile.h"

#include <initializer_list>

namespace tracenote::profile {

TraceCpuProfileSink::TraceCpuProfileSink(const model::Tables& tables, int64_t period_ns)
    : tables_(&tables), period_ns_(period_ns > 0 ? period_ns : kGoDefaultCpuPeriodNs) {
  profile_.sample_types = {{strings_.Intern("samples"), strings_.Intern("count")},
                           {strings_.Intern("cpu"), strings_.Intern("nanoseconds")}};
  profile_.period_type = {strings_.Intern("cpu"), strings_.Intern("nanoseconds")};
  profile_.period = period_ns_;
  model::ProfileMapping placeholder;
  placeholder.id = 1;
  placeholder.has_functions = true;
  placeholder.has_filenames = true;
  placeholder.has_line_numbers = true;
  profile_.mappings.push_back(placeholder);
}

size_t TraceCpuProfileSink::KeyHash::operator()(const LocationKey& k) const {
  uint64_t h = k.pc * 0x9e3779b97f4a7c15ULL;
  for (uint64_t v : {k.name, k.file, k.line}) h = (h ^ v) * 0x100000001b3ULL;
  return static_cast<size_t>(h ^ (h >> 29));
}

size_t TraceCpuProfileSink::KeyHash::operator()(
    const std::pair<model::StackId, uint64_t>& k) const {
  uint64_t h = (uint64_t{k.first} * 0x9e3779b97f4a7c15ULL) ^ k.second;
  h *= 0x100000001b3ULL;
  return static_cast<size_t>(h ^ (h >> 29));
}

uint32_t TraceCpuProfileSink::TraceString(model::StringId id) {
  if (id >= trace_strings_.size()) {
    if (id >= tables_->strings.size()) return 0;  // not a string of the trace: ""
    trace_strings_.resize(tables_->strings.size(), model::kNoIndex);
  }
  uint32_t& mapped = trace_strings_[id];
  if (mapped == model::kNoIndex) mapped = strings_.Intern(tables_->strings.Get(id));
  return mapped;
}

uint32_t TraceCpuProfileSink::Location(const model::Frame& frame) {
  uint32_t name = TraceString(frame.func);
  uint32_t file = TraceString(frame.file);
  LocationKey key{frame.pc, name, file, frame.line};
  auto [lit, lnew] = locations_.try_emplace(key, static_cast<uint32_t>(profile_.locations.size()));
  if (!lnew) return lit->second;
  model::ProfileLocation loc;
  loc.id = profile_.locations.size() + 1;
  loc.mapping = 0;
  loc.address = frame.pc;
  loc.first_line = static_cast<uint32_t>(profile_.lines.size());
  // A frame with only a PC (Go 1.5 traces) is an address-only location.
  if (name != 0 || file != 0) {
    auto [fit, fnew] = functions_.try_emplace((uint64_t{name} << 32) | file,
                                              static_cast<uint32_t>(profile_.functions.size()));
    if (fnew) {
      model::ProfileFunction f;
      f.id = profile_.functions.size() + 1;
      f.name_str = name;
      f.system_name_str = name;
      f.filename_str = file;
      profile_.functions.push_back(f);
    }
    loc.line_count = 1;
    profile_.lines.push_back({fit->second, frame.line, 0});
  }
  profile_.locations.push_back(loc);
  return lit->second;
}

const std::vector<uint32_t>& TraceCpuProfileSink::Stack(model::StackId id) {
  static const std::vector<uint32_t> kEmpty;
  if (id >= stacks_.size()) {
    // Ids come from the trace's readers; one the table does not hold is an
    // empty stack rather than a reason to allocate up to it.
    if (id >= tables_->stacks.size()) return kEmpty;
    stacks_.resize(tables_->stacks.size());
    stack_done_.resize(tables_->stacks.size(), false);
  }
  if (!stack_done_[id]) {
    for (const model::Frame& f : tables_->stacks.Get(id)) {
      // runtime/pprof leaves runtime.goexit out of every stack (allFrames);
      // so does this profile, so that it reads like a CPU profile of the run.
      if (tables_->strings.Get(f.func) == "runtime.goexit") continue;
      stacks_[id].push_back(Location(f));
    }
    stack_done_[id] = true;
  }
  return stacks_[id];
}

void TraceCpuProfileSink::OnEvent(const model::Event& event) {
  if (event.kind != model::EventKind::kStackSample) return;
  ++sample_events_;
  auto [it, inserted] = samples_.try_emplace({event.stack, event.goroutine},
                                             static_cast<uint32_t>(profile_.sample_count()));
  if (!inserted) {
    profile_.values[it->second * 2] += 1;
    profile_.values[it->second * 2 + 1] += period_ns_;
    return;
  }
  const std::vector<uint32_t>& stack = Stack(event.stack);
  profile_.values.push_back(1);
  profile_.values.push_back(period_ns_);
  profile_.stack_locations.insert(profile_.stack_locations.end(), stack.begin(), stack.end());
  profile_.stack_offsets.push_back(static_cast<uint32_t>(profile_.stack_locations.size()));
  if (event.goroutine != model::kNoGoroutine) {
    model::ProfileLabel label;
    label.key_str = strings_.Intern("goroutine");
    label.num = static_cast<int64_t>(event.goroutine);
    profile_.labels.push_back(label);
  }
  profile_.label_offsets.push_back(static_cast<uint32_t>(profile_.labels.size()));
}

model::Profile TraceCpuProfileSink::TakeProfile(const model::TraceInfo& info) {
  profile_.duration_nanos = info.duration_ns;
  profile_.time_nanos = info.wall_clock_start_unix_ns;
  profile_.strings = strings_.TakeStrings();
  return std::move(profile_);
}

}  // namespace tracenote::profile
