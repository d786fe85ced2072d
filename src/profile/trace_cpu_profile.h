// A CPU profile made from the CPU samples embedded in an execution trace
// (Go 1.19+ records runtime/pprof's samples as trace events when both are on),
// so that they can be shown with the same views as a pprof profile.
//
// TraceCpuProfileSink is a model::EventSink: replay a trace into it, then
// take the profile. Every model::EventKind::kStackSample event is one sample
// with values {1 count, the sampling period in ns}: sample types
// samples/count and cpu/nanoseconds (the default column is the last, cpu,
// as in Go's CPU profiles), period type cpu/nanoseconds. Samples with the
// same stack and goroutine are summed (memory stays bounded by the distinct
// stacks). The goroutine is a numeric label "goroutine" (absent when the
// sample has none). Functions and locations are interned from the trace's
// StackTable frames (innermost first, as pprof's leaf-first stacks): one
// location per distinct (pc, function, file, line), with one line (none for
// a frame that has only a PC, as in Go 1.5 traces); one
// placeholder mapping, as pprof gives mapping-less Go profiles.
#ifndef TRACENOTE_SRC_PROFILE_TRACE_CPU_PROFILE_H_
#define TRACENOTE_SRC_PROFILE_TRACE_CPU_PROFILE_H_

#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/profile_model.h"
#include "model/string_table.h"
#include "model/trace_model.h"

namespace tracenote::profile {

// runtime/pprof's default CPU sampling rate is 100 Hz. A trace does not
// record the rate, so this is what a sample is worth unless the caller knows.
inline constexpr int64_t kGoDefaultCpuPeriodNs = 10'000'000;

class TraceCpuProfileSink : public model::EventSink {
 public:
  // `tables` must outlive the sink; stacks are resolved as events arrive.
  explicit TraceCpuProfileSink(const model::Tables& tables,
                               int64_t period_ns = kGoDefaultCpuPeriodNs);

  void OnEvent(const model::Event& event) override;

  // kStackSample events seen so far.
  uint64_t sample_events() const { return sample_events_; }

  // The profile; duration and start time come from `info`. The sink is
  // spent afterwards.
  model::Profile TakeProfile(const model::TraceInfo& info);

 private:
  // A frame as the location table tells locations apart; string ids are the
  // profile's.
  struct LocationKey {
    uint64_t pc;
    uint32_t name, file, line;
    bool operator==(const LocationKey&) const = default;
  };
  struct KeyHash {
    size_t operator()(const LocationKey& k) const;
    size_t operator()(const std::pair<model::StackId, uint64_t>& k) const;
  };

  // The profile's id of the trace's string `id` (cached per trace id).
  uint32_t TraceString(model::StringId id);
  uint32_t Location(const model::Frame& frame);
  // Leaf-first location indexes of a trace stack, cached per StackId.
  const std::vector<uint32_t>& Stack(model::StackId id);

  const model::Tables* tables_;
  int64_t period_ns_;
  uint64_t sample_events_ = 0;
  model::Profile profile_;
  model::StringTable strings_;                        // the profile's strings
  std::vector<uint32_t> trace_strings_;               // trace StringId -> strings_ id
  std::unordered_map<uint64_t, uint32_t> functions_;  // (name, file) string ids
  std::unordered_map<LocationKey, uint32_t, KeyHash> locations_;
  std::vector<std::vector<uint32_t>> stacks_;
  std::vector<bool> stack_done_;
  // (stack, goroutine) -> sample index: looked up once per sample event.
  std::unordered_map<std::pair<model::StackId, uint64_t>, uint32_t, KeyHash> samples_;
};

}  // namespace tracenote::profile

#endif  // TRACENOTE_SRC_PROFILE_TRACE_CPU_PROFILE_H_
