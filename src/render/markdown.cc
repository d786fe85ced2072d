#include "render/markdown.h"

#include <cctype>
#include <cstdlib>
#include <memory>
#include <vector>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "l10n/embedded_files.h"
#include "render/template.h"

namespace tracenote::render {
namespace {

constexpr const char* kExtensions[] = {"table", "strikethrough", "autolink", "tagfilter"};

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct CharDeleter {
  void operator()(char* s) const { std::free(s); }
};
using Parser = std::unique_ptr<cmark_parser, ParserDeleter>;
using Node = std::unique_ptr<cmark_node, NodeDeleter>;

// A parser with the GFM extensions attached; cmark-gfm registers them once
// per process (the call is idempotent).
Parser NewGfmParser(int options) {
  cmark_gfm_core_extensions_ensure_registered();
  Parser parser(cmark_parser_new(options));
  for (const char* name : kExtensions) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser.get(), ext);
    }
  }
  return parser;
}

Node Parse(cmark_parser* parser, std::string_view markdown) {
  cmark_parser_feed(parser, markdown.data(), markdown.size());
  return Node(cmark_parser_finish(parser));
}

// The same rule as cmark's own HTML renderer (_scan_dangerous_url).
bool IsDangerousUrl(const char* url) {
  std::string u;
  for (const char* p = url; *p != '\0' && u.size() < 16; ++p) {
    u.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(*p))));
  }
  auto starts = [&u](const char* prefix) { return u.rfind(prefix, 0) == 0; };
  if (starts("data:")) {
    return !(starts("data:image/png") || starts("data:image/gif") || starts("data:image/jpeg") ||
             starts("data:image/webp"));
  }
  return starts("javascript:") || starts("vbscript:") || starts("file:");
}

// Drops raw HTML nodes and dangerous link destinations from the tree.
void Sanitize(cmark_node* root) {
  std::vector<cmark_node*> html;
  cmark_iter* iter = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* node = cmark_iter_get_node(iter);
    cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE) {
      html.push_back(node);
    } else if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
      const char* url = cmark_node_get_url(node);
      if (url != nullptr && IsDangerousUrl(url)) cmark_node_set_url(node, "");
    }
  }
  cmark_iter_free(iter);
  for (cmark_node* node : html) cmark_node_free(node);  // unlinks it too
}

std::string Take(char* rendered) {
  std::unique_ptr<char, CharDeleter> owned(rendered);
  return rendered == nullptr ? std::string() : std::string(rendered);
}

}  // namespace

std::string MarkdownToGfm(std::string_view markdown) {
  Parser parser = NewGfmParser(CMARK_OPT_DEFAULT);
  Node doc = Parse(parser.get(), markdown);
  Sanitize(doc.get());
  return Take(cmark_render_commonmark(doc.get(), CMARK_OPT_DEFAULT, /*width=*/0));
}

std::string MarkdownToHtml(std::string_view markdown) {
  const int options = CMARK_OPT_DEFAULT | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES;
  Parser parser = NewGfmParser(options);
  Node doc = Parse(parser.get(), markdown);
  Sanitize(doc.get());
  return Take(
      cmark_render_html(doc.get(), options, cmark_parser_get_syntax_extensions(parser.get())));
}

StatusOr<std::string> MarkdownToHtmlPage(std::string_view markdown, const PageInfo& info) {
  kainjow::mustache::data page;
  page.set("title", info.title);
  page.set("lang", l10n::LanguageCode(info.language));
  page.set("generator", info.generator);
  page.set("css", std::string(l10n::EmbeddedFile("templates/report.css")));
  page.set("body", MarkdownToHtml(markdown));
  return RenderTemplate("page.html.mustache", page);
}

}  // namespace tracenote::render
