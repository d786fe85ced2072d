// Front matter for static site generators, put before the Markdown report so
// it can be dropped into a Hugo or Jekyll site as it is.
#ifndef TRACENOTE_SRC_RENDER_FRONT_MATTER_H_
#define TRACENOTE_SRC_RENDER_FRONT_MATTER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracenote::render {

enum class FrontMatterKind { kNone, kHugo, kJekyll };

// "none", "hugo", "jekyll" (the --front-matter flag); nullopt otherwise.
std::optional<FrontMatterKind> ParseFrontMatterKind(std::string_view name);

struct FrontMatterInfo {
  std::string title;              // any text: quotes, colons, newlines are escaped
  std::string date;               // RFC 3339, "2021-08-10T12:15:17+03:00"; else omitted
  std::vector<std::string> tags;  // omitted when empty
  bool draft = false;
};

// True for an RFC 3339 date-time with a time zone: "2021-08-10T12:15:17Z",
// "2021-08-10T12:15:17.25+03:00".
bool IsRfc3339(std::string_view date);

// The front matter block, ending with a newline ("" for kNone):
//   Hugo:   TOML between "+++" lines: title = "...", date = <date-time>,
//           tags = ["..."], draft = false.
//   Jekyll: YAML between "---" lines: title: "...", date: <date-time>,
//           tags: ["..."], draft: false.
// Strings are always double-quoted with the format's escapes (\" \\ \n \t,
// \uXXXX), so any title stays one valid value; text is first sanitized like
// every other value (l10n::SanitizeText). The date is written unquoted, as a
// native date-time, and only when IsRfc3339 accepts it.
std::string FrontMatter(FrontMatterKind kind, const FrontMatterInfo& info);

}  // namespace tracenote::render

#endif  // TRACENOTE_SRC_RENDER_FRONT_MATTER_H_
