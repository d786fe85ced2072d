#include "cli/dump_command.h"

#include <fmt/format.h>

#include <cstdio>

#include "cli/exit_codes.h"
#include "cli/output_file.h"
#include "dump/event_listing.h"
#include "dump/model_listing.h"
#include "dump/trace_stats.h"
#include "ingest/open_trace.h"

namespace tracenote::cli {

namespace {

// Streams listing rows into the output in chunks.
class ListingWriter : public RawEventSink {
 public:
  ListingWriter(const model::Tables* tables, bool json, uint64_t limit, OutputFile* out)
      : tables_(tables), json_(json), limit_(limit), out_(out) {}
  bool OnRawEvent(const RawEvent& ev) override {
    dump::ListingRow row = dump::MakeRow(ev, *tables_);
    if (json_) {
      dump::AppendJsonRow(row, *tables_, &buf_);
    } else {
      dump::AppendTextRow(row, *tables_, &buf_);
    }
    buf_.push_back('\n');
    if (buf_.size() > (1 << 16)) Flush();
    return limit_ == 0 || ++written_ < limit_;
  }
  void Flush() {
    out_->Write(buf_);
    buf_.clear();
  }

 private:
  const model::Tables* tables_;
  bool json_;
  uint64_t limit_;
  uint64_t written_ = 0;
  OutputFile* out_;
  std::string buf_;
};

// Streams model events into the output.
class ModelWriter : public model::EventSink {
 public:
  ModelWriter(const model::Tables* tables, bool json, uint64_t limit, OutputFile* out)
      : tables_(tables), json_(json), limit_(limit), out_(out) {}
  void OnEvent(const model::Event& e) override {
    if (limit_ != 0 && written_ >= limit_) return;
    ++written_;
    if (json_) {
      dump::AppendModelEventJson(e, *tables_, &buf_);
    } else {
      dump::AppendModelEventText(e, *tables_, &buf_);
    }
    buf_.push_back('\n');
    if (buf_.size() > (1 << 16)) Flush();
  }
  void Flush() {
    out_->Write(buf_);
    buf_.clear();
  }

 private:
  const model::Tables* tables_;
  bool json_;
  uint64_t limit_;
  uint64_t written_ = 0;
  OutputFile* out_;
  std::string buf_;
};

int Fail(const Status& s) {
  std::fprintf(stderr, "tracenote: %s\n", s.message().c_str());
  return ExitCodeFor(s);
}

}  // namespace

int RunDump(const DumpOptions& o) {
  const bool json = o.format == "json";
  auto source = OpenTraceFile(o.input);
  if (!source.ok()) return Fail(source.status());
  OutputFile out;
  if (Status s = out.Open(o.output); !s.ok()) return Fail(s);

  Status status;
  if (o.stats) {
    auto stats = dump::ComputeStats(o.input, source->get());
    if (!stats.ok()) return Fail(stats.status().WithPrefix(o.input));
    out.Write(json ? dump::FormatStatsJson(*stats) : dump::FormatStatsText(*stats));
  } else if (o.model) {
    ModelWriter writer(&(*source)->tables(), json, o.limit, &out);
    status = (*source)->ReplayModel(&writer);
    writer.Flush();
    if (!status.ok()) {
      out.Close();
      return Fail(status.WithPrefix(o.input));
    }
  } else {
    ListingWriter writer(&(*source)->tables(), json, o.limit, &out);
    ReplayOptions replay;
    replay.links = o.links;
    status = (*source)->ReplayRaw(replay, &writer);
    writer.Flush();
    if (!status.ok()) {
      out.Close();
      return Fail(status.WithPrefix(o.input));
    }
  }
  if (Status s = out.Close(); !s.ok()) return Fail(s);
  const model::TraceInfo& info = (*source)->info();
  if (info.partial) {
    std::fprintf(stderr, "tracenote: warning: %s: the trace is partial: %s\n", o.input.c_str(),
                 info.partial_reason.c_str());
    return kExitPartial;
  }
  return kExitOk;
}

}  // namespace tracenote::cli
