// The languages reports are written in, and how the one for this run is
// chosen: the --lang flag, else the POSIX locale environment, else English.
#ifndef TRACENOTE_SRC_L10N_LANGUAGE_H_
#define TRACENOTE_SRC_L10N_LANGUAGE_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace tracenote::l10n {

enum class Language : uint8_t { kEnglish = 0, kRussian = 1 };

inline constexpr Language kAllLanguages[] = {Language::kEnglish, Language::kRussian};

// "en" or "ru": the folder under locales/ and the BCP 47 tag (<html lang>).
const char* LanguageCode(Language lang);

// Reads a language from a flag value or a POSIX locale name. Accepts a bare
// code ("ru", "EN"), a BCP 47 tag ("ru-RU") and a POSIX locale with territory,
// codeset and modifier ("ru_RU.UTF-8@euro"). Returns nullopt for anything
// else, including "C" and "POSIX", so that the CLI can reject a bad --lang.
std::optional<Language> ParseLanguage(std::string_view name);

// The language of this run. A non-empty `flag` wins (an unknown flag value
// falls back to English; the CLI should have rejected it with ParseLanguage
// already). Otherwise the first non-empty variable among LC_ALL, LC_MESSAGES
// and LANG decides, as POSIX setlocale() would: LC_ALL=C with LANG=ru_RU.UTF-8
// means English. Anything unrecognised means English.
Language ChooseLanguage(std::string_view flag);

}  // namespace tracenote::l10n

#endif  // TRACENOTE_SRC_L10N_LANGUAGE_H_
