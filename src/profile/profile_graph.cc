// NodeTable (interning node identities) and BuildGraph (the sample walk).
#include "profile/profile_graph.h"

#include <string>
#include <unordered_map>

#include "model/string_table.h"
#include "profile/view_util.h"

namespace tracenote::profile {
namespace {

// Interned identity of a node; strings are ids into a model::StringTable.
struct Key {
  uint32_t name, orig, file, objfile;
  uint64_t address;
  int64_t start_line, line;
  bool operator==(const Key& o) const {
    return name == o.name && orig == o.orig && file == o.file && objfile == o.objfile &&
           address == o.address && start_line == o.start_line && line == o.line;
  }
};

struct KeyHash {
  size_t operator()(const Key& k) const {
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    auto mix = [&h](uint64_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
    mix(k.name);
    mix(k.orig);
    mix(k.file);
    mix(k.objfile);
    mix(k.address);
    mix(static_cast<uint64_t>(k.start_line));
    mix(static_cast<uint64_t>(k.line));
    return static_cast<size_t>(h);
  }
};

// A small open-addressing map from a 64-bit key to a 32-bit value.
class U64Map {
 public:
  explicit U64Map(size_t expected) {
    size_t cap = 16;
    while (cap < expected * 2) cap <<= 1;
    keys_.assign(cap, kEmpty);
    vals_.assign(cap, 0);
  }
  // Returns a reference to the value slot and whether it was inserted.
  uint32_t* FindOrInsert(uint64_t key, bool* inserted) {
    if ((size_ + 1) * 2 > keys_.size()) Grow();
    size_t mask = keys_.size() - 1;
    size_t i = Hash(key) & mask;
    while (true) {
      if (keys_[i] == key) {
        *inserted = false;
        return &vals_[i];
      }
      if (keys_[i] == kEmpty) {
        keys_[i] = key;
        ++size_;
        *inserted = true;
        return &vals_[i];
      }
      i = (i + 1) & mask;
    }
  }

 private:
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  static size_t Hash(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return static_cast<size_t>(k);
  }
  void Grow() {
    std::vector<uint64_t> old_keys;
    std::vector<uint32_t> old_vals;
    old_keys.swap(keys_);
    old_vals.swap(vals_);
    keys_.assign(old_keys.size() * 2, kEmpty);
    vals_.assign(old_keys.size() * 2, 0);
    size_ = 0;
    for (size_t i = 0; i < old_keys.size(); ++i) {
      if (old_keys[i] == kEmpty) continue;
      bool ins;
      *FindOrInsert(old_keys[i], &ins) = old_vals[i];
    }
  }
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> vals_;
  size_t size_ = 0;
};

}  // namespace

std::string NodeInfo::PrintableName() const {
  std::string out;
  auto add = [&out](std::string_view s) {
    if (!out.empty()) out += ' ';
    out += s;
  };
  if (address != 0) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(address));
    add(buf);
  }
  if (!name.empty()) add(name);
  if (line != 0) {
    add(file + ":" + std::to_string(line));
  } else if (!file.empty()) {
    add(file);
  } else if (!name.empty()) {
    // the name is already there
  } else if (!objfile.empty()) {
    add("[" + objfile + "]");
  } else {
    add("<unknown>");
  }
  return out;
}

GraphOptions MakeGraphOptions(const ViewOptions& v) {
  GraphOptions g;
  g.granularity = v.granularity;
  g.noinlines = v.noinlines;
  g.trim_path = v.trim_path;
  g.source_path = v.source_path;
  return g;
}

