// Sorting and trimming of a Graph, as pprof's newTrimmedGraph does it:
//   1. build the full graph; T = sum of flat;
//   2. drop nodes with |cum| < |T * nodefraction| and rebuild without them;
//   3. sort; keep the first `nodecount` nodes and rebuild (then sort again);
//   4. drop edges with |weight| < |T * edgefraction|.
#include <algorithm>
#include <string>

#include "profile/profile_graph.h"
#include "profile/view_util.h"

namespace tracenote::profile {
namespace {

// Go's fmt.Sprint of a NodeInfo: the last tie-break of pprof's node orders.
std::string InfoString(const NodeInfo& i) {
  return "{" + i.name + " " + i.orig_name + " " + std::to_string(i.address) + " " + i.file + " " +
         std::to_string(i.start_line) + " " + std::to_string(i.line) + " 0 " + i.objfile + "}";
}

void DropLowEdges(Graph& g, int64_t cutoff) {
  if (cutoff <= 0) return;
  for (GraphEdge& e : g.edges) {
    if (Abs(e.weight) < cutoff) e.removed = true;
  }
}

}  // namespace

void SortGraph(Graph& g, bool cum) {
  const auto& names = g.table->printable_names();
  const auto& infos = g.table->infos();
  std::sort(g.nodes.begin(), g.nodes.end(), [&](const GraphNode& l, const GraphNode& r) {
    int64_t lp = cum ? Abs(l.cum) : Abs(l.flat), rp = cum ? Abs(r.cum) : Abs(r.flat);
    if (lp != rp) return lp > rp;
    const std::string& ln = names[l.id];
    const std::string& rn = names[r.id];
    if (ln != rn) return ln < rn;
    int64_t ls = cum ? Abs(l.flat) : Abs(l.cum), rs = cum ? Abs(r.flat) : Abs(r.cum);
    if (ls != rs) return ls > rs;
    return InfoString(infos[l.id]) < InfoString(infos[r.id]);
  });
}

std::vector<uint32_t> SortedEdges(const Graph& g, const std::vector<uint32_t>& edges) {
  std::vector<uint32_t> out;
  out.reserve(edges.size());
  for (uint32_t e : edges) {
    if (!g.edges[e].removed) out.push_back(e);
  }
  const auto& names = g.table->printable_names();
  std::stable_sort(out.begin(), out.end(), [&](uint32_t a, uint32_t b) {
    const GraphEdge& x = g.edges[a];
    const GraphEdge& y = g.edges[b];
    if (x.weight != y.weight) return Abs(x.weight) > Abs(y.weight);
    const std::string& f1 = names[x.src];
    const std::string& f2 = names[y.src];
    if (f1 != f2) return f1 < f2;
    return names[x.dst] < names[y.dst];
  });
  return out;
}

TrimmedGraph BuildTrimmedGraph(const NodeTable& table, const SampleSelection& sel,
                               const ViewOptions& o, int nodecount, bool trim) {
  const double nodefraction = trim ? o.nodefraction : 0;
  const double edgefraction = trim ? o.edgefraction : 0;
  if (!trim) nodecount = 0;
  TrimmedGraph tg;
  // The first graph only decides which nodes stay; it needs no edges unless
  // it is also the final one.
  const bool may_trim = nodefraction != 0 || nodecount > 0;
  tg.graph = BuildGraph(table, sel, nullptr, o.drop_negative, !may_trim);
  bool has_edges = !may_trim;
  int64_t total = 0;
  for (const GraphNode& n : tg.graph.nodes) total += n.flat;
  const int64_t node_cutoff = Abs(static_cast<int64_t>(static_cast<double>(total) * nodefraction));
  const int64_t edge_cutoff = Abs(static_cast<int64_t>(static_cast<double>(total) * edgefraction));

  if (node_cutoff > 0) {
    std::vector<uint8_t> kept(table.infos().size(), 0);
    size_t kept_count = 0;
    for (const GraphNode& n : tg.graph.nodes) {
      if (Abs(n.cum) < node_cutoff) continue;
      kept[n.id] = 1;
      ++kept_count;
    }
    if (kept_count != tg.graph.nodes.size()) {
      tg.dropped_nodes = static_cast<int>(tg.graph.nodes.size() - kept_count);
      tg.graph = BuildGraph(table, sel, &kept, o.drop_negative);
      has_edges = true;
    }
  }
  if (!has_edges) tg.graph = BuildGraph(table, sel, nullptr, o.drop_negative);
  tg.orig_count = static_cast<int>(tg.graph.nodes.size());
  SortGraph(tg.graph, o.cum_sort);
  // pprof also trims edges before choosing the top nodes; the choice does
  // not look at edges (and a rebuild replaces them), so they are trimmed
  // once, below.
  if (nodecount > 0) {
    size_t keep = std::min<size_t>(static_cast<size_t>(nodecount), tg.graph.nodes.size());
    if (keep != tg.graph.nodes.size()) {
      std::vector<uint8_t> kept(table.infos().size(), 0);
      for (size_t i = 0; i < keep; ++i) kept[tg.graph.nodes[i].id] = 1;
      tg.graph = BuildGraph(table, sel, &kept, o.drop_negative);
      SortGraph(tg.graph, o.cum_sort);
    }
  }
  DropLowEdges(tg.graph, edge_cutoff);
  return tg;
}

}  // namespace tracenote::profile
