// Escaping of values for the contexts a report puts them in. Every value
// that reaches Markdown or HTML goes through one of these functions, so text
// from a trace (function names, log messages, task names) can never become
// markup: `<script>`, `*bold*`, `[x](javascript:...)`, backticks, pipes and
// line breaks all come out as visible text.
//
// All functions first sanitize their input (SanitizeText): invalid UTF-8 is
// replaced by U+FFFD, and control characters (C0 except tab and line breaks,
// DEL, C1) and the bidirectional-override characters that can make text read
// differently from what it is (U+200E/F, U+202A..E, U+2066..9) are shown as
// visible escapes: "\x1b", "\u202e".
#ifndef TRACENOTE_SRC_L10N_TEXT_ESCAPE_H_
#define TRACENOTE_SRC_L10N_TEXT_ESCAPE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace tracenote::l10n {

enum class LineBreaks {
  kKeep,     // "\r\n" and "\r" become "\n"
  kToSpace,  // every line break becomes one space
};

// Valid UTF-8 with control characters shown as escapes (see above).
std::string SanitizeText(std::string_view text, LineBreaks breaks = LineBreaks::kKeep);

// The longest value from an input (a function, file, task or log string)
// shown whole in a human format (Markdown, HTML, SVG); JSON keeps values whole.
inline constexpr size_t kMaxShownChars = 256;

// `text`, sanitized, cut to at most `max_chars` (>= 1) code points when
// longer, the last of them then being "…" (U+2026), so that a 100 KB name
// neither floods a page nor hides what follows it.
std::string ShortenText(std::string_view text, size_t max_chars = kMaxShownChars);

// Where an inline Markdown fragment will be placed. In a GFM table cell a
// "|" ends the cell even inside a code span, so it must be written "\|"
// there; everywhere else "\|" inside a code span would show the backslash.
enum class MarkdownContext { kText, kTableCell };

// `text` as inline Markdown that renders exactly as the text, in any inline
// position: a paragraph, a heading, a list item, a table cell. Line breaks
// become spaces and surrounding blanks are trimmed (so the value cannot start
// an indented code block or end in a hard break); the punctuation that can
// start inline syntax (\ ` * _ [ ] < & | ~ #) is backslash-escaped everywhere,
// and the characters that start a block (> - + = and "1." / "1)") are escaped
// when they begin the value. Pipes are always escaped, so the result is also
// safe in a table cell.
std::string EscapeMarkdown(std::string_view text);

// `text` as an inline code span: the fence is one backtick longer than the
// longest run of backticks inside, and a space pads both sides when the text
// begins or ends with a backtick (or with spaces on both sides), so the
// content is shown byte for byte and cannot close the span early. The text is
// a value from an input, so it is shortened first (ShortenText). Empty text
// gives an empty string (Markdown has no empty code span).
std::string MarkdownCode(std::string_view text, MarkdownContext context = MarkdownContext::kText);

// `text` as a fenced code block, ending with a newline: the fence is at least
// three backticks and longer than any run of backticks in the text; `info`
// (a language name such as "go" or "text") loses backticks and line breaks.
// Must be placed at the start of a line.
std::string MarkdownCodeBlock(std::string_view text, std::string_view info = "");

// `text` for HTML text and attribute values: & < > " ' become references.
std::string EscapeHtml(std::string_view text);

}  // namespace tracenote::l10n

#endif  // TRACENOTE_SRC_L10N_TEXT_ESCAPE_H_
