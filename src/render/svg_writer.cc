#include "render/svg_writer.h"

#include "l10n/text_escape.h"

namespace tracenote::render {

std::string EscapeXml(std::string_view text) {
  // EscapeHtml's entities, plus tabs as references: an XML parser turns a
  // literal tab in an attribute value into a space.
  std::string html = l10n::EscapeHtml(l10n::SanitizeText(text, l10n::LineBreaks::kToSpace));
  if (html.find('\t') == std::string::npos) return html;
  std::string out;
  out.reserve(html.size() + 8);
  for (char c : html) {
    if (c == '\t') {
      out += "&#9;";
    } else {
      out += c;
    }
  }
  return out;
}

SvgWriter::SvgWriter(bool xml_declaration) {
  if (xml_declaration) out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
}

void SvgWriter::StartTag(std::string_view tag, SvgAttrs attrs) {
  out_.append(open_.size(), ' ');
  out_ += '<';
  out_ += tag;
  for (const auto& [name, value] : attrs) {
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    out_ += EscapeXml(value);
    out_ += '"';
  }
  ++elements_;
}

void SvgWriter::Open(std::string_view tag, SvgAttrs attrs) {
  StartTag(tag, attrs);
  out_ += ">\n";
  open_.emplace_back(tag);
}

void SvgWriter::Empty(std::string_view tag, SvgAttrs attrs) {
  StartTag(tag, attrs);
  out_ += "/>\n";
}

void SvgWriter::Element(std::string_view tag, SvgAttrs attrs, std::string_view text) {
  StartTag(tag, attrs);
  out_ += '>';
  out_ += EscapeXml(text);
  out_ += "</";
  out_ += tag;
  out_ += ">\n";
}

void SvgWriter::Text(std::string_view text) { out_ += EscapeXml(text); }

void SvgWriter::Close() {
  if (open_.empty()) return;
  out_.append(open_.size() - 1, ' ');
  out_ += "</";
  out_ += open_.back();
  out_ += ">\n";
  open_.pop_back();
}

std::string SvgWriter::Finish() {
  while (!open_.empty()) Close();
  return std::move(out_);
}

}  // namespace tracenote::render
