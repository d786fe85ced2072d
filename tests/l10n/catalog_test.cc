#include "l10n/catalog.h"
#include "l10n/units.h"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace tracenote::l10n {
namespace {

#define NBSP "\u00A0"

Catalog MustLoad(Language lang) {
  StatusOr<Catalog> c = Catalog::Load(lang);
  EXPECT_TRUE(c.ok()) << c.status().message();
  return std::move(c).value();
}

TEST(CatalogTest, RussianGoroutinePlurals) {
  Catalog ru = MustLoad(Language::kRussian);
  auto n = [&ru](int64_t v) { return ru.Format("common.goroutines", {{"n", v}}); };
  EXPECT_EQ(n(1), "1 горутина");
  EXPECT_EQ(n(3), "3 горутины");
  EXPECT_EQ(n(5), "5 горутин");
  EXPECT_EQ(n(21), "21 горутина");
  EXPECT_EQ(n(11), "11 горутин");
  EXPECT_EQ(n(0), "0 горутин");
  EXPECT_EQ(n(16'562'133), "16" NBSP "562" NBSP "133 горутины");
  EXPECT_EQ(ru.Format("common.threads", {{"n", int64_t{2}}}), "2 потока (M)");
  EXPECT_TRUE(ru.Errors().empty());
}

TEST(CatalogTest, EnglishPlurals) {
  Catalog en = MustLoad(Language::kEnglish);
  EXPECT_EQ(en.Format("common.goroutines", {{"n", int64_t{1}}}), "1 goroutine");
  EXPECT_EQ(en.Format("common.goroutines", {{"n", int64_t{16'562'133}}}), "16,562,133 goroutines");
  EXPECT_EQ(en.Format("common.goroutine_ref", {{"id", int64_t{12345}}}), "G12345");
  EXPECT_TRUE(en.Errors().empty());
}

TEST(CatalogTest, SummaryInBothLanguages) {
  MessageArgs args = {{"go_version", std::string("1.19")},
                      {"duration", Duration{3'077'317'764}},
                      {"gomaxprocs", int64_t{1}},
                      {"goroutines", int64_t{8}},
                      {"threads", int64_t{2}},
                      {"gc_cycles", int64_t{1}}};
  Catalog en = MustLoad(Language::kEnglish);
  Catalog ru = MustLoad(Language::kRussian);
  EXPECT_EQ(en.FormatText("report.summary", args),
            "The trace is in the Go 1.19 format and covers 3.08s. GOMAXPROCS is 1; the program "
            "ran 8 goroutines on 2 threads (M), and the garbage collector ran 1 cycle.");
  EXPECT_EQ(ru.FormatText("report.summary", args),
            "Трейс записан в формате Go 1.19 и охватывает 3,08 с. GOMAXPROCS = 1; в программе "
            "было 8 горутин на 2 потоках (M), сборка мусора прошла 1 цикл.");
  args["goroutines"] = int64_t{21};
  args["threads"] = int64_t{1};
  args["gc_cycles"] = int64_t{0};
  EXPECT_EQ(ru.FormatText("report.summary", args),
            "Трейс записан в формате Go 1.19 и охватывает 3,08 с. GOMAXPROCS = 1; в программе "
            "была 21 горутина на 1 потоке (M), сборка мусора не запускалась.");
  // In Markdown the version is escaped ("1\.19" cannot start a list there).
  EXPECT_NE(en.Format("report.summary", args).find("Go 1\\.19 format"), std::string::npos);
  EXPECT_TRUE(en.Errors().empty());
  EXPECT_TRUE(ru.Errors().empty());
}

// A test catalog: the rules are the same as for the embedded one.
Catalog TestCatalog(Language lang, std::string_view json) {
  StatusOr<Catalog> c = Catalog::FromFiles(lang, {{"test.json", json}});
  EXPECT_TRUE(c.ok()) << c.status().message();
  return std::move(c).value();
}

TEST(CatalogTest, TypedArgumentsAreLocalizedAndEscaped) {
  Catalog ru = TestCatalog(Language::kRussian, R"({
    "m": "{g} ждала {d}, выделено {b}, это {p} времени; функция {f}"
  })");
  MessageArgs args = {{"g", std::string("G7 *main*")},
                      {"d", Duration{12'300}},
                      {"b", Bytes{4'200'000}},
                      {"p", Percent{12.5}},
                      {"f", TraceText{"main.(*T).`run`|x"}}};
  EXPECT_EQ(ru.Format("m", args), "G7 \\*main\\* ждала 12,3 мкс, выделено 4,2 МБ, это 12,5" NBSP
                                  "% времени; функция ``main.(*T).`run`|x``");
  EXPECT_EQ(ru.FormatText("m", args), "G7 *main* ждала 12,3 мкс, выделено 4,2 МБ, это 12,5" NBSP
                                      "% времени; функция main.(*T).`run`|x");
  EXPECT_TRUE(ru.Errors().empty());
}

TEST(CatalogTest, SelectOnTextArguments) {
  Catalog en = TestCatalog(Language::kEnglish, R"({
    "m": "{cause, select, preempted {was preempted} sys_call {left a syscall} other {woke up ({cause})}}"
  })");
  EXPECT_EQ(en.Format("m", {{"cause", std::string("preempted")}}), "was preempted");
  EXPECT_EQ(en.Format("m", {{"cause", std::string("sys_call")}}), "left a syscall");
  EXPECT_EQ(en.Format("m", {{"cause", std::string("<b>")}}), "woke up (\\<b>)");
  EXPECT_TRUE(en.Errors().empty());
}

TEST(CatalogTest, ProblemsReturnTheKeyAndAreRecorded) {
  Catalog en = TestCatalog(Language::kEnglish, R"({
    "plural": "{n, plural, one {# item} other {# items}}",
    "broken": "{n, plural, one {# item}",
    "numbered": "{0} items"
  })");
  EXPECT_EQ(en.Errors().size(), 2u);
  EXPECT_EQ(en.Format("broken", {{"n", int64_t{1}}}), "broken");
  EXPECT_EQ(en.Format("numbered", {{"0", int64_t{1}}}), "numbered");
  EXPECT_EQ(en.Format("no.such.key"), "no.such.key");
  EXPECT_EQ(en.Format("plural"), "plural");
  EXPECT_EQ(en.Format("plural", {{"n", std::string("many")}}), "plural");
  std::vector<std::string> errors = en.Errors();
  ASSERT_EQ(errors.size(), 5u);
  EXPECT_EQ(errors[0].substr(0, 34), "broken: pattern does not compile (");
  EXPECT_EQ(errors[1], "numbered: numbered arguments are not allowed, name them");
  EXPECT_EQ(errors[2], "no.such.key: no such message in the en catalog");
  EXPECT_EQ(errors[3], "plural: missing argument 'n'");
  EXPECT_EQ(errors[4].substr(0, 27), "plural: formatting failed (");
}

TEST(CatalogTest, ConcurrentFormatting) {
  Catalog ru = MustLoad(Language::kRussian);
  std::vector<std::thread> threads;
  std::vector<int> wrong(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&ru, &wrong, t] {
      for (int64_t i = 0; i < 200; ++i) {
        std::string s = ru.Format("walkthrough.skipped", {{"n", i % 3 + 2}});
        if (s != "пропущено " + std::to_string(i % 3 + 2) + " однотипных события") ++wrong[t];
        if (FormatDuration(125'000'000'000, Language::kRussian) != "2 мин 5 с") ++wrong[t];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(wrong, std::vector<int>(8, 0));
}

TEST(CatalogTest, BadFilesAreErrors) {
  EXPECT_FALSE(Catalog::FromFiles(Language::kEnglish, {{"a.json", "{"}}).ok());
  EXPECT_FALSE(Catalog::FromFiles(Language::kEnglish, {{"a.json", "[]"}}).ok());
  EXPECT_FALSE(Catalog::FromFiles(Language::kEnglish, {{"a.json", R"({"k": 1})"}}).ok());
  StatusOr<Catalog> dup =
      Catalog::FromFiles(Language::kEnglish, {{"a.json", R"({"k": "x", "k": "y"})"}});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().message(), "l10n: a.json: key 'k' defined twice");
  StatusOr<Catalog> across = Catalog::FromFiles(
      Language::kEnglish, {{"a.json", R"({"k": "x"})"}, {"b.json", R"({"k": "y"})"}});
  ASSERT_FALSE(across.ok());
  EXPECT_EQ(across.status().message(), "l10n: b.json: key 'k' is also defined in another file");
}

}  // namespace
}  // namespace tracenote::l10n
