// A small parser for the shared corpus MANIFEST.md (go-testdata): the
// per-directory tables of real traces, their expectation tags and the
// "Decoded content" counts an independent decoder found. The conformance
// tests take every expectation from here so that nothing is duplicated.
#ifndef TRACENOTE_TESTS_CONFORMANCE_MANIFEST_H_
#define TRACENOTE_TESTS_CONFORMANCE_MANIFEST_H_

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace tracenote::conformance {

// What the MANIFEST's Expectation column asks of a reader.
enum class Expectation {
  kGood,          // "good", "good (presumed)", or a historical file kept as good
  kBad,           // must be rejected
  kHistorical,    // real but non-conforming; a strict reader rejects it
  kWeird,         // fuzz-derived; must not crash
  kFuzzEntry,     // `go test fuzz v1` text file; must not crash
  kTxtarSuccess,  // v2 text-form tests (not used by the v1 suite)
  kTxtarFailure,
  kTextSuccess,  // v2 bare text-form trace that must convert and parse
  kOther,        // anything this parser does not recognise
};

const char* ExpectationName(Expectation e);

// One row of a file table.
struct ManifestEntry {
  std::string directory;  // e.g. "v1/golang-go" (no trailing slash)
  std::string file;       // e.g. "http_1_5_good" or "FuzzLoadTrace/0123…"
  std::string header;     // the Header column, e.g. "go 1.5 trace", "fuzz/go 1.11"
  uint64_t size = 0;      // Size (B)
  std::string expectation_text;
  Expectation expectation = Expectation::kOther;
  std::string decoded_text;  // the raw "Decoded content" cell
  // "N ev" and the key=value counts of "Decoded content"; absent when the
  // reference decoder failed ("structural decode fails: ...").
  std::optional<uint64_t> events;
  std::map<std::string, uint64_t> counts;

  std::string RelativePath() const { return directory + "/" + file; }
  // A missing key means 0.
  uint64_t Count(const std::string& key) const {
    auto it = counts.find(key);
    return it == counts.end() ? 0 : it->second;
  }
  // True when the Expectation column says the read must fail with a
  // time-order error (Go's ErrTimeOrder).
  bool ExpectsTimeOrderError() const;
};

// How gtest prints an entry (the test list and failure messages).
inline void PrintTo(const ManifestEntry& e, std::ostream* os) { *os << e.RelativePath(); }

struct Manifest {
  std::vector<ManifestEntry> entries;
  std::vector<std::string> errors;  // rows that could not be parsed

  // Entries whose directory starts with `prefix` (e.g. "v1/").
  std::vector<ManifestEntry> Under(std::string_view prefix) const;
};

// Classifies an Expectation cell.
Expectation ClassifyExpectation(std::string_view text);
// Parses a "Decoded content" cell into *entry (events and counts).
bool ParseDecodedContent(std::string_view text, ManifestEntry* entry);
// Parses the whole MANIFEST.md text.
Manifest ParseManifest(std::string_view text);
// Reads and parses a MANIFEST.md file; nullopt if it cannot be read.
std::optional<Manifest> LoadManifest(const std::string& path);

}  // namespace tracenote::conformance

#endif  // TRACENOTE_TESTS_CONFORMANCE_MANIFEST_H_
