#include "batch/batch_record.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <utility>

namespace tracenote::batch {

namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

constexpr int kSchema = 1;

Json OrNull(int64_t v) { return v < 0 ? Json(nullptr) : Json(v); }
Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

// Readers never throw: a missing or mistyped key reads as the default.
std::string Str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
int64_t Int(const Json& j, const char* key, int64_t fallback = -1) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : fallback;
}

Json StatsJson(const RecordStats& s) {
  return Json{{"events", OrNull(s.events)},
              {"goroutines", OrNull(s.goroutines)},
              {"gc_cycles", OrNull(s.gc_cycles)},
              {"max_gc_pause_ns", OrNull(s.max_gc_pause_ns)},
              {"max_stw_ns", OrNull(s.max_stw_ns)},
              {"sched_latency_p99_ns", OrNull(s.sched_latency_p99_ns)}};
}

RecordStats StatsFromJson(const Json& j) {
  RecordStats s;
  if (!j.is_object()) return s;
  s.events = Int(j, "events");
  s.goroutines = Int(j, "goroutines");
  s.gc_cycles = Int(j, "gc_cycles");
  s.max_gc_pause_ns = Int(j, "max_gc_pause_ns");
  s.max_stw_ns = Int(j, "max_stw_ns");
  s.sched_latency_p99_ns = Int(j, "sched_latency_p99_ns");
  return s;
}

// Every path a record names, for the safety check.
std::vector<const std::string*> RecordPaths(const BatchRecord& r) {
  std::vector<const std::string*> out;
  for (const auto& [lang, files] : r.reports) {
    if (!files.md.empty()) out.push_back(&files.md);
    if (!files.html.empty()) out.push_back(&files.html);
  }
  return out;
}

bool IsSummaryFile(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.rfind("summary", 0) == 0 && name.size() > 6 &&
         name.compare(name.size() - 6, 6, ".jsonl") == 0;
}

// A summary holds one line of a few KB per input: 256 MiB is over 50,000
// inputs, and bounds what a file passed off as a summary can make us hold.
constexpr uintmax_t kMaxSummaryBytes = uintmax_t{256} << 20;

Status ReadSummaryFile(const fs::path& file, LoadedResults* out) {
  std::error_code ec;
  const uintmax_t size = fs::file_size(file, ec);
  if (!ec && size > kMaxSummaryBytes) {
    return Status(StatusCode::kCorrupt, file.string() + ": " + std::to_string(size) +
                                            " bytes: too large for a summary (at most " +
                                            std::to_string(kMaxSummaryBytes) + ")");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status(StatusCode::kIoError, file.string() + ": cannot read");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto record = RecordFromJson(line);
    bool safe = record.ok() && (record->slug.empty() || SafeRelativePath(record->slug));
    if (safe) {
      for (const std::string* p : RecordPaths(*record)) safe = safe && SafeRelativePath(*p);
    }
    if (!safe) {
      ++out->skipped_lines;
      continue;
    }
    record->results_folder = out->folder;
    out->records.push_back(std::move(*record));
  }
  return Status::Ok();
}

}  // namespace

