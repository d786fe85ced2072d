// `tree` (pprof -tree) and `peek REGEX` (pprof -peek): each node with its
// callers above and callees below. Compute with ComputeTree/ComputePeek,
// print with FormatTreeText.
#ifndef TRACENOTE_SRC_PROFILE_PROFILE_TREE_H_
#define TRACENOTE_SRC_PROFILE_PROFILE_TREE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/profile_model.h"
#include "profile/profile_graph.h"
#include "profile/profile_report.h"

namespace tracenote::profile {

// A caller or callee line: weight, weight as % of the node's cum, name.
// The weight is the raw sum even with -mean (as pprof prints it).
struct TreeEdgeRow {
  std::string name;
  int64_t weight = 0;
  bool is_inline = false;
  std::string weight_text, percent;
};

// A node: its value columns with its callers and callees.
struct TreeNodeRow : ValueColumns {
  std::string name;
  std::vector<TreeEdgeRow> callers;
  std::vector<TreeEdgeRow> callees;
};

struct TreeView {
  std::vector<std::string> header_lines;
  std::vector<TreeNodeRow> nodes;
  bool any_graph_nodes = false;  // the closing separator is printed when the graph had nodes
  int64_t total = 0;
};

// nodecount -1 means 80, as in pprof -tree.
StatusOr<TreeView> ComputeTree(const model::Profile& profile, const ViewOptions& options);
// No trimming; only nodes whose printable name matches `regex` (RE2,
// unanchored). Error "no matches found for regexp: R" when none matches.
StatusOr<TreeView> ComputePeek(const model::Profile& profile, std::string_view regex,
                               const ViewOptions& options);
std::string FormatTreeText(const TreeView& view);

}  // namespace tracenote::profile

#endif  // TRACENOTE_SRC_PROFILE_PROFILE_TREE_H_
