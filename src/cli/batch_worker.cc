#include "cli/batch_worker.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <optional>
#include <regex>

#include "batch/batch_record.h"
#include "cli/output_file.h"
#include "cli/report_run.h"
#include "l10n/catalog.h"
#include "l10n/language.h"

namespace tracenote::cli {

namespace {

const char* StageOf(StatusCode code) {
  switch (code) {
    case StatusCode::kNotFound:
    case StatusCode::kIoError:
      return "read";
    case StatusCode::kNotATrace:
      return "recognise";
    case StatusCode::kInternal:
      return "internal";
    default:
      return "decode";
  }
}

// Readers name the byte where they stopped as "offset 0x2ad".
int64_t OffsetIn(const std::string& message) {
  static const std::regex kOffset("offset (0x[0-9a-fA-F]+|[0-9]+)");
  std::smatch m;
  if (!std::regex_search(message, m, kOffset)) return -1;
  return static_cast<int64_t>(std::stoull(m[1].str(), nullptr, 0));
}

void SetError(batch::BatchRecord* r, const char* stage, const Status& s) {
  r->status = "error";
  r->error_stage = stage;
  r->error_message = s.message();
  r->error_offset = OffsetIn(s.message());
  r->reports.clear();
  r->slug.clear();
}

// Everything the index needs that the report knows: kind, dates, numbers,
// and each finding's headline in every language.
Status Describe(const PreparedReport& report, const std::vector<std::string>& langs,
                batch::BatchRecord* r) {
  if (const analysis::TraceAnalysis* a = report.analysis()) {
    r->kind = "trace";
    r->detail = "Go " + a->info.VersionString() + " trace";
    r->duration_ns = a->info.duration_ns;
    r->stats.events = static_cast<int64_t>(a->info.events);
    r->stats.goroutines = static_cast<int64_t>(a->GoroutineCount());
    r->stats.gc_cycles = static_cast<int64_t>(a->gc_cycles.size());
    int64_t max_gc = 0, max_stw = 0;
    for (const analysis::StwPause& p : a->stw_pauses) {
      max_stw = std::max(max_stw, p.duration());
      if (p.gc) max_gc = std::max(max_gc, p.duration());
    }
    r->stats.max_gc_pause_ns = max_gc;
    r->stats.max_stw_ns = max_stw;
    if (a->sched_latency.total > 0) r->stats.sched_latency_p99_ns = a->sched_latency.Quantile(0.99);
  } else if (!report.profiles().empty()) {
    const report::ProfileEntry& e = report.profiles()[0];
    r->kind = "profile";
    r->detail = std::string(analysis::ProfileKindName(e.kind)) + " profile";
    if (e.profile.duration_nanos > 0) r->duration_ns = e.profile.duration_nanos;
  }
  if (report.wall_clock_ns() != 0) r->date = model::WallClockRfc3339(report.wall_clock_ns());
  std::vector<const l10n::Catalog*> catalogs;
  for (const std::string& lang : langs) {
    ASSIGN_OR_RETURN(const l10n::Catalog* c, report.CatalogFor(lang));
    catalogs.push_back(c);
  }
  for (const analysis::Finding* f : report.AllFindings()) {
    batch::RecordFinding rf;
    rf.id = f->id;
    rf.severity = analysis::SeverityName(f->severity);
    for (size_t i = 0; i < langs.size(); ++i) {
      rf.headline[langs[i]] = catalogs[i]->FormatText(f->title, f->args);
    }
    rf.numbers_json =
        f->numbers.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    r->findings.push_back(std::move(rf));
  }
  std::stable_sort(r->findings.begin(), r->findings.end(),
                   [](const batch::RecordFinding& a, const batch::RecordFinding& b) {
                     auto rank = [](const std::string& s) {
                       return s == "critical" ? 0 : s == "warning" ? 1 : 2;
                     };
                     return rank(a.severity) < rank(b.severity);
                   });
  return Status::Ok();
}

// Writes every format in every language into the stage folder.
Status WriteOutputs(const PreparedReport& report, const BatchWorkerOptions& w,
                    batch::BatchRecord* r) {
  ReportOptions o;
  o.inputs = {w.input};
  o.no_pictures = w.no_pictures;
  const std::string rel = "reports/" + w.slug + "/";
  for (const std::string& format : w.formats) {
    if (format == "json") {
      o.format = "json";
      o.output = w.stage_dir + "/report.json";
      RETURN_IF_ERROR(report.Write(o));
      continue;
    }
    for (const std::string& lang : w.langs) {
      const std::string name = "report." + lang + "." + format;
      o.format = format;
      o.lang = lang;
      o.output = w.stage_dir + "/" + name;
      RETURN_IF_ERROR(report.Write(o));
      (format == "md" ? r->reports[lang].md : r->reports[lang].html) = rel + name;
    }
  }
  return Status::Ok();
}

}  // namespace

int RunBatchWorker(const BatchWorkerOptions& w) {
  // Die with the batch: a killed batch must not leave workers writing.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (w.parent_pid != 0 && getppid() != w.parent_pid) return 4;
#if !defined(__SANITIZE_ADDRESS__)
  if (w.memory_limit_mb > 0) {
    const rlim_t bytes = static_cast<rlim_t>(w.memory_limit_mb) << 20;
    const rlimit limit{bytes, bytes};
    setrlimit(RLIMIT_AS, &limit);
  }
#endif
  batch::BatchRecord r;
  r.input = w.input;
  r.status = "ok";
  r.slug = w.slug;
  ReportOptions o;
  o.inputs = {w.input};
  const bool draw = !w.no_pictures && std::any_of(w.formats.begin(), w.formats.end(),
                                                  [](const std::string& f) { return f != "json"; });
  auto prepared = PreparedReport::Prepare(o, draw);
  if (!prepared.ok()) {
    SetError(&r, StageOf(prepared.status().code()), prepared.status());
  } else {
    const PreparedReport& report = **prepared;
    if (report.partial()) {
      r.status = "partial";
      r.partial_reason = report.partial_reason();
    }
    if (Status s = Describe(report, w.langs, &r); !s.ok()) SetError(&r, "render", s);
    if (r.status != "error") {
      if (Status s = WriteOutputs(report, w, &r); !s.ok()) SetError(&r, "render", s);
    }
  }
  OutputFile out;
  if (Status s = out.Open(w.stage_dir + "/worker.json"); !s.ok()) {
    std::fprintf(stderr, "tracenote: %s\n", s.message().c_str());
    return 1;
  }
  out.Write(batch::RecordToJson(r));
  out.Write("\n");
  if (Status s = out.Close(); !s.ok()) {
    std::fprintf(stderr, "tracenote: %s\n", s.message().c_str());
    return 1;
  }
  return 0;
}

}  // namespace tracenote::cli
