// The human report: everything the analysis, the detectors and the
// walk-through found, as Markdown (cmark-gfm's GFM) or as one self-contained
// HTML page, in English or Russian.
//
// Rows are computed first (report_tables.h, the walk-through) and only
// formatted here: every word comes from the catalog, every number is
// formatted for the language, and everything from the trace is escaped. The
// layout is templates/report.md.mustache; cmark-gfm turns its Markdown into
// the final GFM or HTML.
#ifndef TRACENOTE_SRC_REPORT_REPORT_DOCUMENT_H_
#define TRACENOTE_SRC_REPORT_REPORT_DOCUMENT_H_

#include <string>
#include <vector>

#include "analysis/detectors/finding.h"
#include "analysis/trace_analysis.h"
#include "base/status.h"
#include "l10n/catalog.h"
#include "render/front_matter.h"
#include "report/profile_entry.h"
#include "report/profile_sections.h"
#include "report/report_pictures.h"
#include "report/walkthrough.h"

namespace tracenote::report {

struct ReportInput {
  std::string file;  // the input's name as the user gave it
  const analysis::TraceAnalysis* analysis = nullptr;
  const std::vector<analysis::Finding>* findings = nullptr;
  const Walkthrough* walkthrough = nullptr;
  // Profiles given with the trace (or alone: then `analysis`, `findings` and
  // `walkthrough` are null and the report is about the profiles only), each
  // shown as a section after the trace's, and the trace/CPU profile
  // cross-check when there is one.
  const std::vector<ProfileEntry>* profiles = nullptr;
  const CrossCheck* cross_check = nullptr;
  // Pictures drawn for this report (report_pictures.h); null: none.
  const PictureSet* pictures = nullptr;
};

enum class ReportFormat { kMarkdown, kHtml };

struct DocumentOptions {
  ReportFormat format = ReportFormat::kMarkdown;
  render::FrontMatterKind front_matter = render::FrontMatterKind::kNone;
  std::string date;  // RFC 3339, for the front matter
  bool draft = false;
  std::string generator = "tracenote";
  size_t max_goroutine_rows = 50;
  ProfileListingOptions listing;  // for the profile sections' listings
  // Markdown: link the pictures as files named picture_link_prefix + name +
  // ".svg" (the caller writes them); false leaves them out. HTML inlines
  // them whatever these say.
  bool picture_links = false;
  std::string picture_link_prefix;
};

// The whole report text.
StatusOr<std::string> RenderReport(const ReportInput& input, const l10n::Catalog& catalog,
                                   const DocumentOptions& options);

}  // namespace tracenote::report

#endif  // TRACENOTE_SRC_REPORT_REPORT_DOCUMENT_H_
