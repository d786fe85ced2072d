// Decoding the samples of a profile straight from the wire into the model's
// flat arrays.
//
// Samples are the bulk of a profile (hundreds of thousands of them, each a
// stack of 8-byte ids once expanded). Going through the generated classes
// would build one heap object per sample and widen every packed id to 8
// bytes before the model narrows it to a 4-byte index; instead the reader
// has the generated parser skip field 2 and decodes it here, once, with no
// per-sample allocation. Wire problems are reported by rescanning with the
// wire scanner (ScanProfileWire), so messages match the rest of the reader.
#ifndef TRACENOTE_SRC_INGEST_PPROF_SAMPLE_DECODER_H_
#define TRACENOTE_SRC_INGEST_PPROF_SAMPLE_DECODER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "ingest/pprof/id_index.h"
#include "ingest/pprof/wire_scan.h"
#include "model/profile_model.h"

namespace tracenote::pprof {

// Where decoded samples go and what the decoder found along the way.
struct SampleTarget {
  model::Profile* profile = nullptr;   // strings, sample_types and locations already set
  const IdIndex* locations = nullptr;  // location id -> index
  std::string validity_error;          // first CheckValid failure among samples
  uint64_t negative_values = 0;
  bool diff_base = false;  // some sample has the label pprof::base=true
};

// Decodes every top-level `sample` field of `bytes` (a serialized Profile)
// in order: the fields between `top`'s non-sample runs, sized by its counts
// (`top` is the top-level scan of `bytes`, without error). Errors: wire
// problems and string indexes out of range ("decoding: ..."); CheckValid
// failures are left in target->validity_error.
Status DecodeSamples(std::string_view bytes, const WireScanResult& top, SampleTarget* target);

}  // namespace tracenote::pprof

#endif  // TRACENOTE_SRC_INGEST_PPROF_SAMPLE_DECODER_H_
