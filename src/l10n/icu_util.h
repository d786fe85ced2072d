// Small ICU helpers shared by the l10n sources (not part of the public API:
// headers outside src/l10n do not include ICU).
#ifndef TRACENOTE_SRC_L10N_ICU_UTIL_H_
#define TRACENOTE_SRC_L10N_ICU_UTIL_H_

#include <string>
#include <string_view>

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "l10n/language.h"

namespace tracenote::l10n {

inline icu::Locale IcuLocale(Language lang) { return icu::Locale(LanguageCode(lang)); }

inline std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

inline icu::UnicodeString FromUtf8(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

}  // namespace tracenote::l10n

#endif  // TRACENOTE_SRC_L10N_ICU_UTIL_H_
