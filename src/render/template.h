// Mustache templates embedded from templates/ (kainjow::mustache), escaped
// by default for the format they produce.
#ifndef TRACENOTE_SRC_RENDER_TEMPLATE_H_
#define TRACENOTE_SRC_RENDER_TEMPLATE_H_

#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

#include "base/status.h"

namespace tracenote::render {

// Renders templates/<template_name> with `data`.
//
// The name's suffix sets the escaping of {{name}} values:
//   "*.md.mustache"    l10n::EscapeMarkdown (text stays text in any inline
//                      position, table cells included);
//   "*.html.mustache"  l10n::EscapeHtml.
// Any other suffix is an error: there is no unescaped default. Triple braces
// ({{{name}}}, {{& name}}) insert a value as it is, for values that are
// already Markdown or HTML built by our own code.
//
// Partials ({{> name}}) are read from templates/<name> plus the same suffix
// ("{{> table}}" in report.md.mustache is templates/table.md.mustache).
//
// Errors: a template that does not exist, does not parse, or names a partial
// that does not exist is an InvalidArgument/NotFound Status naming the
// template; no exception leaves this function. Missing values render as
// nothing (Mustache semantics).
StatusOr<std::string> RenderTemplate(std::string_view template_name,
                                     const kainjow::mustache::data& data);

// Same, with the template text given (tests, tools); `name` only chooses the
// escaping and the partials' suffix and appears in errors.
StatusOr<std::string> RenderTemplateText(std::string_view name, std::string_view text,
                                         const kainjow::mustache::data& data);

}  // namespace tracenote::render

#endif  // TRACENOTE_SRC_RENDER_TEMPLATE_H_
