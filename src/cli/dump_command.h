// `tracenote dump TRACE`: the event listing, or `--stats`.
#ifndef TRACENOTE_SRC_CLI_DUMP_COMMAND_H_
#define TRACENOTE_SRC_CLI_DUMP_COMMAND_H_

#include <cstdint>
#include <string>

namespace tracenote::cli {

struct DumpOptions {
  std::string input;
  std::string output = "-";  // "-": standard output
  std::string format = "text";
  bool stats = false;
  bool model = false;  // list model events instead of the format's own
  bool links = true;
  uint64_t limit = 0;  // 0: all events
};

// Runs the command and returns the process exit code; messages go to stderr.
int RunDump(const DumpOptions& options);

}  // namespace tracenote::cli

#endif  // TRACENOTE_SRC_CLI_DUMP_COMMAND_H_
