// Turning model events into walk-through rows, named in the style of Go's
// trace events: GoStart, GoPreempt, GoSyscallBegin, STWBegin, ...
#ifndef TRACENOTE_SRC_REPORT_WALKTHROUGH_ROWS_H_
#define TRACENOTE_SRC_REPORT_WALKTHROUGH_ROWS_H_

#include <string_view>

#include "model/trace_model.h"
#include "report/walkthrough.h"

namespace tracenote::report {

WalkRow MakeWalkRow(uint64_t index, const model::Event& e, const model::Tables& tables);

}  // namespace tracenote::report

#endif  // TRACENOTE_SRC_REPORT_WALKTHROUGH_ROWS_H_
