// Catalog: the messages of one language, formatted with ICU MessageFormat.
//
// Contract:
//  * Load(lang) merges every embedded locales/<code>/*.json file. Each file
//    is one flat JSON object, key -> ICU MessageFormat pattern, split by
//    area (common.json, report.json, findings.json, walkthrough.json). Keys
//    are dotted ("report.section.summary") and unique across the files of a
//    language; en and ru have the same keys (a test checks it). Load fails
//    only when the embedded files are unusable (no file, bad JSON, a value
//    that is not a string, a key defined twice): that is a build bug.
//  * Patterns use named arguments only ("{n, plural, one {# горутина}
//    few {# горутины} many {# горутин} other {# горутины}}"); plural rules
//    and number formatting are ICU's for the locale, `select` works on text
//    arguments.
//  * Typed arguments (message_args.h) are localized before ICU sees them:
//    Duration, Bytes and Percent become text through units.h ("12,3 мкс",
//    "4,2 МБ", "12,5 %"); int64_t and double stay numbers, so they can drive
//    `plural` and are grouped by the locale; std::string is text.
//  * Format() returns inline Markdown: the pattern's own text is ours and is
//    kept as written (it may use Markdown), while every argument is escaped
//    (EscapeMarkdown; TraceText becomes a code span via MarkdownCode).
//    FormatText() returns plain text with nothing escaped, for places that
//    escape themselves: template {{variables}}, titles, front matter.
//  * Never fails loudly: a missing key, a pattern that does not compile, an
//    argument the pattern needs but was not given, or an argument of the
//    wrong kind for a plural yields the key itself as the text, and the
//    problem is recorded; Errors() lists them (tests assert it is empty).
//  * Const methods may be called from several threads.
#ifndef TRACENOTE_SRC_L10N_CATALOG_H_
#define TRACENOTE_SRC_L10N_CATALOG_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "l10n/language.h"
#include "l10n/message_args.h"

namespace tracenote::l10n {

class Catalog {
 public:
  // One catalog file: its name (for error messages) and its JSON text.
  struct SourceFile {
    std::string name;
    std::string_view json;
  };

  // The embedded catalog of `lang`.
  static StatusOr<Catalog> Load(Language lang);
  // A catalog from the given files (tests, tools); same rules as Load.
  static StatusOr<Catalog> FromFiles(Language lang, const std::vector<SourceFile>& files);

  Catalog(Catalog&&) noexcept;
  Catalog& operator=(Catalog&&) noexcept;
  ~Catalog();

  Language language() const;
  bool Has(std::string_view key) const;
  std::vector<std::string> Keys() const;  // sorted
  // The pattern as written in the catalog ("" when the key is missing).
  std::string Pattern(std::string_view key) const;
  // The names of the arguments the pattern refers to, sorted.
  std::vector<std::string> ArgumentNames(std::string_view key) const;

  // Inline Markdown; arguments escaped (see the contract above).
  std::string Format(std::string_view key, const MessageArgs& args = {}) const;
  // Plain text; nothing escaped.
  std::string FormatText(std::string_view key, const MessageArgs& args = {}) const;

  // Every problem recorded since Load ("report.summary: missing argument
  // 'threads'"), in order.
  std::vector<std::string> Errors() const;

 private:
  struct Impl;
  explicit Catalog(std::unique_ptr<Impl> impl);
  std::string FormatImpl(std::string_view key, const MessageArgs& args, bool markdown) const;

  std::unique_ptr<Impl> impl_;
};

}  // namespace tracenote::l10n

#endif  // TRACENOTE_SRC_L10N_CATALOG_H_
