// Access to the v2 (Go 1.22+) part of the shared real-trace corpus for the
// conformance and report tests: which MANIFEST rows to run, the bytes of each
// input (txtar and bare text traces converted to binary, Go fuzz files
// decoded), the MANIFEST's count keys, Go regexps as std::regex, and a model
// sink that checks and fingerprints what ReplayModel streams.
#ifndef TRACENOTE_TESTS_CONFORMANCE_V2_CORPUS_H_
#define TRACENOTE_TESTS_CONFORMANCE_V2_CORPUS_H_

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "base/status.h"
#include "conformance/manifest.h"
#include "conformance/v1_corpus.h"  // GoTestdataDir, CorpusPresent, CorpusManifest
#include "model/trace_model.h"

namespace tracenote::conformance {

// The MANIFEST rows under v2/ with one of `kinds`; empty without the corpus.
std::vector<ManifestEntry> V2EntriesWith(std::initializer_list<Expectation> kinds);
// A gtest-safe unique name without the "v2/" prefix: "wild__AFigilyantov_...".
std::string V2TestName(const ManifestEntry& entry);

// One corpus input ready for the reader.
struct V2Input {
  std::vector<uint8_t> bytes;  // the binary trace
  bool expect_success = true;  // txtar FAILURE rows: false
  std::string error_regexp;    // txtar FAILURE: Go's regexp, unquoted
};
// Reads an entry: `.test` txtar files go through ParseV2Txtar + EncodeV2Text,
// bare text traces ("Trace Go1.x" first line) through EncodeV2Text, Go fuzz
// files through DecodeGoFuzzFile; anything else is returned as read.
StatusOr<V2Input> LoadV2Input(const ManifestEntry& entry);

// The minor Go version named by a MANIFEST Header cell ("go 1.25 trace",
// "txtar/go 1.22", "text/Go1.22", "fuzz/go 1.22"), or 0 if none is named.
int HeaderGoMinor(const std::string& header);

// A MANIFEST "Decoded content" key and the v2 wire events (Go's names, as
// CountEvents reports them) it adds up.
struct V2CountKey {
  const char* key;
  std::vector<const char*> events;
};
// Every event-count key of the v2 MANIFEST rows (not gens/freq/EndOfGeneration).
const std::vector<V2CountKey>& V2CountKeys();
// The sum of counts[name] over key.events.
uint64_t SumCounts(const std::map<std::string, uint64_t>& counts, const V2CountKey& key);

// A Go (RE2) regexp as an ECMAScript std::regex when it uses only syntax both
// share (literals, ., *, +, ?, classes, groups, anchors, \d\w\s); nullopt for
// Go-only syntax ((?flags), (?P<name>), \A, \z, \Q, [[:class:]], \p{...}).
std::optional<std::regex> GoRegexpToEcma(const std::string& go_regexp);

// A model::EventSink that checks the stream's invariants and fingerprints it:
// times never decrease; each goroutine transition's `from` is the state its
// previous transition left it in (a first appearance must come from
// Undetermined or NotExist, and NotExist may follow only NotExist);
// Running->Runnable transitions named "preempted" are counted, with how long
// the goroutine had been Running. Violations are kept (the first few) rather
// than asserted, so callers decide how to report them.
class ModelChecker : public model::EventSink {
 public:
  explicit ModelChecker(const model::Tables* tables) : tables_(tables) {}
  void OnEvent(const model::Event& e) override;

  uint64_t events() const { return events_; }
  // FNV-1a over every field of every event, in order.
  uint64_t hash() const { return hash_; }
  uint64_t time_regressions() const { return time_regressions_; }
  uint64_t state_mismatches() const { return state_mismatches_; }
  const std::vector<std::string>& problems() const { return problems_; }  // first 10
  uint64_t preemptions() const { return preemptions_; }
  // Per goroutine: preemptions after running at least `min_ran_ns`.
  std::map<uint64_t, uint64_t> PreemptionsRanAtLeast(int64_t min_ran_ns) const;

 private:
  void Problem(std::string what);

  const model::Tables* tables_;
  uint64_t events_ = 0;
  uint64_t hash_ = 14695981039346656037ull;
  int64_t last_time_ = 0;
  uint64_t time_regressions_ = 0;
  uint64_t state_mismatches_ = 0;
  std::vector<std::string> problems_;
  std::map<uint64_t, model::GoState> state_;   // goroutine -> state after its last transition
  std::map<uint64_t, int64_t> running_since_;  // goroutine -> time it began Running
  std::map<uint64_t, std::vector<int64_t>> ran_for_;  // goroutine -> ran_for of each preemption
  uint64_t preemptions_ = 0;
};

}  // namespace tracenote::conformance

#endif  // TRACENOTE_TESTS_CONFORMANCE_V2_CORPUS_H_
