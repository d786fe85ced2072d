// pprof's drop_frames / keep_frames pruning (format doc §6), on the model.
#ifndef TRACENOTE_SRC_INGEST_PPROF_PRUNE_H_
#define TRACENOTE_SRC_INGEST_PPROF_PRUNE_H_

#include <string>
#include <string_view>

#include "model/profile_model.h"

namespace tracenote::pprof {

// The function name pprof matches the regexps against: a leading '.' removed,
// then cut at the first '(' that does not begin "(anonymous namespace)" or
// "operator()".
std::string_view SimplifyFunctionName(std::string_view name);

// Applies the profile's drop_frames (and keep_frames) the way pprof's
// Profile.Prune does: marked locations lose their matched line and the lines
// inlined into it (or go entirely when the outermost line matched), and each
// sample's stack is cut leaf-ward of the first marked location after its
// first "user" frame (scanning from the root). Does nothing when drop_frames
// is empty. A regexp that does not compile is an anomaly, and nothing is
// pruned.
void PruneFrames(model::Profile* profile);

}  // namespace tracenote::pprof

#endif  // TRACENOTE_SRC_INGEST_PPROF_PRUNE_H_
