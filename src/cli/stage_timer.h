// StageTimer: with TRACENOTE_TIMING set in the environment, prints how long
// each stage of a command took to stderr ("tracenote: analysis  1.234 s");
// bench/pictures_measure.sh reads these lines. Without it, does nothing.
#ifndef TRACENOTE_SRC_CLI_STAGE_TIMER_H_
#define TRACENOTE_SRC_CLI_STAGE_TIMER_H_

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace tracenote::cli {

class StageTimer {
 public:
  StageTimer() : on_(std::getenv("TRACENOTE_TIMING") != nullptr) {}
  // The time since the previous mark (or construction), named `stage`.
  void Mark(const char* stage) {
    if (!on_) return;
    const auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "tracenote: %-12s %8.3f s\n", stage,
                 std::chrono::duration<double>(now - last_).count());
    last_ = now;
  }

 private:
  bool on_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace tracenote::cli

#endif  // TRACENOTE_SRC_CLI_STAGE_TIMER_H_
