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

#include <string>
#include <string_view>

#include "base/status.h"
#include "l10n/language.h"

namespace tracenote::render {

// `markdown` normalized by cmark-gfm: GFM text, no line wrapping (width 0).
std::string MarkdownToGfm(std::string_view markdown);

// `markdown` as an HTML fragment (cmark-gfm's HTML renderer; table cell
// alignment as style attributes).
std::string MarkdownToHtml(std::string_view markdown);

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
StatusOr<std::string> MarkdownToHtmlPage(std::string_view markdown, const PageInfo& info);

}  // namespace tracenote::render

#endif  // TRACENOTE_SRC_RENDER_MARKDOWN_H_
