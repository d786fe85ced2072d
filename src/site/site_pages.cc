#include "site/site_pages.h"

#include <algorithm>
#include <set>

#include <kainjow/mustache.hpp>

#include "l10n/embedded_files.h"
#include "l10n/text_escape.h"
#include "render/front_matter.h"
#include "render/template.h"

namespace tracenote::site {
namespace {

using Data = kainjow::mustache::data;

// Renders site/<name> (an embedded theme file). The name's suffix chooses
// the escaping (render::RenderTemplateText); the theme uses no partials.
StatusOr<std::string> RenderSiteTemplate(const std::string& name, const Data& data) {
  auto text = l10n::FindEmbeddedFile("site/" + name);
  if (!text) return Status(StatusCode::kInternal, "site: no theme file site/" + name);
  return render::RenderTemplateText(name, *text, data);
}

Data List() { return Data(Data::type::list); }

// `to` (site-relative) as a link from the page at `from` (site-relative).
std::string Link(const std::string& from, const std::string& to) {
  std::string prefix;
  for (char c : from) {
    if (c == '/') prefix += "../";
  }
  return prefix + to;
}

const l10n::Catalog& CatalogOf(const SiteContext& site, const std::string& lang) {
  return *site.catalogs.at(lang);
}

// "2021-08-10 12:15 UTC+03:00" from "2021-08-10T12:15:17.5+03:00": the
// wall clock as recorded, in a form no language needs to translate.
std::string DisplayDate(const std::string& date) {
  size_t zone = date.find_first_of("Z+-", 19);
  std::string z = date.substr(zone);
  return date.substr(0, 10) + " " + date.substr(11, 5) + " UTC" + (z == "Z" ? "" : z);
}

// "Partial report: <what cut it short>" (the reason may be unknown).
std::string PartialNote(const l10n::Catalog& catalog, const Post& post) {
  const std::string reason =
      post.partial_reason.empty() ? catalog.FormatText("common.unknown") : post.partial_reason;
  return catalog.FormatText("site.post.partial", {{"reason", reason}});
}

std::string Severity(const std::string& s) {
  return s == "warning" || s == "critical" ? s : "info";
}

// The date fields every list item and post share: date + datetime, or
// undated (text); unset keys stay absent (an empty string would still
// open a mustache section).
void SetDate(Data* item, const std::string& date, const std::string& undated_text) {
  if (!date.empty()) {
    item->set("date", DisplayDate(date));
    item->set("datetime", date);
  } else if (!undated_text.empty()) {
    item->set("undated", undated_text);
  }
}

Data Tags(const std::string& page, const std::string& lang, const Post& post) {
  Data tags = List();
  for (const batch::RecordFinding& f : post.findings) {
    Data tag;
    tag.set("name", f.id);
    tag.set("href", Link(page, TagPath(lang, f.id)));
    tag.set("severity", Severity(f.severity));
    auto headline = f.headline.find(lang);
    if (headline != f.headline.end() && !headline->second.empty()) {
      tag.set("headline", headline->second);
    }
    tags.push_back(tag);
  }
  return tags;
}

// The frame around `content`. `counterparts`: language -> the site-relative
// path of this page in that language (missing: that language's index).
StatusOr<std::string> Layout(const SiteContext& site, const std::string& lang,
                             const std::string& page, const std::string& title,
                             const std::string& content,
                             const std::map<std::string, std::string>& counterparts) {
  const l10n::Catalog& catalog = CatalogOf(site, lang);
  Data data;
  data.set("lang", lang);
  data.set("title", title);
  data.set("site_title", catalog.FormatText("site.title"));
  data.set("index_href", Link(page, lang.empty() ? kHomePath : IndexPath(lang)));
  data.set("css_href", Link(page, kStylePath));
  data.set("generator", site.generator);
  data.set("language_label", catalog.FormatText("site.language_label"));
  data.set("footer", catalog.FormatText("site.footer", {{"generator", site.generator}}));
  Data languages = List();
  for (const auto& [code, other] : site.catalogs) {
    Data item;
    item.set("name", other->FormatText("site.language_name"));
    item.set("lang", code);
    auto it = counterparts.find(code);
    item.set("href", Link(page, it == counterparts.end() ? IndexPath(code) : it->second));
    item.set("current", code == lang);
    languages.push_back(item);
  }
  data.set("languages", languages);
  data.set("content", content);
  return RenderSiteTemplate("layout.html.mustache", data);
}

// This page in every language: `path_of(lang)` where `has(lang)`.
template <typename PathOf, typename Has>
std::map<std::string, std::string> Counterparts(const SiteContext& site, PathOf path_of, Has has) {
  std::map<std::string, std::string> out;
  for (const auto& entry : site.catalogs) {
    if (has(entry.first)) out[entry.first] = path_of(entry.first);
  }
  return out;
}

}  // namespace

std::string IndexPath(const std::string& lang) { return lang + "/index.html"; }
std::string PostFolder(const std::string& lang, const std::string& slug) {
  return lang + "/posts/" + slug;
}
std::string PostPath(const std::string& lang, const std::string& slug) {
  return PostFolder(lang, slug) + "/index.html";
}
std::string TagPath(const std::string& lang, const std::string& tag) {
  return lang + "/tags/" + tag + "/index.html";
}

std::string PostTitle(const l10n::Catalog& catalog, const Post& post) {
  return catalog.FormatText("site.post.title", {{"kind", post.kind}, {"input", post.input}});
}

std::vector<const Post*> PostsIn(const SitePlan& plan, const std::string& lang) {
  std::vector<const Post*> out;
  for (const Post& post : plan.posts) {
    if (post.markdown.count(lang) != 0) out.push_back(&post);
  }
  return out;
}

StatusOr<std::string> RenderHome(const SiteContext& site) {
  Data languages = List();
  for (const auto& [code, catalog] : site.catalogs) {
    Data item;
    item.set("lang", code);
    item.set("href", Link(kHomePath, IndexPath(code)));
    item.set("title", catalog->FormatText("site.title"));
    item.set("description", catalog->FormatText("site.description"));
    item.set("choose", catalog->FormatText("site.home.choose"));
    languages.push_back(item);
  }
  Data data;
  data.set("languages", languages);
  ASSIGN_OR_RETURN(std::string content, RenderSiteTemplate("home.html.mustache", data));
  // The front page speaks every language; its frame is the first one's.
  const std::string first = site.catalogs.begin()->first;
  std::string title;
  for (const auto& [code, catalog] : site.catalogs) {
    title += (title.empty() ? "" : " · ") + catalog->FormatText("site.title");
  }
  return Layout(site, first, kHomePath, title, content,
                Counterparts(site, IndexPath, [](const std::string&) { return true; }));
}

StatusOr<std::string> RenderIndex(const SiteContext& site, const std::string& lang,
                                  const SitePlan& plan) {
  const l10n::Catalog& catalog = CatalogOf(site, lang);
  const std::string page = IndexPath(lang);
  const std::vector<const Post*> posts = PostsIn(plan, lang);
  Data items = List();
  for (const Post* post : posts) {
    Data item;
    item.set("href", Link(page, PostPath(lang, post->slug)));
    item.set("title", PostTitle(catalog, *post));
    SetDate(&item, post->date, catalog.FormatText("site.index.undated"));
    if (post->partial) item.set("partial", catalog.FormatText("site.index.partial"));
    if (post->findings.empty())
      item.set("no_findings", catalog.FormatText("site.index.no_findings"));
    item.set("has_tags", !post->findings.empty());
    item.set("tags", Tags(page, lang, *post));
    items.push_back(item);
  }
  Data data;
  data.set("heading", catalog.FormatText("site.index.heading"));
  data.set("count",
           catalog.FormatText("site.index.count", {{"n", static_cast<int64_t>(posts.size())}}));
  data.set("has_posts", !posts.empty());
  data.set("posts", items);
  if (!plan.failed.empty()) {
    Data rows = List();
    for (const FailedInput& failed : plan.failed) {
      Data row;
      row.set("input", failed.input);
      row.set("stage", catalog.FormatText("site.error_stage", {{"stage", failed.stage}}));
      if (!failed.message.empty()) row.set("message", failed.message);
      rows.push_back(row);
    }
    Data errors;
    errors.set("heading", catalog.FormatText("site.index.errors_heading"));
    errors.set("count", catalog.FormatText("site.index.errors_count",
                                           {{"n", static_cast<int64_t>(plan.failed.size())}}));
    errors.set("rows", rows);
    data.set("errors", errors);
  }
  ASSIGN_OR_RETURN(std::string content, RenderSiteTemplate("index.html.mustache", data));
  return Layout(site, lang, page, catalog.FormatText("site.title"), content,
                Counterparts(site, IndexPath, [](const std::string&) { return true; }));
}

StatusOr<std::string> RenderPost(const SiteContext& site, const std::string& lang, const Post& post,
                                 const std::string& body_html) {
  const l10n::Catalog& catalog = CatalogOf(site, lang);
  const std::string page = PostPath(lang, post.slug);
  const std::string title = PostTitle(catalog, post);
  Data data;
  data.set("title", title);
  data.set("input_label", catalog.FormatText("site.post.input"));
  data.set("input", post.input);
  data.set("recorded_label", catalog.FormatText("site.post.recorded"));
  SetDate(&data, post.date, catalog.FormatText("site.post.undated"));
  if (post.partial) {
    data.set("partial", PartialNote(catalog, post));
  }
  data.set("findings_label", catalog.FormatText("site.post.findings"));
  data.set("has_tags", !post.findings.empty());
  data.set("tags", Tags(page, lang, post));
  data.set("body", body_html);
  data.set("back", catalog.FormatText("site.post.back"));
  data.set("back_href", Link(page, IndexPath(lang)));
  ASSIGN_OR_RETURN(std::string content, RenderSiteTemplate("post.html.mustache", data));
  auto path_of = [&post](const std::string& l) { return PostPath(l, post.slug); };
  auto has = [&post](const std::string& l) { return post.markdown.count(l) != 0; };
  return Layout(site, lang, page, title, content, Counterparts(site, path_of, has));
}

StatusOr<std::string> RenderTag(const SiteContext& site, const std::string& lang,
                                const std::string& tag, const SitePlan& plan) {
  const l10n::Catalog& catalog = CatalogOf(site, lang);
  const std::string page = TagPath(lang, tag);
  auto tagged = [&tag](const Post& post) {
    return std::any_of(post.findings.begin(), post.findings.end(),
                       [&tag](const batch::RecordFinding& f) { return f.id == tag; });
  };
  Data items = List();
  int64_t count = 0;
  for (const Post* post : PostsIn(plan, lang)) {
    if (!tagged(*post)) continue;
    Data item;
    item.set("href", Link(page, PostPath(lang, post->slug)));
    item.set("title", PostTitle(catalog, *post));
    SetDate(&item, post->date, catalog.FormatText("site.index.undated"));
    for (const batch::RecordFinding& f : post->findings) {
      auto headline = f.headline.find(lang);
      if (f.id == tag && headline != f.headline.end() && !headline->second.empty()) {
        item.set("headline", headline->second);
      }
    }
    items.push_back(item);
    ++count;
  }
  Data data;
  const std::string heading = catalog.FormatText("site.tag.heading", {{"tag", tag}});
  data.set("heading", heading);
  data.set("count", catalog.FormatText("site.tag.count", {{"n", count}}));
  data.set("posts", items);
  ASSIGN_OR_RETURN(std::string content, RenderSiteTemplate("tag.html.mustache", data));
  auto path_of = [&tag](const std::string& l) { return TagPath(l, tag); };
  auto has = [&](const std::string& l) {
    for (const Post* post : PostsIn(plan, l)) {
      if (tagged(*post)) return true;
    }
    return false;
  };
  return Layout(site, lang, page, heading, content, Counterparts(site, path_of, has));
}

StatusOr<std::string> RenderHugoPage(const SiteContext& site, const std::string& lang,
                                     const Post& post, const std::string& body_markdown) {
  const l10n::Catalog& catalog = CatalogOf(site, lang);
  render::FrontMatterInfo info;
  info.title = PostTitle(catalog, post);
  info.date = post.date;  // undated posts get no date (see site/README.md)
  for (const batch::RecordFinding& f : post.findings) info.tags.push_back(f.id);
  Data data;
  data.set("front_matter", render::FrontMatter(render::FrontMatterKind::kHugo, info));
  if (post.date.empty()) data.set("undated", catalog.FormatText("site.post.undated"));
  if (post.partial) {
    data.set("partial", PartialNote(catalog, post));
  }
  data.set("body", body_markdown);
  return RenderSiteTemplate("post.md.mustache", data);
}

}  // namespace tracenote::site
