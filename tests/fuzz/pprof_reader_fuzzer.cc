// libFuzzer target for the pprof reader: the bytes go through ReadProfile
// (gzip sniffing, the wire scanner, the protobuf parser, conversion,
// validation, drop/keep-frames pruning) with and without all_frames, and
// every profile that loads is dumped with FormatProfileRaw, which touches
// every index the model holds. Any result or error is fine; crashes,
// sanitizer reports, hangs and runaway allocation are findings.
//
// The same file is linked into tests/fuzz_replay with a plain driver, so the
// seed corpus (tests/fuzz/corpus/pprof) and every minimized finding are
// replayed in ordinary test runs.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dump/profile_raw.h"
#include "ingest/pprof/pprof_reader.h"
#include "ingest/sniff.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)tracenote::SniffInput(bytes);
  for (bool all_frames : {false, true}) {
    tracenote::pprof::ReadOptions options;
    options.all_frames = all_frames;
    auto profile = tracenote::pprof::ReadProfile(bytes, "fuzz", options);
    if (!profile.ok()) continue;
    const std::string raw = tracenote::FormatProfileRaw(*profile);
    volatile size_t sink = raw.size() + static_cast<size_t>(profile->DefaultSampleIndex() + 1);
    (void)sink;
  }
  return 0;
}
