// The index pages over batch results: Markdown (GFM, normalized by
// cmark-gfm) and one self-contained HTML page with a sortable table.
// Words come from locales/<lang>/index.json; everything taken from the
// records (input paths, messages, details) is escaped by the templates.
#ifndef TRACENOTE_SRC_INDEX_INDEX_PAGES_H_
#define TRACENOTE_SRC_INDEX_INDEX_PAGES_H_

#include <string>

#include "base/status.h"
#include "index/index_model.h"
#include "l10n/catalog.h"

namespace tracenote::index {

// Where the page is written and what it says about itself.
struct PageSettings {
  std::string out_dir;    // links are relative to this folder
  std::string generator;  // <meta name=generator>, e.g. "tracenote 0.1.0"
};

// An error only if an embedded template is broken (a build bug).
StatusOr<std::string> RenderIndexMarkdown(const IndexModel& model, const l10n::Catalog& catalog,
                                          const PageSettings& settings);
StatusOr<std::string> RenderIndexHtml(const IndexModel& model, const l10n::Catalog& catalog,
                                      const PageSettings& settings);

}  // namespace tracenote::index

#endif  // TRACENOTE_SRC_INDEX_INDEX_PAGES_H_
