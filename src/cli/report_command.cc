#include "cli/report_command.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>

#include "analysis/trace_analysis.h"
#include "cli/exit_codes.h"
#include "cli/output_file.h"
#include "ingest/open_trace.h"
#include "l10n/catalog.h"
#include "l10n/language.h"
#include "render/front_matter.h"
#include "report/analysis_json.h"
#include "report/findings_json.h"
#include "report/report_document.h"

namespace tracenote::cli {

namespace {

int Fail(const Status& s) {
  std::fprintf(stderr, "tracenote: %s\n", s.message().c_str());
  return ExitCodeFor(s);
}

std::string NowRfc3339() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// With TRACENOTE_TIMING set, prints how long each stage took to stderr.
class StageTimer {
 public:
  StageTimer() : on_(std::getenv("TRACENOTE_TIMING") != nullptr) {}
  void Mark(const char* stage) {
    if (!on_) return;
    const auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "tracenote: %-12s %8.3f s\n", stage,
                 std::chrono::duration<double>(now - last_).count());
    last_ = now;
  }

 private:
  bool on_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace

int RunReport(const ReportOptions& o) {
  StageTimer timer;
  auto source = OpenTraceFile(o.input);
  if (!source.ok()) return Fail(source.status());
  timer.Mark("open+index");
  report::WalkthroughCollector walk_collector(&(*source)->tables(), report::WalkthroughOptions{});
  auto analysis = analysis::BuildTraceAnalysis(source->get(), &walk_collector);
  if (!analysis.ok()) return Fail(analysis.status().WithPrefix(o.input));
  timer.Mark("analysis");
  OutputFile out;
  if (Status s = out.Open(o.output); !s.ok()) return Fail(s);
  const std::vector<analysis::Finding> findings = analysis::RunDetectors(*analysis);
  auto walk = std::make_optional(walk_collector.Finish());
  timer.Mark("walkthrough");
  if (o.format == "json") {
    report::Json j;
    j["summary"] = report::SummaryJson(*analysis);
    j["findings"] = report::FindingsJson(findings, *analysis->tables);
    j["gc_cycles"] = report::GcCyclesJson(*analysis);
    j["stw_pauses"] = report::StwJson(*analysis);
    j["sched_latency"] = report::SchedLatencyJson(*analysis);
    j["goroutines"] = report::GoroutinesJson(*analysis);
    if (!analysis->folded_goroutines.empty()) {
      j["goroutines_folded"] = report::FoldedGoroutinesJson(*analysis);
    }
    j["walkthrough"] = report::WalkthroughJson(*walk, *analysis->tables);
    out.Write(j.dump(2, ' ', false, report::Json::error_handler_t::replace));
    out.Write("\n");
  } else {
    auto catalog = l10n::Catalog::Load(l10n::ChooseLanguage(o.lang));
    if (!catalog.ok()) return Fail(catalog.status());
    report::ReportInput input{o.input, &*analysis, &findings, &*walk};
    report::DocumentOptions doc;
    doc.format = o.format == "html" ? report::ReportFormat::kHtml : report::ReportFormat::kMarkdown;
    doc.front_matter =
        render::ParseFrontMatterKind(o.front_matter).value_or(render::FrontMatterKind::kNone);
    // A post is dated when the trace was recorded, if the trace knows (Go
    // 1.25+ clock snapshots), else when the report was written.
    const int64_t wall = analysis->info.wall_clock_start_unix_ns;
    doc.date = !o.date.empty() ? o.date : wall != 0 ? model::WallClockRfc3339(wall) : NowRfc3339();
    doc.draft = o.draft;
    doc.generator = "tracenote " TRACENOTE_VERSION;
    auto text = report::RenderReport(input, *catalog, doc);
    if (!text.ok()) return Fail(text.status());
    out.Write(*text);
  }
  timer.Mark("render");
  if (Status s = out.Close(); !s.ok()) return Fail(s);
  if ((*source)->info().partial) {
    std::fprintf(stderr, "tracenote: warning: %s: the trace is partial: %s\n", o.input.c_str(),
                 (*source)->info().partial_reason.c_str());
    return kExitPartial;
  }
  return kExitOk;
}

}  // namespace tracenote::cli
