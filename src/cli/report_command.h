// `tracenote report TRACE`: the explained report (Markdown, HTML or JSON).
#ifndef TRACENOTE_SRC_CLI_REPORT_COMMAND_H_
#define TRACENOTE_SRC_CLI_REPORT_COMMAND_H_

#include <string>

namespace tracenote::cli {

struct ReportOptions {
  std::string input;
  std::string output = "-";
  std::string format = "md";          // md | html | json
  std::string lang;                   // en | ru; empty: from LANG/LC_ALL
  std::string front_matter = "none";  // hugo | jekyll | none
  std::string date;                   // RFC 3339 for the front matter; empty: now
  bool draft = false;
};

int RunReport(const ReportOptions& options);

}  // namespace tracenote::cli

#endif  // TRACENOTE_SRC_CLI_REPORT_COMMAND_H_
