#include "site/site_builder.h"

#include <cstdio>
#include <set>

#include "l10n/embedded_files.h"
#include "render/markdown.h"
#include "site/report_source.h"
#include "site/site_model.h"

namespace tracenote::site {
namespace {

// A TOML basic string: quotes, backslashes and control characters escaped.
std::string TomlString(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

// One post in one language: the report read once, then its page, its Hugo
// bundle and the pictures of both.
Status WritePost(const SiteContext& site, const std::string& lang, const Post& post,
                 const ReportSource& source, SiteSink* sink, int* files) {
  const std::string html = render::MarkdownToHtml(source.markdown);
  ASSIGN_OR_RETURN(std::string page, RenderPost(site, lang, post, html));
  RETURN_IF_ERROR(sink->Write(PostPath(lang, post.slug), page));
  // The bundle gets the Markdown through cmark-gfm too, so raw HTML or a
  // javascript: link planted in a results folder never reaches Hugo.
  ASSIGN_OR_RETURN(std::string bundle,
                   RenderHugoPage(site, lang, post, render::MarkdownToGfm(source.markdown)));
  const std::string hugo_folder = "content/" + PostFolder(lang, post.slug);
  RETURN_IF_ERROR(sink->Write(hugo_folder + "/index.md", bundle));
  *files += 2;
  for (const ReportSource::Picture& picture : source.pictures) {
    RETURN_IF_ERROR(sink->Copy(PostFolder(lang, post.slug) + "/" + picture.name, picture.path));
    RETURN_IF_ERROR(sink->Copy(hugo_folder + "/" + picture.name, picture.path));
    *files += 2;
  }
  return Status::Ok();
}

// The Hugo theme "tracenote": the layouts of site/hugo/, the site's style,
// and i18n/<lang>.toml with the words the layouts use, from the catalogs.
// The site's style sheet: the reports' own (templates/report.css: text,
// code, tables), then the site's (site/style.css: header, post lists, tags),
// whose rules come later and so win where both style the same thing.
std::string SiteStyle() {
  return std::string(l10n::EmbeddedFile("templates/report.css")) + "\n" +
         std::string(l10n::EmbeddedFile("site/style.css"));
}

Status WriteHugoTheme(const SiteContext& site, SiteSink* sink, int* files) {
  constexpr std::string_view kPrefix = "site/hugo/";
  const std::string theme = "themes/tracenote/";
  for (std::string_view path : l10n::EmbeddedFilePaths(kPrefix)) {
    const std::string rel = theme + std::string(path.substr(kPrefix.size()));
    RETURN_IF_ERROR(sink->Write(rel, l10n::EmbeddedFile(path)));
    ++*files;
  }
  RETURN_IF_ERROR(sink->Write(theme + "static/style.css", SiteStyle()));
  ++*files;
  static constexpr std::pair<const char*, const char*> kWords[] = {
      {"back", "site.post.back"},
      {"findings", "site.post.findings"},
      {"language_label", "site.language_label"},
      {"recorded", "site.post.recorded"},
      {"reports", "site.index.heading"},
      {"undated", "site.index.undated"},
  };
  for (const auto& [code, catalog] : site.catalogs) {
    std::string toml;
    for (const auto& [id, key] : kWords) {
      toml += std::string("[") + id + "]\nother = " + TomlString(catalog->FormatText(key)) + "\n";
    }
    RETURN_IF_ERROR(sink->Write(theme + "i18n/" + code + ".toml", toml));
    ++*files;
  }
  return Status::Ok();
}

}  // namespace

std::string HugoConfig(const SiteContext& site) {
  // The first language is the default one; every language lives under its
  // own prefix (/en/, /ru/), as in the HTML site.
  const std::string first = site.catalogs.begin()->first;
  std::string out = "# Hugo configuration written by " + site.generator + ".\n";
  out += "title = " + TomlString(site.catalogs.begin()->second->FormatText("site.title")) + "\n";
  out += "defaultContentLanguage = " + TomlString(first) + "\n";
  out += "defaultContentLanguageInSubdir = true\n";
  out += "theme = \"tracenote\"\n";
  out += "relativeURLs = true\n\n";
  out += "[taxonomies]\n  tag = \"tags\"\n\n";
  int weight = 1;
  for (const auto& [code, catalog] : site.catalogs) {
    out += "[languages." + code + "]\n";
    out += "  languageName = " + TomlString(catalog->FormatText("site.language_name")) + "\n";
    out += "  languageCode = " + TomlString(code) + "\n";
    out += "  title = " + TomlString(catalog->FormatText("site.title")) + "\n";
    out += "  contentDir = " + TomlString("content/" + code) + "\n";
    out += "  weight = " + std::to_string(weight++) + "\n\n";
  }
  return out;
}

StatusOr<SiteStats> BuildSite(const std::vector<batch::BatchRecord>& records,
                              const SiteOptions& options, SiteSink* sink) {
  std::map<std::string, l10n::Catalog> catalogs;
  SiteContext site;
  site.generator = options.generator;
  for (l10n::Language lang : l10n::kAllLanguages) {
    ASSIGN_OR_RETURN(l10n::Catalog catalog, l10n::Catalog::Load(lang));
    catalogs.emplace(l10n::LanguageCode(lang), std::move(catalog));
  }
  for (const auto& [code, catalog] : catalogs) site.catalogs[code] = &catalog;

  SitePlan plan = PlanSite(records);
  // Read every report first: a post whose report cannot be read becomes a
  // failed input, so that no page links to it.
  SiteStats stats;
  std::map<std::pair<std::string, std::string>, ReportSource> sources;  // (slug, lang)
  std::vector<Post> posts;
  for (Post& post : plan.posts) {
    for (auto it = post.markdown.begin(); it != post.markdown.end();) {
      if (site.catalogs.count(it->first) == 0) {  // a language the site is not in
        it = post.markdown.erase(it);
        continue;
      }
      StatusOr<ReportSource> source = ReadReportSource(post.results_folder, it->second);
      if (!source.ok()) {
        stats.problems.push_back(post.input + ": " + source.status().message());
        it = post.markdown.erase(it);
        continue;
      }
      sources.emplace(std::make_pair(post.slug, it->first), std::move(*source));
      ++it;
    }
    if (post.markdown.empty()) {
      plan.failed.push_back({post.input, "read", ""});
    } else {
      posts.push_back(std::move(post));
    }
  }
  plan.posts = std::move(posts);
  std::stable_sort(plan.failed.begin(), plan.failed.end(),
                   [](const auto& a, const auto& b) { return a.input < b.input; });

  int files = 0;
  auto write = [&](const std::string& path, const std::string& bytes) {
    ++files;
    return sink->Write(path, bytes);
  };
  RETURN_IF_ERROR(write(kStylePath, SiteStyle()));
  ASSIGN_OR_RETURN(std::string home, RenderHome(site));
  RETURN_IF_ERROR(write(kHomePath, home));
  RETURN_IF_ERROR(write("hugo.toml", HugoConfig(site)));
  RETURN_IF_ERROR(WriteHugoTheme(site, sink, &files));
  for (const auto& [lang, catalog] : site.catalogs) {
    ASSIGN_OR_RETURN(std::string index, RenderIndex(site, lang, plan));
    RETURN_IF_ERROR(write(IndexPath(lang), index));
    std::set<std::string> tags;
    for (const Post* post : PostsIn(plan, lang)) {
      RETURN_IF_ERROR(WritePost(site, lang, *post, sources.at({post->slug, lang}), sink, &files));
      for (const batch::RecordFinding& f : post->findings) tags.insert(f.id);
    }
    for (const std::string& tag : tags) {
      ASSIGN_OR_RETURN(std::string page, RenderTag(site, lang, tag, plan));
      RETURN_IF_ERROR(write(TagPath(lang, tag), page));
    }
  }
  stats.posts = static_cast<int>(plan.posts.size());
  stats.failed = static_cast<int>(plan.failed.size());
  stats.files = files;
  return stats;
}

}  // namespace tracenote::site
