#include "cli/index_command.h"

#include <cstdio>

#include "batch/batch_record.h"
#include "cli/exit_codes.h"
#include "cli/option_lists.h"
#include "index/index_writer.h"

#ifndef TRACENOTE_VERSION
#define TRACENOTE_VERSION "0.0.0"
#endif

namespace tracenote::cli {
namespace {

int Fail(const Status& s) {
  std::fprintf(stderr, "tracenote index: %s\n", s.message().c_str());
  return ExitCodeFor(s);
}

}  // namespace

int RunIndex(const IndexCommandOptions& o) {
  std::vector<std::string> warnings;
  auto records = batch::LoadMergedResults(o.results, &warnings);
  if (!records.ok()) return Fail(records.status());
  for (const std::string& w : warnings)
    std::fprintf(stderr, "tracenote index: warning: %s\n", w.c_str());
  index::IndexOptions options;
  options.out_dir = o.output;
  options.langs = SplitCommaList(o.lang);
  options.formats = SplitCommaList(o.format);
  options.generator = "tracenote " TRACENOTE_VERSION;
  if (options.langs.empty() || options.formats.empty()) {
    return Fail(InvalidArgumentError("--lang and --format need at least one value"));
  }
  if (Status s = index::WriteIndex(*records, options); !s.ok()) return Fail(s);
  return kExitOk;
}

}  // namespace tracenote::cli
