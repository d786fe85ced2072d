// A hand-made archive for the index tests: two shards of batch results
// (summary files and record JSON only; no reports are rendered), with ok,
// partial, error and profile rows, an input name full of markup, and one
// input present in both shards (the newer run must win).
#ifndef TRACENOTE_TESTS_INDEX_INDEX_FIXTURE_H_
#define TRACENOTE_TESTS_INDEX_INDEX_FIXTURE_H_

#include <string>
#include <vector>

#include "batch/batch_record.h"

namespace tracenote::index_test {

// The hostile input path (markup, a pipe, a newline, invalid UTF-8).
extern const char kHostileInput[];

// Shard 1: the older run of "archive/spin.trace" and the error row.
std::vector<batch::BatchRecord> Shard1Records();
// Shard 2: the newer run of "archive/spin.trace", the hostile partial
// trace, a profile and a clean long trace.
std::vector<batch::BatchRecord> Shard2Records();

// Writes root/shard-1/summary.jsonl and root/shard-2/summary.shard-2-of-2.jsonl.
void WriteShards(const std::string& root);

}  // namespace tracenote::index_test

#endif  // TRACENOTE_TESTS_INDEX_INDEX_FIXTURE_H_
