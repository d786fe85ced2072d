#include "report/report_tables.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "l10n/text_escape.h"
#include "l10n/units.h"
#include "render/table_data.h"

namespace tracenote::report {

using kainjow::mustache::data;

namespace {

constexpr size_t kMaxGcRows = 50;
constexpr size_t kMaxFunctionRows = 30;

// The goroutine analysis summed per start function, busiest first.
data ByFunction(const analysis::TraceAnalysis& a, const l10n::Catalog& c) {
  struct Sum {
    model::StringId func = 0;
    int64_t count = 0, exec = 0, sched = 0, block = 0, io = 0, syscall = 0, sweep = 0, total = 0;
  };
  std::map<model::StringId, Sum> by;
  for (const analysis::GoroutineSummary& g : a.goroutines) {
    Sum& s = by[g.start_func];
    s.func = g.start_func;
    ++s.count;
    s.exec += g.exec;
    s.sched += g.sched_wait;
    s.block += g.block;
    s.io += g.io;
    s.syscall += g.syscall;
    s.sweep += g.sweep;
    s.total += g.total;
  }
  for (const analysis::GoroutineFold& g : a.folded_goroutines) {
    Sum& s = by[g.start_func];
    s.func = g.start_func;
    s.count += static_cast<int64_t>(g.count);
    s.exec += g.exec;
    s.sched += g.sched_wait;
    s.block += g.block;
    s.io += g.io;
    s.syscall += g.syscall;
    s.sweep += g.sweep;
    s.total += g.total;
  }
  std::vector<Sum> rows;
  for (const auto& [f, s] : by) rows.push_back(s);
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Sum& x, const Sum& y) { return x.exec > y.exec; });
  if (rows.size() > kMaxFunctionRows) rows.resize(kMaxFunctionRows);
  const l10n::Language lang = c.language();
  render::TableData table;
  table.AddColumn(c.FormatText("report.column.start_function"));
  table.AddColumn(c.FormatText("report.column.count"), true);
  for (const char* key :
       {"report.column.exec", "report.column.sched_wait", "report.column.sync_block",
        "report.column.network_wait", "report.column.blocking_syscall", "report.column.gc_sweeping",
        "report.column.total"}) {
    table.AddColumn(c.FormatText(key), /*numeric=*/true);
  }
  for (const Sum& s : rows) {
    table.AddRow();
    table.AddCode(a.tables->strings.Get(s.func));
    table.AddText(l10n::FormatCount(s.count, lang));
    for (int64_t v : {s.exec, s.sched, s.block, s.io, s.syscall, s.sweep, s.total}) {
      table.AddText(v == 0 ? "" : l10n::FormatDuration(v, lang));
    }
  }
  data out;
  out.set("intro", c.Format("report.goroutines.by_function"));
  out.set("table", table.Build());
  return out;
}

}  // namespace

data GoroutineSection(const analysis::TraceAnalysis& a, const l10n::Catalog& c, size_t max_rows) {
  const l10n::Language lang = c.language();
  const model::Tables& t = *a.tables;
  std::vector<const analysis::GoroutineSummary*> rows;
  for (const auto& g : a.goroutines) rows.push_back(&g);
  const bool truncated = rows.size() > max_rows || !a.folded_goroutines.empty();
  if (truncated) {
    // The busiest goroutines, then by id.
    std::stable_sort(rows.begin(), rows.end(), [](const auto* x, const auto* y) {
      return x->exec + x->block + x->syscall + x->io > y->exec + y->block + y->syscall + y->io;
    });
    if (rows.size() > max_rows) rows.resize(max_rows);
    std::sort(rows.begin(), rows.end(), [](const auto* x, const auto* y) { return x->id < y->id; });
  }
  render::TableData table;
  table.AddColumn(c.FormatText("report.column.goroutine"));
  table.AddColumn(c.FormatText("report.column.start_function"));
  for (const char* key :
       {"report.column.exec", "report.column.sched_wait", "report.column.sync_block",
        "report.column.network_wait", "report.column.blocking_syscall", "report.column.gc_sweeping",
        "report.column.gc_time", "report.column.total"}) {
    table.AddColumn(c.FormatText(key), /*numeric=*/true);
  }
  for (const auto* g : rows) {
    table.AddRow();
    table.AddText(fmt::format("G{}", g->id));
    table.AddCode(t.strings.Get(g->start_func));
    for (int64_t v :
         {g->exec, g->sched_wait, g->block, g->io, g->syscall, g->sweep, g->gc, g->total}) {
      table.AddText(v == 0 ? "" : l10n::FormatDuration(v, lang));
    }
  }
  data section;
  section.set("by_function", ByFunction(a, c));
  section.set("heading", c.FormatText("report.section.goroutines"));
  std::string intro = c.Format("report.goroutines.intro");
  if (truncated) {
    intro += " " + c.Format("report.goroutines.truncated",
                            {{"shown", static_cast<int64_t>(rows.size())},
                             {"hidden", static_cast<int64_t>(a.GoroutineCount() - rows.size())}});
  }
  section.set("intro", intro);
  section.set("table", table.Build());
  return section;
}

