// `pprof -raw`: the decoded profile in pprof's debug text form
// (Profile.String(), format doc §11.9), reproduced byte for byte so that our
// decoder can be checked against pprof's reference outputs.
#ifndef TRACENOTE_SRC_DUMP_PROFILE_RAW_H_
#define TRACENOTE_SRC_DUMP_PROFILE_RAW_H_

#include <cstdint>
#include <string>

#include "model/profile_model.h"

namespace tracenote {

// The whole dump, ending with a newline. Times are printed in UTC (the
// reference outputs were made with TZ=UTC).
std::string FormatProfileRaw(const model::Profile& profile);

// Go's time.Time default format of time.Unix(0, nanos) in UTC, e.g.
// "2019-02-20 02:34:40.126127 +0000 UTC".
std::string FormatGoTimeUtc(int64_t nanos);
// Go's time.Duration.String(), e.g. "3.131234s", "4h35m0s", "1.5µs".
std::string FormatGoDuration(int64_t nanos);

}  // namespace tracenote

#endif  // TRACENOTE_SRC_DUMP_PROFILE_RAW_H_
