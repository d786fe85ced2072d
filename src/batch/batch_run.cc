#include "batch/batch_run.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/atomic_file.h"
#include "batch/worker_pool.h"

namespace tracenote::batch {

namespace {

namespace fs = std::filesystem;

constexpr const char* kTempFolder = ".tracenote-tmp";

std::string RunId() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return std::string(buf) + "-" + std::to_string(getpid());
}

std::optional<std::string> ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Status WriteText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Status(StatusCode::kIoError, path.string() + ": write failed");
  return Status::Ok();
}

// Staging folders of runs that are gone (killed): their process id, after
// the last '-' of the run id, no longer exists on this machine.
void RemoveStaleStaging(const fs::path& temp_root) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(temp_root, ec)) {
    const std::string name = entry.path().filename().string();
    const size_t dash = name.rfind('-');
    const long pid = dash == std::string::npos ? 0 : std::atol(name.c_str() + dash + 1);
    if (pid > 0 && kill(static_cast<pid_t>(pid), 0) == 0) continue;
    if (pid > 0 && errno != ESRCH) continue;
    fs::remove_all(entry.path(), ec);
  }
}

std::optional<BatchRecord> ReadRecord(const fs::path& file) {
  std::optional<std::string> text = ReadText(file);
  if (!text) return std::nullopt;
  auto r = RecordFromJson(*text);
  if (!r.ok()) return std::nullopt;
  return std::move(*r);
}

// The last line the worker printed, for the error row of a worker that died.
std::string LastLine(const fs::path& log) {
  std::optional<std::string> text = ReadText(log);
  if (!text) return "";
  std::string s = *text;
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  const size_t nl = s.rfind('\n');
  s = nl == std::string::npos ? s : s.substr(nl + 1);
  if (s.size() > 300) s.resize(300);
  return s;
}

BatchRecord ErrorFromEnd(const WorkerEnd& end, const std::string& input, const fs::path& log,
                         double timeout_s) {
  BatchRecord r;
  r.input = input;
  r.status = "error";
  const std::string said = LastLine(log);
  if (end.timed_out) {
    r.error_stage = "timeout";
    r.error_message = input + ": no report after " + std::to_string(static_cast<long>(timeout_s)) +
                      " s; the worker was stopped";
  } else if (end.signal != 0) {
    r.error_stage = "crash";
    r.error_message = input + ": the worker was killed by signal " + std::to_string(end.signal);
  } else {
    r.error_stage = "crash";
    r.error_message = input + ": the worker exited with code " + std::to_string(end.exit_code);
  }
  if (!said.empty()) r.error_message += " (" + said + ")";
  return r;
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ",") + x;
  return s;
}

// One input on its way through a worker.
struct InFlight {
  const ListedInput* input = nullptr;
  std::string slug;
  std::string hash;
};

}  // namespace

std::string OptionsFingerprint(const BatchOptions& o) {
  return Join(o.formats) + ";" + Join(o.langs) + (o.no_pictures ? ";no-pictures" : ";pictures");
}

