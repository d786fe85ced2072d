#include "render/markdown.h"

#include <algorithm>
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
constexpr std::string_view kPictureScheme = "picture:";

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
// per process (the call is idempotent). The HTML path leaves tagfilter out:
// it would mangle the <title> and <style> of inlined pictures, and it has
// nothing else to do there, as Sanitize drops all raw HTML first.
Parser NewGfmParser(int options, bool tagfilter = true) {
  cmark_gfm_core_extensions_ensure_registered();
  Parser parser(cmark_parser_new(options));
  for (const char* name : kExtensions) {
    if (!tagfilter && std::string_view(name) == "tagfilter") continue;
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

// The picture name of an image node ("" when it is not a picture).
std::string_view PictureName(cmark_node* node) {
  if (cmark_node_get_type(node) != CMARK_NODE_IMAGE) return {};
  const char* url = cmark_node_get_url(node);
  std::string_view u = url == nullptr ? std::string_view() : std::string_view(url);
  if (u.substr(0, kPictureScheme.size()) != kPictureScheme) return {};
  return u.substr(kPictureScheme.size());
}

// Replaces or relinks every picture image (see PictureRefs). `html`: the
// image's paragraph becomes an HTML block holding the SVG.
void ResolvePictures(cmark_node* root, const PictureRefs& pictures, bool html) {
  std::vector<cmark_node*> images;
  cmark_iter* iter = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter);
    if (ev == CMARK_EVENT_ENTER && !PictureName(node).empty()) images.push_back(node);
  }
  cmark_iter_free(iter);
  for (cmark_node* image : images) {
    const std::string name(PictureName(image));
    cmark_node* parent = cmark_node_parent(image);
    const bool alone = parent != nullptr && cmark_node_get_type(parent) == CMARK_NODE_PARAGRAPH &&
                       cmark_node_first_child(parent) == image &&
                       cmark_node_last_child(parent) == image;
    cmark_node* whole = alone ? parent : image;
    if (!html) {
      if (pictures.links) {
        cmark_node_set_url(image, (pictures.link_prefix + name + ".svg").c_str());
      } else {
        cmark_node_free(whole);
      }
      continue;
    }
    auto it = pictures.svg.find(name);
    if (it == pictures.svg.end()) {
      cmark_node_free(whole);
      continue;
    }
    std::string_view svg = it->second;
    if (svg.substr(0, 5) == "<?xml") svg.remove_prefix(std::min(svg.find('\n') + 1, svg.size()));
    cmark_node* block = cmark_node_new(alone ? CMARK_NODE_HTML_BLOCK : CMARK_NODE_HTML_INLINE);
    cmark_node_set_literal(block, std::string(svg).c_str());
    cmark_node_replace(whole, block);
    cmark_node_free(whole);
  }
}

std::string Take(char* rendered) {
  std::unique_ptr<char, CharDeleter> owned(rendered);
  return rendered == nullptr ? std::string() : std::string(rendered);
}

}  // namespace

std::string MarkdownToGfm(std::string_view markdown, const PictureRefs& pictures) {
  Parser parser = NewGfmParser(CMARK_OPT_DEFAULT);
  Node doc = Parse(parser.get(), markdown);
  Sanitize(doc.get());
  ResolvePictures(doc.get(), pictures, /*html=*/false);
  return Take(cmark_render_commonmark(doc.get(), CMARK_OPT_DEFAULT, /*width=*/0));
}

std::string MarkdownToHtml(std::string_view markdown, const PictureRefs& pictures) {
  const int options = CMARK_OPT_DEFAULT | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES;
  Parser parser = NewGfmParser(options, /*tagfilter=*/false);
  Node doc = Parse(parser.get(), markdown);
  Sanitize(doc.get());
  ResolvePictures(doc.get(), pictures, /*html=*/true);
  // Unsafe only lets our pictures through: Sanitize removed every raw HTML
  // node the Markdown had before they were inserted.
  return Take(cmark_render_html(doc.get(), options | CMARK_OPT_UNSAFE,
                                cmark_parser_get_syntax_extensions(parser.get())));
}

StatusOr<std::string> MarkdownToHtmlPage(std::string_view markdown, const PageInfo& info,
                                         const PictureRefs& pictures) {
  kainjow::mustache::data page;
  page.set("title", info.title);
  page.set("lang", l10n::LanguageCode(info.language));
  page.set("generator", info.generator);
  page.set("css", std::string(l10n::EmbeddedFile("templates/report.css")));
  page.set("body", MarkdownToHtml(markdown, pictures));
  return RenderTemplate("page.html.mustache", page);
}

}  // namespace tracenote::render
