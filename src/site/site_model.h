// The plan of a static site built from batch records (`tracenote site`):
// which posts there are, in which languages, in what order, and which inputs
// are listed as having no report. Pure: reads no file; the paths it keeps
// are checked with batch::SafeRelativePath and are relative to each record's
// results folder.
#ifndef TRACENOTE_SRC_SITE_SITE_MODEL_H_
#define TRACENOTE_SRC_SITE_SITE_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "batch/batch_record.h"

namespace tracenote::site {

// One report as a post. Contract: `slug` and every tag name are URL- and
// file-safe single path components ([A-Za-z0-9._-], not starting with '.'),
// unique among the posts; `markdown` maps a language code ("en", "ru") to
// the report's Markdown file, a safe path relative to `results_folder`.
struct Post {
  std::string slug;
  std::string input;
  std::string kind;            // "trace" | "profile" | ""
  std::string date;            // RFC 3339 when the trace says when it was recorded, else ""
  std::string partial_reason;  // non-empty: a partial report
  bool partial = false;
  std::vector<batch::RecordFinding> findings;  // ids are safe tags
  std::string results_folder;
  std::map<std::string, std::string> markdown;  // lang -> relative path
};

// An input listed without a post: the batch failed on it, or its record
// named an unsafe path ("unsafe" stage) and was refused.
struct FailedInput {
  std::string input;
  std::string stage;    // error_stage, or "unsafe"
  std::string message;  // one line, as the batch wrote it
};

// Contract: posts newest first (dated ones by their instant, then undated
// ones), ties and undated ones by input; failed inputs by input.
struct SitePlan {
  std::vector<Post> posts;
  std::vector<FailedInput> failed;
};

// True for a name that can be one path component and one URL segment
// as it is: [A-Za-z0-9._-]+, not starting with '.', at most 200 bytes.
bool IsSafeName(std::string_view name);

// Seconds since 1970-01-01T00:00:00Z of an RFC 3339 date-time (the
// fraction is dropped); nullopt when render::IsRfc3339 refuses it.
std::optional<int64_t> Rfc3339Seconds(std::string_view date);

// The plan for `records` (status ok/partial become posts, error rows and
// records with unsafe paths become failed inputs). Slugs that clash get
// "-2", "-3", ... in input order, so the plan depends only on the records.
SitePlan PlanSite(const std::vector<batch::BatchRecord>& records);

}  // namespace tracenote::site

#endif  // TRACENOTE_SRC_SITE_SITE_MODEL_H_
