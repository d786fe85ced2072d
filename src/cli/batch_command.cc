#include "cli/batch_command.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "batch/batch_run.h"
#include "cli/exit_codes.h"
#include "cli/option_lists.h"
#include "index/index_writer.h"
#include "l10n/catalog.h"
#include "l10n/language.h"

namespace tracenote::cli {

namespace {

int Fail(const Status& s) {
  std::fprintf(stderr, "tracenote: %s\n", s.message().c_str());
  return ExitCodeFor(s);
}

// The items of a comma-separated option, each checked against `allowed`.
StatusOr<std::vector<std::string>> CheckedList(const std::string& text, const char* option,
                                               const std::vector<std::string>& allowed) {
  std::vector<std::string> out = SplitCommaList(text);
  for (const std::string& item : out) {
    if (std::find(allowed.begin(), allowed.end(), item) == allowed.end()) {
      return Status(StatusCode::kInvalidArgument,
                    std::string(option) + ": unknown value \"" + item + "\"");
    }
  }
  if (out.empty()) return Status(StatusCode::kInvalidArgument, std::string(option) + ": empty");
  return out;
}

l10n::MessageArgs TotalsArgs(const batch::BatchTotals& t) {
  return {{"listed", int64_t{t.listed}},   {"todo", int64_t{t.todo}},
          {"done", int64_t{t.done}},       {"ok", int64_t{t.ok}},
          {"partial", int64_t{t.partial}}, {"errors", int64_t{t.errors}},
          {"resumed", int64_t{t.resumed}}};
}

// One line on a terminal, redrawn at most five times a second.
class ProgressLine {
 public:
  ProgressLine(const l10n::Catalog& c, bool on) : c_(c), on_(on) {}
  void Update(const batch::BatchTotals& t) {
    if (!on_) return;
    const auto now = std::chrono::steady_clock::now();
    if (t.done < t.todo && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    const int width = 24;
    const int filled = t.todo == 0 ? width : width * t.done / t.todo;
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(width, '.');
    std::string text = c_.FormatText("batch.progress", TotalsArgs(t));
    if (t.done > 0 && t.done < t.todo) {
      // Inputs left times the mean time per input so far.
      const auto spent = std::chrono::duration_cast<std::chrono::nanoseconds>(now - start_);
      const int64_t left_ns = spent.count() / t.done * (t.todo - t.done);
      text += c_.FormatText("batch.eta", {{"eta", l10n::Duration{left_ns}}});
    }
    std::fprintf(stderr, "\r\033[K[%s] %s", bar.c_str(), text.c_str());
    std::fflush(stderr);
    drawn_ = true;
  }
  void End() {
    if (drawn_) std::fprintf(stderr, "\n");
  }

 private:
  const l10n::Catalog& c_;
  bool on_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace

int RunBatchCommand(const BatchCommandOptions& cmd) {
  batch::BatchOptions o;
  o.inputs = cmd.inputs;
  o.out_dir = cmd.output;
  const unsigned cores = std::thread::hardware_concurrency();
  o.jobs = cmd.jobs > 0 ? cmd.jobs : static_cast<int>(cores == 0 ? 1 : cores);
  auto formats = CheckedList(cmd.formats, "--format", {"md", "html", "json"});
  if (!formats.ok()) return Fail(formats.status());
  auto langs = CheckedList(cmd.langs, "--lang", {"en", "ru"});
  if (!langs.ok()) return Fail(langs.status());
  o.formats = *formats;
  o.langs = *langs;
  if (!cmd.shard.empty()) {
    auto shard = batch::ParseShard(cmd.shard);
    if (!shard.ok()) return Fail(shard.status());
    o.shard = *shard;
  }
  o.timeout_s = cmd.timeout_s;
  o.memory_limit_mb = cmd.memory_limit_mb;
  o.no_pictures = cmd.no_pictures;
  o.retry_failed = cmd.retry_failed;
  o.tool = "tracenote " TRACENOTE_VERSION;

  auto catalog = l10n::Catalog::Load(l10n::ChooseLanguage(""));
  if (!catalog.ok()) return Fail(catalog.status());
  ProgressLine line(*catalog, !cmd.quiet && isatty(STDERR_FILENO) != 0);
  auto result = batch::RunBatch(o, [&line](const batch::BatchTotals& t) { line.Update(t); });
  line.End();
  if (!result.ok()) return Fail(result.status());
  const batch::BatchTotals& t = result->totals;
  // Input names may hold control characters: never let them reach a terminal.
  auto say = [](std::string s) {
    for (char& ch : s) {
      if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = '?';
    }
    std::fprintf(stderr, "tracenote: %s\n", s.c_str());
  };
  if (t.not_inputs > 0)
    say(catalog->FormatText("batch.not_inputs", {{"count", int64_t{t.not_inputs}}}));
  if (t.other_shards > 0) {
    say(catalog->FormatText("batch.other_shards", {{"count", int64_t{t.other_shards}}}));
  }
  say(catalog->FormatText("batch.finished", TotalsArgs(t)));
  bool titled = false;
  for (const batch::BatchRecord& r : result->records) {
    if (r.status != "error") continue;
    if (!titled) say(catalog->FormatText("batch.errors_title"));
    titled = true;
    say(catalog->FormatText(
        "batch.error_row",
        {{"input", r.input}, {"stage", r.error_stage}, {"message", r.error_message}}));
  }
  // The index pages of this run (of this shard, with --shard), in the
  // report languages, linking the reports where they are.
  index::IndexOptions pages;
  pages.out_dir = cmd.output;
  pages.langs = o.langs;
  pages.formats.clear();
  for (const std::string& f : o.formats) {
    if (f != "json") pages.formats.push_back(f);
  }
  if (pages.formats.empty()) pages.formats = {"md", "html"};
  pages.write_summary = false;
  pages.generator = o.tool;
  if (Status s = index::WriteIndex(result->records, pages); !s.ok()) return Fail(s);
  say(catalog->FormatText("batch.summary_written", {{"path", result->summary_path}}));
  int partial = 0;
  for (const batch::BatchRecord& r : result->records) partial += r.status != "ok";
  return partial > 0 ? kExitPartial : kExitOk;
}

}  // namespace tracenote::cli
