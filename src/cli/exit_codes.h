// Exit codes of the tracenote binary (documented in the README).
#ifndef TRACENOTE_SRC_CLI_EXIT_CODES_H_
#define TRACENOTE_SRC_CLI_EXIT_CODES_H_

#include "base/status.h"

namespace tracenote::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitInputError = 1,  // not a trace, corrupt, unreadable, unsupported
  kExitUsage = 2,       // bad command line
  kExitPartial = 3,     // the input was truncated: output covers what was readable
  kExitInternal = 4,
  kExitFindings = 5,  // --fail-on: a finding reached the level (wins over kExitPartial)
};

int ExitCodeFor(const Status& status);

}  // namespace tracenote::cli

#endif  // TRACENOTE_SRC_CLI_EXIT_CODES_H_
