// Small helpers shared by the Google Benchmark targets in bench/.
#ifndef TRACENOTE_BENCH_BENCH_UTIL_H_
#define TRACENOTE_BENCH_BENCH_UTIL_H_

#include <sys/resource.h>

#include <cstdlib>
#include <string>

namespace tracenote {

// The process's peak resident set size so far, in MiB.
inline double PeakRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

// The trace a trace benchmark reads: $TRACENOTE_BENCH_TRACE, else the
// bundled syscall sample.
inline std::string BenchTracePath() {
  const char* env = std::getenv("TRACENOTE_BENCH_TRACE");
  if (env != nullptr && *env != '\0') return env;
  return std::string(TRACENOTE_SOURCE_DIR) + "/samples/syscall/syscall.trace";
}

}  // namespace tracenote

#endif  // TRACENOTE_BENCH_BENCH_UTIL_H_