// pprof aggregates the profile to the granularity first (clearing names,
// files, lines or addresses), then identifies nodes by the remaining fields.
NodeTable::NodeTable(const model::Profile& p, const GraphOptions& o) : profile_(&p) {
  const Granularity g = o.granularity;
  const bool inlines = !o.noinlines;
  const bool keep_all = g == Granularity::kAddresses && inlines;  // pprof skips aggregation
  const bool keep_name = keep_all || g != Granularity::kFiles;
  const bool keep_file = keep_all || g == Granularity::kFileFunctions || g == Granularity::kFiles ||
                         g == Granularity::kLines || g == Granularity::kAddresses;
  const bool keep_line = keep_all || g == Granularity::kLines || g == Granularity::kAddresses;
  const bool keep_address = g == Granularity::kAddresses;

  model::StringTable pool;
  const uint32_t empty = pool.Intern("");

  // Per function: interned name, system name and cleaned, trimmed file
  // (cleaned once per distinct file name).
  std::unordered_map<uint32_t, uint32_t> file_ids;  // filename_str -> pool id
  std::vector<Key> fn_keys(p.functions.size());
  for (size_t i = 0; i < p.functions.size(); ++i) {
    const model::ProfileFunction& f = p.functions[i];
    Key k{empty, empty, empty, empty, 0, 0, 0};
    // pprof keeps the system name only with -orig_fn_names (not offered).
    if (keep_name) k.name = pool.Intern(p.str(f.name_str));
    std::string_view fname = p.str(f.filename_str);
    if (keep_file && !fname.empty()) {
      auto [it, inserted] = file_ids.emplace(f.filename_str, empty);
      if (inserted) {
        it->second = pool.Intern(CleanPath(TrimSourcePath(fname, o.trim_path, o.source_path)));
      }
      k.file = it->second;
    }
    // A nameless function (all of them at -files) is told apart by its
    // binary and start line, as in pprof's nodeInfo.
    if (o.keep_binary || k.name == empty) k.start_line = f.start_line;
    fn_keys[i] = k;
  }
  std::vector<uint32_t> map_obj(p.mappings.size(), empty);
  for (size_t i = 0; i < p.mappings.size(); ++i) {
    std::string_view file = p.str(p.mappings[i].filename_str);
    if (!file.empty()) map_obj[i] = pool.Intern(BaseName(file));
  }

  std::unordered_map<Key, uint32_t, KeyHash> ids;
  std::vector<Key> keys;
  auto node_for = [&](const Key& k) -> uint32_t {
    auto [it, inserted] = ids.emplace(k, static_cast<uint32_t>(keys.size()));
    if (inserted) keys.push_back(k);
    return it->second;
  };

  loc_offsets_.reserve(p.locations.size() + 1);
  loc_offsets_.push_back(0);
  for (const model::ProfileLocation& loc : p.locations) {
    uint32_t objfile = loc.mapping < map_obj.size() ? map_obj[loc.mapping] : empty;
    uint64_t address = keep_address ? loc.address : 0;
    auto lines = p.location_lines(loc);
    size_t first = 0;
    if (!inlines && lines.size() > 1) first = lines.size() - 1;
    if (lines.empty()) {
      loc_nodes_.push_back(node_for(Key{empty, empty, empty, objfile, address, 0, 0}));
    }
    for (size_t i = first; i < lines.size(); ++i) {
      const model::ProfileLine& ln = lines[i];
      if (ln.function >= p.functions.size()) {
        loc_nodes_.push_back(node_for(Key{empty, empty, empty, objfile, address, 0, 0}));
        continue;
      }
      Key k = fn_keys[ln.function];
      k.address = address;
      k.line = keep_line ? ln.line : 0;
      if (o.keep_binary || k.name == empty) k.objfile = objfile;
      loc_nodes_.push_back(node_for(k));
    }
    loc_offsets_.push_back(static_cast<uint32_t>(loc_nodes_.size()));
  }

  infos_.resize(keys.size());
  printable_.resize(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    const Key& k = keys[i];
    NodeInfo& info = infos_[i];
    info.name = pool.Get(k.name);
    info.orig_name = pool.Get(k.orig);
    info.file = pool.Get(k.file);
    info.objfile = pool.Get(k.objfile);
    info.address = k.address;
    info.start_line = k.start_line;
    info.line = k.line;
    printable_[i] = info.PrintableName();
  }
}

