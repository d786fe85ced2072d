// IndexModel: what an index page shows about a set of batch records,
// computed once and shared by the Markdown and HTML renderers (compute rows,
// then format). Nothing here is localized or escaped: the renderers do that.
//
// Contract:
//  * Rows are the records in display order: worst severity first (critical,
//    warning, info, none; error rows after the rows without findings), then
//    by input path. This is the order of the page without JavaScript.
//  * Finding columns are the finding ids present in the archive, the id
//    seen in most inputs first, ties by id.
//  * An input counts once per finding id however many times it reports it,
//    at the worst severity it reports it with.
//  * Worst values are the maxima of RecordStats over the records (negative
//    stats mean "not known" and never win); ties go to the first row in
//    input order.
#ifndef TRACENOTE_SRC_INDEX_INDEX_MODEL_H_
#define TRACENOTE_SRC_INDEX_INDEX_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "batch/batch_record.h"

namespace tracenote::index {

// Severity as a rank: higher is worse; kNone when a row has no finding.
enum class SeverityRank : int { kNone = 0, kInfo = 1, kWarning = 2, kCritical = 3 };

// "info" | "warning" | "critical" to a rank (anything else is kInfo).
SeverityRank RankOf(std::string_view severity);
// The rank's word key suffix: "info", "warning", "critical" ("" for kNone).
const char* SeverityName(SeverityRank rank);

// One input of the table.
struct IndexRow {
  const batch::BatchRecord* record = nullptr;
  SeverityRank worst = SeverityRank::kNone;
  std::map<std::string, SeverityRank> by_finding;  // finding id -> worst severity
};

// How many inputs show one finding id, and at which severities.
struct FindingAggregate {
  std::string id;
  std::string kind;  // "trace" | "profile": the kind of the inputs showing it
  int inputs = 0;
  int critical = 0, warning = 0, info = 0;
};

// The largest value of one statistic and the row that holds it.
struct WorstValue {
  std::string metric;  // "gc_pause" | "stw" | "sched_latency_p99"
  int64_t value = -1;  // -1: no record knows it
  size_t row = 0;      // index into IndexModel::rows
};

struct IndexModel {
  int inputs = 0, ok = 0, partial = 0, errors = 0;
  int traces = 0, profiles = 0;
  std::vector<IndexRow> rows;
  std::vector<FindingAggregate> findings;  // the column order
  std::vector<WorstValue> worst;           // gc_pause, stw, sched_latency_p99
  std::vector<size_t> error_rows;          // rows with status "error", by input
};

// `records` must outlive the model (rows point into it).
IndexModel BuildIndexModel(const std::vector<batch::BatchRecord>& records);

// Seconds since 1970-01-01T00:00:00Z of an RFC 3339 date-time
// ("2026-11-23T22:11:30Z", "2026-11-23T22:11:30.5+03:00"); nullopt when the
// text is not one. Fractions of a second are dropped.
std::optional<int64_t> ParseRfc3339(std::string_view text);

}  // namespace tracenote::index

#endif  // TRACENOTE_SRC_INDEX_INDEX_MODEL_H_
