#include "cli/report_command.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/trace_analysis.h"
#include "base/file_blob.h"
#include "cli/exit_codes.h"
#include "cli/output_file.h"
#include "cli/picture_files.h"
#include "ingest/open_trace.h"
#include "ingest/pprof/pprof_reader.h"
#include "ingest/sniff.h"
#include "l10n/catalog.h"
#include "l10n/language.h"
#include "model/tee_sink.h"
#include "profile/trace_cpu_profile.h"
#include "render/front_matter.h"
#include "report/analysis_json.h"
#include "report/findings_json.h"
#include "report/profile_entry.h"
#include "report/profile_json.h"
#include "report/report_document.h"
#include "report/trace_pictures.h"

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

// One input, opened by its content: a trace source or a decoded profile.
struct OpenedInput {
  std::unique_ptr<TraceSource> trace;
  std::optional<model::Profile> profile;
};

StatusOr<OpenedInput> OpenInput(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<FileBlob> blob, ReadInputFile(path));
  const std::string name = blob->name();
  OpenedInput out;
  if (SniffInput(blob->view()) == InputKind::kPprof) {
    ASSIGN_OR_RETURN(model::Profile p, pprof::ReadProfile(blob->view(), name));
    out.profile = std::move(p);
    return out;
  }
  ASSIGN_OR_RETURN(out.trace, OpenTraceBlob(std::move(blob)));
  return out;
}

// Heap and allocs profiles have the same columns and compare with each other.
bool SameFamily(analysis::ProfileKind a, analysis::ProfileKind b) {
  auto family = [](analysis::ProfileKind k) {
    return k == analysis::ProfileKind::kAllocs ? analysis::ProfileKind::kHeap : k;
  };
  return family(a) == family(b);
}

// Catalog and document options shared by both kinds of report.
StatusOr<l10n::Catalog> LoadCatalog(const ReportOptions& o) {
  return l10n::Catalog::Load(l10n::ChooseLanguage(o.lang));
}

report::DocumentOptions DocOptions(const ReportOptions& o, int64_t wall_ns,
                                   const report::ProfileListingOptions& listing,
                                   const PicturePlan& plan) {
  report::DocumentOptions doc;
  doc.picture_links = plan.files;
  doc.picture_link_prefix = plan.link_prefix;
  doc.format = o.format == "html" ? report::ReportFormat::kHtml : report::ReportFormat::kMarkdown;
  doc.front_matter =
      render::ParseFrontMatterKind(o.front_matter).value_or(render::FrontMatterKind::kNone);
  // A post is dated when the input was recorded, if it says (Go 1.25+ clock
  // snapshots, a profile's time_nanos), else when the report was written.
  doc.date = !o.date.empty() ? o.date
             : wall_ns != 0  ? model::WallClockRfc3339(wall_ns)
                             : NowRfc3339();
  doc.draft = o.draft;
  doc.generator = "tracenote " TRACENOTE_VERSION;
  doc.listing = listing;
  return doc;
}

// A report of profiles only.
int ReportProfiles(const ReportOptions& o, const std::vector<report::ProfileEntry>& entries,
                   const report::ProfileListingOptions& listing) {
  OutputFile out;
  if (Status s = out.Open(o.output); !s.ok()) return Fail(s);
  if (o.format == "json") {
    report::Json j;
    j["profiles"] = report::ProfilesJson(entries, listing);
    out.Write(j.dump(2, ' ', false, report::Json::error_handler_t::replace));
    out.Write("\n");
  } else {
    auto catalog = LoadCatalog(o);
    if (!catalog.ok()) return Fail(catalog.status());
    const PicturePlan plan = PlanPictures(o);
    report::PictureSet pictures;
    if (plan.draw) report::DrawProfilePictures(entries, *catalog, &pictures);
    report::ReportInput input;
    input.file = entries.empty() ? std::string() : entries[0].file;
    input.profiles = &entries;
    input.pictures = &pictures;
    const int64_t when = entries.empty() ? 0 : entries[0].profile.time_nanos;
    auto text = report::RenderReport(input, *catalog, DocOptions(o, when, listing, plan));
    if (!text.ok()) return Fail(text.status());
    out.Write(*text);
    if (plan.files) {
      if (Status s = WritePictureFiles(pictures, plan); !s.ok()) return Fail(s);
    }
  }
  if (Status s = out.Close(); !s.ok()) return Fail(s);
  return kExitOk;
}

