#include "cli/report_run.h"

#include <algorithm>
#include <ctime>
#include <utility>

#include "base/file_blob.h"
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
#include "report/profile_json.h"
#include "report/report_document.h"
#include "report/ticket_document.h"

namespace tracenote::cli {

namespace {

std::string NowRfc3339() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

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

// The command line that writes the same ticket again: the options that
// change what the report says, in a fixed order, then the inputs as given.
// The language is always spelled out, so the command does not depend on
// LANG; the output file is left out (the ticket goes to standard output).
std::string ReproduceCommand(const ReportOptions& o, l10n::Language lang) {
  std::vector<std::string> args = {"tracenote", "report", "--format",
                                   "ticket",    "--lang", l10n::LanguageCode(lang)};
  auto add = [&args](const char* flag, const std::string& value) {
    if (value.empty()) return;
    args.push_back(flag);
    args.push_back(value);
  };
  add("--base", o.base);
  add("--source-path", o.source_path);
  add("--trim-path", o.trim_path);
  if (o.no_goroot) args.push_back("--no-goroot");
  if (o.trace_cpu) args.push_back("--trace-cpu");
  // "--" keeps an input named like an option an input.
  const bool dash = std::any_of(o.inputs.begin(), o.inputs.end(), [](const std::string& in) {
    return in.size() > 1 && in[0] == '-';
  });
  if (dash) args.push_back("--");
  args.insert(args.end(), o.inputs.begin(), o.inputs.end());
  return report::ShellCommandLine(args);
}

}  // namespace

StatusOr<std::unique_ptr<PreparedReport>> PreparedReport::Prepare(const ReportOptions& o,
                                                                  bool pictures) {
  std::unique_ptr<PreparedReport> r(new PreparedReport());
  for (const std::string& path : o.inputs) {
    ASSIGN_OR_RETURN(OpenedInput opened, OpenInput(path));
    if (opened.trace != nullptr) {
      if (r->source_ != nullptr) {
        return Status(StatusCode::kInvalidArgument,
                      "report: one trace per report (got " + r->trace_path_ + " and " + path + ")");
      }
      r->source_ = std::move(opened.trace);
      r->trace_path_ = path;
    } else {
      r->entries_.push_back(report::MakeProfileEntry(path, std::move(*opened.profile), false));
    }
  }
  if (!o.base.empty()) {
    ASSIGN_OR_RETURN(model::Profile base, pprof::ReadProfileFile(o.base));
    const analysis::ProfileKind base_kind = analysis::ClassifyProfile(base);
    bool any = false;
    for (const report::ProfileEntry& e : r->entries_) any |= SameFamily(e.kind, base_kind);
    for (report::ProfileEntry& e : r->entries_) {
      if (!any || SameFamily(e.kind, base_kind)) report::AttachBase(&e, o.base, base);
    }
  }
  r->listing_.source_path = o.source_path;
  r->listing_.trim_path = o.trim_path;
  r->listing_.use_goroot = !o.no_goroot;
  r->timer_.Mark("open+index");
  if (r->source_ != nullptr) RETURN_IF_ERROR(r->Analyse(o, pictures));
  return r;
}

Status PreparedReport::Analyse(const ReportOptions& o, bool pictures) {
  report::WalkthroughCollector walk_collector(&source_->tables(), report::WalkthroughOptions{});
  // The CPU samples embedded in the trace are shown when the report has
  // profiles too (or with --trace-cpu), so that a trace alone reports
  // exactly what it always did.
  const bool with_samples = o.trace_cpu || !entries_.empty();
  profile::TraceCpuProfileSink samples(source_->tables());
  std::optional<report::TracePictureCollectors> picture_collectors;
  model::TeeSink tee;
  tee.Add(&walk_collector);
  if (with_samples) tee.Add(&samples);
  if (pictures) tee.Add(&picture_collectors.emplace(&source_->tables()));
  auto analysis = analysis::BuildTraceAnalysis(source_.get(), &tee);
  if (!analysis.ok()) return analysis.status().WithPrefix(trace_path_);
  analysis_ = std::move(*analysis);
  timer_.Mark("analysis");
  if (with_samples && samples.sample_events() > 0) {
    entries_.push_back(
        report::MakeProfileEntry(trace_path_, samples.TakeProfile(source_->info()), true));
  }
  // The cross-check uses the first CPU profile given, else the trace's own samples.
  for (const report::ProfileEntry& e : entries_) {
    if (e.kind == analysis::ProfileKind::kCpu && !cross_) {
      cross_ = report::ComputeCrossCheck(*analysis_, e);
    }
  }
  findings_ = analysis::RunDetectors(*analysis_);
  walk_ = walk_collector.Finish();
  timer_.Mark("walkthrough");
  if (picture_collectors) {
    picture_data_ = report::FinishTracePictures(&*picture_collectors, analysis_->end_time);
  }
  return Status::Ok();
}

std::vector<const analysis::Finding*> PreparedReport::AllFindings() const {
  std::vector<const analysis::Finding*> out;
  for (const analysis::Finding& f : findings_) out.push_back(&f);
  for (const report::ProfileEntry& e : entries_) {
    for (const analysis::ProfileFinding& f : e.findings) out.push_back(&f.finding);
  }
  return out;
}

std::string PreparedReport::first_input() const {
  if (!trace_path_.empty()) return trace_path_;
  return entries_.empty() ? std::string() : entries_[0].file;
}

int64_t PreparedReport::wall_clock_ns() const {
  if (analysis_) return analysis_->info.wall_clock_start_unix_ns;
  return entries_.empty() ? 0 : entries_[0].profile.time_nanos;
}

Status PreparedReport::Write(const ReportOptions& o) const {
  if (o.format == "json") return WriteJson(o);
  if (o.format == "ticket") return WriteTicket(o);
  return WriteDocument(o);
}

Status PreparedReport::WriteJson(const ReportOptions& o) const {
  report::Json j;
  if (analysis_) {
    j["summary"] = report::SummaryJson(*analysis_);
    j["findings"] = report::FindingsJson(findings_, *analysis_->tables);
    j["gc_cycles"] = report::GcCyclesJson(*analysis_);
    j["stw_pauses"] = report::StwJson(*analysis_);
    j["sched_latency"] = report::SchedLatencyJson(*analysis_);
    j["goroutines"] = report::GoroutinesJson(*analysis_);
    if (!analysis_->folded_goroutines.empty()) {
      j["goroutines_folded"] = report::FoldedGoroutinesJson(*analysis_);
    }
    j["walkthrough"] = report::WalkthroughJson(*walk_, *analysis_->tables);
  }
  if (!entries_.empty() || !analysis_) j["profiles"] = report::ProfilesJson(entries_, listing_);
  if (cross_) j["cross_check"] = report::CrossCheckJson(*cross_);
  OutputFile out;
  RETURN_IF_ERROR(out.Open(o.output));
  out.Write(j.dump(2, ' ', false, report::Json::error_handler_t::replace));
  out.Write("\n");
  return out.Close();
}

StatusOr<const l10n::Catalog*> PreparedReport::CatalogFor(const std::string& lang) const {
  const l10n::Language language = l10n::ChooseLanguage(lang);
  auto it = catalogs_.find(language);
  if (it == catalogs_.end()) {
    ASSIGN_OR_RETURN(l10n::Catalog catalog, l10n::Catalog::Load(language));
    it = catalogs_.emplace(language, std::move(catalog)).first;
  }
  return &it->second;
}

const report::PictureSet& PreparedReport::PicturesFor(const l10n::Catalog& catalog) const {
  auto it = pictures_.find(catalog.language());
  if (it != pictures_.end()) return it->second;
  report::PictureSet& pictures = pictures_[catalog.language()];
  if (analysis_ && picture_data_) {
    report::DrawTracePictures(*analysis_, findings_, *picture_data_, catalog, &pictures);
  }
  report::DrawProfilePictures(entries_, catalog, &pictures);
  timer_.Mark("pictures");
  return pictures;
}

Status PreparedReport::WriteDocument(const ReportOptions& o) const {
  ASSIGN_OR_RETURN(const l10n::Catalog* catalog_ptr, CatalogFor(o.lang));
  const l10n::Catalog& catalog = *catalog_ptr;
  const PicturePlan plan = PlanPictures(o);
  static const report::PictureSet kNoPictures;
  const report::PictureSet& pictures = plan.draw ? PicturesFor(catalog) : kNoPictures;
  report::DocumentOptions doc;
  doc.picture_links = plan.files;
  doc.picture_link_prefix = plan.link_prefix;
  doc.format = o.format == "html" ? report::ReportFormat::kHtml : report::ReportFormat::kMarkdown;
  doc.front_matter =
      render::ParseFrontMatterKind(o.front_matter).value_or(render::FrontMatterKind::kNone);
  // A post is dated when the input was recorded, if it says (Go 1.25+ clock
  // snapshots, a profile's time_nanos), else when the report was written.
  const int64_t wall_ns = wall_clock_ns();
  doc.date = !o.date.empty() ? o.date
             : wall_ns != 0  ? model::WallClockRfc3339(wall_ns)
                             : NowRfc3339();
  doc.draft = o.draft;
  doc.generator = "tracenote " TRACENOTE_VERSION;
  doc.listing = listing_;
  report::ReportInput input;
  input.file = first_input();
  if (analysis_) {
    input.analysis = &*analysis_;
    input.findings = &findings_;
    input.walkthrough = &*walk_;
  }
  if (!entries_.empty() || !analysis_) input.profiles = &entries_;
  if (cross_) input.cross_check = &*cross_;
  input.pictures = &pictures;
  ASSIGN_OR_RETURN(std::string text, report::RenderReport(input, catalog, doc));
  OutputFile out;
  RETURN_IF_ERROR(out.Open(o.output));
  out.Write(text);
  RETURN_IF_ERROR(out.Close());
  if (plan.files) RETURN_IF_ERROR(WritePictureFiles(pictures, plan));
  timer_.Mark("render");
  return Status::Ok();
}

Status PreparedReport::WriteTicket(const ReportOptions& o) const {
  ASSIGN_OR_RETURN(const l10n::Catalog* catalog_ptr, CatalogFor(o.lang));
  const l10n::Catalog& catalog = *catalog_ptr;
  report::ReportInput input;
  input.file = first_input();
  if (analysis_) {
    input.analysis = &*analysis_;
    input.findings = &findings_;
  }
  if (!entries_.empty() || !analysis_) input.profiles = &entries_;
  report::TicketOptions ticket;
  ticket.command = ReproduceCommand(o, catalog.language());
  ASSIGN_OR_RETURN(std::string text, report::RenderTicket(input, catalog, ticket));
  OutputFile out;
  RETURN_IF_ERROR(out.Open(o.output));
  out.Write(text);
  RETURN_IF_ERROR(out.Close());
  timer_.Mark("render");
  return Status::Ok();
}

}  // namespace tracenote::cli
