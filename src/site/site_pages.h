// The pages of the static site, each rendered from the theme's mustache
// templates (site/*.mustache, embedded in the binary) with every value from
// the records escaped by the template. Paths here are relative to the
// site's root and use '/'; links between pages are relative too, so the
// site works from file:// and from any folder of a web server.
#ifndef TRACENOTE_SRC_SITE_SITE_PAGES_H_
#define TRACENOTE_SRC_SITE_SITE_PAGES_H_

#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "l10n/catalog.h"
#include "site/site_model.h"

namespace tracenote::site {

// The catalogs of the site's languages, by code ("en", "ru"), and what the
// pages say about themselves. Contract: one catalog per language the site
// is written in; the switch lists them in this (code) order.
struct SiteContext {
  std::map<std::string, const l10n::Catalog*> catalogs;
  std::string generator;  // "tracenote 0.1.0"
};

// Site-relative paths of the pages.
std::string IndexPath(const std::string& lang);
std::string PostPath(const std::string& lang, const std::string& slug);
std::string PostFolder(const std::string& lang, const std::string& slug);
std::string TagPath(const std::string& lang, const std::string& tag);
inline constexpr const char* kHomePath = "index.html";
inline constexpr const char* kStylePath = "style.css";

// A post's title in a language (plain text, not escaped).
std::string PostTitle(const l10n::Catalog& catalog, const Post& post);

// The posts of `lang` (those with a report in that language), in plan order.
std::vector<const Post*> PostsIn(const SitePlan& plan, const std::string& lang);

// index.html: the choice of language.
StatusOr<std::string> RenderHome(const SiteContext& site);

// <lang>/index.html: the posts newest first, then the failed inputs.
StatusOr<std::string> RenderIndex(const SiteContext& site, const std::string& lang,
                                  const SitePlan& plan);

// <lang>/posts/<slug>/index.html around `body_html` (the report's HTML).
StatusOr<std::string> RenderPost(const SiteContext& site, const std::string& lang, const Post& post,
                                 const std::string& body_html);

// <lang>/tags/<tag>/index.html: the posts of `lang` with finding `tag`.
StatusOr<std::string> RenderTag(const SiteContext& site, const std::string& lang,
                                const std::string& tag, const SitePlan& plan);

// content/<lang>/posts/<slug>/index.md for Hugo: front matter, notes and
// the report's Markdown without its title.
StatusOr<std::string> RenderHugoPage(const SiteContext& site, const std::string& lang,
                                     const Post& post, const std::string& body_markdown);

}  // namespace tracenote::site

#endif  // TRACENOTE_SRC_SITE_SITE_PAGES_H_