// A report of a trace, with the profiles given alongside it.
int ReportTrace(const ReportOptions& o, const std::string& path,
                std::unique_ptr<TraceSource> source, std::vector<report::ProfileEntry> entries,
                const report::ProfileListingOptions& listing, StageTimer& timer) {
  report::WalkthroughCollector walk_collector(&source->tables(), report::WalkthroughOptions{});
  // The CPU samples embedded in the trace are shown when the report has
  // profiles too (or with --trace-cpu), so that a trace alone reports
  // exactly what it always did.
  const bool with_samples = o.trace_cpu || !entries.empty();
  profile::TraceCpuProfileSink samples(source->tables());
  const PicturePlan plan = PlanPictures(o);
  report::TracePictureCollectors picture_collectors(&source->tables());
  model::TeeSink tee;
  tee.Add(&walk_collector);
  if (with_samples) tee.Add(&samples);
  if (plan.draw) tee.Add(&picture_collectors);
  auto analysis = analysis::BuildTraceAnalysis(source.get(), &tee);
  if (!analysis.ok()) return Fail(analysis.status().WithPrefix(path));
  timer.Mark("analysis");
  if (with_samples && samples.sample_events() > 0) {
    entries.push_back(report::MakeProfileEntry(path, samples.TakeProfile(source->info()), true));
  }
  // The cross-check uses the first CPU profile given, else the trace's own samples.
  std::optional<report::CrossCheck> cross;
  for (const report::ProfileEntry& e : entries) {
    if (e.kind == analysis::ProfileKind::kCpu && !cross)
      cross = report::ComputeCrossCheck(*analysis, e);
  }
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
    if (!entries.empty()) j["profiles"] = report::ProfilesJson(entries, listing);
    if (cross) j["cross_check"] = report::CrossCheckJson(*cross);
    out.Write(j.dump(2, ' ', false, report::Json::error_handler_t::replace));
    out.Write("\n");
  } else {
    auto catalog = LoadCatalog(o);
    if (!catalog.ok()) return Fail(catalog.status());
    report::PictureSet pictures;
    if (plan.draw) {
      report::DrawTracePictures(*analysis, findings, &picture_collectors, *catalog, &pictures);
      report::DrawProfilePictures(entries, *catalog, &pictures);
      timer.Mark("pictures");
    }
    report::ReportInput input{path, &*analysis, &findings, &*walk};
    if (!entries.empty()) input.profiles = &entries;
    if (cross) input.cross_check = &*cross;
    input.pictures = &pictures;
    auto text = report::RenderReport(
        input, *catalog, DocOptions(o, analysis->info.wall_clock_start_unix_ns, listing, plan));
    if (!text.ok()) return Fail(text.status());
    out.Write(*text);
    if (plan.files) {
      if (Status s = WritePictureFiles(pictures, plan); !s.ok()) return Fail(s);
    }
  }
  timer.Mark("render");
  if (Status s = out.Close(); !s.ok()) return Fail(s);
  if (source->info().partial) {
    std::fprintf(stderr, "tracenote: warning: %s: the trace is partial: %s\n", path.c_str(),
                 source->info().partial_reason.c_str());
    return kExitPartial;
  }
  return kExitOk;
}

}  // namespace

int RunReport(const ReportOptions& o) {
  StageTimer timer;
  std::string trace_path;
  std::unique_ptr<TraceSource> trace;
  std::vector<report::ProfileEntry> entries;
  for (const std::string& path : o.inputs) {
    auto opened = OpenInput(path);
    if (!opened.ok()) return Fail(opened.status());
    if (opened->trace != nullptr) {
      if (trace != nullptr) {
        std::fprintf(stderr, "tracenote: report: one trace per report (got %s and %s)\n",
                     trace_path.c_str(), path.c_str());
        return kExitUsage;
      }
      trace = std::move(opened->trace);
      trace_path = path;
    } else {
      entries.push_back(report::MakeProfileEntry(path, std::move(*opened->profile), false));
    }
  }
  if (!o.base.empty()) {
    auto base = pprof::ReadProfileFile(o.base);
    if (!base.ok()) return Fail(base.status());
    const analysis::ProfileKind base_kind = analysis::ClassifyProfile(*base);
    bool any = false;
    for (const report::ProfileEntry& e : entries) any |= SameFamily(e.kind, base_kind);
    for (report::ProfileEntry& e : entries) {
      if (!any || SameFamily(e.kind, base_kind)) report::AttachBase(&e, o.base, *base);
    }
  }
  timer.Mark("open+index");
  report::ProfileListingOptions listing;
  listing.source_path = o.source_path;
  listing.trim_path = o.trim_path;
  listing.use_goroot = !o.no_goroot;
  if (trace == nullptr) return ReportProfiles(o, entries, listing);
  return ReportTrace(o, trace_path, std::move(trace), std::move(entries), listing, timer);
}

}  // namespace tracenote::cli
