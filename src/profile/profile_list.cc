// ComputeList / FormatListText: pprof's printSource and getSourceFromFile.
//
// The graph is built at line granularity with binaries kept (so each node is
// one line of one function), functions whose name matches are grouped by
// name, then by file. The printed range per (function, file) is pprof's:
//   start = start_line of the first node, else its line - 5; end = its line + 5;
//   each further node lowers start to (its start_line or line - 5) if lower,
//   *else* raises end to its line + 5 if higher; start >= 1.
#include "profile/profile_list.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>

#include "profile/measurement.h"
#include "profile/profile_report.h"
#include "profile/source_lookup.h"
#include "profile/view_util.h"

namespace tracenote::profile {
namespace {

std::string ValueOrDot(const ReportContext& ctx, int64_t v) {
  return v == 0 ? "." : ctx.FormatValue(v);
}

}  // namespace

StatusOr<ListView> ComputeList(const model::Profile& profile, std::string_view regex,
                               const ListOptions& options) {
  RE2 rx(regex, RE2::Quiet);
  if (!rx.ok()) {
    return InvalidArgumentError("parsing regexp \"" + std::string(regex) + "\": " + rx.error());
  }
  const ViewOptions& vo = options.view;
  ASSIGN_OR_RETURN(ReportContext ctx, MakeReportContext(profile, vo));
  GraphOptions gopt = MakeGraphOptions(vo);
  gopt.granularity = Granularity::kLines;
  gopt.keep_binary = true;
  NodeTable table(profile, gopt);
  Graph g = BuildGraph(table, ctx.selection, nullptr, vo.drop_negative);
  const auto& infos = table.infos();

  // name -> nodes (graph order), then file -> nodes.
  std::map<std::string, std::vector<const GraphNode*>> by_name;
  for (const GraphNode& n : g.nodes) {
    const std::string& name = infos[n.id].name;
    if (!RE2::PartialMatch(name, rx)) continue;
    by_name[name].push_back(&n);
  }
  if (by_name.empty()) {
    return InvalidArgumentError("no matches found for regexp: " + std::string(regex));
  }

  ListView view;
  view.total = ctx.total;
  view.total_text = ctx.FormatValue(ctx.total);
  view.pprof_errors = options.pprof_errors;
  SourceReader reader(vo.source_path, vo.trim_path, options.use_goroot);
  for (const auto& [name, nodes] : by_name) {
    std::map<std::string, std::vector<const GraphNode*>> by_file;
    for (const GraphNode* n : nodes) {
      const std::string& file = infos[n->id].file;
      if (!file.empty()) by_file[file].push_back(n);
    }
    if (by_file.empty()) {
      ListRoutine r;
      r.name = name;
      r.no_source_info = true;
      view.routines.push_back(std::move(r));
      continue;
    }
    for (const auto& [file, fns] : by_file) {
      ListRoutine r;
      r.name = name;
      r.file = file;
      for (const GraphNode* n : fns) {
        r.flat += n->FlatValue();
        r.cum += n->CumValue();
      }
      r.flat_text = ctx.FormatValue(r.flat);
      r.cum_text = ctx.FormatValue(r.cum);
      r.percent = Percentage(r.cum, ctx.total);

      // Line numbers come from the profile and may be anything; the margins
      // saturate instead of overflowing.
      constexpr int64_t kMargin = 5;
      auto below = [](int64_t line) {
        return line < INT64_MIN + kMargin ? INT64_MIN : line - kMargin;
      };
      auto above = [](int64_t line) {
        return line > INT64_MAX - kMargin ? INT64_MAX : line + kMargin;
      };
      const NodeInfo& first = infos[fns[0]->id];
      int64_t start = first.start_line != 0 ? first.start_line : below(first.line);
      int64_t end = above(first.line);
      std::map<int64_t, std::pair<int64_t, int64_t>> per_line;
      for (const GraphNode* n : fns) {
        const NodeInfo& info = infos[n->id];
        int64_t node_start = info.start_line != 0 ? info.start_line : below(info.line);
        int64_t node_end = above(info.line);
        if (node_start < start) {
          start = node_start;
        } else if (node_end > end) {
          end = node_end;
        }
        auto& acc = per_line[info.line];
        acc.first += n->FlatValue();
        acc.second += n->CumValue();
      }
      if (start < 1) start = 1;

      const SourceFile& src = reader.Get(file);
      r.source_found = src.found;
      r.from_goroot = src.from_goroot;
      r.error = src.error;
      r.resolved_path = src.path;
      auto make_line = [&](int64_t lineno, std::string text) {
        ListLine l;
        l.line = lineno;
        auto it = per_line.find(lineno);
        if (it != per_line.end()) {
          l.flat = it->second.first;
          l.cum = it->second.second;
        }
        l.flat_text = ValueOrDot(ctx, l.flat);
        l.cum_text = ValueOrDot(ctx, l.cum);
        l.source = std::move(text);
        return l;
      };
      if (src.found) {
        for (int64_t lineno = start; lineno <= end; ++lineno) {
          if (lineno <= 0 || lineno >= static_cast<int64_t>(src.lines.size())) break;
          r.lines.push_back(make_line(lineno, src.lines[lineno]));
        }
      } else {
        for (const auto& [lineno, values] : per_line) {
          if (values.first == 0 && values.second == 0) continue;
          r.lines.push_back(make_line(lineno, ""));
        }
      }
      view.routines.push_back(std::move(r));
    }
  }
  return view;
}

std::string FormatListText(const ListView& view) {
  std::string out = "Total: " + view.total_text + "\n";
  for (const ListRoutine& r : view.routines) {
    if (r.no_source_info) {
      out += "No source information for " + r.name + "\n";
      continue;
    }
    out += "ROUTINE ======================== " + r.name + " in " + r.file + "\n";
    out += PadLeft(r.flat_text, 10) + " " + PadLeft(r.cum_text, 10) + " (flat, cum) " + r.percent +
           " of Total\n";
    if (!r.source_found) {
      if (view.pprof_errors) {
        out += " Error: " + r.error + "\n";
        continue;
      }
      out += " Source not found (" + r.error + "); lines with samples:\n";
    } else if (r.from_goroot && !view.pprof_errors) {
      out += " Source from " + r.resolved_path +
             " (local GOROOT; it may differ from the profiled program's Go version)\n";
    }
    for (const ListLine& l : r.lines) {
      char num[32];
      std::snprintf(num, sizeof(num), "%6lld", static_cast<long long>(l.line));
      out += PadLeft(l.flat_text, 10) + " " + PadLeft(l.cum_text, 10) + " " + num + ":" + l.source +
             "\n";
    }
  }
  return out;
}

}  // namespace tracenote::profile
