// The flame graph is computed in three steps: build the prefix tree of
// frames (one box per distinct prefix, with its net and absolute values),
// lay it out (x by the children's absolute values, sorted by name so that
// the picture does not depend on sample order), choose the boxes to draw,
// then write them.
#include "profile/flame_graph.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "l10n/text_escape.h"
#include "profile/measurement.h"
#include "profile/profile_graph.h"
#include "render/svg_writer.h"

namespace tracenote::profile {
namespace {

constexpr uint32_t kNone = ~uint32_t{0};

// One distinct prefix of frames. Children are a singly linked list.
struct Box {
  uint32_t node = kNone;  // NodeTable id; kNone for the root
  bool inlined = false;
  uint32_t depth = 0;
  uint32_t parent = kNone;
  uint32_t first_child = kNone;
  uint32_t next_sibling = kNone;
  uint32_t child_count = 0;
  int64_t net = 0;   // signed sum of the values through this box
  uint64_t abs = 0;  // sum of |value|: the width
  int64_t self = 0;  // signed sum of the samples ending here
};

uint64_t Abs(int64_t v) { return v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : uint64_t(v); }

// The prefix tree of all samples for one value column.
std::vector<Box> BuildTree(const model::Profile& p, const NodeTable& table, int column) {
  std::vector<Box> boxes(1);
  std::unordered_map<uint64_t, uint32_t> children;
  auto child = [&](uint32_t parent, uint32_t node, bool inlined) {
    uint64_t key = (uint64_t{parent} << 32) | (uint64_t{node} << 1) | (inlined ? 1 : 0);
    auto [it, inserted] = children.try_emplace(key, static_cast<uint32_t>(boxes.size()));
    if (inserted) {
      Box b;
      b.node = node;
      b.inlined = inlined;
      b.depth = boxes[parent].depth + 1;
      b.parent = parent;
      b.next_sibling = boxes[parent].first_child;
      boxes[parent].first_child = it->second;
      ++boxes[parent].child_count;
      boxes.push_back(b);
    }
    return it->second;
  };
  for (size_t s = 0; s < p.sample_count(); ++s) {
    int64_t v = p.value(s, static_cast<size_t>(column));
    if (v == 0) continue;
    uint64_t av = Abs(v);
    uint32_t cur = 0;
    boxes[0].net += v;
    boxes[0].abs += av;
    auto stack = p.stack(s);
    for (size_t i = stack.size(); i-- > 0;) {
      const uint32_t* begin = table.location_nodes_begin(stack[i]);
      const uint32_t* end = table.location_nodes_end(stack[i]);
      for (const uint32_t* n = end; n-- != begin;) {
        cur = child(cur, *n, n != end - 1);
        boxes[cur].net += v;
        boxes[cur].abs += av;
      }
    }
    boxes[cur].self += v;
  }
  return boxes;
}

// A box chosen for drawing, in depth-first order.
struct Placed {
  uint32_t box;
  double x, w;
};

// Lays out the tree (root spanning `width` px from `x0`) and returns the
// boxes at least `min_px` wide, depth first, children in name order.
std::vector<Placed> Layout(const std::vector<Box>& boxes, const NodeTable& table, double x0,
                           double width, double min_px) {
  std::vector<Placed> placed;
  if (boxes[0].abs == 0) return placed;
  double scale = width / static_cast<double>(boxes[0].abs);
  const auto& names = table.printable_names();
  auto less = [&](uint32_t a, uint32_t b) {
    const std::string& na = names[boxes[a].node];
    const std::string& nb = names[boxes[b].node];
    if (na != nb) return na < nb;
    return boxes[a].inlined < boxes[b].inlined;
  };
  struct Todo {
    uint32_t box;
    double x;
  };
  std::vector<Todo> todo{{0, x0}};
  std::vector<uint32_t> kids;
  while (!todo.empty()) {
    Todo t = todo.back();
    todo.pop_back();
    const Box& b = boxes[t.box];
    placed.push_back({t.box, t.x, static_cast<double>(b.abs) * scale});
    kids.clear();
    for (uint32_t c = b.first_child; c != kNone; c = boxes[c].next_sibling) kids.push_back(c);
    std::sort(kids.begin(), kids.end(), less);
    double x = t.x;
    std::vector<Todo> next;
    for (uint32_t c : kids) {
      double w = static_cast<double>(boxes[c].abs) * scale;
      if (w >= min_px) next.push_back({c, x});
      x += w;
    }
    for (auto it = next.rbegin(); it != next.rend(); ++it) todo.push_back(*it);
  }
  return placed;
}

// Keeps the `max` widest boxes (a parent is never narrower than its child,
// and ties go to the shallower box, so kept boxes always have their parents).
void CapBoxes(std::vector<Placed>& placed, const std::vector<Box>& boxes, size_t max) {
  if (placed.size() <= max) return;
  std::vector<uint32_t> order(placed.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (placed[a].w != placed[b].w) return placed[a].w > placed[b].w;
    return boxes[placed[a].box].depth < boxes[placed[b].box].depth;
  });
  std::vector<bool> keep(placed.size(), false);
  for (size_t i = 0; i < max; ++i) keep[order[i]] = true;
  size_t out = 0;
  for (size_t i = 0; i < placed.size(); ++i) {
    if (keep[i]) placed[out++] = placed[i];
  }
  placed.resize(out);
}

// Fixed-point number for coordinates, independent of the C locale.
std::string Num(double v) {
  int64_t c = static_cast<int64_t>(std::llround(v * 100));
  std::string sign = c < 0 ? "-" : "";
  uint64_t a = Abs(c);
  std::string out = sign + std::to_string(a / 100);
  if (a % 100 != 0) {
    out += '.';
    out += static_cast<char>('0' + (a % 100) / 10);
    if (a % 10 != 0) out += static_cast<char>('0' + a % 10);
  }
  return out;
}

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string HslHex(double h, double s, double l) {
  double c = (1 - std::fabs(2 * l - 1)) * s;
  double hp = h / 60.0;
  double x = c * (1 - std::fabs(std::fmod(hp, 2.0) - 1));
  double r = 0, g = 0, b = 0;
  if (hp < 1) {
    r = c, g = x;
  } else if (hp < 2) {
    r = x, g = c;
  } else if (hp < 3) {
    g = c, b = x;
  } else if (hp < 4) {
    g = x, b = c;
  } else if (hp < 5) {
    r = x, b = c;
  } else {
    r = c, b = x;
  }
  double m = l - c / 2;
  static const char* kHex = "0123456789abcdef";
  std::string out = "#";
  for (double ch : {r, g, b}) {
    int v = std::clamp(static_cast<int>(std::lround((ch + m) * 255)), 0, 255);
    out += kHex[v >> 4];
    out += kHex[v & 15];
  }
  return out;
}

// Warm colours from the name; in a diff, red for growth and blue for
// reduction. All fills are light enough for dark text.
std::string Fill(std::string_view name, int64_t net, bool diff) {
  uint64_t h = Fnv1a(name);
  double t = static_cast<double>(h % 1000) / 1000.0;
  double u = static_cast<double>((h / 1000) % 1000) / 1000.0;
  if (!diff) return HslHex(5 + 50 * t, 0.75 + 0.2 * u, 0.58 + 0.12 * u);
  if (net > 0) return HslHex(0 + 12 * t, 0.8, 0.62 + 0.12 * u);
  if (net < 0) return HslHex(205 + 20 * t, 0.75, 0.64 + 0.12 * u);
  return "#c8c8c8";
}

// `name` cut to `chars` code points, ending in ".." when cut.
std::string Fit(std::string_view name, size_t chars) {
  size_t count = 0, i = 0;
  std::vector<size_t> starts;
  for (; i < name.size(); ++i) {
    if ((static_cast<unsigned char>(name[i]) & 0xC0) != 0x80) {
      starts.push_back(i);
      ++count;
    }
  }
  if (count <= chars) return std::string(name);
  if (chars < 3) return "";
  return std::string(name.substr(0, starts[chars - 2])) + "..";
}

std::string Replace(std::string text, std::string_view key, std::string_view value) {
  for (size_t at = text.find(key); at != std::string::npos;
       at = text.find(key, at + value.size())) {
    text.replace(at, key.size(), value);
  }
  return text;
}

std::string Trim(std::string s) {
  s.erase(0, s.find_first_not_of(' '));
  s.erase(s.find_last_not_of(' ') + 1);
  return s;
}

constexpr std::string_view kStyle =
    ".tnf-bg{fill:#ffffff}.tnf-h{fill:#1a1a1a;font-size:15px}.tnf-s{fill:#4a4a4a}"
    ".tnf-f text{fill:#000000}"
    "@media (prefers-color-scheme:dark){.tnf-bg{fill:#1b1b1b}.tnf-h{fill:#eeeeee}"
    ".tnf-s{fill:#bbbbbb}}";

}  // namespace

