#include "l10n/language.h"

#include <cctype>
#include <cstdlib>
#include <string>

namespace tracenote::l10n {

const char* LanguageCode(Language lang) {
  switch (lang) {
    case Language::kEnglish:
      return "en";
    case Language::kRussian:
      return "ru";
  }
  return "en";
}

std::optional<Language> ParseLanguage(std::string_view name) {
  // The language part ends at the territory ("_RU", "-RU"), the codeset
  // (".UTF-8") or the modifier ("@euro").
  size_t end = name.find_first_of("_-.@");
  std::string code(name.substr(0, end));
  for (char& c : code) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (Language lang : kAllLanguages) {
    if (code == LanguageCode(lang)) return lang;
  }
  return std::nullopt;
}

Language ChooseLanguage(std::string_view flag) {
  if (!flag.empty()) return ParseLanguage(flag).value_or(Language::kEnglish);
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(var);
    if (value == nullptr || *value == '\0') continue;
    return ParseLanguage(value).value_or(Language::kEnglish);
  }
  return Language::kEnglish;
}

}  // namespace tracenote::l10n
