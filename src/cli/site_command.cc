#include "cli/site_command.h"

#include <cstdio>

#include "batch/batch_record.h"
#include "cli/exit_codes.h"
#include "site/site_builder.h"

#ifndef TRACENOTE_VERSION
#define TRACENOTE_VERSION "0.0.0"
#endif

namespace tracenote::cli {
namespace {

int Fail(const Status& s) {
  std::fprintf(stderr, "tracenote site: %s\n", s.message().c_str());
  return ExitCodeFor(s);
}

}  // namespace

int RunSite(const SiteCommandOptions& o) {
  std::vector<std::string> warnings;
  auto records = batch::LoadMergedResults(o.results, &warnings);
  if (!records.ok()) return Fail(records.status());
  for (const std::string& w : warnings)
    std::fprintf(stderr, "tracenote site: warning: %s\n", w.c_str());
  site::SiteOptions options;
  options.generator = "tracenote " TRACENOTE_VERSION;
  site::SiteWriter writer(o.output);
  auto stats = site::BuildSite(*records, options, &writer);
  if (!stats.ok()) return Fail(stats.status());
  for (const std::string& problem : stats->problems) {
    std::fprintf(stderr, "tracenote site: warning: %s\n", problem.c_str());
  }
  return stats->problems.empty() ? kExitOk : kExitPartial;
}

}  // namespace tracenote::cli
