// Grouping walk-through rows into episodes and writing their comments: a
// goroutine's run from its GoStart until it stops (with what happened on its
// P meanwhile), related events outside any run, preemption loops folded into
// one line with their count and measured period.
#ifndef TRACENOTE_SRC_REPORT_WALKTHROUGH_EPISODES_H_
#define TRACENOTE_SRC_REPORT_WALKTHROUGH_EPISODES_H_

#include <vector>

#include "model/trace_model.h"
#include "report/walkthrough.h"

namespace tracenote::report {

// `runs` are runs of consecutive events, in order; a gap between runs is
// marked on the first episode after it.
std::vector<Episode> GroupIntoEpisodes(std::vector<std::vector<WalkRow>> runs,
                                       const model::Tables& tables);

}  // namespace tracenote::report

#endif  // TRACENOTE_SRC_REPORT_WALKTHROUGH_EPISODES_H_
