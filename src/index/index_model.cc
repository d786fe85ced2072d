#include "index/index_model.h"

#include <algorithm>
#include <cctype>

namespace tracenote::index {
namespace {

int KindOrder(const IndexRow& row) {
  // Error rows have no findings but are worse news than a clean input.
  return row.record->status == "error" ? 0 : static_cast<int>(row.worst) + 1;
}

// The position of each stat in IndexModel::worst.
struct StatField {
  const char* metric;
  int64_t batch::RecordStats::*field;
};
constexpr StatField kWorstStats[] = {
    {"gc_pause", &batch::RecordStats::max_gc_pause_ns},
    {"stw", &batch::RecordStats::max_stw_ns},
    {"sched_latency_p99", &batch::RecordStats::sched_latency_p99_ns},
};

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

}  // namespace

SeverityRank RankOf(std::string_view severity) {
  if (severity == "critical") return SeverityRank::kCritical;
  if (severity == "warning") return SeverityRank::kWarning;
  return SeverityRank::kInfo;
}

const char* SeverityName(SeverityRank rank) {
  switch (rank) {
    case SeverityRank::kCritical:
      return "critical";
    case SeverityRank::kWarning:
      return "warning";
    case SeverityRank::kInfo:
      return "info";
    case SeverityRank::kNone:
      break;
  }
  return "";
}

IndexModel BuildIndexModel(const std::vector<batch::BatchRecord>& records) {
  IndexModel m;
  std::map<std::string, FindingAggregate> aggregates;
  for (const batch::BatchRecord& r : records) {
    IndexRow row;
    row.record = &r;
    ++m.inputs;
    if (r.status == "error") {
      ++m.errors;
    } else if (r.status == "partial") {
      ++m.partial;
    } else {
      ++m.ok;
    }
    if (r.kind == "trace") ++m.traces;
    if (r.kind == "profile") ++m.profiles;
    for (const batch::RecordFinding& f : r.findings) {
      SeverityRank& rank = row.by_finding[f.id];
      rank = std::max(rank, RankOf(f.severity));
      row.worst = std::max(row.worst, rank);
    }
    for (const auto& [id, rank] : row.by_finding) {
      FindingAggregate& a = aggregates[id];
      a.id = id;
      if (a.kind.empty()) a.kind = r.kind;
      ++a.inputs;
      if (rank == SeverityRank::kCritical) ++a.critical;
      if (rank == SeverityRank::kWarning) ++a.warning;
      if (rank == SeverityRank::kInfo) ++a.info;
    }
    m.rows.push_back(std::move(row));
  }
  std::stable_sort(m.rows.begin(), m.rows.end(), [](const IndexRow& a, const IndexRow& b) {
    if (KindOrder(a) != KindOrder(b)) return KindOrder(a) > KindOrder(b);
    return a.record->input < b.record->input;
  });

  for (auto& [id, a] : aggregates) m.findings.push_back(a);
  std::stable_sort(m.findings.begin(), m.findings.end(),
                   [](const FindingAggregate& a, const FindingAggregate& b) {
                     if (a.inputs != b.inputs) return a.inputs > b.inputs;
                     return a.id < b.id;
                   });

  // Rows in input order, to break ties of worst values and list errors.
  std::vector<size_t> by_input(m.rows.size());
  for (size_t i = 0; i < by_input.size(); ++i) by_input[i] = i;
  std::stable_sort(by_input.begin(), by_input.end(), [&m](size_t a, size_t b) {
    return m.rows[a].record->input < m.rows[b].record->input;
  });
  for (const StatField& stat : kWorstStats) {
    WorstValue w;
    w.metric = stat.metric;
    for (size_t i : by_input) {
      const int64_t v = m.rows[i].record->stats.*stat.field;
      if (v >= 0 && v > w.value) {
        w.value = v;
        w.row = i;
      }
    }
    m.worst.push_back(w);
  }
  for (size_t i : by_input) {
    if (m.rows[i].record->status == "error") m.error_rows.push_back(i);
  }
  return m;
}

std::optional<int64_t> ParseRfc3339(std::string_view s) {
  int year, month, day, hour, minute, second;
  if (!Digits(s, 0, 4, &year) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, &month) ||
      s[7] != '-' || !Digits(s, 8, 2, &day) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !Digits(s, 11, 2, &hour) || s[13] != ':' || !Digits(s, 14, 2, &minute) || s[16] != ':' ||
      !Digits(s, 17, 2, &second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
  }
  int64_t offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!Digits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !Digits(s, pos + 4, 2, &om)) {
      return std::nullopt;
    }
    offset = (s[pos] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  return DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
         hour * 3600 + minute * 60 + second - offset;
}

}  // namespace tracenote::index