StatusOr<std::string> RenderFlameGraphSvg(const model::Profile& profile,
                                          const FlameOptions& options) {
  auto selected = SelectSample(
      profile, options.sample_index < 0 ? "" : std::to_string(options.sample_index), false);
  if (!selected.ok()) return selected.status().WithPrefix("flame graph");
  const SampleSelection& sel = *selected;
  const int column = sel.index;
  int64_t total = ComputeTotal(profile, sel);
  bool diff = false;
  for (size_t s = 0; s < profile.sample_count() && !diff; ++s) diff = profile.value(s, column) < 0;

  NodeTable table(profile, GraphOptions{});
  std::vector<Box> boxes = BuildTree(profile, table, column);
  const double pad = 10, top = 52;
  const double width = std::max(options.width, 100);
  const double fh = std::max(options.frame_height, 8);
  std::vector<Placed> placed =
      Layout(boxes, table, pad, width - 2 * pad, std::max(options.min_box_px, 0.01));
  CapBoxes(placed, boxes, std::max<size_t>(options.max_boxes, 1));
  uint32_t max_depth = 0;
  std::vector<uint32_t> drawn_children(boxes.size(), 0);
  for (const Placed& pl : placed) {
    max_depth = std::max(max_depth, boxes[pl.box].depth);
    if (boxes[pl.box].parent != kNone) ++drawn_children[boxes[pl.box].parent];
  }

  const double height = top + (placed.empty() ? 1 : max_depth + 1) * fh + pad;
  std::string title = options.title.empty() ? options.default_title : options.title;
  std::string total_label = AutoLabel(total, sel.unit);
  std::string desc =
      Replace(Replace(options.description, "{type}", sel.type), "{total}", total_label);

  const std::string title_id = options.id + "-title";
  const std::string desc_id = options.id + "-desc";
  render::SvgWriter w(options.xml_declaration);
  w.Open("svg", {{"xmlns", "http://www.w3.org/2000/svg"},
                 {"class", "tnp-picture"},
                 {"width", Num(width)},
                 {"height", Num(height)},
                 {"viewBox", "0 0 " + Num(width) + " " + Num(height)},
                 {"role", "img"},
                 {"aria-labelledby", title_id + " " + desc_id},
                 {"font-family", "monospace"},
                 {"font-size", std::to_string(std::max(options.font_size, 6))}});
  w.Element("title", {{"id", title_id}}, title);
  w.Element("desc", {{"id", desc_id}}, desc);
  w.Element("style", {}, kStyle);
  w.Empty("rect", {{"class", "tnf-bg"},
                   {"x", "0"},
                   {"y", "0"},
                   {"width", Num(width)},
                   {"height", Num(height)}});
  w.Element("text", {{"class", "tnf-h"}, {"x", Num(pad)}, {"y", "22"}}, title);
  w.Element("text", {{"class", "tnf-s"}, {"x", Num(pad)}, {"y", "40"}},
            sel.type + ": " + total_label);
  if (placed.empty()) {
    w.Element("text", {{"class", "tnf-s"}, {"x", Num(pad)}, {"y", Num(top + fh - 4)}},
              options.empty);
    return w.Finish();
  }
  const double char_px = std::max(options.font_size, 6) * 0.6;
  const auto& names = table.printable_names();
  w.Open("g", {{"class", "tnf-f"}});
  for (const Placed& pl : placed) {
    const Box& b = boxes[pl.box];
    std::string name = b.node == kNone ? options.root_name : names[b.node];
    std::string tip = l10n::ShortenText(name);
    if (b.inlined) tip += " " + options.inline_mark;
    tip += ": " + AutoLabel(b.net, sel.unit) + " (" + Trim(Percentage(b.net, total)) + " " +
           options.of_total + ")";
    if (b.self != 0) tip += "; " + options.self + " " + AutoLabel(b.self, sel.unit);
    uint32_t hidden = b.child_count - drawn_children[pl.box];
    if (hidden > 0) tip += "; " + Replace(options.hidden, "{count}", std::to_string(hidden));
    double y = height - pad - (b.depth + 1) * fh;
    w.Open("g");
    w.Element("title", {}, tip);
    w.Empty("rect", {{"x", Num(pl.x)},
                     {"y", Num(y)},
                     {"width", Num(std::max(pl.w - 0.5, 0.1))},
                     {"height", Num(fh - 1)},
                     {"rx", "2"},
                     {"fill", Fill(name, b.net, diff)}});
    size_t chars = pl.w > 6 ? static_cast<size_t>((pl.w - 6) / char_px) : 0;
    std::string label = Fit(name, chars);
    if (!label.empty()) {
      w.Element("text", {{"x", Num(pl.x + 3)}, {"y", Num(y + fh - 4.5)}}, label);
    }
    w.Close();
  }
  w.Close();
  return w.Finish();
}

}  // namespace tracenote::profile
