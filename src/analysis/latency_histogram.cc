// LatencyHistogram and the small helpers of the analysis types.
#include <algorithm>
#include <cmath>

#include "analysis/trace_analysis.h"

namespace tracenote::analysis {

// ---------------------------------------------------------------------------
// LatencyHistogram: kPerOctave buckets per power of two.

namespace {

int BucketOf(int64_t ns) {
  if (ns <= 1) return 0;
  const double b = LatencyHistogram::kPerOctave * std::log2(static_cast<double>(ns));
  const int i = static_cast<int>(b);
  return std::min(i, LatencyHistogram::kBuckets - 1);
}

}  // namespace

int64_t LatencyHistogram::BucketLow(int i) {
  return static_cast<int64_t>(std::pow(2.0, static_cast<double>(i) / kPerOctave));
}

void LatencyHistogram::Add(int64_t ns) {
  if (ns < 0) ns = 0;
  ++counts[BucketOf(ns)];
  ++total;
  sum += ns;
  max = std::max(max, ns);
}

int64_t LatencyHistogram::Quantile(double q) const {
  if (total == 0) return 0;
  const uint64_t rank = static_cast<uint64_t>(std::ceil(q * static_cast<double>(total)));
  uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += counts[i];
    if (seen >= rank && counts[i] > 0) {
      // The bucket's upper edge, capped by the true maximum.
      return std::min(max, BucketLow(i + 1));
    }
  }
  return max;
}

std::string_view StwPause::Reason(const model::Tables& t) const {
  std::string_view name = t.strings.Get(range);
  if (name.substr(0, model::kRangeSTWPrefix.size()) == model::kRangeSTWPrefix) {
    name.remove_prefix(model::kRangeSTWPrefix.size());
    if (!name.empty() && name.back() == ')') name.remove_suffix(1);
  }
  return name;
}

const char* RunnableCauseName(RunnableCause c) {
  switch (c) {
    case RunnableCause::kCreated:
      return "created";
    case RunnableCause::kUnblocked:
      return "unblocked";
    case RunnableCause::kPreempted:
      return "preempted";
    case RunnableCause::kYield:
      return "yield";
    case RunnableCause::kSyscallReturn:
      return "syscall return";
  }
  return "?";
}

}  // namespace tracenote::analysis
