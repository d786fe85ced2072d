#include "l10n/language.h"

#include <cstdlib>
#include <map>
#include <string>

#include <gtest/gtest.h>

namespace tracenote::l10n {
namespace {

using Env = std::map<std::string, std::string>;

// Sets the locale variables for one test and restores them afterwards.
class LocaleEnv {
 public:
  explicit LocaleEnv(const Env& values) {
    for (const char* var : kVars) {
      const char* old = std::getenv(var);
      if (old != nullptr) saved_[var] = old;
      unsetenv(var);
    }
    for (const auto& [var, value] : values) setenv(var.c_str(), value.c_str(), 1);
  }
  ~LocaleEnv() {
    for (const char* var : kVars) {
      auto it = saved_.find(var);
      if (it == saved_.end()) {
        unsetenv(var);
      } else {
        setenv(var, it->second.c_str(), 1);
      }
    }
  }

 private:
  static constexpr const char* kVars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  std::map<std::string, std::string> saved_;
};

TEST(LanguageTest, ParsesCodesTagsAndPosixLocales) {
  EXPECT_EQ(ParseLanguage("ru"), Language::kRussian);
  EXPECT_EQ(ParseLanguage("RU"), Language::kRussian);
  EXPECT_EQ(ParseLanguage("ru-RU"), Language::kRussian);
  EXPECT_EQ(ParseLanguage("ru_RU.UTF-8"), Language::kRussian);
  EXPECT_EQ(ParseLanguage("ru_UA.KOI8-U@euro"), Language::kRussian);
  EXPECT_EQ(ParseLanguage("en_US.UTF-8"), Language::kEnglish);
  EXPECT_EQ(ParseLanguage("en"), Language::kEnglish);
  EXPECT_EQ(ParseLanguage("C"), std::nullopt);
  EXPECT_EQ(ParseLanguage("POSIX"), std::nullopt);
  EXPECT_EQ(ParseLanguage("de_DE.UTF-8"), std::nullopt);
  EXPECT_EQ(ParseLanguage("rus"), std::nullopt);
  EXPECT_EQ(ParseLanguage(""), std::nullopt);
}

TEST(LanguageTest, CodesAreTheLocaleFolders) {
  EXPECT_STREQ(LanguageCode(Language::kEnglish), "en");
  EXPECT_STREQ(LanguageCode(Language::kRussian), "ru");
}

TEST(LanguageTest, FlagWinsOverEnvironment) {
  LocaleEnv env(Env{{"LC_ALL", "ru_RU.UTF-8"}});
  EXPECT_EQ(ChooseLanguage("en"), Language::kEnglish);
  EXPECT_EQ(ChooseLanguage("ru"), Language::kRussian);
  EXPECT_EQ(ChooseLanguage("klingon"), Language::kEnglish);
}

TEST(LanguageTest, LangFromEnvironment) {
  LocaleEnv env(Env{{"LANG", "ru_RU.UTF-8"}});
  EXPECT_EQ(ChooseLanguage(""), Language::kRussian);
}

TEST(LanguageTest, LcMessagesOverridesLang) {
  LocaleEnv env(Env{{"LANG", "en_US.UTF-8"}, {"LC_MESSAGES", "ru_RU.UTF-8"}});
  EXPECT_EQ(ChooseLanguage(""), Language::kRussian);
}

TEST(LanguageTest, LcAllOverridesEverything) {
  LocaleEnv env(Env{{"LANG", "ru_RU.UTF-8"}, {"LC_MESSAGES", "ru_RU.UTF-8"}, {"LC_ALL", "C"}});
  EXPECT_EQ(ChooseLanguage(""), Language::kEnglish);
}

TEST(LanguageTest, EmptyVariablesAreSkipped) {
  LocaleEnv env(Env{{"LC_ALL", ""}, {"LC_MESSAGES", ""}, {"LANG", "ru_RU.UTF-8"}});
  EXPECT_EQ(ChooseLanguage(""), Language::kRussian);
}

TEST(LanguageTest, NothingSetMeansEnglish) {
  LocaleEnv env(Env{});
  EXPECT_EQ(ChooseLanguage(""), Language::kEnglish);
}

}  // namespace
}  // namespace tracenote::l10n