double GcCpuPercent(const analysis::TraceAnalysis& a) {
  const double procs = static_cast<double>(std::max<uint64_t>(1, a.max_gomaxprocs));
  const double wall = static_cast<double>(std::max<int64_t>(1, a.end_time));
  const double gc = static_cast<double>(a.gc_worker_time + a.gc_assist_time) +
                    static_cast<double>(a.stw_time) * procs;
  return 100.0 * gc / (procs * wall);
}

data GcSection(const analysis::TraceAnalysis& a, const l10n::Catalog& c) {
  const l10n::Language lang = c.language();
  auto dur = [&](int64_t s, int64_t e) {
    return s == analysis::kUnknownTime || e == analysis::kUnknownTime
               ? c.FormatText("report.gc_cycles.unfinished")
               : l10n::FormatDuration(e - s, lang);
  };
  render::TableData table;
  table.AddColumn(c.FormatText("report.column.gc_cycle"), true);
  table.AddColumn(c.FormatText("report.column.gc_start"), true);
  table.AddColumn(c.FormatText("report.column.sweep_termination"), true);
  table.AddColumn(c.FormatText("report.column.concurrent_mark"), true);
  table.AddColumn(c.FormatText("report.column.mark_termination"), true);
  table.AddColumn(c.FormatText("report.column.heap_before"), true);
  table.AddColumn(c.FormatText("report.column.heap_goal"), true);
  table.AddColumn(c.FormatText("report.column.mark_assist"), true);
  int64_t pauses = 0, max_pause = 0;
  for (const analysis::GcCycle& g : a.gc_cycles) {
    for (auto [s, e] : {std::pair{g.sweep_term_start, g.sweep_term_end},
                        std::pair{g.mark_term_start, g.mark_term_end}}) {
      if (s != analysis::kUnknownTime && e != analysis::kUnknownTime) {
        pauses += e - s;
        max_pause = std::max(max_pause, e - s);
      }
    }
    if (table.row_count() >= kMaxGcRows) continue;
    table.AddRow();
    table.AddText(std::to_string(g.seq));
    table.AddText(l10n::FormatDuration(g.start, lang));
    table.AddText(dur(g.sweep_term_start, g.sweep_term_end));
    table.AddText(dur(g.start, g.end));
    table.AddText(dur(g.mark_term_start, g.mark_term_end));
    table.AddText(g.heap_before ? l10n::FormatBytes(g.heap_before, lang) : "");
    table.AddText(g.heap_goal ? l10n::FormatBytes(g.heap_goal, lang) : "");
    table.AddText(g.assist_time ? l10n::FormatDuration(g.assist_time, lang) : "");
  }
  data section;
  section.set("heading", c.FormatText("report.section.gc_cycles"));
  std::string intro =
      c.Format("report.gc_cycles.totals", {{"count", static_cast<int64_t>(a.gc_cycles.size())},
                                           {"pause_total", l10n::Duration{pauses}},
                                           {"pause_max", l10n::Duration{max_pause}},
                                           {"gc_cpu", l10n::Percent{GcCpuPercent(a)}},
                                           {"assist", l10n::Duration{a.gc_assist_time}}});
  if (a.gc_cycles.size() > kMaxGcRows) {
    intro += " " + c.Format("report.gc_cycles.truncated",
                            {{"shown", static_cast<int64_t>(kMaxGcRows)},
                             {"total", static_cast<int64_t>(a.gc_cycles.size())}});
  }
  section.set("intro", intro);
  section.set("table", table.Build());
  return section;
}

std::string FormatWalkRow(const WalkRow& r, const model::Tables& t, l10n::Language lang) {
  std::string where;
  auto frames = t.stacks.Get(r.stack);
  if (!frames.empty()) {
    where = fmt::format("{}:{}", l10n::ShortenText(t.strings.Get(frames[0].file)), frames[0].line);
  }
  std::string line =
      fmt::format("{:>6}: {}.{:09} {:<19} G{:<4} P{:<3}", r.index, r.time / 1000000000,
                  r.time % 1000000000, r.name, r.goroutine, r.proc);
  if (!where.empty()) line += " " + where;
  if (!r.detail.empty()) line += " " + l10n::ShortenText(r.detail);
  (void)lang;
  return l10n::SanitizeText(line, l10n::LineBreaks::kToSpace);
}

}  // namespace tracenote::report
