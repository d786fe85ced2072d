// tracenote: explained reports from Go execution traces and pprof profiles.
// This file only wires the command line to the library calls.
#include <CLI/CLI.hpp>

#include "cli/batch_command.h"
#include "cli/batch_worker.h"
#include "cli/dump_command.h"
#include "cli/exit_codes.h"
#include "cli/index_command.h"
#include "cli/profile_commands.h"
#include "cli/report_command.h"
#include "cli/site_command.h"

#ifndef TRACENOTE_VERSION
#define TRACENOTE_VERSION "0.0.0"
#endif

namespace {

// The options every pprof-style view command shares.
void AddProfileViewOptions(CLI::App* cmd, tracenote::cli::ProfileViewCommandOptions& o,
                           bool with_regex) {
  cmd->add_option("PROFILE", o.input, "pprof profile (profile.proto, gzip or not)")->required();
  if (with_regex) {
    cmd->add_option("REGEX", o.regex, "Regular expression (RE2) matched against names")->required();
  }
  cmd->add_option("-o,--output", o.output, "Write to FILE instead of stdout");
  cmd->add_option("--sample-index", o.view.sample_index,
                  "Value column: a name (inuse_space, delay, ...) or a number");
  cmd->add_flag("--mean", o.view.mean, "Show averages (divide by the count column)");
  cmd->add_flag("--cum", o.view.cum_sort, "Sort by cumulative value");
  cmd->add_option("--nodecount", o.view.nodecount, "Show at most N nodes");
  cmd->add_option("--nodefraction", o.view.nodefraction,
                  "Hide nodes below this fraction of the total (default 0.005)");
  cmd->add_option("--granularity", o.granularity, "What a node is")
      ->check(CLI::IsMember({"functions", "filefunctions", "files", "lines", "addresses"}));
  cmd->add_flag("--noinlines", o.view.noinlines, "Attribute inlined calls to their caller");
  cmd->add_option("--unit", o.view.unit,
                  "Output unit: minimum (default), auto, or a unit (ms, MB, ...)");
  cmd->add_flag("--compact-labels", o.view.compact_labels, "Omit the profile header lines");
  cmd->add_flag("--drop-negative", o.view.drop_negative, "Hide nodes with negative values");
  cmd->add_flag("--all-frames", o.all_frames, "Ignore the profile's drop_frames/keep_frames");
  cmd->add_option("--base", o.base, "Compare with an independent base profile (pprof -diff_base)");
  cmd->add_option("--subtract-base", o.subtract_base,
                  "Subtract an earlier snapshot of the same process (pprof -base)");
  cmd->add_flag("--normalize", o.normalize, "Scale the profile to the base's total first");
}

}  // namespace

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
  CLI::App* report_cmd =
      app.add_subcommand("report", "Write an explained report of a trace and/or profiles");
  report_cmd
      ->add_option("INPUT", report.inputs,
                   "A trace and/or pprof profiles, in any order (plain or gzip; '-' for stdin)")
      ->required();
  report_cmd->add_option("--format", report.format, "Output format")
      ->check(CLI::IsMember({"md", "html", "json", "ticket"}))
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
  report_cmd->add_option("--base", report.base,
                         "Compare each profile with this base profile (pprof -diff_base)");
  report_cmd->add_option("--source-path", report.source_path,
                         "Directories to search for sources of listings (':'-separated)");
  report_cmd->add_option("--trim-path", report.trim_path,
                         "Path prefixes to remove from recorded file names (':'-separated)");
  report_cmd->add_flag("--no-goroot", report.no_goroot,
                       "Do not look for standard-library sources under GOROOT");
  report_cmd->add_flag("--trace-cpu", report.trace_cpu,
                       "Show the trace's CPU samples as a profile even without a profile");
  report_cmd->add_flag("--no-pictures", report.no_pictures,
                       "No pictures (timelines, charts, flame graphs); Markdown pictures are "
                       "SVG files written beside the -o file");
  report_cmd
      ->add_option("--fail-on", report.fail_on,
                   "Exit with code 5 when a finding is at least this severe (for CI)")
      ->check(CLI::IsMember({"warning", "critical"}));

  ProfileViewCommandOptions top, tree, peek, list, flame;
  CLI::App* top_cmd = app.add_subcommand("top", "Functions with the most samples (pprof -top)");
  AddProfileViewOptions(top_cmd, top, false);
  CLI::App* tree_cmd = app.add_subcommand("tree", "Callers and callees of each node (pprof -tree)");
  AddProfileViewOptions(tree_cmd, tree, false);
  CLI::App* peek_cmd =
      app.add_subcommand("peek", "Callers and callees of the matching nodes (pprof -peek)");
  AddProfileViewOptions(peek_cmd, peek, true);
  CLI::App* list_cmd =
      app.add_subcommand("list", "Annotated source of the matching functions (pprof -list)");
  AddProfileViewOptions(list_cmd, list, true);
  list_cmd->add_option("--source-path", list.view.source_path,
                       "Directories to search for sources (':'-separated)");
  list_cmd->add_option("--trim-path", list.view.trim_path,
                       "Path prefixes to remove from recorded file names (':'-separated)");
  list_cmd->add_flag("--pprof-errors", list.pprof_errors,
                     "For a missing source file print pprof's ' Error:' line only");
  CLI::App* flame_cmd = app.add_subcommand("flame", "Write a flame graph (SVG) of a profile");
  flame_cmd->add_option("PROFILE", flame.input, "pprof profile")->required();
  flame_cmd->add_option("-o,--output", flame.output, "SVG file to write")->required();
  flame_cmd->add_option("--sample-index", flame.view.sample_index,
                        "Value column: a name or a number");
  flame_cmd->add_flag("--all-frames", flame.all_frames, "Ignore drop_frames/keep_frames");

  BatchCommandOptions batch;
  CLI::App* batch_cmd = app.add_subcommand(
      "batch", "Report every trace and profile of files and folders, in parallel, resumably");
  batch_cmd->add_option("INPUT", batch.inputs, "Files and folders (walked recursively)")
      ->required();
  batch_cmd->add_option("-o,--output", batch.output, "Results folder")->required();
  batch_cmd->add_option("-j,--jobs", batch.jobs, "Worker processes (default: the number of cores)")
      ->check(CLI::Range(1, 1024));
  batch_cmd->add_option("--format", batch.formats, "Report formats, comma-separated (md,html,json)")
      ->default_str("md,html");
  batch_cmd->add_option("--lang", batch.langs, "Report languages, comma-separated (en,ru)")
      ->default_str("en,ru");
  batch_cmd->add_option("--shard", batch.shard,
                        "Process only part K of N of the listing (K/N, 1 <= K <= N)");
  batch_cmd->add_option("--timeout", batch.timeout_s, "Seconds per input before it is stopped")
      ->default_str("600");
  batch_cmd->add_option("--memory-limit", batch.memory_limit_mb,
                        "Address-space limit per worker in MB (0: none)");
  batch_cmd->add_flag("--no-pictures", batch.no_pictures, "No pictures in the reports");
  batch_cmd->add_flag("--retry-failed", batch.retry_failed,
                      "Redo inputs an earlier run could not report");
  batch_cmd->add_flag("-q,--quiet", batch.quiet, "No progress line");
  // The child process batch starts per input; not for people.
  BatchWorkerOptions worker;
  CLI::App* worker_cmd = app.add_subcommand("batch-worker", "")->group("");
  worker_cmd->add_option("--input", worker.input)->required();
  worker_cmd->add_option("--stage", worker.stage_dir)->required();
  worker_cmd->add_option("--slug", worker.slug)->required();
  worker_cmd->add_option("--formats", worker.formats)->delimiter(',');
  worker_cmd->add_option("--langs", worker.langs)->delimiter(',');
  worker_cmd->add_option("--parent", worker.parent_pid);
  worker_cmd->add_option("--memory-limit", worker.memory_limit_mb);
  worker_cmd->add_flag("--no-pictures", worker.no_pictures);

  IndexCommandOptions index_opts;
  CLI::App* index_cmd = app.add_subcommand(
      "index", "Write index pages (Markdown, HTML) over the results of batch runs or shards");
  index_cmd->add_option("RESULTS", index_opts.results, "Results folders or summary*.jsonl files")
      ->required();
  index_cmd->add_option("-o,--output", index_opts.output, "Folder to write the index into")
      ->required();
  index_cmd->add_option("--lang", index_opts.lang, "Languages, comma-separated (en,ru)");
  index_cmd->add_option("--format", index_opts.format, "Formats, comma-separated (md,html)");

  SiteCommandOptions site_opts;
  CLI::App* site_cmd = app.add_subcommand(
      "site", "Write a static site (English and Russian, Hugo content too) from batch results");
  site_cmd->add_option("RESULTS", site_opts.results, "Results folders or summary*.jsonl files")
      ->required();
  site_cmd->add_option("-o,--output", site_opts.output, "Folder to write the site into")
      ->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  if (dump_cmd->parsed()) return RunDump(dump);
  if (report_cmd->parsed()) return RunReport(report);
  if (batch_cmd->parsed()) return RunBatchCommand(batch);
  if (worker_cmd->parsed()) return RunBatchWorker(worker);
  if (site_cmd->parsed()) return RunSite(site_opts);
  if (index_cmd->parsed()) return RunIndex(index_opts);
  if (top_cmd->parsed()) return RunProfileView(ProfileViewKind::kTop, top);
  if (tree_cmd->parsed()) return RunProfileView(ProfileViewKind::kTree, tree);
  if (peek_cmd->parsed()) return RunProfileView(ProfileViewKind::kPeek, peek);
  if (list_cmd->parsed()) return RunProfileView(ProfileViewKind::kList, list);
  if (flame_cmd->parsed()) return RunProfileView(ProfileViewKind::kFlame, flame);
  return kExitUsage;
}
