// Our per-goroutine summary against the goroutine analysis of `go tool trace`
// (Go 1.19) on the samples. Each sample directory has
// <name>.go-tool-goroutines.tsv, recorded by samples/goroutine_oracle.sh from
// the tool's /goroutines and /goroutine?id=<pc> pages: one line per goroutine,
//   id  func  total  exec  io  block  syscall  sched  sweep  gc
// with the durations as the page displays them.
//
// The page formats durations with cmd/trace's niceDuration
// (src/cmd/trace/annotations.go, used by the "prettyDuration" template
// function of src/cmd/trace/goroutines.go):
//   d < 10µs: d/1ns "ns"; d < 10ms: d/1µs "µs"; d < 10s: d/1ms "ms";
//   else d/1s "s " (with a trailing space, trimmed by the HTML cell);
// the division being Go's integer division, i.e. truncation toward zero, not
// rounding. We format our nanoseconds the same way and compare the strings
// exactly: equal strings mean our value is in the same truncation interval
// as Go's (e.g. "3077ms" is [3077 ms, 3078 ms)).
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/trace_analysis.h"
#include "ingest/open_trace.h"

namespace tracenote {
namespace {

constexpr int kColumns = 8;
constexpr const char* kColumnNames[kColumns] = {"total",   "exec",  "io",    "block",
                                                "syscall", "sched", "sweep", "gc"};

struct OracleRow {
  uint64_t id = 0;
  std::string func;  // empty: the goroutine never started during the trace
  std::string values[kColumns];
  int line = 0;
};

// Go 1.19 cmd/trace niceDuration, without the trailing space of "s ".
std::string NiceDuration(int64_t ns) {
  constexpr int64_t kUs = 1000, kMs = 1000 * kUs, kS = 1000 * kMs;
  int64_t rnd;
  const char* unit;
  if (ns < 10 * kUs) {
    rnd = 1, unit = "ns";
  } else if (ns < 10 * kMs) {
    rnd = kUs, unit = "µs";
  } else if (ns < 10 * kS) {
    rnd = kMs, unit = "ms";
  } else {
    rnd = kS, unit = "s";
  }
  return std::to_string(ns / rnd) + unit;  // C++ division truncates like Go's
}

// The interval [lo, hi) of nanoseconds that niceDuration displays as `shown`
// (for non-negative values), or nullopt if `shown` is not such a display.
struct Interval {
  int64_t lo, hi;
};
std::optional<Interval> ParseDisplayed(std::string_view shown) {
  size_t digits = 0;
  while (digits < shown.size() && shown[digits] >= '0' && shown[digits] <= '9') ++digits;
  if (digits == 0 || digits > 12) return std::nullopt;
  const int64_t n = std::stoll(std::string(shown.substr(0, digits)));
  const std::string_view unit = shown.substr(digits);
  int64_t scale;
  if (unit == "ns") {
    scale = 1;
  } else if (unit == "µs") {
    scale = 1000;
  } else if (unit == "ms") {
    scale = 1000 * 1000;
  } else if (unit == "s") {
    scale = 1000 * 1000 * 1000;
  } else {
    return std::nullopt;
  }
  // Only the canonical display of a value in that range is valid ("9ms" is
  // never shown: it would be "9xxxµs").
  const Interval iv{n * scale, (n + 1) * scale};
  if (NiceDuration(iv.lo) != shown) return std::nullopt;
  return iv;
}

std::vector<OracleRow> ReadOracle(const std::string& path, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = "cannot open " + path + " (run samples/goroutine_oracle.sh)";
    return {};
  }
  std::vector<OracleRow> rows;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, '\t')) f.push_back(field);
    if (f.size() != 2 + kColumns) {
      *error = path + ":" + std::to_string(n) + ": expected 10 tab-separated fields";
      return {};
    }
    OracleRow r;
    r.id = std::stoull(f[0]);
    r.func = f[1];
    r.line = n;
    for (int c = 0; c < kColumns; ++c) {
      r.values[c] = f[2 + c];
      if (!ParseDisplayed(r.values[c])) {
        *error = path + ":" + std::to_string(n) + ": not a cmd/trace duration: " + r.values[c];
        return {};
      }
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

int64_t Column(const analysis::GoroutineSummary& g, int c) {
  switch (c) {
    case 0:
      return g.total;
    case 1:
      return g.exec;
    case 2:
      return g.io;
    case 3:
      return g.block;
    case 4:
      return g.syscall;
    case 5:
      return g.sched_wait;
    case 6:
      return g.sweep;
    default:
      return g.gc;
  }
}

TEST(NiceDurationTest, MatchesGo) {
  EXPECT_EQ(NiceDuration(0), "0ns");
  EXPECT_EQ(NiceDuration(9999), "9999ns");
  EXPECT_EQ(NiceDuration(10000), "10µs");
  EXPECT_EQ(NiceDuration(2533999), "2533µs");  // truncated, not rounded
  EXPECT_EQ(NiceDuration(9999999), "9999µs");
  EXPECT_EQ(NiceDuration(10000000), "10ms");
  EXPECT_EQ(NiceDuration(3077999999), "3077ms");
  EXPECT_EQ(NiceDuration(12500000000), "12s");
  EXPECT_EQ(NiceDuration(-1500), "-1500ns");
  ASSERT_TRUE(ParseDisplayed("43ms"));
  EXPECT_EQ(ParseDisplayed("43ms")->lo, 43000000);
  EXPECT_EQ(ParseDisplayed("43ms")->hi, 44000000);
  EXPECT_FALSE(ParseDisplayed("9ms"));
  EXPECT_FALSE(ParseDisplayed("43"));
  EXPECT_FALSE(ParseDisplayed("1.5ms"));
}

class GoroutineOracleTest : public testing::TestWithParam<std::string> {};

TEST_P(GoroutineOracleTest, MatchesGoToolTrace) {
  const std::string name = GetParam();
  const std::string dir = std::string(TRACENOTE_SOURCE_DIR) + "/samples/" + name + "/";
  std::string error;
  const std::vector<OracleRow> oracle = ReadOracle(dir + name + ".go-tool-goroutines.tsv", &error);
  ASSERT_TRUE(error.empty()) << error;
  ASSERT_FALSE(oracle.empty()) << "no goroutines in the oracle of " << name;

  auto source = OpenTraceFile(dir + name + ".trace");
  ASSERT_TRUE(source.ok()) << source.status().message();
  auto analysis = analysis::BuildTraceAnalysis(source->get());
  ASSERT_TRUE(analysis.ok()) << analysis.status().message();
  const model::Tables& tables = *analysis->tables;

  std::map<uint64_t, const analysis::GoroutineSummary*> ours;
  for (const analysis::GoroutineSummary& g : analysis->goroutines) ours[g.id] = &g;

  int goroutines_ok = 0, columns_ok = 0, names_ok = 0;
  for (const OracleRow& row : oracle) {
    auto it = ours.find(row.id);
    if (it == ours.end()) {
      ADD_FAILURE() << name << ": goroutine " << row.id << " (" << row.func
                    << ") of go tool trace is missing from our summaries";
      continue;
    }
    const analysis::GoroutineSummary& g = *it->second;
    bool all_ok = true;

    // The name. go tool trace names a goroutine after the first frame of
    // its start stack, but only when it sees the goroutine start
    // (GoroutineStats sets GDesc.PC/Name at its first GoStart); goroutines
    // that never ran in the trace keep PC 0 and the empty name and form the
    // pseudo group "/goroutine?id=0" (runtime helpers parked for the whole
    // trace, e.g. forcegchelper). For those, Go's empty name means "never
    // started": we check that, and accept whatever start function we know
    // from the creation event.
    const std::string_view our_func = tables.strings.Get(g.start_func);
    if (row.func.empty()) {
      if (g.first_start >= 0) {
        all_ok = false;
        ADD_FAILURE() << name << ": goroutine " << row.id
                      << ": go tool trace saw it never start (empty name), we saw it start at "
                      << g.first_start << " ns (start func \"" << our_func << "\")";
      } else {
        ++names_ok;
      }
    } else if (our_func != row.func) {
      all_ok = false;
      ADD_FAILURE() << name << ": goroutine " << row.id << ": start func: ours \"" << our_func
                    << "\", Go's \"" << row.func << "\"";
    } else {
      ++names_ok;
    }

    for (int c = 0; c < kColumns; ++c) {
      const int64_t v = Column(g, c);
      const std::string shown = NiceDuration(v);
      if (shown == row.values[c]) {
        ++columns_ok;
        continue;
      }
      all_ok = false;
      const Interval iv = *ParseDisplayed(row.values[c]);
      const int64_t off = v < iv.lo ? v - iv.lo : v - (iv.hi - 1);
      ADD_FAILURE() << name << ": goroutine " << row.id << " (" << row.func << ") column "
                    << kColumnNames[c] << ": ours " << v << "ns (" << shown << "), Go's "
                    << row.values[c] << " (= [" << iv.lo << ", " << iv.hi << ") ns; ours is off by "
                    << off << " ns)";
    }
    if (all_ok) ++goroutines_ok;
  }

  // Goroutines we have that Go does not list. GoroutineStats creates a
  // GDesc only at a GoCreate event (the runtime emits one at trace start for
  // every goroutine that already exists), so it lists every goroutine of the
  // trace except goroutine 0: that is not a goroutine but the "no goroutine"
  // of events run outside one (e.g. sweeping or an unblock from the
  // scheduler; Go skips those, `gs[0]` being nil). We skip it the same way,
  // whatever it holds; any other goroutine must be in the oracle.
  std::map<uint64_t, bool> listed;
  for (const OracleRow& row : oracle) listed[row.id] = true;
  int extra = 0;
  for (const analysis::GoroutineSummary& g : analysis->goroutines) {
    if (g.id == 0 || listed.count(g.id)) continue;
    ++extra;
    std::string cols;
    for (int c = 0; c < kColumns; ++c) {
      cols += std::string(" ") + kColumnNames[c] + "=" + NiceDuration(Column(g, c));
    }
    ADD_FAILURE() << name << ": goroutine " << g.id << " (\"" << tables.strings.Get(g.start_func)
                  << "\") is not in go tool trace's list;" << cols;
  }

  const int n = static_cast<int>(oracle.size());
  std::cout << "[ oracle   ] " << name << ": goroutines fully matching " << goroutines_ok << "/"
            << n << ", names " << names_ok << "/" << n << ", columns " << columns_ok << "/"
            << n * kColumns << ", extra goroutines " << extra << "\n";
  RecordProperty("goroutines_ok", goroutines_ok);
  RecordProperty("columns_ok", columns_ok);
}

INSTANTIATE_TEST_SUITE_P(Samples, GoroutineOracleTest,
                         testing::Values("spin", "syscall", "alloc", "tasks"));

}  // namespace
}  // namespace tracenote