std::string RecordToJson(const BatchRecord& r) {
  Json j;
  j["schema"] = kSchema;
  j["input"] = r.input;
  j["size"] = r.size;
  j["content_hash"] = r.content_hash;
  j["tool"] = r.tool;
  j["options"] = r.options;
  j["run"] = r.run;
  j["elapsed_ms"] = r.elapsed_ms;
  j["status"] = r.status;
  j["kind"] = OrNull(r.kind);
  j["detail"] = OrNull(r.detail);
  j["date"] = OrNull(r.date);
  j["duration_ns"] = OrNull(r.duration_ns);
  if (!r.partial_reason.empty()) j["partial_reason"] = r.partial_reason;
  if (r.status == "error") {
    j["error"] = Json{
        {"stage", r.error_stage}, {"message", r.error_message}, {"offset", OrNull(r.error_offset)}};
  }
  j["slug"] = OrNull(r.slug);
  Json reports = Json::object();
  for (const auto& [lang, files] : r.reports) {
    Json f = Json::object();
    if (!files.md.empty()) f["md"] = files.md;
    if (!files.html.empty()) f["html"] = files.html;
    reports[lang] = std::move(f);
  }
  j["reports"] = std::move(reports);
  Json findings = Json::array();
  for (const RecordFinding& f : r.findings) {
    Json numbers = Json::parse(f.numbers_json, nullptr, /*allow_exceptions=*/false);
    if (numbers.is_discarded()) numbers = Json::object();
    Json headline = Json::object();
    for (const auto& [lang, text] : f.headline) headline[lang] = text;
    findings.push_back(Json{{"id", f.id},
                            {"severity", f.severity},
                            {"headline", std::move(headline)},
                            {"numbers", std::move(numbers)}});
  }
  j["findings"] = std::move(findings);
  j["stats"] = StatsJson(r.stats);
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

StatusOr<BatchRecord> RecordFromJson(const std::string& line) {
  Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status(StatusCode::kCorrupt, "not a JSON object");
  }
  if (Int(j, "schema") != kSchema) {
    return Status(StatusCode::kUnsupported, "record schema is not " + std::to_string(kSchema));
  }
  BatchRecord r;
  r.input = Str(j, "input");
  r.size = Int(j, "size", 0);
  r.content_hash = Str(j, "content_hash");
  r.tool = Str(j, "tool");
  r.options = Str(j, "options");
  r.run = Str(j, "run");
  r.elapsed_ms = Int(j, "elapsed_ms", 0);
  r.status = Str(j, "status");
  if (r.input.empty() || (r.status != "ok" && r.status != "partial" && r.status != "error")) {
    return Status(StatusCode::kCorrupt, "record without an input or a known status");
  }
  r.kind = Str(j, "kind");
  r.detail = Str(j, "detail");
  r.date = Str(j, "date");
  r.duration_ns = Int(j, "duration_ns");
  r.partial_reason = Str(j, "partial_reason");
  if (auto e = j.find("error"); e != j.end() && e->is_object()) {
    r.error_stage = Str(*e, "stage");
    r.error_message = Str(*e, "message");
    r.error_offset = Int(*e, "offset");
  }
  r.slug = Str(j, "slug");
  if (auto reports = j.find("reports"); reports != j.end() && reports->is_object()) {
    for (const auto& [lang, files] : reports->items()) {
      if (!files.is_object()) continue;
      r.reports[lang] = RecordReports{Str(files, "md"), Str(files, "html")};
    }
  }
  if (auto findings = j.find("findings"); findings != j.end() && findings->is_array()) {
    for (const Json& f : *findings) {
      if (!f.is_object()) continue;
      RecordFinding rf;
      rf.id = Str(f, "id");
      rf.severity = Str(f, "severity");
      if (auto h = f.find("headline"); h != f.end() && h->is_object()) {
        for (const auto& [lang, text] : h->items()) {
          if (text.is_string()) rf.headline[lang] = text.get<std::string>();
        }
      }
      if (auto n = f.find("numbers"); n != f.end()) {
        rf.numbers_json = n->dump(-1, ' ', false, Json::error_handler_t::replace);
      }
      r.findings.push_back(std::move(rf));
    }
  }
  if (auto s = j.find("stats"); s != j.end()) r.stats = StatsFromJson(*s);
  return r;
}

bool SafeRelativePath(const std::string& path) {
  if (path.empty() || path.front() == '/') return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string_view part(path.data() + start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return std::none_of(path.begin(), path.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f || c == '\\' || c == ':';
  });
}

StatusOr<LoadedResults> LoadResults(const std::string& path) {
  LoadedResults out;
  std::error_code ec;
  const fs::path p(path);
  std::vector<fs::path> files;
  if (fs::is_directory(p, ec)) {
    out.folder = path;
    for (const auto& entry : fs::directory_iterator(p, ec)) {
      if (entry.is_regular_file(ec) && IsSummaryFile(entry.path())) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
  } else if (fs::is_regular_file(p, ec)) {
    out.folder = p.has_parent_path() ? p.parent_path().string() : std::string(".");
    files.push_back(p);
  } else {
    return Status(StatusCode::kNotFound, path + ": no such file or folder");
  }
  if (files.empty()) {
    return Status(StatusCode::kNotFound,
                  path + ": no summary*.jsonl here (not a results folder of tracenote batch)");
  }
  for (const fs::path& f : files) RETURN_IF_ERROR(ReadSummaryFile(f, &out));
  return out;
}

std::vector<BatchRecord> MergeRecords(std::vector<LoadedResults> results) {
  // Run ids start with a UTC time stamp, so the greater id is the newer run.
  std::vector<BatchRecord> all;
  for (LoadedResults& r : results) {
    for (BatchRecord& rec : r.records) all.push_back(std::move(rec));
  }
  std::stable_sort(all.begin(), all.end(), [](const BatchRecord& a, const BatchRecord& b) {
    if (a.input != b.input) return a.input < b.input;
    return a.run > b.run;
  });
  std::vector<BatchRecord> out;
  for (BatchRecord& r : all) {
    if (!out.empty() && out.back().input == r.input) continue;
    out.push_back(std::move(r));
  }
  return out;
}

StatusOr<std::vector<BatchRecord>> LoadMergedResults(const std::vector<std::string>& paths,
                                                     std::vector<std::string>* warnings) {
  std::vector<LoadedResults> loaded;
  for (const std::string& path : paths) {
    ASSIGN_OR_RETURN(LoadedResults results, LoadResults(path));
    if (results.skipped_lines > 0) {
      warnings->push_back(path + ": skipped " + std::to_string(results.skipped_lines) +
                          " broken or unsafe line(s)");
    }
    loaded.push_back(std::move(results));
  }
  return MergeRecords(std::move(loaded));
}

}  // namespace tracenote::batch
