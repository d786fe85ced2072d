// Access to the v1 part of the shared real-trace corpus for the conformance
// tests: where it is, which files the MANIFEST lists with which expectation,
// their bytes (Go fuzz files decoded), and a full read of one input through
// the same path the CLI and the fuzzer use.
#ifndef TRACENOTE_TESTS_CONFORMANCE_V1_CORPUS_H_
#define TRACENOTE_TESTS_CONFORMANCE_V1_CORPUS_H_

#include <cstdint>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/status.h"
#include "conformance/manifest.h"

namespace tracenote::conformance {

// TRACENOTE_CORPUS_DIR/go-testdata, whether or not it exists.
std::string GoTestdataDir();
// True when GoTestdataDir()/MANIFEST.md exists.
bool CorpusPresent();
// The parsed MANIFEST (parsed once), or nullptr when the corpus is absent.
const Manifest* CorpusManifest();
// The MANIFEST rows under v1/ with one of `kinds`; empty when the corpus is
// absent.
std::vector<ManifestEntry> V1EntriesWith(std::initializer_list<Expectation> kinds);

// The bytes of an entry's file; Go fuzz corpus files are decoded.
StatusOr<std::vector<uint8_t>> ReadEntryBytes(const ManifestEntry& entry);
// The size of the entry's file on disk, or -1.
int64_t EntryFileSize(const ManifestEntry& entry);
// A gtest-safe unique name: "golang_go__http_1_5_good".
std::string TestNameFor(const ManifestEntry& entry);

// The distinct P ids of the Batch records in a v1 trace (-1 included), read
// record by record with the tokenizer; stops at the first undecodable record.
std::set<int64_t> BatchProcs(const std::vector<uint8_t>& bytes);

// What reading one input through OpenTraceBlob, CountEvents, ReplayRaw (with
// links) and ReplayModel gave.
struct RunOutcome {
  Status open;   // OpenTraceBlob
  Status count;  // CountEvents (not run if open failed)
  Status raw;    // ReplayRaw with links (not run if open failed)
  Status model;  // ReplayModel (not run if open failed)
  std::map<std::string, uint64_t> counts;
  uint64_t raw_events = 0;
  uint64_t raw_links = 0;
  uint64_t raw_time_regressions = 0;  // raw events earlier than the one before
  uint64_t model_events = 0;
  uint64_t info_events = 0;
  bool partial = false;
  std::string partial_reason;
  double seconds = 0;  // wall time of the whole run

  // The first failure of open/count (the "is it rejected" answer).
  const Status& Verdict() const { return open.ok() ? count : open; }
};

RunOutcome RunAll(std::vector<uint8_t> bytes, const std::string& name);

}  // namespace tracenote::conformance

#endif  // TRACENOTE_TESTS_CONFORMANCE_V1_CORPUS_H_
