#include "render/svg_writer.h"

#include "l10n/text_escape.h"

namespace tracenote::render {

std::string EscapeXml(std::string_view text) {
  std::string clean = l10n::SanitizeText(text, l10n::LineBreaks::kToSpace);
  std::string out;
  out.reserve(clean.size());
  for (char c : clean) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\t':
        out += "&#9;";
        break;
      default:
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
