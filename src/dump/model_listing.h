// The model-event listing behind `tracenote dump --model`: the
// format-agnostic events the analyses see, one line each. It is how a
// developer checks that a Go 1.19 trace and a Go 1.23 trace of the same
// program come out alike.
#ifndef TRACENOTE_SRC_DUMP_MODEL_LISTING_H_
#define TRACENOTE_SRC_DUMP_MODEL_LISTING_H_

#include <string>

#include "model/trace_model.h"

namespace tracenote::dump {

// One line, without the newline.
void AppendModelEventText(const model::Event& e, const model::Tables& tables, std::string* out);
void AppendModelEventJson(const model::Event& e, const model::Tables& tables, std::string* out);

}  // namespace tracenote::dump

#endif  // TRACENOTE_SRC_DUMP_MODEL_LISTING_H_
