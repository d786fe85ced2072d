#include "ingest/trace_v1/v1_test_util.h"

#include <fmt/format.h>

#include "base/file_blob.h"
#include "ingest/open_trace.h"
#include "tools/v1_text_encoder.h"

namespace tracenote::trace_v1_test {

std::string TestName() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return info ? info->name() : "trace";
}

StatusOr<std::unique_ptr<TraceSource>> OpenText(std::string_view text, const std::string& name) {
  auto bytes = test_tools::EncodeV1Text(text);
  if (!bytes.ok()) return bytes.status();
  return OpenTraceBlob(FileBlob::FromBytes(std::move(bytes).value(), name));
}

uint64_t OffsetOf(std::string_view text, std::string_view marker) {
  size_t at = text.find(marker);
  EXPECT_NE(at, std::string_view::npos) << "no line contains '" << marker << "'";
  if (at == std::string_view::npos) return 0;
  size_t line_start = text.rfind('\n', at);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  auto bytes = test_tools::EncodeV1Text(text.substr(0, line_start));
  EXPECT_TRUE(bytes.ok()) << bytes.status().message();
  return bytes.ok() ? bytes->size() : 0;
}

std::string ErrorPrefix(std::string_view text, std::string_view marker, std::string_view event) {
  return fmt::format("trace_v1: offset {:#x}: event {}: ", OffsetOf(text, marker), event);
}

std::string Row::Brief() const { return fmt::format("{} p={} g={} @{}", name, p, g, time); }

std::vector<std::string> RawReplay::Names() const {
  std::vector<std::string> out;
  for (const Row& r : rows) out.push_back(r.name);
  return out;
}

std::vector<std::string> RawReplay::Briefs() const {
  std::vector<std::string> out;
  for (const Row& r : rows) out.push_back(r.Brief());
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
    r.p = e.p;
    r.g = e.g;
    for (int i = 0; i < kMaxSpecArgs; ++i) r.args[i] = e.args[i];
    r.stack = e.stack;
    r.str = std::string(e.str);
    r.message = std::string(e.message);
    r.link = e.link;
    r.link_name = std::string(e.link_name);
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

}  // namespace

RawReplay ReplayRows(TraceSource* src, bool links) {
  RawReplay out;
  RowSink sink(&out.rows);
  ReplayOptions options;
  options.links = links;
  out.status = src->ReplayRaw(options, &sink);
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
      out += fmt::format(" \"{}\"", name);
      break;
    case EventKind::kMetric:
      out += fmt::format(" {}={}", name, e.value);
      break;
    case EventKind::kLabel:
      out += fmt::format(" g={} \"{}\"", e.resource, name);
      break;
    case EventKind::kStackSample:
      out += fmt::format(" g={} p={}", e.goroutine, e.proc);
      break;
    case EventKind::kTaskBegin:
      out += fmt::format(" task={} parent={} \"{}\"", e.resource, e.value, name);
      break;
    case EventKind::kTaskEnd:
      out += fmt::format(" task={}", e.resource);
      break;
    case EventKind::kRegionBegin:
    case EventKind::kRegionEnd:
      out += fmt::format(" task={} \"{}\"", e.resource, name);
      break;
    case EventKind::kLog:
      out += fmt::format(" task={} \"{}\" \"{}\"", e.resource, name, tables.strings.Get(e.text));
      break;
    case EventKind::kSyscallBlocked:
      out += fmt::format(" g={} p={}", e.resource, e.proc);
      break;
  }
  return out;
}

std::string TopFunction(const TraceSource& src, model::StackId stack) {
  auto frames = src.tables().stacks.Get(stack);
  if (frames.empty()) return "";
  return std::string(src.tables().strings.Get(frames[0].func));
}

}  // namespace tracenote::trace_v1_test
