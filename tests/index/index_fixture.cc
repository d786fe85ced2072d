#include "index_fixture.h"

#include <filesystem>
#include <fstream>

namespace tracenote::index_test {
namespace {

batch::RecordFinding Finding(const char* id, const char* severity, const char* en, const char* ru) {
  batch::RecordFinding f;
  f.id = id;
  f.severity = severity;
  f.headline = {{"en", en}, {"ru", ru}};
  return f;
}

// A record with reports in both languages and formats under reports/<slug>/.
batch::BatchRecord Record(const std::string& input, const std::string& slug, const char* run) {
  batch::BatchRecord r;
  r.input = input;
  r.size = 1000;
  r.content_hash = "xxh3-128:00112233445566778899aabbccddeeff";
  r.tool = "tracenote 0.1.0";
  r.options = "md,html;en,ru;pictures";
  r.run = run;
  r.status = "ok";
  r.kind = "trace";
  r.detail = "Go 1.19 trace";
  r.slug = slug;
  for (const char* lang : {"en", "ru"}) {
    const std::string base = "reports/" + slug + "/report." + lang;
    r.reports[lang] = {base + ".md", base + ".html"};
  }
  return r;
}

constexpr char kOldRun[] = "20260101T000000Z-1111";
constexpr char kNewRun[] = "20260102T000000Z-2222";

void WriteSummary(const std::filesystem::path& file,
                  const std::vector<batch::BatchRecord>& records) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  for (const batch::BatchRecord& r : records) out << batch::RecordToJson(r) << '\n';
}

}  // namespace

const char kHostileInput[] =
    "archive/evil<script>alert(1)</script> | *x* [a](javascript:x)\n\xff.trace";

std::vector<batch::BatchRecord> Shard1Records() {
  batch::BatchRecord spin = Record("archive/spin.trace", "spin-000000000001", kOldRun);
  spin.findings = {Finding("sched-latency", "info", "Scheduler latency", "Задержка")};
  spin.duration_ns = 1'000'000'000;

  batch::BatchRecord bad = Record("archive/bad.trace", "", kOldRun);
  bad.status = "error";
  bad.kind = "";
  bad.detail = "";
  bad.reports.clear();
  bad.error_stage = "decode";
  bad.error_message = "archive/bad.trace: trace_v1: offset 0x10: truncated <b>varint</b> | x";
  bad.error_offset = 16;
  return {bad, spin};
}

std::vector<batch::BatchRecord> Shard2Records() {
  batch::BatchRecord spin = Record("archive/spin.trace", "spin-000000000002", kNewRun);
  spin.findings = {
      Finding("preemption-storm", "critical", "Preemption storm", "Шторм вытеснений"),
      Finding("sched-latency", "warning", "Scheduler latency", "Задержка планировщика"),
      Finding("sched-latency", "info", "Scheduler latency again", "Снова задержка"),
  };
  spin.date = "2026-01-02T03:04:05Z";
  spin.duration_ns = 1'500'000'000;
  spin.stats = {1000, 12, 3, 5'000'000, 6'000'000, 2'000'000};

  batch::BatchRecord evil = Record(kHostileInput, "evil-000000000003", kNewRun);
  evil.status = "partial";
  evil.partial_reason = "truncated";
  evil.detail = "Go 1.19 trace <i>x</i>";
  evil.date = "2026-01-01T23:00:00-02:00";
  evil.duration_ns = 900'000'000;
  evil.findings = {Finding("preemption-storm", "warning", "<script>x</script>", "<b>x</b>")};
  evil.stats = {10, 2, 1, 9'000'000, 9'000'000, 500'000};

  batch::BatchRecord cpu = Record("archive/prof/cpu.pb.gz", "cpu-000000000004", kNewRun);
  cpu.kind = "profile";
  cpu.detail = "cpu profile";
  cpu.duration_ns = 10'000'000'000;
  cpu.findings = {Finding("gc-cost", "info", "GC cost", "Цена GC")};

  batch::BatchRecord long_trace = Record("archive/long.trace", "long-000000000005", kNewRun);
  long_trace.date = "2025-12-31T10:00:00Z";
  long_trace.duration_ns = 125'000'000'000;
  long_trace.stats = {5000, 40, 7, 1'000'000, 7'500'000, 3'000'000};
  return {cpu, evil, long_trace, spin};
}

void WriteShards(const std::string& root) {
  const std::filesystem::path r(root);
  WriteSummary(r / "shard-1" / "summary.jsonl", Shard1Records());
  WriteSummary(r / "shard-2" / "summary.shard-2-of-2.jsonl", Shard2Records());
}

}  // namespace tracenote::index_test
