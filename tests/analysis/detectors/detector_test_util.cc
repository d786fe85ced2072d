#include "analysis/detectors/detector_test_util.h"

#include <fmt/format.h>

#include <utility>
#include <variant>

#include "base/file_blob.h"
#include "ingest/open_trace.h"
#include "tools/v1_text_encoder.h"

namespace tracenote::analysis_test {

namespace {

std::string TestName() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return info ? info->name() : "trace";
}

StatusOr<Analyzed> Analyze(std::unique_ptr<TraceSource> source) {
  Analyzed out;
  out.source = std::move(source);
  auto a = analysis::BuildTraceAnalysis(out.source.get());
  if (!a.ok()) return a.status();
  out.analysis = std::move(a).value();
  return out;
}

template <typename T>
const T* Get(const l10n::MessageArgs& args, const std::string& key) {
  auto it = args.find(key);
  if (it == args.end()) {
    ADD_FAILURE() << "no argument '" << key << "'";
    return nullptr;
  }
  const T* v = std::get_if<T>(&it->second);
  if (v == nullptr) ADD_FAILURE() << "argument '" << key << "' has another type";
  return v;
}

}  // namespace

StatusOr<Analyzed> AnalyzeText(std::string_view text) {
  auto bytes = test_tools::EncodeV1Text(text);
  if (!bytes.ok()) return bytes.status();
  auto source = OpenTraceBlob(FileBlob::FromBytes(std::move(bytes).value(), TestName()));
  if (!source.ok()) return source.status();
  return Analyze(std::move(source).value());
}

StatusOr<Analyzed> AnalyzeFile(const std::string& path) {
  auto source = OpenTraceFile(path);
  if (!source.ok()) return source.status();
  return Analyze(std::move(source).value());
}

std::vector<analysis::Finding> WithId(const std::vector<analysis::Finding>& all,
                                      std::string_view id) {
  std::vector<analysis::Finding> out;
  for (const analysis::Finding& f : all) {
    if (f.id == id) out.push_back(f);
  }
  return out;
}

std::vector<analysis::Finding> RunAndFilter(const analysis::TraceAnalysis& a, std::string_view id) {
  return WithId(analysis::RunDetectors(a), id);
}

int64_t IntArg(const l10n::MessageArgs& args, const std::string& key) {
  const int64_t* v = Get<int64_t>(args, key);
  return v ? *v : 0;
}

double DoubleArg(const l10n::MessageArgs& args, const std::string& key) {
  const double* v = Get<double>(args, key);
  return v ? *v : 0;
}

int64_t DurationArg(const l10n::MessageArgs& args, const std::string& key) {
  const l10n::Duration* v = Get<l10n::Duration>(args, key);
  return v ? v->ns : 0;
}

std::string StringArg(const l10n::MessageArgs& args, const std::string& key) {
  const std::string* v = Get<std::string>(args, key);
  return v ? *v : "";
}

std::string TraceTextArg(const l10n::MessageArgs& args, const std::string& key) {
  const l10n::TraceText* v = Get<l10n::TraceText>(args, key);
  return v ? v->text : "";
}

std::vector<std::string> StackFunctions(const model::Tables& tables, model::StackId stack) {
  std::vector<std::string> out;
  if (stack == 0) return out;
  for (const model::Frame& f : tables.stacks.Get(stack)) {
    out.emplace_back(tables.strings.Get(f.func));
  }
  return out;
}

TraceBuilder::TraceBuilder(std::string_view version) {
  text_ = fmt::format("go {}\n", version);
  Batch(0, 0);
}

TraceBuilder& TraceBuilder::Batch(int p, int64_t t) {
  text_ += fmt::format("Batch p={} ticks={}\n", p, kTicksAtZero + t);
  now_ = t;
  return *this;
}

TraceBuilder& TraceBuilder::At(int64_t t, std::string_view event) {
  EXPECT_GE(t, now_) << "events of a batch go forward in time: " << event;
  const size_t space = event.find(' ');
  const std::string_view name = event.substr(0, space);
  const std::string_view rest = space == std::string_view::npos ? "" : event.substr(space);
  text_ += fmt::format("{} dt={}{}\n", name, t - now_, rest);
  now_ = t;
  return *this;
}

TraceBuilder& TraceBuilder::Line(std::string_view line) {
  text_.append(line);
  text_.push_back('\n');
  return *this;
}

std::string TraceBuilder::Text() const { return text_ + "Frequency freq=1000000000\n"; }

std::string SyscallTrace(const std::vector<BlockingSyscall>& calls, int64_t end) {
  TraceBuilder b;
  b.At(0, "ProcStart thread=1").At(0, "GoCreate g=5 stack=3").At(0, "Gomaxprocs procs=1");
  int seq = 1;
  std::vector<int64_t> stws;
  for (size_t i = 0; i < calls.size(); ++i) {
    const BlockingSyscall& c = calls[i];
    const int64_t block = c.enter + c.before_block;
    b.At(c.enter - 1000, fmt::format("GoStart g=5 seq={}", seq++));
    b.At(c.enter, fmt::format("GoSysCall stk={}", c.stack));
    // The STW takes the P as sysmon does: GoSysBlock and ProcStop go into the
    // P's own batch.
    if (c.stw) stws.push_back(block);
    b.At(block, "GoSysBlock").At(block + 500, "ProcStop");
    b.At(block + kSyscallRestart, fmt::format("ProcStart thread={}", i + 2));
    if (c.duration < 0) break;
    const int64_t exit = c.enter + c.duration;
    b.At(exit, fmt::format("GoSysExit g=5 seq={} ts={}", seq++, kTicksAtZero + exit));
  }
  b.At(end, "HeapAlloc mem=4096");
  // The goroutine stopping the world runs on P 1.
  for (int64_t block : stws) {
    b.Batch(1, block - 1000).At(block - 1000, "GCSTWStart kindid=1").At(block + 1000, "GCSTWDone");
  }
  b.Line(R"(
String id=1 "syscall.Syscall"
String id=2 "/go/src/syscall/syscall_linux.go"
String id=3 "main.readFile"
String id=4 "/app/main.go"
String id=5 "main.writeLog"
String id=6 "main.reader"
Stack id=1 frames=[pc=0x401000 fn=1 file=2 line=68, pc=0x402000 fn=3 file=4 line=20]
Stack id=2 frames=[pc=0x401000 fn=1 file=2 line=68, pc=0x403000 fn=5 file=4 line=40]
Stack id=3 frames=[pc=0x404000 fn=6 file=4 line=10]
)");
  return b.Text();
}

}  // namespace tracenote::analysis_test
