#include "site/site_model.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "render/front_matter.h"

namespace tracenote::site {
namespace {

// Days from 1970-01-01 to the given civil date (proleptic Gregorian), after
// Howard Hinnant's days_from_civil.
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int64_t Number(std::string_view s, size_t pos, size_t len) {
  int64_t n = 0;
  for (size_t i = pos; i < pos + len; ++i) n = n * 10 + (s[i] - '0');
  return n;
}

// Every path a record asks us to read, all of which must be safe.
bool RecordPathsSafe(const batch::BatchRecord& r) {
  if (!IsSafeName(r.slug)) return false;
  for (const auto& [lang, files] : r.reports) {
    if (!IsSafeName(lang)) return false;
    for (const std::string* path : {&files.md, &files.html}) {
      if (!path->empty() && !batch::SafeRelativePath(*path)) return false;
    }
  }
  return true;
}

// A post's tags: the finding ids that are safe names, each once, in the
// record's order (critical first).
std::vector<batch::RecordFinding> SafeFindings(const std::vector<batch::RecordFinding>& in) {
  std::vector<batch::RecordFinding> out;
  std::set<std::string> seen;
  for (const batch::RecordFinding& f : in) {
    if (IsSafeName(f.id) && seen.insert(f.id).second) out.push_back(f);
  }
  return out;
}

}  // namespace

bool IsSafeName(std::string_view name) {
  if (name.empty() || name.size() > 200 || name.front() == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

std::optional<int64_t> Rfc3339Seconds(std::string_view d) {
  if (!render::IsRfc3339(d)) return std::nullopt;
  int64_t seconds = DaysFromCivil(Number(d, 0, 4), Number(d, 5, 2), Number(d, 8, 2)) * 86400 +
                    Number(d, 11, 2) * 3600 + Number(d, 14, 2) * 60 + Number(d, 17, 2);
  std::string_view zone = d.substr(d.find_first_of("Z+-", 19));
  if (zone != "Z") {
    const int64_t offset = Number(zone, 1, 2) * 3600 + Number(zone, 4, 2) * 60;
    seconds -= zone[0] == '+' ? offset : -offset;
  }
  return seconds;
}

SitePlan PlanSite(const std::vector<batch::BatchRecord>& records) {
  // Records are taken in input order, so that slug clashes resolve the same
  // way whatever order the caller had them in.
  std::vector<const batch::BatchRecord*> sorted;
  for (const batch::BatchRecord& r : records) sorted.push_back(&r);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto* a, const auto* b) { return a->input < b->input; });

  SitePlan plan;
  std::set<std::string> slugs;
  for (const batch::BatchRecord* r : sorted) {
    if (r->status == "error") {
      plan.failed.push_back({r->input, r->error_stage, r->error_message});
      continue;
    }
    if (r->status != "ok" && r->status != "partial") continue;
    if (!RecordPathsSafe(*r)) {
      plan.failed.push_back({r->input, "unsafe", ""});
      continue;
    }
    Post post;
    post.input = r->input;
    post.kind = r->kind;
    post.date = render::IsRfc3339(r->date) ? r->date : "";
    post.partial = r->status == "partial";
    post.partial_reason = r->partial_reason;
    post.findings = SafeFindings(r->findings);
    post.results_folder = r->results_folder;
    for (const auto& [lang, files] : r->reports) {
      if (!files.md.empty()) post.markdown[lang] = files.md;
    }
    if (post.markdown.empty()) continue;  // nothing to show (e.g. --format html only)
    post.slug = r->slug;
    for (int n = 2; !slugs.insert(post.slug).second; ++n) {
      post.slug = r->slug + "-" + std::to_string(n);
    }
    plan.posts.push_back(std::move(post));
  }

  // Newest first; undated posts after the dated ones; then by input.
  auto key = [](const Post& p) {
    std::optional<int64_t> s = Rfc3339Seconds(p.date);
    return std::make_tuple(!s.has_value(), s ? -*s : 0, p.input);
  };
  std::stable_sort(plan.posts.begin(), plan.posts.end(),
                   [&key](const Post& a, const Post& b) { return key(a) < key(b); });
  return plan;
}

}  // namespace tracenote::site
