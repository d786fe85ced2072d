// The numbers behind `tracenote dump --stats`: format version, event counts
// per kind under Go's names, goroutines, Ps, threads and duration. Computed
// from one counting pass, then formatted as text or as a JSON object whose
// keys scripts may rely on.
#ifndef TRACENOTE_SRC_DUMP_TRACE_STATS_H_
#define TRACENOTE_SRC_DUMP_TRACE_STATS_H_

#include <cstdint>
#include <map>
#include <string>

#include "base/status.h"
#include "ingest/trace_source.h"

namespace tracenote::dump {

struct TraceStats {
  std::string file;
  model::TraceInfo info;
  std::map<std::string, uint64_t> counts;  // by event name
};

StatusOr<TraceStats> ComputeStats(const std::string& file, TraceSource* source);
std::string FormatStatsText(const TraceStats& stats);
std::string FormatStatsJson(const TraceStats& stats);

}  // namespace tracenote::dump

#endif  // TRACENOTE_SRC_DUMP_TRACE_STATS_H_
