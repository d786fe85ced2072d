// The pprof-style view commands: `tracenote top|tree|peek|list|flame PROFILE`.
#ifndef TRACENOTE_SRC_CLI_PROFILE_COMMANDS_H_
#define TRACENOTE_SRC_CLI_PROFILE_COMMANDS_H_

#include <string>

namespace tracenote::cli {

enum class ProfileViewKind { kTop, kTree, kPeek, kList, kFlame };

// Command-line options of the view commands (pprof flag in parentheses).
struct ProfileViewCommandOptions {
  std::string input;
  std::string regex;         // peek, list
  std::string output = "-";  // "-": standard output
  std::string sample_index;  // (-sample_index) name or number
  bool mean = false;         // (-mean)
  bool cum = false;          // (-cum)
  int nodecount = -1;        // (-nodecount) -1: default of the view
  double nodefraction = 0.005;
  std::string granularity = "functions";
  bool noinlines = false;
  std::string unit = "minimum";
  bool compact_labels = false;
  bool drop_negative = false;
  bool all_frames = false;    // ignore drop_frames/keep_frames
  std::string base;           // (-diff_base) compare with another profile
  std::string subtract_base;  // (-base) subtract an earlier snapshot
  bool normalize = false;     // (-normalize)
  std::string source_path;    // list: (-source_path)
  std::string trim_path;      // list: (-trim_path)
  bool pprof_errors = false;  // list: print pprof's " Error:" line for missing sources
};

// Runs one view and returns the process exit code; messages go to stderr.
int RunProfileView(ProfileViewKind kind, const ProfileViewCommandOptions& options);

}  // namespace tracenote::cli

#endif  // TRACENOTE_SRC_CLI_PROFILE_COMMANDS_H_
