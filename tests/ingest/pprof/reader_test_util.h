// Helpers shared by the pprof reader tests: a small valid profile written
// with tools/pprof_test_writer, and short ways to read errors and anomalies.
#ifndef TRACENOTE_TESTS_INGEST_PPROF_READER_TEST_UTIL_H_
#define TRACENOTE_TESTS_INGEST_PPROF_READER_TEST_UTIL_H_

#include <string>
#include <string_view>

#include "ingest/pprof/pprof_reader.h"
#include "tools/pprof_test_writer.h"

namespace tracenote::pprof {

using pprof_test::Gzip;
using pprof_test::ProfileBuilder;
using pprof_test::TestLabel;
using pprof_test::WireWriter;

// A small valid CPU profile: main.main -> main.work (inlined helper).
inline ProfileBuilder SmallCpu() {
  ProfileBuilder b;
  b.SampleType("samples", "count").SampleType("cpu", "nanoseconds");
  b.PeriodType("cpu", "nanoseconds", 10000000);
  b.AddMapping("/bin/app", 0x1000, 0x9000);
  const uint64_t fmain = b.AddFunction("main.main", "main.go", 3);
  const uint64_t fwork = b.AddFunction("main.work", "main.go", 10);
  const uint64_t fhelp = b.AddFunction("main.helper", "util.go", 20);
  const uint64_t lmain = b.AddLocation(0x1100, {{fmain, 5}}, 1);
  const uint64_t lwork = b.AddLocation(0x1200, {{fhelp, 22}, {fwork, 12}}, 1);
  b.AddSample({lwork, lmain}, {3, 30000000});
  b.AddSample({lmain}, {1, 10000000});
  return b;
}

inline std::string ErrorOf(std::string_view bytes) {
  auto p = ReadProfile(bytes, "t.pb");
  return p.ok() ? "<ok>" : p.status().message();
}

inline bool HasAnomaly(const model::Profile& p, std::string_view id) {
  for (const auto& a : p.anomalies) {
    if (a.id == id) return true;
  }
  return false;
}

}  // namespace tracenote::pprof

#endif  // TRACENOTE_TESTS_INGEST_PPROF_READER_TEST_UTIL_H_