Graph BuildGraph(const NodeTable& table, const SampleSelection& sel,
                 const std::vector<uint8_t>* kept_nodes, bool drop_negative, bool with_edges) {
  const model::Profile& p = table.profile();
  const size_t n_nodes = table.infos().size();
  std::vector<int64_t> flat(n_nodes, 0), flat_div(n_nodes, 0), cum(n_nodes, 0), cum_div(n_nodes, 0);
  // The last sample (1-based) that added to a node's cum; 0: none did.
  std::vector<uint32_t> node_stamp(n_nodes, 0);
  Graph g;
  g.table = &table;
  std::vector<uint32_t> edge_stamp;
  U64Map edge_index(with_edges ? n_nodes * 2 : 0);

  const uint8_t* kept = kept_nodes != nullptr ? kept_nodes->data() : nullptr;
  const size_t width = p.value_count();
  const int div_index = sel.mean_divisor_index;
  for (size_t s = 0; s < p.sample_count(); ++s) {
    const int64_t w = p.values[s * width + sel.index];
    if (w == 0) continue;
    const int64_t dw = div_index >= 0 ? p.values[s * width + div_index] : 0;
    const uint32_t stamp = static_cast<uint32_t>(s + 1);
    auto stack = p.stack(s);
    int64_t parent = -1;
    bool residual = false;
    for (size_t i = stack.size(); i-- > 0;) {
      const uint32_t loc = stack[i];
      const uint32_t* begin = table.location_nodes_begin(loc);
      const uint32_t* end = table.location_nodes_end(loc);
      const size_t count = static_cast<size_t>(end - begin);
      for (size_t ni = count; ni-- > 0;) {
        const uint32_t n = begin[ni];
        if (kept != nullptr && kept[n] == 0) {
          residual = true;
          continue;
        }
        if (node_stamp[n] != stamp) {
          node_stamp[n] = stamp;
          cum[n] += w;
          cum_div[n] += dw;
        }
        if (with_edges && parent >= 0 && static_cast<uint32_t>(parent) != n) {
          const uint64_t key = (static_cast<uint64_t>(parent) << 32) | n;
          bool inserted = false;
          uint32_t* slot = edge_index.FindOrInsert(key, &inserted);
          const bool is_inline = ni != count - 1;
          if (inserted) {
            *slot = static_cast<uint32_t>(g.edges.size());
            GraphEdge e;
            e.src = static_cast<uint32_t>(parent);
            e.dst = n;
            e.weight = w;
            e.weight_div = dw;
            e.residual = residual;
            e.is_inline = is_inline;
            g.edges.push_back(e);
            edge_stamp.push_back(stamp);
          } else if (edge_stamp[*slot] != stamp) {
            edge_stamp[*slot] = stamp;
            GraphEdge& e = g.edges[*slot];
            e.weight += w;
            e.weight_div += dw;
            if (residual) e.residual = true;
            if (!is_inline) e.is_inline = false;
          }
        }
        parent = n;
        residual = false;
      }
    }
    if (parent >= 0 && !residual) {
      flat[parent] += w;
      flat_div[parent] += dw;
    }
  }

  std::vector<int32_t> pos(n_nodes, -1);
  for (uint32_t n = 0; n < n_nodes; ++n) {
    if (node_stamp[n] == 0) continue;
    if (cum[n] == 0 && flat[n] == 0) continue;
    if (drop_negative && (flat[n] < 0 || (flat[n] == 0 && cum[n] < 0))) continue;
    GraphNode node;
    node.id = n;
    node.flat = flat[n];
    node.flat_div = flat_div[n];
    node.cum = cum[n];
    node.cum_div = cum_div[n];
    pos[n] = static_cast<int32_t>(g.nodes.size());
    g.nodes.push_back(std::move(node));
  }
  for (uint32_t e = 0; e < g.edges.size(); ++e) {
    const GraphEdge& edge = g.edges[e];
    if (pos[edge.src] >= 0) g.nodes[pos[edge.src]].out.push_back(e);
    if (pos[edge.dst] >= 0) g.nodes[pos[edge.dst]].in.push_back(e);
  }
  return g;
}

}  // namespace tracenote::profile
