// Markdown to GFM and to a self-contained HTML page, through cmark-gfm.
//
// The report is first written as Markdown (templates + catalog messages,
// every value escaped); cmark-gfm then parses it with the GitHub extensions
// (table, strikethrough, autolink, tagfilter) and renders it back, so the
// Markdown we emit is cmark-gfm's normalized form and the HTML is cmark-gfm's
// HTML, never strings glued together by hand.
//
// Safety, in both outputs: raw HTML is dropped (CMARK_OPT_UNSAFE stays off;
// in GFM output the HTML nodes are removed from the tree), and links or
// images whose destination is javascript:, vbscript:, file: or data: (other
// than data:image/png|gif|jpeg|webp) lose their destination.
#ifndef TRACENOTE_SRC_RENDER_MARKDOWN_H_
#define TRACENOTE_SRC_RENDER_MARKDOWN_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "base/status.h"
#include "l10n/language.h"

namespace tracenote::render {

// Pictures. The Markdown refers to a picture as an image in a paragraph of
// its own whose destination is "picture:NAME" (`![alt](picture:timeline)`).
// In HTML the paragraph becomes the picture's SVG, inlined (the SVG is ours:
// made by SvgWriter, every string in it escaped; raw HTML from the Markdown
// is still dropped before it is inserted). In GFM the destination becomes
// `link_prefix + NAME + ".svg"`, a file the caller writes next to the
// Markdown. A picture that is not available is left out in both.
struct PictureRefs {
  // HTML: NAME -> the SVG document (an XML declaration at its start is
  // dropped when inlined).
  std::map<std::string, std::string, std::less<>> svg;
  // GFM: write links (false: leave the pictures out, e.g. on stdout).
  bool links = false;
  std::string link_prefix;
};

// `markdown` normalized by cmark-gfm: GFM text, no line wrapping (width 0).
std::string MarkdownToGfm(std::string_view markdown, const PictureRefs& pictures = {});

// `markdown` as an HTML fragment (cmark-gfm's HTML renderer; table cell
// alignment as style attributes).
std::string MarkdownToHtml(std::string_view markdown, const PictureRefs& pictures = {});

// What the page around the report says about itself.
struct PageInfo {
  std::string title;                                   // plain text, escaped in <title>
  l10n::Language language = l10n::Language::kEnglish;  // <html lang=...>
  std::string generator;  // <meta name=generator>, e.g. "tracenote 0.1.0"
};

// One self-contained HTML page (templates/page.html.mustache): the HTML of
// `markdown` with templates/report.css inlined; no scripts, no external
// resources (a Content-Security-Policy says so too), light and dark color
// schemes, tables and code blocks that scroll sideways on narrow screens.
// An error only if the embedded page template is broken (a build bug).
StatusOr<std::string> MarkdownToHtmlPage(std::string_view markdown, const PageInfo& info,
                                         const PictureRefs& pictures = {});

}  // namespace tracenote::render

#endif  // TRACENOTE_SRC_RENDER_MARKDOWN_H_
