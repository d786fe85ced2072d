// BatchRecord: what `tracenote batch` knows about one input once it is done,
// stored as one JSON object (one line of a summary file, and one file under
// OUTDIR/reports/<slug>/). `tracenote index` and `tracenote site` read them
// back.
//
// A results folder (the -o of `tracenote batch`) looks like this:
//
//   summary.jsonl                 one record per line, sorted by `input`
//                                 (summary.shard-K-of-N.jsonl with --shard)
//   reports/<slug>/record.json    the same record, inside the input's folder,
//                                 which appears whole by one rename: a
//                                 record means "done" (batch_run.h)
//   reports/<slug>/report.<lang>.md     Markdown, pictures beside it as
//                                       report.<lang>.<picture>.svg
//   reports/<slug>/report.<lang>.html   one self-contained HTML page
//
// Every path inside a record is relative to the folder holding its summary
// file, uses '/' and never starts with '/' or contains "..": readers check
// that (SafeRelativePath) before they open or link anything.
#ifndef TRACENOTE_SRC_BATCH_BATCH_RECORD_H_
#define TRACENOTE_SRC_BATCH_BATCH_RECORD_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"

namespace tracenote::batch {

// One detector finding as the index shows it: localized plain-text headlines
// (not escaped: every renderer escapes them itself) and the numbers.
struct RecordFinding {
  std::string id;        // "preemption-storm", "gc-stw", "alloc-hotspots", ...
  std::string severity;  // "info" | "warning" | "critical"
  std::map<std::string, std::string> headline;  // lang -> one line of text
  std::string numbers_json = "{}";              // the finding's numbers, JSON text
};

// The files written for one language of one input (paths relative to the
// results folder; empty when that format was not asked for).
struct RecordReports {
  std::string md;
  std::string html;
};

// Numbers the index aggregates over an archive; -1: not known / not a trace.
struct RecordStats {
  int64_t events = -1;
  int64_t goroutines = -1;
  int64_t gc_cycles = -1;
  int64_t max_gc_pause_ns = -1;  // longest stop-the-world pause of a GC
  int64_t max_stw_ns = -1;       // longest stop-the-world pause of any kind
  int64_t sched_latency_p99_ns = -1;
};

struct BatchRecord {
  // Set by the batch driver.
  std::string input;         // the path as listed (argument + path inside a folder)
  int64_t size = 0;          // bytes
  std::string content_hash;  // "xxh3-128:" + 32 hex digits, of the file's bytes
  std::string tool;          // "tracenote 0.7.0"
  std::string options;       // what changes the output, e.g. "md,html;en,ru;pictures"
  std::string run;           // the run that made it: "20261123T221500Z-<pid>" (sorts by time)
  int64_t elapsed_ms = 0;
  // Set by the worker.
  std::string status;  // "ok" | "partial" | "error"
  std::string kind;    // "trace" | "profile" | "" (unknown: error before sniffing)
  std::string detail;  // "Go 1.19 trace", "cpu profile", ...
  std::string date;    // RFC 3339 wall clock of the recording when known, else ""
  int64_t duration_ns = -1;
  std::string partial_reason;                    // status "partial": what cut it short
  std::string error_stage;                       // status "error": "read", "decode", "analysis",
                                                 // "render", "timeout", "crash", "limit"
  std::string error_message;                     // status "error": one line, names the file
  int64_t error_offset = -1;                     // byte offset of the problem when known
  std::string slug;                              // reports/<slug>/ ("" when none written)
  std::map<std::string, RecordReports> reports;  // lang -> files
  std::vector<RecordFinding> findings;           // critical first
  RecordStats stats;
  // Not stored: the results folder LoadResults found the record in.
  std::string results_folder;
};

// One line of JSON (no newline), keys in a fixed order; invalid UTF-8 in any
// string is replaced, so the line is always valid JSON.
std::string RecordToJson(const BatchRecord& record);
StatusOr<BatchRecord> RecordFromJson(const std::string& line);

// True when `path` may be joined to a results folder: relative, '/'-separated,
// no "." or ".." components, no empty components, no backslashes or control
// characters.
bool SafeRelativePath(const std::string& path);

// The records of one results folder: every summary*.jsonl in it (or the
// file itself when `path` is a summary file). Each record's `results_folder`
// is set to the folder its paths are relative to. Broken lines and records
// with unsafe paths are skipped and counted.
struct LoadedResults {
  std::string folder;  // the results folder the records came from
  std::vector<BatchRecord> records;
  int skipped_lines = 0;
};
StatusOr<LoadedResults> LoadResults(const std::string& path);

// Records of many results folders (shards), merged: one record per input
// path; when two shards both have an input, the newer run wins.
// Sorted by input path.
std::vector<BatchRecord> MergeRecords(std::vector<LoadedResults> results);

// LoadResults on each path, then MergeRecords: what `tracenote index` and
// `tracenote site` read. A path without results is an error; each one with
// skipped lines adds a warning naming it.
StatusOr<std::vector<BatchRecord>> LoadMergedResults(const std::vector<std::string>& paths,
                                                     std::vector<std::string>* warnings);

}  // namespace tracenote::batch

#endif  // TRACENOTE_SRC_BATCH_BATCH_RECORD_H_
