// PreparedReport: the inputs of one report opened and analysed once (one
// pass over the trace), then written as many times as the caller has
// outputs: `tracenote report` writes one, `tracenote batch` writes every
// format in every language from the same pass.
//
// Contract: Prepare() reads the inputs named by ReportOptions::inputs (at
// most one execution trace, any number of pprof profiles, told apart by
// their content) and the --base profile, runs the analysis, the detectors
// and, when asked, the picture collectors. Write() only formats: it reads
// format, lang, output, front matter, date and draft from the options it is
// given, and draws the pictures in that language. Format "ticket" writes
// report::RenderTicket, with the command line that reproduces it.
#ifndef TRACENOTE_SRC_CLI_REPORT_RUN_H_
#define TRACENOTE_SRC_CLI_REPORT_RUN_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/detectors/finding.h"
#include "analysis/trace_analysis.h"
#include "base/status.h"
#include "cli/report_command.h"
#include "cli/stage_timer.h"
#include "ingest/trace_source.h"
#include "l10n/catalog.h"
#include "l10n/language.h"
#include "report/profile_entry.h"
#include "report/profile_sections.h"
#include "report/report_pictures.h"
#include "report/trace_pictures.h"
#include "report/walkthrough.h"

namespace tracenote::cli {

class PreparedReport {
 public:
  // `pictures`: collect what the pictures need during the analysis pass.
  static StatusOr<std::unique_ptr<PreparedReport>> Prepare(const ReportOptions& o, bool pictures);

  // Writes one output. Errors name the file; nothing is written to stdout
  // for json/md/html when the output is a file.
  Status Write(const ReportOptions& o) const;

  bool partial() const { return source_ != nullptr && source_->info().partial; }
  std::string partial_reason() const { return partial() ? source_->info().partial_reason : ""; }
  const std::string& trace_path() const { return trace_path_; }
  // Null for a report of profiles only.
  const analysis::TraceAnalysis* analysis() const { return analysis_ ? &*analysis_ : nullptr; }
  const std::vector<analysis::Finding>& trace_findings() const { return findings_; }
  const std::vector<report::ProfileEntry>& profiles() const { return entries_; }
  // Every finding of the report, the trace's first, then each profile's.
  std::vector<const analysis::Finding*> AllFindings() const;
  // The first input's name: the trace, else the first profile.
  std::string first_input() const;
  // Wall-clock time of the recording in Unix ns when the input says, else 0.
  int64_t wall_clock_ns() const;
  // The catalog of `lang` ("" = from the environment), loaded once for all
  // the outputs in that language.
  StatusOr<const l10n::Catalog*> CatalogFor(const std::string& lang) const;

 private:
  PreparedReport() = default;
  Status Analyse(const ReportOptions& o, bool pictures);
  Status WriteJson(const ReportOptions& o) const;
  Status WriteDocument(const ReportOptions& o) const;
  // The pictures in the catalog's language, drawn the first time asked.
  const report::PictureSet& PicturesFor(const l10n::Catalog& catalog) const;
  Status WriteTicket(const ReportOptions& o) const;

  std::string trace_path_;
  std::unique_ptr<TraceSource> source_;
  std::optional<analysis::TraceAnalysis> analysis_;
  std::vector<analysis::Finding> findings_;
  std::optional<report::Walkthrough> walk_;
  std::vector<report::ProfileEntry> entries_;
  std::optional<report::CrossCheck> cross_;
  std::optional<report::TracePictureData> picture_data_;
  report::ProfileListingOptions listing_;
  mutable StageTimer timer_;  // TRACENOTE_TIMING's stage times
  // Per language, so that Markdown and HTML in one language (batch) share
  // one catalog load and one drawing of the pictures.
  mutable std::map<l10n::Language, l10n::Catalog> catalogs_;
  mutable std::map<l10n::Language, report::PictureSet> pictures_;
};

}  // namespace tracenote::cli

#endif  // TRACENOTE_SRC_CLI_REPORT_RUN_H_
