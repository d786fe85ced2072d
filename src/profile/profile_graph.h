// The call graph `go tool pprof` builds before every text report
// (internal/graph): nodes at a chosen granularity with flat and cum values,
// caller->callee edges, trimming by nodefraction/nodecount, and sorting.
//
// Building is done in two steps so that rebuilding after trimming is cheap:
// NodeTable interns the node identity of every location line once
// (name, file, line, address, ... reduced by the granularity), then
// BuildGraph walks the samples with plain arrays (a per-node "last sample"
// stamp instead of pprof's per-sample maps), optionally keeping only some
// nodes (the others make the edges that jump over them "residual").
#ifndef TRACENOTE_SRC_PROFILE_PROFILE_GRAPH_H_
#define TRACENOTE_SRC_PROFILE_PROFILE_GRAPH_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/profile_model.h"

namespace tracenote::profile {

// What a node is (pprof -functions, -filefunctions, -files, -lines, -addresses).
enum class Granularity { kFunctions, kFileFunctions, kFiles, kLines, kAddresses };

StatusOr<Granularity> ParseGranularity(std::string_view name);
std::string_view GranularityName(Granularity g);

// Options shared by the views (pprof flag in parentheses).
struct ViewOptions {
  std::string sample_index;  // (-sample_index) name or number; "" = default column
  bool mean = false;         // (-mean) divide by column 0 (the count)
  Granularity granularity = Granularity::kFunctions;
  bool noinlines = false;  // (-noinlines)
  bool cum_sort = false;   // (-cum)
  int nodecount = -1;      // (-nodecount) -1: default (top: no limit, tree: 80)
  double nodefraction = 0.005;
  double edgefraction = 0.001;
  std::string unit = "minimum";  // (-unit) minimum, auto, or a unit name
  bool compact_labels = false;   // (-compact_labels) no profile header lines
  bool drop_negative = false;    // (-drop_negative)
  std::string trim_path;         // (-trim_path) ':'-separated prefixes
  std::string source_path;       // (-source_path) ':'-separated directories
};

// The value column a report shows (pprof's SampleIndexByName + -mean).
struct SampleSelection {
  int index = 0;
  int mean_divisor_index = -1;  // 0 with -mean
  std::string type;             // "mean_" + type with -mean
  std::string unit;             // lower-cased
};

// "" = default_sample_type, else the last column; a number; a type name
// (inuse_X also matches X). Errors read like pprof's.
StatusOr<SampleSelection> SelectSample(const model::Profile& profile, std::string_view sample_index,
                                       bool mean);

// The report total: sum of |value| (of the pprof::base=true samples when
// there are any), divided by the summed divisor with -mean.
int64_t ComputeTotal(const model::Profile& profile, const SampleSelection& selection);

// A node's identity (pprof's NodeInfo) and how pprof prints it.
struct NodeInfo {
  std::string name;
  std::string orig_name;
  std::string file;  // cleaned and trimmed
  std::string objfile;
  uint64_t address = 0;
  int64_t start_line = 0;
  int64_t line = 0;
  std::string PrintableName() const;
};

// Options of one graph construction.
struct GraphOptions {
  Granularity granularity = Granularity::kFunctions;
  bool noinlines = false;
  bool keep_binary = false;  // list: objfile and start_line are part of the identity
  std::string trim_path;
  std::string source_path;  // for the trimming heuristic only
};

// The graph options of a view: its granularity, inlining and path options.
GraphOptions MakeGraphOptions(const ViewOptions& options);

// Interned node identities for every (location, line) of a profile.
// Contract: node ids are dense [0, infos().size()), stable for the table's
// lifetime; location_nodes(l) lists the nodes of location l innermost first.
class NodeTable {
 public:
  NodeTable(const model::Profile& profile, const GraphOptions& options);
  const std::vector<NodeInfo>& infos() const { return infos_; }
  const std::vector<std::string>& printable_names() const { return printable_; }
  const uint32_t* location_nodes_begin(uint32_t location) const {
    return loc_nodes_.data() + loc_offsets_[location];
  }
  const uint32_t* location_nodes_end(uint32_t location) const {
    return loc_nodes_.data() + loc_offsets_[location + 1];
  }
  const model::Profile& profile() const { return *profile_; }

 private:
  const model::Profile* profile_;
  std::vector<NodeInfo> infos_;
  std::vector<std::string> printable_;
  std::vector<uint32_t> loc_offsets_;
  std::vector<uint32_t> loc_nodes_;
};

struct GraphEdge {
  uint32_t src = 0;      // NodeTable id of the caller
  uint32_t dst = 0;      // NodeTable id of the callee
  bool removed = false;  // dropped by edgefraction trimming
  int64_t weight = 0;
  int64_t weight_div = 0;
  bool residual = false;
  bool is_inline = false;
  int64_t Value() const { return weight_div != 0 ? weight / weight_div : weight; }
};

struct GraphNode {
  uint32_t id = 0;  // NodeTable id
  int64_t flat = 0, flat_div = 0, cum = 0, cum_div = 0;
  std::vector<uint32_t> in;   // edge indexes, callers
  std::vector<uint32_t> out;  // edge indexes, callees
  int64_t FlatValue() const { return flat_div != 0 ? flat / flat_div : flat; }
  int64_t CumValue() const { return cum_div != 0 ? cum / cum_div : cum; }
};

// A built graph: the nodes with a non-zero flat or cum, in table order until
// SortGraph is called. Edges may point at nodes that are not in `nodes`
// (values that netted out to zero), as in pprof.
struct Graph {
  const NodeTable* table = nullptr;
  std::vector<GraphNode> nodes;
  std::vector<GraphEdge> edges;
  const std::string& Name(uint32_t id) const { return table->printable_names()[id]; }
  const std::string& Name(const GraphNode& n) const { return Name(n.id); }
};

// Walks the samples (pprof's newGraph). `kept` (one byte per node id,
// non-zero = kept) limits the nodes; nullptr keeps all.
// with_edges=false computes flat and cum only (about twice as fast).
Graph BuildGraph(const NodeTable& table, const SampleSelection& selection,
                 const std::vector<uint8_t>* kept, bool drop_negative, bool with_edges = true);

// pprof's FlatNameOrder (cum=false) or CumNameOrder (cum=true).
void SortGraph(Graph& graph, bool cum);

// Edges of a node sorted like pprof's EdgeMap.Sort (weight desc, names),
// without the removed ones.
std::vector<uint32_t> SortedEdges(const Graph& graph, const std::vector<uint32_t>& edges);

// The result of pprof's newTrimmedGraph.
struct TrimmedGraph {
  Graph graph;
  int orig_count = 0;
  int dropped_nodes = 0;
};

// Builds, drops nodes with |cum| < |T*nodefraction|, keeps the top
// `nodecount` (<= 0: all) and sorts. trim=false skips all dropping.
TrimmedGraph BuildTrimmedGraph(const NodeTable& table, const SampleSelection& selection,
                               const ViewOptions& options, int nodecount, bool trim);

// pprof's trimPath(path, trim_path, search_path).
std::string TrimSourcePath(std::string_view path, std::string_view trim_path,
                           std::string_view search_path);
// Go's filepath.Clean for '/'-separated paths.
std::string CleanPath(std::string_view path);

}  // namespace tracenote::profile

#endif  // TRACENOTE_SRC_PROFILE_PROFILE_GRAPH_H_
