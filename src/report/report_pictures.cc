#include "report/report_pictures.h"

#include <algorithm>

#include "l10n/text_escape.h"
#include "profile/flame_graph.h"
#include "report/profile_sections.h"

namespace tracenote::report {

const Picture* PictureSet::Find(std::string_view name) const {
  for (const Picture& p : items_) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

render::PictureRefs PictureSet::Refs(bool links, const std::string& link_prefix) const {
  render::PictureRefs refs;
  refs.links = links;
  refs.link_prefix = link_prefix;
  for (const Picture& p : items_) refs.svg.emplace(p.name, p.svg);
  return refs;
}

size_t PictureSet::LargestBytes() const {
  size_t n = 0;
  for (const Picture& p : items_) n = std::max(n, p.svg.size());
  return n;
}

std::string PictureMarkdown(const PictureSet* set, std::string_view name) {
  const Picture* p = set == nullptr ? nullptr : set->Find(name);
  if (p == nullptr) return "";
  return "![" + l10n::EscapeMarkdown(p->title) + "](picture:" + p->name + ")";
}

std::string FlamePictureName(size_t index) { return "flame-" + std::to_string(index + 1); }

void DrawProfilePictures(const std::vector<ProfileEntry>& entries, const l10n::Catalog& c,
                         PictureSet* set) {
  for (size_t i = 0; i < entries.size(); ++i) {
    const ProfileEntry& e = entries[i];
    const bool diff = e.diff.has_value();
    const std::string label = ProfileLabel(e, c);
    profile::FlameOptions fo;
    fo.id = "tn-" + FlamePictureName(i);
    fo.title = c.FormatText(diff ? "picture.flame.title_diff" : "picture.flame.title",
                            {{"profile", label}, {"base", Basename(e.base_file)}});
    // The flame graph fills in {type}, {total} and {count} itself: the
    // catalog passes them through as placeholders.
    const l10n::MessageArgs placeholders = {{"type", std::string("{type}")},
                                            {"total", std::string("{total}")},
                                            {"count", std::string("{count}")}};
    fo.description = c.FormatText(
        diff ? "picture.flame.description_diff" : "picture.flame.description", placeholders);
    fo.of_total = c.FormatText("picture.flame.of_total");
    fo.self = c.FormatText("picture.flame.self");
    fo.hidden = c.FormatText("picture.flame.hidden", placeholders);
    fo.inline_mark = c.FormatText("picture.flame.inline");
    fo.root_name = c.FormatText("picture.flame.root");
    fo.empty = c.FormatText("picture.flame.empty");
    auto svg = profile::RenderFlameGraphSvg(diff ? *e.diff : e.profile, fo);
    if (!svg.ok()) continue;  // no usable sample column: the section says so already
    set->Add({FlamePictureName(i), fo.title, std::move(*svg)});
  }
}

}  // namespace tracenote::report
