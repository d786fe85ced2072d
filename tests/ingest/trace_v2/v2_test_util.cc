#include "ingest/trace_v2/v2_test_util.h"

#include <fmt/format.h>

#include "base/file_blob.h"
#include "ingest/open_trace.h"
#include "tools/v2_text_encoder.h"

namespace tracenote::trace_v2_test {

std::vector<uint8_t> Encode(std::string_view text) {
  auto bytes = test_tools::EncodeV2Text(text);
  if (!bytes.ok()) {
    ADD_FAILURE() << "the test trace does not encode: " << bytes.status().message();
    return {};
  }
  return std::move(bytes).value();
}

StatusOr<std::unique_ptr<TraceSource>> OpenBytes(std::vector<uint8_t> bytes) {
  return OpenTraceBlob(FileBlob::FromBytes(std::move(bytes), std::string(kTraceName)));
}

StatusOr<std::unique_ptr<TraceSource>> OpenText(std::string_view text) {
  auto bytes = test_tools::EncodeV2Text(text);
  if (!bytes.ok()) return bytes.status();
  return OpenBytes(std::move(bytes).value());
}

Status OpenAndReplay(std::string_view text) {
  auto src = OpenText(text);
  if (!src.ok()) return src.status();
  return ReplayRows(src->get()).status;
}

::testing::AssertionResult FailsWith(const Status& s, std::string_view part) {
  if (s.ok())
    return ::testing::AssertionFailure() << "succeeded; expected an error with '" << part << "'";
  if (s.message().find(part) == std::string::npos) {
    return ::testing::AssertionFailure() << "error '" << s.message() << "' lacks '" << part << "'";
  }
  return ::testing::AssertionSuccess();
}

uint64_t OffsetOf(std::string_view text, std::string_view marker) {
  size_t at = text.find(marker);
  EXPECT_NE(at, std::string_view::npos) << "no line contains '" << marker << "'";
  if (at == std::string_view::npos) return 0;
  size_t line_start = text.rfind('\n', at);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  return Encode(text.substr(0, line_start)).size();
}

std::string EventErrorPrefix(std::string_view text, std::string_view marker, uint64_t gen,
                             std::string_view m, std::string_view event) {
  return fmt::format("trace_v2: offset {:#x}: generation {}, {}: {}: ", OffsetOf(text, marker), gen,
                     m, event);
}

std::string FreqBatch(uint64_t gen, uint64_t freq) {
  return fmt::format("EventBatch gen={} m=none time=0\nFrequency freq={}\n", gen, freq);
}

std::string StringsBatch(uint64_t gen, std::initializer_list<std::string_view> strings) {
  if (strings.size() == 0) return "";
  std::string out = fmt::format("EventBatch gen={} m=none time=0\nStrings\n", gen);
  int id = 1;
  for (std::string_view s : strings) out += fmt::format("String id={}\n  data=\"{}\"\n", id++, s);
  return out;
}

std::string Tables(uint64_t gen, std::initializer_list<std::string_view> strings, uint64_t freq) {
  return FreqBatch(gen, freq) + StringsBatch(gen, strings);
}

std::string SyncBatch(uint64_t gen, uint64_t freq, uint64_t unix_sec) {
  return fmt::format(
      "EventBatch gen={} m=none time=0\nSync\nFrequency freq={}\n"
      "ClockSnapshot dt=0 mono=0 sec={} nsec=0\n",
      gen, freq, unix_sec);
}

std::string Row::Label() const {
  std::string parts;
  auto add = [&](const std::string& part) {
    if (!parts.empty()) parts += ',';
    parts += part;
  };
  for (int i = 0; spec != nullptr && i < spec->num_args && i < kMaxSpecArgs; ++i) {
    const std::string_view arg = spec->args[i];
    if (arg.ends_with("_seq") || arg.ends_with("_string") || arg == "time") continue;
    if ((arg == "m" || arg == "p") && args[i] == ~uint64_t{0}) {
      add(fmt::format("{}=none", arg));
    } else {
      add(fmt::format("{}={}", arg, args[i]));
    }
  }
  if (!str.empty()) add(fmt::format("\"{}\"", str));
  if (!message.empty()) add(fmt::format("\"{}\"", message));
  return parts.empty() ? name : fmt::format("{}({})", name, parts);
}

std::string Row::OnThread() const {
  return m < 0 ? "M- " + Label() : fmt::format("M{} {}", m, Label());
}

std::vector<std::string> RawReplay::Labels() const {
  std::vector<std::string> out;
  for (const Row& r : rows) out.push_back(r.Label());
  return out;
}

std::vector<std::string> RawReplay::OnThreads() const {
  std::vector<std::string> out;
  for (const Row& r : rows) out.push_back(r.OnThread());
  return out;
}

std::vector<int64_t> RawReplay::Times() const {
  std::vector<int64_t> out;
  for (const Row& r : rows) out.push_back(r.time);
  return out;
}

const Row& RawReplay::Nth(std::string_view name, int n) const {
  static const Row kNone;
  int seen = 0;
  for (const Row& r : rows) {
    if (r.name == name && seen++ == n) return r;
  }
  ADD_FAILURE() << "no " << name << " event number " << n;
  return kNone;
}

namespace {

class RowSink : public RawEventSink {
 public:
  explicit RowSink(std::vector<Row>* rows) : rows_(rows) {}
  bool OnRawEvent(const RawEvent& e) override {
    Row r;
    r.index = e.index;
    r.time = e.time;
    r.offset = e.offset;
    r.name = std::string(e.name);
    r.spec = e.spec;
    r.p = e.p;
    r.g = e.g;
    r.m = e.m;
    for (int i = 0; i < kMaxSpecArgs; ++i) r.args[i] = e.args[i];
    r.stack = e.stack;
    r.str = std::string(e.str);
    r.message = std::string(e.message);
    rows_->push_back(std::move(r));
    return true;
  }

