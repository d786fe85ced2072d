#include "profile/trace_cpu_profile.h"

#include <iterator>

namespace tracenote::profile {

TraceCpuProfileSink::TraceCpuProfileSink(const model::Tables& tables, int64_t period_ns)
    : tables_(&tables), period_ns_(period_ns > 0 ? period_ns : kGoDefaultCpuPeriodNs) {
  profile_.sample_types = {{Intern("samples"), Intern("count")},
                           {Intern("cpu"), Intern("nanoseconds")}};
  profile_.period_type = {Intern("cpu"), Intern("nanoseconds")};
  profile_.period = period_ns_;
  model::ProfileMapping placeholder;
  placeholder.id = 1;
  placeholder.has_functions = true;
  placeholder.has_filenames = true;
  placeholder.has_line_numbers = true;
  profile_.mappings.push_back(placeholder);
}

uint32_t TraceCpuProfileSink::Intern(std::string_view s) {
  auto it = string_ids_.find(s);
  if (it != string_ids_.end()) return it->second;
  strings_.emplace_back(s);
  uint32_t id = static_cast<uint32_t>(strings_.size() - 1);
  string_ids_.emplace(std::string_view(strings_.back()), id);
  return id;
}

uint32_t TraceCpuProfileSink::Location(const model::Frame& frame) {
  uint32_t name = Intern(tables_->strings.Get(frame.func));
  uint32_t file = Intern(tables_->strings.Get(frame.file));
  std::string key;
  for (uint64_t v : {frame.pc, uint64_t{name}, uint64_t{file}, uint64_t{frame.line}}) {
    key.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  auto [lit, lnew] =
      locations_.try_emplace(std::move(key), static_cast<uint32_t>(profile_.locations.size()));
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
  if (id >= stacks_.size()) {
    stacks_.resize(id + 1);
    stack_done_.resize(id + 1, false);
  }
  if (!stack_done_[id]) {
    for (const model::Frame& f : tables_->stacks.Get(id)) stacks_[id].push_back(Location(f));
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
    label.key_str = Intern("goroutine");
    label.num = static_cast<int64_t>(event.goroutine);
    profile_.labels.push_back(label);
  }
  profile_.label_offsets.push_back(static_cast<uint32_t>(profile_.labels.size()));
}

model::Profile TraceCpuProfileSink::TakeProfile(const model::TraceInfo& info) {
  profile_.duration_nanos = info.duration_ns;
  profile_.time_nanos = info.wall_clock_start_unix_ns;
  profile_.strings.assign(std::make_move_iterator(strings_.begin()),
                          std::make_move_iterator(strings_.end()));
  strings_.clear();
  string_ids_.clear();
  return std::move(profile_);
}

}  // namespace tracenote::profile
