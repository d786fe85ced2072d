// SvgWriter: a small XML writer for static SVG images. Every attribute value
// and every text node goes through EscapeXml, so data (function names, file
// names) can never become markup: `<script>`, `&`, quotes and control
// characters come out as visible text. Element and attribute names are
// written as given; they must be literals of the calling code.
#ifndef TRACENOTE_SRC_RENDER_SVG_WRITER_H_
#define TRACENOTE_SRC_RENDER_SVG_WRITER_H_

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tracenote::render {

// `text` sanitized (valid UTF-8, control characters shown as escapes, line
// breaks as spaces) with & < > " ' replaced by entities: safe both as
// element text and inside a double- or single-quoted attribute.
std::string EscapeXml(std::string_view text);

using SvgAttrs = std::initializer_list<std::pair<std::string_view, std::string_view>>;

// Contract: Open/Close nest like XML; Finish closes what is still open and
// returns the document. Output depends only on the calls (deterministic).
class SvgWriter {
 public:
  // xml_declaration: start with <?xml ...?> (leave it out for SVG inlined
  // into an HTML page).
  explicit SvgWriter(bool xml_declaration = true);
  // <tag a="v" ...>; the element stays open until Close().
  void Open(std::string_view tag, SvgAttrs attrs = {});
  // <tag a="v" .../>
  void Empty(std::string_view tag, SvgAttrs attrs = {});
  // <tag a="v" ...>text</tag>
  void Element(std::string_view tag, SvgAttrs attrs, std::string_view text);
  // Escaped text inside the open element.
  void Text(std::string_view text);
  // Closes the innermost open element.
  void Close();
  std::string Finish();

  size_t element_count() const { return elements_; }

 private:
  void StartTag(std::string_view tag, SvgAttrs attrs);

  std::string out_;
  std::vector<std::string> open_;
  size_t elements_ = 0;
};

}  // namespace tracenote::render

#endif  // TRACENOTE_SRC_RENDER_SVG_WRITER_H_
