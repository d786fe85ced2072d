// Pictures in the Markdown pipeline (render::PictureRefs): `picture:NAME`
// images become inline SVG in HTML and file links in GFM, and the raw-HTML
// rules still hold around them.
#include <gtest/gtest.h>

#include "l10n/text_escape.h"
#include "render/markdown.h"

namespace tracenote::render {
namespace {

bool Contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

constexpr std::string_view kSvg =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"><title>T &lt;x&gt;</title>"
    "<style>.tnp-a{fill:#000}</style></svg>\n";

PictureRefs Refs() {
  PictureRefs refs;
  refs.svg.emplace("timeline", std::string(kSvg));
  return refs;
}

TEST(MarkdownPicturesTest, HtmlInlinesTheSvgWithoutItsXmlDeclaration) {
  const std::string html =
      MarkdownToHtml("Before.\n\n![Timeline](picture:timeline)\n\nAfter.\n", Refs());
  EXPECT_TRUE(Contains(html, "<p>Before.</p>\n<svg xmlns=")) << html;
  EXPECT_FALSE(Contains(html, "<?xml")) << html;
  EXPECT_FALSE(Contains(html, "<img")) << html;
  // Tagfilter would have turned these into &lt;title / &lt;style.
  EXPECT_TRUE(Contains(html, "<title>T &lt;x&gt;</title><style>")) << html;
  EXPECT_TRUE(Contains(html, "<p>After.</p>")) << html;
}

TEST(MarkdownPicturesTest, RawHtmlOfTheMarkdownIsStillDropped) {
  const std::string html = MarkdownToHtml(
      "<script>alert(1)</script>\n\n![x](picture:timeline)\n\na <b onclick=x>b</b>\n", Refs());
  EXPECT_FALSE(Contains(html, "<script")) << html;
  EXPECT_FALSE(Contains(html, "onclick")) << html;
  EXPECT_TRUE(Contains(html, "<svg")) << html;
}

TEST(MarkdownPicturesTest, HtmlLeavesOutPicturesItDoesNotHave) {
  const std::string html = MarkdownToHtml("![Missing](picture:heap)\n\nText.\n", Refs());
  EXPECT_EQ(html, "<p>Text.</p>\n");
}

TEST(MarkdownPicturesTest, GfmLinksFilesBesideTheReport) {
  PictureRefs refs;
  refs.links = true;
  refs.link_prefix = "run.";
  EXPECT_EQ(MarkdownToGfm("![Heap in use](picture:heap)\n", refs),
            "![Heap in use](run.heap.svg)\n");
  refs.links = false;
  EXPECT_EQ(MarkdownToGfm("Text.\n\n![Heap](picture:heap)\n", refs), "Text.\n");
}

TEST(MarkdownPicturesTest, OrdinaryImagesAreUntouched) {
  PictureRefs refs;
  refs.links = true;
  refs.link_prefix = "run.";
  EXPECT_EQ(MarkdownToGfm("![a](https://go.dev/a.png)\n", refs), "![a](https://go.dev/a.png)\n");
}

TEST(MarkdownPicturesTest, HostileAltTextStaysText) {
  // A title from a trace (a task name, say) escaped as the report does.
  const std::string alt = l10n::EscapeMarkdown("x](javascript:alert(1)) <img src=x>");
  PictureRefs refs;
  refs.links = true;
  refs.link_prefix = "r.";
  const std::string gfm = MarkdownToGfm("![" + alt + "](picture:heap)\n", refs);
  EXPECT_EQ(gfm, "![x\\](javascript:alert(1)) \\<img src=x\\>](r.heap.svg)\n");
  // Read back, it is one image with the file as its source.
  const std::string back = MarkdownToHtml(gfm, {});
  EXPECT_TRUE(Contains(back,
                       "<img src=\"r.heap.svg\" alt=\"x](javascript:alert(1)) &lt;img "
                       "src=x&gt;\" />"))
      << back;
  const std::string html = MarkdownToHtml("![" + alt + "](picture:heap)\n", {});
  EXPECT_FALSE(Contains(html, "<img")) << html;
}

}  // namespace
}  // namespace tracenote::render
