// Small helpers shared by the Google Benchmark targets in bench/.
#ifndef TRACENOTE_BENCH_BENCH_UTIL_H_
#define TRACENOTE_BENCH_BENCH_UTIL_H_

#include <sys/resource.h>

namespace tracenote {

// The process's peak resident set size so far, in MiB.
inline double PeakRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

}  // namespace tracenote

#endif  // TRACENOTE_BENCH_BENCH_UTIL_H_
