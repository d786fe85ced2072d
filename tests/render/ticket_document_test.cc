// The incident ticket (report/ticket_document.h): <details> only when there
// are more findings than `top`, hostile names from a profile stay text when
// the ticket is parsed again by cmark-gfm, bounds on evidence and names, and
// the shell quoting of the reproducing command.
#include "report/ticket_document.h"

#include <gtest/gtest.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace tracenote::report {
namespace {

const std::string kHostile = "</details><script>alert(1)</script><details>";

// A contention finding of a mutex profile whose function is `func`, with
// `evidence` evidence rows.
analysis::ProfileFinding Contention(const std::string& func, analysis::Severity severity,
                                    int evidence = 1) {
  analysis::ProfileFinding pf;
  analysis::Finding& f = pf.finding;
  f.id = "contention";
  f.severity = severity;
  f.title = "profile.finding.contention.title";
  f.explanation = "profile.finding.contention.explanation_mutex";
  f.args = {{"profile", std::string("mutex")},
            {"delay", l10n::Duration{2'000'000}},
            {"contentions", int64_t{7}},
            {"top_func", l10n::TraceText{func}},
            {"top_share", l10n::Percent{75}}};
  for (int i = 0; i < evidence; ++i) {
    analysis::Evidence e;
    e.message = "profile.evidence.contention.site";
    e.args = {{"func", l10n::TraceText{func + "#" + std::to_string(i)}},
              {"kind", std::string("lock")},
              {"delay", l10n::Duration{1'000'000}},
              {"share", l10n::Percent{50}},
              {"contentions", int64_t{3}},
              {"mean", l10n::Duration{333'333}}};
    f.evidence.push_back(e);
  }
  return pf;
}

// A mutex profile named `file` with `n` findings (the first critical).
std::vector<ProfileEntry> Profiles(size_t n, const std::string& func = "main.lock",
                                   const std::string& file = "mutex.pb.gz") {
  ProfileEntry e;
  e.file = file;
  e.kind = analysis::ProfileKind::kMutex;
  for (size_t i = 0; i < n; ++i) {
    e.findings.push_back(
        Contention(func, i == 0 ? analysis::Severity::kCritical : analysis::Severity::kWarning));
  }
  return {e};
}

StatusOr<std::string> Ticket(const std::vector<ProfileEntry>& profiles, TicketOptions o = {},
                             l10n::Language lang = l10n::Language::kEnglish) {
  auto catalog = l10n::Catalog::Load(lang);
  if (!catalog.ok()) return catalog.status();
  ReportInput in;
  in.file = profiles.empty() ? "" : profiles[0].file;
  in.profiles = &profiles;
  if (o.command.empty()) o.command = "tracenote report --format ticket mutex.pb.gz";
  auto text = RenderTicket(in, *catalog, o);
  EXPECT_EQ(catalog->Errors(), std::vector<std::string>{});
  return text;
}

// The literals of the HTML nodes cmark-gfm finds in `gfm`, in order.
std::vector<std::string> HtmlNodes(const std::string& gfm) {
  cmark_gfm_core_extensions_ensure_registered();
  cmark_parser* parser = cmark_parser_new(CMARK_OPT_DEFAULT);
  for (const char* name : {"table", "strikethrough", "autolink", "tagfilter"}) {
    cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(name));
  }
  cmark_parser_feed(parser, gfm.data(), gfm.size());
  cmark_node* doc = cmark_parser_finish(parser);
  std::vector<std::string> html;
  cmark_iter* iter = cmark_iter_new(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter);
    const cmark_node_type type = cmark_node_get_type(node);
    if (ev == CMARK_EVENT_ENTER &&
        (type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE)) {
      html.push_back(cmark_node_get_literal(node));
    }
  }
  cmark_iter_free(iter);
  cmark_node_free(doc);
  cmark_parser_free(parser);
  return html;
}

TEST(TicketDocumentTest, DetailsOnlyWhenMoreFindingsThanTop) {
  for (size_t n : {0, 1, 3}) {
    auto text = Ticket(Profiles(n));
    ASSERT_TRUE(text.ok()) << text.status().message();
    EXPECT_EQ(text->find("<details>"), std::string::npos) << n << " findings:\n" << *text;
    EXPECT_EQ(HtmlNodes(*text), std::vector<std::string>{}) << *text;
  }
  auto text = Ticket(Profiles(5));
  ASSERT_TRUE(text.ok()) << text.status().message();
  // The form GitHub, GitLab and Jira render: a blank line after <summary>
  // and before </details>, so the findings inside are Markdown.
  EXPECT_NE(text->find("\n<details>\n<summary>2 more findings</summary>\n\n  - ▲ **Warning:**"),
            std::string::npos)
      << *text;
  EXPECT_NE(text->find("\n\n</details>\n"), std::string::npos) << *text;
  EXPECT_EQ(HtmlNodes(*text),
            (std::vector<std::string>{"<details>\n<summary>2 more findings</summary>\n",
                                      "</details>\n"}));
  // Three findings in full, critical first.
  EXPECT_NE(text->find("(1 critical, 4 warnings)"), std::string::npos) << *text;
  EXPECT_LT(text->find("◆ **Critical:**"), text->find("▲ **Warning:**"));
}

TEST(TicketDocumentTest, RussianWordsAndPlurals) {
  auto text = Ticket(Profiles(5), {}, l10n::Language::kRussian);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_NE(text->find("<summary>Ещё 2 находки</summary>"), std::string::npos) << *text;
  EXPECT_NE(text->find("5 находок (1 критическая, 4 предупреждения)"), std::string::npos) << *text;
}

TEST(TicketDocumentTest, HostileNamesStayText) {
  std::vector<ProfileEntry> profiles = Profiles(5, kHostile, kHostile + ".pb.gz");
  model::Anomaly anomaly;
  anomaly.id = "<summary>" + kHostile;
  profiles[0].profile.anomalies.push_back(anomaly);
  TicketOptions o;
  o.command = "tracenote report --format ticket '" + kHostile + "\n```\n<details>'";
  auto text = Ticket(profiles, o);
  ASSERT_TRUE(text.ok()) << text.status().message();
  // The only HTML is the fixed <details> block; the names are text or code.
  EXPECT_EQ(
      HtmlNodes(*text),
      (std::vector<std::string>{"<details>\n<summary>2 more findings</summary>\n", "</details>\n"}))
      << *text;
  EXPECT_NE(text->find("`" + kHostile + "`"), std::string::npos) << *text;
  EXPECT_NE(text->find(kHostile + "\n```\n<details>'\n"), std::string::npos) << *text;
}

TEST(TicketDocumentTest, BoundedEvidenceAndNames) {
  const std::string long_name = "pkg." + std::string(300, 'x');
  std::vector<ProfileEntry> profiles = Profiles(1, long_name);
  profiles[0].findings[0] = Contention(long_name, analysis::Severity::kCritical, 10);
  TicketOptions o;
  o.evidence_lines = 2;
  o.max_name = 40;
  auto text = Ticket(profiles, o);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(text->find(long_name), std::string::npos) << *text;
  EXPECT_NE(text->find("`pkg." + std::string(35, 'x') + "…`"), std::string::npos) << *text;
  size_t evidence = 0;  // cmark-gfm writes the nested items as "      - "
  for (size_t at = text->find("\n      - "); at != std::string::npos;
       at = text->find("\n      - ", at + 1)) {
    ++evidence;
  }
  EXPECT_EQ(evidence, 2u) << *text;
}

TEST(TicketDocumentTest, ManyFindingsAreCounted) {
  TicketOptions o;
  o.top = 1;
  o.max_rest = 2;
  auto text = Ticket(Profiles(6), o);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_NE(text->find("<summary>5 more findings</summary>"), std::string::npos) << *text;
  EXPECT_NE(text->find("…and 3 more findings"), std::string::npos) << *text;
}

TEST(TicketDocumentTest, NeedsAnInput) {
  auto catalog = l10n::Catalog::Load(l10n::Language::kEnglish);
  ASSERT_TRUE(catalog.ok());
  EXPECT_FALSE(RenderTicket(ReportInput{}, *catalog, TicketOptions{}).ok());
}

TEST(ShellQuoteTest, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(ShellQuote("samples/spin/spin.trace"), "samples/spin/spin.trace");
  EXPECT_EQ(ShellQuote("--source-path=a:b,c@d%e+f"), "--source-path=a:b,c@d%e+f");
  EXPECT_EQ(ShellQuote(""), "''");
  EXPECT_EQ(ShellQuote("a b"), "'a b'");
  EXPECT_EQ(ShellQuote("it's"), "'it'\\''s'");
  EXPECT_EQ(ShellQuote("$HOME`x`;*"), "'$HOME`x`;*'");
  EXPECT_EQ(ShellQuote("~/t.out"), "'~/t.out'");
  EXPECT_EQ(ShellCommandLine({"tracenote", "report", "my trace"}), "tracenote report 'my trace'");
}

}  // namespace
}  // namespace tracenote::report