StatusOr<BatchResult> RunBatch(const BatchOptions& o, const ProgressFn& progress) {
  const fs::path out(o.out_dir);
  const fs::path reports = out / "reports";
  const std::string run = RunId();
  const fs::path temp_root = out / kTempFolder;
  const fs::path staging = temp_root / run;
  std::error_code ec;
  fs::create_directories(reports, ec);
  if (!ec) fs::create_directories(staging, ec);
  if (ec) return Status(StatusCode::kIoError, o.out_dir + ": cannot create: " + ec.message());
  RemoveStaleStaging(temp_root);

  BatchResult result;
  BatchTotals& t = result.totals;
  ASSIGN_OR_RETURN(std::vector<ListedInput> listing,
                   ListInputs(o.inputs, o.out_dir, &t.not_inputs));
  std::vector<ListedInput> inputs;
  for (ListedInput& in : listing) {
    if (o.shard && !InShard(in.path, *o.shard)) {
      ++t.other_shards;
    } else {
      inputs.push_back(std::move(in));
    }
  }
  t.listed = static_cast<int>(inputs.size());
  t.todo = t.listed;
  if (progress) progress(t);

  const std::string fingerprint = OptionsFingerprint(o);
  WorkerPool pool(o.jobs, o.timeout_s);
  std::vector<InFlight> flights(inputs.size());
  auto count = [&t](const std::string& status) {
    (status == "ok" ? t.ok : status == "partial" ? t.partial : t.errors)++;
  };

  // Turns a finished worker's stage folder into reports/<slug>.
  auto finish = [&](const WorkerEnd& end) -> Status {
    InFlight& f = flights[end.tag];
    const fs::path stage = staging / f.slug;
    const fs::path log = staging / (f.slug + ".log");
    std::optional<BatchRecord> r;
    if (!end.timed_out && end.exit_code == 0) r = ReadRecord(stage / "worker.json");
    if (!r) {
      r = ErrorFromEnd(end, f.input->path, log, o.timeout_s);
      fs::remove_all(stage, ec);
      fs::create_directories(stage, ec);
    }
    fs::remove(stage / "worker.json", ec);
    fs::remove(log, ec);
    r->input = f.input->path;
    r->size = f.input->size;
    r->content_hash = f.hash;
    r->tool = o.tool;
    r->options = fingerprint;
    r->run = run;
    r->elapsed_ms = static_cast<int64_t>(end.seconds * 1000);
    RETURN_IF_ERROR(WriteText(stage / "record.json", RecordToJson(*r) + "\n"));
    const fs::path final_dir = reports / f.slug;
    const fs::path old = staging / (f.slug + ".old");
    if (fs::exists(final_dir, ec)) fs::rename(final_dir, old, ec);
    fs::rename(stage, final_dir, ec);
    if (ec) return Status(StatusCode::kIoError, final_dir.string() + ": " + ec.message());
    fs::remove_all(old, ec);
    count(r->status);
    ++t.done;
    return Status::Ok();
  };

  size_t next = 0;
  while (next < inputs.size() || pool.running() > 0) {
    while (pool.HasFreeSlot() && next < inputs.size()) {
      const size_t i = next++;
      InFlight& f = flights[i];
      f.input = &inputs[i];
      f.slug = SlugFor(inputs[i].path);
      auto hash = HashFile(inputs[i].path);
      f.hash = hash.ok() ? *hash : "";
      std::optional<BatchRecord> done = ReadRecord(reports / f.slug / "record.json");
      if (done && !f.hash.empty() && done->content_hash == f.hash && done->tool == o.tool &&
          done->options == fingerprint && !(o.retry_failed && done->status == "error")) {
        ++t.resumed;
        --t.todo;
        if (progress) progress(t);
        continue;
      }
      const fs::path stage = staging / f.slug;
      fs::create_directories(stage, ec);
      WorkerJob job;
      job.tag = i;
      job.log_path = (staging / (f.slug + ".log")).string();
      job.argv = {o.worker_exe, "batch-worker",          "--input", inputs[i].path,
                  "--stage",    stage.string(),          "--slug",  f.slug,
                  "--formats",  Join(o.formats),         "--langs", Join(o.langs),
                  "--parent",   std::to_string(getpid())};
      if (o.no_pictures) job.argv.push_back("--no-pictures");
      if (o.memory_limit_mb > 0) {
        job.argv.push_back("--memory-limit");
        job.argv.push_back(std::to_string(o.memory_limit_mb));
      }
      RETURN_IF_ERROR(pool.Start(job));
    }
    for (const WorkerEnd& end : pool.Reap(100)) {
      RETURN_IF_ERROR(finish(end));
      if (progress) progress(t);
    }
  }

  // The summary: every record of this listing, fresh or resumed.
  std::string summary;
  for (const ListedInput& in : inputs) {
    std::optional<BatchRecord> r = ReadRecord(reports / SlugFor(in.path) / "record.json");
    if (!r) continue;
    summary += RecordToJson(*r) + "\n";
    r->results_folder = o.out_dir;
    result.records.push_back(std::move(*r));
  }
  const std::string name = o.shard ? "summary.shard-" + std::to_string(o.shard->index) + "-of-" +
                                         std::to_string(o.shard->count) + ".jsonl"
                                   : "summary.jsonl";
  result.summary_path = (out / name).string();
  RETURN_IF_ERROR(WriteFileAtomically((out / name).string(), summary));
  fs::remove_all(staging, ec);
  fs::remove(temp_root, ec);  // only when empty: other runs may stage there
  return result;
}

}  // namespace tracenote::batch
