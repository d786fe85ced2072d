// The pictures of one report, drawn before the document is written: the
// whole-trace timeline, a close-up timeline per finding, the charts
// (scheduler latency, heap, minimum mutator utilization, goroutine count)
// and a flame graph per profile.
//
// Contract: every picture is a standalone SVG document (render it inline by
// dropping the XML declaration, which render::PictureRefs does) with a
// name that is unique in the report and safe in a file name ("timeline",
// "closeup-gc", "flame-1"). The document refers to a picture through
// PictureMarkdown; a picture the set does not have is simply not shown.
// Drawing is deterministic: the same inputs give the same bytes.
#ifndef TRACENOTE_SRC_REPORT_REPORT_PICTURES_H_
#define TRACENOTE_SRC_REPORT_REPORT_PICTURES_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "l10n/catalog.h"
#include "render/markdown.h"
#include "report/profile_entry.h"

namespace tracenote::report {

struct Picture {
  std::string name;   // unique in the report, [a-z0-9-]
  std::string title;  // plain text: the Markdown image's alt text
  std::string svg;    // a standalone SVG document
};

class PictureSet {
 public:
  void Add(Picture picture) { items_.push_back(std::move(picture)); }
  const Picture* Find(std::string_view name) const;
  const std::vector<Picture>& items() const { return items_; }
  // What the renderer needs: the SVGs (HTML) or the file links (GFM).
  render::PictureRefs Refs(bool links, const std::string& link_prefix) const;
  size_t LargestBytes() const;

 private:
  std::vector<Picture> items_;
};

// "![title](picture:name)", the title escaped for Markdown, or "" when
// `set` is null or has no such picture.
std::string PictureMarkdown(const PictureSet* set, std::string_view name);

// The name of profile entry `index`'s flame graph ("flame-1" for index 0).
std::string FlamePictureName(size_t index);

// Adds a flame graph per profile entry (of the comparison with the base
// when there is one), titled and described in the catalog's language.
void DrawProfilePictures(const std::vector<ProfileEntry>& entries, const l10n::Catalog& c,
                         PictureSet* set);

}  // namespace tracenote::report

#endif  // TRACENOTE_SRC_REPORT_REPORT_PICTURES_H_
