// tracenote: explained reports from Go execution traces and pprof profiles.
// This file only wires the command line to the library calls.
#include <CLI/CLI.hpp>

#include "cli/dump_command.h"
#include "cli/exit_codes.h"

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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  if (dump_cmd->parsed()) return RunDump(dump);
  return kExitUsage;
}
