// index_fixture_tool OUT: writes the hand-made archive of index_fixture.h
// under OUT (OUT/shard-1, OUT/shard-2) and its index pages into OUT/index,
// for the browser test of the HTML page (tests/browser/index_sort_check.py).
#include <cstdio>
#include <string>

#include "batch/batch_record.h"
#include "index/index_writer.h"
#include "index_fixture.h"

int main(int argc, char** argv) {
  using namespace tracenote;
  if (argc != 2) {
    std::fprintf(stderr, "usage: index_fixture_tool OUT\n");
    return 2;
  }
  const std::string root = argv[1];
  index_test::WriteShards(root);
  std::vector<batch::LoadedResults> loaded;
  for (const char* shard : {"/shard-1", "/shard-2"}) {
    auto results = batch::LoadResults(root + shard);
    if (!results.ok()) {
      std::fprintf(stderr, "%s\n", results.status().message().c_str());
      return 1;
    }
    loaded.push_back(std::move(*results));
  }
  index::IndexOptions options;
  options.out_dir = root + "/index";
  const Status s = index::WriteIndex(batch::MergeRecords(std::move(loaded)), options);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.message().c_str());
    return 1;
  }
  return 0;
}
