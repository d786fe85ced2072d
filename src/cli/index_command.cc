#include "cli/index_command.h"

#include <cstdio>

#include "batch/batch_record.h"
#include "cli/exit_codes.h"
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

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

int RunIndex(const IndexCommandOptions& o) {
  std::vector<batch::LoadedResults> loaded;
  for (const std::string& path : o.results) {
    auto results = batch::LoadResults(path);
    if (!results.ok()) return Fail(results.status());
    if (results->skipped_lines > 0) {
      std::fprintf(stderr, "tracenote index: warning: %s: skipped %d broken or unsafe line(s)\n",
                   path.c_str(), results->skipped_lines);
    }
    loaded.push_back(std::move(*results));
  }
  index::IndexOptions options;
  options.out_dir = o.output;
  options.langs = SplitList(o.lang);
  options.formats = SplitList(o.format);
  options.generator = "tracenote " TRACENOTE_VERSION;
  if (options.langs.empty() || options.formats.empty()) {
    return Fail(InvalidArgumentError("--lang and --format need at least one value"));
  }
  const std::vector<batch::BatchRecord> records = batch::MergeRecords(std::move(loaded));
  if (Status s = index::WriteIndex(records, options); !s.ok()) return Fail(s);
  return kExitOk;
}

}  // namespace tracenote::cli
