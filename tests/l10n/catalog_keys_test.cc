// Checks over the whole embedded catalogs: the same keys and arguments in
// every language, every message compiles and formats, and plural forms are
// complete for each language's plural rules.
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unicode/messagepattern.h>

#include "l10n/catalog.h"
#include "l10n/icu_util.h"

namespace tracenote::l10n {
namespace {

Catalog MustLoad(Language lang) {
  StatusOr<Catalog> c = Catalog::Load(lang);
  EXPECT_TRUE(c.ok()) << c.status().message();
  return std::move(c).value();
}

struct PluralUse {
  std::string argument;
  std::set<std::string> keywords;
};

// Argument kinds and plural keywords of one pattern, from ICU's own parser.
struct PatternInfo {
  std::set<std::string> numeric;  // plural, selectordinal, number, ...
  std::set<std::string> select;
  std::vector<PluralUse> plurals;
};

PatternInfo Inspect(const std::string& pattern) {
  PatternInfo info;
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error{};
  icu::MessagePattern mp(FromUtf8(pattern), &parse_error, status);
  EXPECT_TRUE(U_SUCCESS(status)) << pattern;
  for (int32_t i = 0; i + 1 < mp.countParts(); ++i) {
    const auto& part = mp.getPart(i);
    if (part.getType() != UMSGPAT_PART_TYPE_ARG_START) continue;
    std::string name = ToUtf8(mp.getSubstring(mp.getPart(i + 1)));
    UMessagePatternArgType type = part.getArgType();
    if (type == UMSGPAT_ARG_TYPE_SELECT) {
      info.select.insert(name);
    } else if (type == UMSGPAT_ARG_TYPE_PLURAL || type == UMSGPAT_ARG_TYPE_SELECTORDINAL ||
               type == UMSGPAT_ARG_TYPE_SIMPLE || type == UMSGPAT_ARG_TYPE_CHOICE) {
      info.numeric.insert(name);
    }
    if (type != UMSGPAT_ARG_TYPE_PLURAL) continue;
    PluralUse use{name, {}};
    int32_t limit = mp.getLimitPartIndex(i);
    for (int32_t j = i + 2; j < limit;) {
      const auto& p = mp.getPart(j);
      if (p.getType() == UMSGPAT_PART_TYPE_ARG_SELECTOR) {
        use.keywords.insert(ToUtf8(mp.getSubstring(p)));
      }
      j = p.getType() == UMSGPAT_PART_TYPE_MSG_START ? mp.getLimitPartIndex(j) + 1 : j + 1;
    }
    info.plurals.push_back(use);
  }
  return info;
}

TEST(CatalogKeysTest, SameKeysAndArgumentsInEveryLanguage) {
  Catalog en = MustLoad(Language::kEnglish);
  Catalog ru = MustLoad(Language::kRussian);
  EXPECT_EQ(en.Keys(), ru.Keys());
  for (const std::string& key : en.Keys()) {
    if (!ru.Has(key)) continue;
    EXPECT_EQ(en.ArgumentNames(key), ru.ArgumentNames(key)) << key;
  }
  EXPECT_GT(en.Keys().size(), 40u);
}

TEST(CatalogKeysTest, EveryMessageCompilesAndFormats) {
  for (Language lang : kAllLanguages) {
    Catalog c = MustLoad(lang);
    EXPECT_TRUE(c.Errors().empty()) << c.Errors().front();
    for (const std::string& key : c.Keys()) {
      PatternInfo info = Inspect(c.Pattern(key));
      for (int64_t n : {0, 1, 2, 5, 11, 21, 101, 1234567}) {
        MessageArgs args;
        for (const std::string& name : c.ArgumentNames(key)) {
          if (info.select.count(name)) {
            args[name] = std::string("x");
          } else if (info.numeric.count(name)) {
            args[name] = n;
          } else {
            args[name] = Duration{n * 1000};
          }
        }
        std::string text = c.Format(key, args);
        EXPECT_NE(text, key) << LanguageCode(lang) << " " << key;
        EXPECT_EQ(text.find('{'), std::string::npos) << LanguageCode(lang) << " " << key;
        EXPECT_FALSE(c.FormatText(key, args).empty());
      }
      EXPECT_TRUE(c.Errors().empty()) << LanguageCode(lang) << ": " << c.Errors().front();
    }
  }
}

TEST(CatalogKeysTest, PluralsHaveEveryFormOfTheLanguage) {
  const std::set<std::string> kEnglishForms = {"one", "other"};
  const std::set<std::string> kRussianForms = {"one", "few", "many", "other"};
  for (Language lang : kAllLanguages) {
    Catalog c = MustLoad(lang);
    const auto& forms = lang == Language::kRussian ? kRussianForms : kEnglishForms;
    for (const std::string& key : c.Keys()) {
      for (const PluralUse& use : Inspect(c.Pattern(key)).plurals) {
        // Only exact values ("=1 {...} other {...}") need no category; once
        // one category is used, the language's others must be there too
        // (Russian "one" is also 21, 31, ...).
        bool categories = false;
        for (const std::string& k : use.keywords) categories |= k != "other" && k[0] != '=';
        if (!categories) continue;
        for (const std::string& form : forms) {
          EXPECT_TRUE(use.keywords.count(form))
              << LanguageCode(lang) << " " << key << ": {" << use.argument << "} lacks " << form;
        }
      }
    }
  }
}

}  // namespace
}  // namespace tracenote::l10n
