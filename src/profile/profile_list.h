// `list REGEX` (pprof -list): annotated source of every function whose name
// matches, per (function, file), with flat/cum per line. Compute with
// ComputeList, print with FormatListText.
//
// Source files are looked up like pprof (trim_path or the basename
// heuristic, then each search directory and its parents) and, unlike pprof,
// also under GOROOT for standard-library names ("runtime/proc.go",
// "$GOROOT/src/..."): $GOROOT, /usr/lib/go, /usr/local/go, /usr/lib/go-*.
// When a file cannot be found the routine keeps pprof's header lines and,
// instead of pprof's bare " Error: ...", lists the lines that have samples.
#ifndef TRACENOTE_SRC_PROFILE_PROFILE_LIST_H_
#define TRACENOTE_SRC_PROFILE_PROFILE_LIST_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/profile_model.h"
#include "profile/profile_graph.h"

namespace tracenote::profile {

struct ListOptions {
  ViewOptions view;  // sample_index, mean, noinlines, trim_path, source_path are used
  // Search GOROOT candidates too (see above). Off gives pprof's exact lookup.
  bool use_goroot = true;
  // pprof prints " Error: <reason>" when a file is missing; we list the
  // sampled lines instead unless this is set.
  bool pprof_errors = false;
};

struct ListLine {
  int64_t line = 0;
  int64_t flat = 0, cum = 0;
  std::string flat_text, cum_text;  // "." for zero
  std::string source;               // the text of the line (empty when not found)
};

// One ROUTINE block.
struct ListRoutine {
  std::string name;
  std::string file;  // as shown after "in"; empty: "No source information for"
  bool no_source_info = false;
  int64_t flat = 0, cum = 0;
  std::string flat_text, cum_text, percent;
  bool source_found = false;
  bool from_goroot = false;     // read from a local GOROOT: may be another Go version
  std::string error;            // pprof's reason when not found
  std::string resolved_path;    // where the source was read from
  std::vector<ListLine> lines;  // the source range, or only sampled lines when not found
};

struct ListView {
  int64_t total = 0;
  std::string total_text;
  std::vector<ListRoutine> routines;
  bool pprof_errors = false;
};

StatusOr<ListView> ComputeList(const model::Profile& profile, std::string_view regex,
                               const ListOptions& options);
std::string FormatListText(const ListView& view);

}  // namespace tracenote::profile

#endif  // TRACENOTE_SRC_PROFILE_PROFILE_LIST_H_
