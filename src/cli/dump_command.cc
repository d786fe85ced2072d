#include "cli/dump_command.h"

#include <fmt/format.h>

#include <cstdio>

#include "cli/exit_codes.h"
#include "cli/output_file.h"
#include "dump/event_listing.h"
#include "dump/model_listing.h"
#include "dump/profile_raw.h"
#include "dump/trace_stats.h"
#include "ingest/open_trace.h"
#include "ingest/pprof/pprof_reader.h"
#include "ingest/sniff.h"

namespace tracenote::cli {

namespace {

// Collects output lines and writes them in 64 KiB chunks.
class ChunkedWriter {
 public:
  ChunkedWriter(uint64_t limit, OutputFile* out) : limit_(limit), out_(out) {}
  // True while more lines are wanted (--limit).
  bool Wants() const { return limit_ == 0 || written_ < limit_; }
  std::string* Line() {
    ++written_;
    return &buf_;
  }
  void EndLine() {
    buf_.push_back('\n');
    if (buf_.size() > (1 << 16)) Flush();
  }
  void Flush() {
    out_->Write(buf_);
    buf_.clear();
  }

 private:
  uint64_t limit_;
  uint64_t written_ = 0;
  OutputFile* out_;
  std::string buf_;
};

// Streams listing rows into the output.
class ListingWriter : public RawEventSink {
 public:
  ListingWriter(const model::Tables* tables, bool json, ChunkedWriter* w)
      : tables_(tables), json_(json), w_(w) {}
  bool OnRawEvent(const RawEvent& ev) override {
    dump::ListingRow row = dump::MakeRow(ev, *tables_);
    if (json_) {
      dump::AppendJsonRow(row, *tables_, w_->Line());
    } else {
      dump::AppendTextRow(row, *tables_, w_->Line());
    }
    w_->EndLine();
    return w_->Wants();
  }

 private:
  const model::Tables* tables_;
  bool json_;
  ChunkedWriter* w_;
};

// Streams model events into the output.
class ModelWriter : public model::EventSink {
 public:
  ModelWriter(const model::Tables* tables, bool json, ChunkedWriter* w)
      : tables_(tables), json_(json), w_(w) {}
  void OnEvent(const model::Event& e) override {
    if (!w_->Wants()) return;
    if (json_) {
      dump::AppendModelEventJson(e, *tables_, w_->Line());
    } else {
      dump::AppendModelEventText(e, *tables_, w_->Line());
    }
    w_->EndLine();
  }
  bool WantsMore() const override { return w_->Wants(); }

 private:
  const model::Tables* tables_;
  bool json_;
  ChunkedWriter* w_;
};

int Fail(const Status& s) {
  std::fprintf(stderr, "tracenote: %s\n", s.message().c_str());
  return ExitCodeFor(s);
}

// A pprof profile is dumped as `pprof -raw` prints it.
int DumpProfile(const FileBlob& input, const DumpOptions& o) {
  auto profile = pprof::ReadProfile(input.view(), input.name());
  if (!profile.ok()) return Fail(profile.status());
  OutputFile out;
  if (Status s = out.Open(o.output); !s.ok()) return Fail(s);
  out.Write(FormatProfileRaw(*profile));
  if (Status s = out.Close(); !s.ok()) return Fail(s);
  return kExitOk;
}

}  // namespace

int RunDump(const DumpOptions& o) {
  const bool json = o.format == "json";
  // The input is read (and inflated) once, then goes by its content to the
  // pprof reader or to the trace readers.
  auto blob = ReadInputFile(o.input);
  if (!blob.ok()) return Fail(blob.status());
  std::unique_ptr<FileBlob> input = std::move(blob).value();
  if (SniffInput(input->view()) == InputKind::kPprof) return DumpProfile(*input, o);
  auto source = OpenTraceBlob(std::move(input));
  if (!source.ok()) return Fail(source.status());
  OutputFile out;
  if (Status s = out.Open(o.output); !s.ok()) return Fail(s);

  Status status;
  if (o.stats) {
    auto stats = dump::ComputeStats(o.input, source->get());
    if (!stats.ok()) return Fail(stats.status().WithPrefix(o.input));
    out.Write(json ? dump::FormatStatsJson(*stats) : dump::FormatStatsText(*stats));
  } else if (o.model) {
    ChunkedWriter chunks(o.limit, &out);
    ModelWriter writer(&(*source)->tables(), json, &chunks);
    status = (*source)->ReplayModel(&writer);
    chunks.Flush();
    if (!status.ok()) {
      out.Close();
      return Fail(status.WithPrefix(o.input));
    }
  } else {
    ChunkedWriter chunks(o.limit, &out);
    ListingWriter writer(&(*source)->tables(), json, &chunks);
    ReplayOptions replay;
    replay.links = o.links;
    status = (*source)->ReplayRaw(replay, &writer);
    chunks.Flush();
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
