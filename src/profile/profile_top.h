// `top` (pprof -top / -text): one row per node with flat, flat%, sum%, cum,
// cum%. Compute rows with ComputeTop, then print with FormatTopText.
#ifndef TRACENOTE_SRC_PROFILE_PROFILE_TOP_H_
#define TRACENOTE_SRC_PROFILE_PROFILE_TOP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "model/profile_model.h"
#include "profile/profile_graph.h"
#include "profile/profile_report.h"

namespace tracenote::profile {

enum class InlineKind { kNone, kInline, kPartialInline };

// One row: a node's name, inline mark and value columns.
struct TopRow : ValueColumns {
  std::string name;
  InlineKind inline_kind = InlineKind::kNone;
};

// The whole view. header_lines are printed first, one per line.
struct TopView {
  std::vector<std::string> header_lines;
  std::vector<TopRow> rows;
  int64_t total = 0;
  std::string sample_type;  // e.g. "cpu", "mean_delay"
  std::string sample_unit;  // e.g. "nanoseconds"
  std::string output_unit;  // e.g. "s"
};

// nodecount -1 means no limit, as in pprof -top.
StatusOr<TopView> ComputeTop(const model::Profile& profile, const ViewOptions& options);
std::string FormatTopText(const TopView& view);

}  // namespace tracenote::profile

#endif  // TRACENOTE_SRC_PROFILE_PROFILE_TOP_H_
