// Converting decoded profile.proto messages into the flat model::Profile.
//
// The conversion is also where pprof's post-decode rules are enforced: the
// string table (entry 0 must be "", every index in range), id resolution
// (ids to indexes, dangling mapping ids accepted, dangling location and
// function ids fatal), label classification (key-only labels dropped) and
// CheckValid's checks in pprof's order with pprof's messages. Survivable
// oddities become model anomalies.
#ifndef TRACENOTE_SRC_INGEST_PPROF_CONVERT_H_
#define TRACENOTE_SRC_INGEST_PPROF_CONVERT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "base/status.h"
#include "ingest/pprof/wire_scan.h"
#include "model/profile_model.h"

namespace tracenote::pprof {

class Profile;  // generated, profile.pb.h

struct ConvertFacts {
  std::optional<uint64_t> first_string_offset;  // from the wire scan, for messages
};

// True when the generated parser kept fields it did not recognise anywhere
// in the message tree: unknown field numbers (fine) or known fields with a
// wrong wire type (pprof rejects those; the reader then rescans the bytes to
// find out which).
bool HasUnknownFields(const Profile& pb);

// The conversion in three steps, so that the protobuf objects can be freed
// before the samples (the bulk) are decoded straight from the wire:
//   ProfileConverter c(facts);
//   c.ConvertTables(pb);          // strings, header, mappings, functions, locations
//   (free the arena)
//   c.ConvertSamples(bytes, top)  // DecodeSamples into the model
//   c.Finish()                    // CheckValid in pprof's order, placeholder mapping
// Errors carry the stage: "decoding: ..." (string table, wire) or
// "validating: malformed profile: ...".
class ProfileConverter {
 public:
  explicit ProfileConverter(ConvertFacts facts);
  ~ProfileConverter();
  ProfileConverter(const ProfileConverter&) = delete;
  ProfileConverter& operator=(const ProfileConverter&) = delete;

  // Everything but the samples; the strings are moved out of `pb`.
  Status ConvertTables(Profile& pb);
  // The samples: every top-level field 2 of `bytes` (the serialized
  // profile), found and sized by its top-level wire scan `top`.
  Status ConvertSamples(std::string_view bytes, const WireScanResult& top);
  StatusOr<model::Profile> Finish();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tracenote::pprof

#endif  // TRACENOTE_SRC_INGEST_PPROF_CONVERT_H_
