// tracenote: explained reports from Go execution traces and pprof profiles.
// This file only wires the command line to the library calls.
#include <CLI/CLI.hpp>

#include "cli/dump_command.h"
#include "cli/exit_codes.h"
#include "cli/report_command.h"

#ifndef TRACENOTE_VERSION
#define TRACENOTE_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
  using namespace tracenote::cli;
  CLI::App app{"tracenote: explained reports from Go execution traces"};
  app.require_subcommand(1);
  app.set_version_flag("--version", TRACENOTE_VERSION);

  DumpOptions dump;
  CLI::App* dump_cmd =
      app.add_subcommand("dump", "List a trace's events in Go's order, or count them with --stats");
  dump_cmd->add_option("TRACE", dump.input, "Trace file (plain or gzip; '-' for stdin)")
      ->required();
  dump_cmd->add_flag("--stats", dump.stats,
                     "Print the format version, event counts per kind, goroutines, Ps, "
                     "threads and duration instead of the listing");
  dump_cmd->add_option("--format", dump.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  dump_cmd->add_option("-o,--output", dump.output, "Write to FILE instead of stdout");
  dump_cmd->add_flag("--model", dump.model,
                     "List the format-agnostic model events the analyses see instead");
  dump_cmd->add_option("-n,--limit", dump.limit, "List only the first N events");
  dump_cmd->add_flag("!--no-links", dump.links,
                     "Do not compute 'linked Other@N' (saves one pass over the trace)");

  ReportOptions report;
  CLI::App* report_cmd = app.add_subcommand("report", "Write an explained report of a trace");
  report_cmd->add_option("TRACE", report.input, "Trace file (plain or gzip; '-' for stdin)")
      ->required();
  report_cmd->add_option("--format", report.format, "Output format")
      ->check(CLI::IsMember({"md", "html", "json"}))
      ->default_str("md");
  report_cmd->add_option("--lang", report.lang, "Language (default: from LANG/LC_ALL)")
      ->check(CLI::IsMember({"en", "ru"}));
  report_cmd->add_option("--front-matter", report.front_matter, "Front matter for static sites")
      ->check(CLI::IsMember({"hugo", "jekyll", "none"}))
      ->default_str("none");
  report_cmd->add_option("--date", report.date,
                         "Date for the front matter (RFC 3339; default: now)");
  report_cmd->add_flag("--draft", report.draft, "Mark the front matter as a draft");
  report_cmd->add_option("-o,--output", report.output, "Write to FILE instead of stdout");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  if (dump_cmd->parsed()) return RunDump(dump);
  if (report_cmd->parsed()) return RunReport(report);
  return kExitUsage;
}
