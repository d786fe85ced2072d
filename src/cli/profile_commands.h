// The pprof-style view commands: `tracenote top|tree|peek|list|flame PROFILE`.
#ifndef TRACENOTE_SRC_CLI_PROFILE_COMMANDS_H_
#define TRACENOTE_SRC_CLI_PROFILE_COMMANDS_H_

#include <string>

#include "profile/profile_graph.h"

namespace tracenote::cli {

enum class ProfileViewKind { kTop, kTree, kPeek, kList, kFlame };

// Command-line options of the view commands (pprof flag in parentheses).
// The view options proper are profile::ViewOptions; granularity is parsed
// from its name when the command runs.
struct ProfileViewCommandOptions {
  std::string input;
  std::string regex;         // peek, list
  std::string output = "-";  // "-": standard output
  profile::ViewOptions view;
  std::string granularity = "functions";  // (-functions, -lines, ...)
  bool all_frames = false;                // ignore drop_frames/keep_frames
  std::string base;                       // (-diff_base) compare with another profile
  std::string subtract_base;              // (-base) subtract an earlier snapshot
  bool normalize = false;                 // (-normalize)
  bool pprof_errors = false;              // list: print pprof's " Error:" line for missing sources
};

// Runs one view and returns the process exit code; messages go to stderr.
int RunProfileView(ProfileViewKind kind, const ProfileViewCommandOptions& options);

}  // namespace tracenote::cli

#endif  // TRACENOTE_SRC_CLI_PROFILE_COMMANDS_H_