 private:
  std::vector<Row>* rows_;
};

class EventCollector : public model::EventSink {
 public:
  explicit EventCollector(std::vector<model::Event>* events) : events_(events) {}
  void OnEvent(const model::Event& e) override { events_->push_back(e); }

 private:
  std::vector<model::Event>* events_;
};

std::string ScopeSuffix(const model::Event& e) {
  switch (e.scope) {
    case model::RangeScope::kProc:
      return fmt::format(" p={}", e.resource);
    case model::RangeScope::kGoroutine:
      return fmt::format(" g={}", e.resource);
    case model::RangeScope::kGlobal:
      break;
  }
  return "";
}

}  // namespace

RawReplay ReplayRows(TraceSource* src) {
  RawReplay out;
  RowSink sink(&out.rows);
  out.status = src->ReplayRaw(ReplayOptions{}, &sink);
  return out;
}

ModelReplay ReplayModelEvents(TraceSource* src) {
  ModelReplay out;
  EventCollector sink(&out.events);
  out.status = src->ReplayModel(&sink);
  for (const model::Event& e : out.events) out.lines.push_back(Describe(e, src->tables()));
  return out;
}

std::string Describe(const model::Event& e, const model::Tables& tables) {
  using model::EventKind;
  const std::string_view name = tables.strings.Get(e.name);
  std::string out = fmt::format("@{} {}", e.time, model::EventKindName(e.kind));
  switch (e.kind) {
    case EventKind::kGoTransition:
      out += fmt::format(" g={} {}->{}", e.resource,
                         model::GoStateName(static_cast<model::GoState>(e.from)),
                         model::GoStateName(static_cast<model::GoState>(e.to)));
      if (!name.empty()) out += fmt::format(" \"{}\"", name);
      break;
    case EventKind::kProcTransition:
      out += fmt::format(" p={} {}->{}", e.resource,
                         model::ProcStateName(static_cast<model::ProcState>(e.from)),
                         model::ProcStateName(static_cast<model::ProcState>(e.to)));
      break;
    case EventKind::kRangeBegin:
    case EventKind::kRangeActive:
    case EventKind::kRangeEnd:
      out += fmt::format(" \"{}\"{}", name, ScopeSuffix(e));
      if (e.value != 0) out += fmt::format(" value={}", e.value);
      break;
    case EventKind::kMetric:
      out += fmt::format(" {}={}", name, e.value);
      break;
    case EventKind::kLabel:
      out += fmt::format(" g={} \"{}\"", e.resource, name);
      break;
    case EventKind::kStackSample:
      out += fmt::format(" g={} p={} m={}", e.goroutine, e.proc, e.thread);
      break;
    case EventKind::kTaskBegin:
    case EventKind::kTaskEnd:
      out += fmt::format(" task={} parent={} \"{}\"", e.resource, e.value, name);
      break;
    case EventKind::kRegionBegin:
    case EventKind::kRegionEnd:
      out += fmt::format(" task={} \"{}\"", e.resource, name);
      break;
    case EventKind::kLog:
      out += fmt::format(" task={} \"{}\" \"{}\"", e.resource, name, tables.strings.Get(e.text));
      break;
    case EventKind::kSyscallBlocked:
      out += fmt::format(" g={} p={} m={}", e.resource, e.proc, e.value);
      break;
  }
  return out;
}

std::string TopFunction(const TraceSource& src, model::StackId stack) {
  auto frames = src.tables().stacks.Get(stack);
  if (frames.empty()) return "";
  return std::string(src.tables().strings.Get(frames[0].func));
}

}  // namespace tracenote::trace_v2_test
