// WriteIndex: the index pages over the records of one or more batch runs
// (`tracenote index`, and `tracenote batch` at the end of a run).
//
// Writes, in options.out_dir (created if needed):
//   index.<lang>.md     for each language, with "md" in formats
//   index.<lang>.html   for each language, with "html" in formats
//   index.jsonl         the records as given (merged), one per line, with
//                       their report paths re-rooted relative to out_dir
//                       (only with write_summary). Not named summary*.jsonl
//                       on purpose: its paths may start with "..", which
//                       LoadResults refuses, so a folder holding an index is
//                       never mistaken for a results folder.
// Every file is written to a temporary name and renamed, so a reader never
// sees half a page. Links are relative: from out_dir to each record's
// results_folder + path; a path that fails batch::SafeRelativePath is not
// linked. With out_dir equal to the records' results folder (what `batch`
// does), the links are the records' own paths.
//
// The output depends only on the records and the options: the same records
// give byte-identical files.
#ifndef TRACENOTE_SRC_INDEX_INDEX_WRITER_H_
#define TRACENOTE_SRC_INDEX_INDEX_WRITER_H_

#include <string>
#include <vector>

#include "base/status.h"
#include "batch/batch_record.h"

namespace tracenote::index {

struct IndexOptions {
  std::string out_dir;
  std::vector<std::string> langs = {"en", "ru"};      // "en" | "ru"
  std::vector<std::string> formats = {"md", "html"};  // "md" | "html"
  // index.jsonl in out_dir. `tracenote batch` writing the index into its
  // own results folder turns it off: its summary is already there.
  bool write_summary = true;
  std::string generator = "tracenote";  // the HTML page's <meta name=generator>
};

// Errors: an unknown language or format (InvalidArgument), a folder or file
// that cannot be written (IoError), a broken embedded template (Internal).
Status WriteIndex(const std::vector<batch::BatchRecord>& records, const IndexOptions& options);

}  // namespace tracenote::index

#endif  // TRACENOTE_SRC_INDEX_INDEX_WRITER_H_
