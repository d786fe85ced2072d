#include "tools/v2_text_encoder.h"

#include <fmt/format.h>

#include <optional>
#include <string>

#include "ingest/trace_v2/v2_event_spec.h"
#include "tools/go_fuzz_literal.h"
#include "tools/v2_text_lexer.h"

namespace tracenote::test_tools {

using trace_v2::V2Spec;

namespace {

// Builds the errors of one line: "v2 text line N: <what>".
class LineError {
 public:
  explicit LineError(int line) : line_(line) {}
  Status operator()(std::string_view what) const {
    return InvalidArgumentError(fmt::format("v2 text line {}: {}", line_, what));
  }

 private:
  int line_;
};

// Appends `v` as a uvarint: minimal, or padded to 10 bytes when `pad`.
void PutUvarint(std::vector<uint8_t>* out, uint64_t v, bool pad) {
  for (int i = 0; i < 9 && (pad || v >= 0x80); ++i) {
    out->push_back(static_cast<uint8_t>(v & 0x7f) | 0x80);
    v >>= 7;
  }
  out->push_back(static_cast<uint8_t>(v));
}

// The wire id of the event Go calls `name` (any version), if there is one.
std::optional<uint8_t> LookupEvent(std::string_view name) {
  for (int t = 1; t <= trace_v2::kEvLastExperimental; ++t) {
    const EventSpec* s = V2Spec(static_cast<uint8_t>(t));
    if (s != nullptr && s->name == name) return static_cast<uint8_t>(t);
  }
  return std::nullopt;
}

std::string GoVersionName(int version) { return fmt::format("Go1.{}", version - 1000); }

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Writes one trace: the lines are read in order and appended to `out_`.
class Encoder {
 public:
  explicit Encoder(std::string_view text) : lines_(text) {}

  // Encodes the whole text (the header, then every record).
  StatusOr<std::vector<uint8_t>> Run() {
    RETURN_IF_ERROR(Header());
    V2TextLine line;
    while (lines_.Next(&line)) RETURN_IF_ERROR(Record(line));
    CloseBatch();
    return std::move(out_);
  }

 private:
  // An EventBatch whose size the encoder computes (extension 1).
  struct OpenBatch {
    size_t payload_start;  // where the size goes and the payload starts
    bool pad;
  };

  // Reads `Trace Go1.<minor>` and writes the 16-byte header.
  Status Header() {
    V2TextLine line;
    if (!lines_.Next(&line)) return InvalidArgumentError("v2 text: no header line");
    const LineError err(line.number);
    std::string_view rest;
    const std::string_view trace = V2ReadToken(line.text, &rest);
    const std::string_view gover = V2ReadToken(rest, &rest);
    std::string_view extra;
    std::optional<uint64_t> minor;
    if (gover.substr(0, 4) == "Go1.") minor = V2ParseDecimal(gover.substr(4));
    if (trace != "Trace" || !minor || !V2ReadToken(rest, &extra).empty()) {
      return err(
          fmt::format("expected the header 'Trace Go1.<minor>', got '{}'", V2TrimSpace(line.text)));
    }
    if (*minor > 999 || !trace_v2::IsKnownV2Version(1000 + static_cast<int>(*minor))) {
      return err(fmt::format("unsupported version {} (known: Go1.22 Go1.23 Go1.25 Go1.26)", gover));
    }
    version_ = 1000 + static_cast<int>(*minor);
    const std::string magic = fmt::format("go 1.{} trace", *minor);
    out_.assign(magic.begin(), magic.end());
    out_.resize(16, 0);
    return Status::Ok();
  }

  // Writes the record on `line` and the frame or data lines that follow it.
  Status Record(const V2TextLine& line) {
    const LineError err(line.number);
    std::string_view rest;
    const std::string_view name = V2ReadToken(line.text, &rest);
    if (name == "raw") return Raw(rest, err);
    const std::optional<uint8_t> type = LookupEvent(name);
    if (!type) return err(fmt::format("unknown event '{}'", name));
    const EventSpec& spec = *V2Spec(*type);
    if (spec.since > version_) {
      return err(fmt::format("{}: not in {} traces (since {})", name, GoVersionName(version_),
                             GoVersionName(spec.since)));
    }
    const bool is_batch = *type == trace_v2::kEvEventBatch;
    if (is_batch || *type == trace_v2::kEvExperimentalBatch ||
        *type == trace_v2::kEvEndOfGeneration) {
      CloseBatch();
    }
    std::vector<uint64_t> values;
    bool auto_size = false, pad = false;
    RETURN_IF_ERROR(
        Args(&rest, V2TextArgNames(*type), err, name, is_batch, &values, &auto_size, &pad));
    out_.push_back(*type);
    for (size_t i = 0; i < values.size(); ++i) {
      PutUvarint(&out_, values[i], pad && i == values.size() - 1 && !auto_size);
    }
    if (auto_size) open_ = OpenBatch{out_.size(), pad};
    if (*type == trace_v2::kEvStack) return Frames(values[1], line.number, name);
    if (*type == trace_v2::kEvString || *type == trace_v2::kEvExperimentalBatch) {
      return Data(line.number, name);
    }
    return Status::Ok();
  }

  // Reads the `names` arguments from *rest, in order, into *values. For an
  // EventBatch (`batch`) size= may be left out and a trailing `!pad` given.
  static Status Args(std::string_view* rest, const std::vector<std::string_view>& names,
                     const LineError& err, std::string_view event, bool batch,
                     std::vector<uint64_t>* values, bool* auto_size, bool* pad) {
    for (std::string_view want : names) {
      std::string_view after;
      const std::string_view tok = V2ReadToken(*rest, &after);
      if (batch && want == "size" && (tok.empty() || tok[0] == '!')) {
        *auto_size = true;
        break;
      }
      if (tok.empty()) return err(fmt::format("{}: missing argument '{}'", event, want));
      const size_t eq = tok.find('=');
      if (eq == std::string_view::npos) {
        return err(fmt::format("{}: malformed argument '{}' (want {}=<value>)", event, tok, want));
      }
      const std::string_view key = tok.substr(0, eq), val = tok.substr(eq + 1);
      if (key != want) {
        return err(fmt::format("{}: expected argument '{}', got '{}'", event, want, key));
      }
      std::optional<uint64_t> v = V2ParseDecimal(val);
      if (!v && (key == "m" || key == "p") && val == "none") v = ~uint64_t{0};
      if (!v) {
        return err(
            fmt::format("{}: bad value '{}' for '{}' (want an unsigned decimal)", event, val, key));
      }
      values->push_back(*v);
      *rest = after;
    }
    for (std::string_view tok = V2ReadToken(*rest, rest); !tok.empty();
         tok = V2ReadToken(*rest, rest)) {
      if (batch && tok == "!pad" && !*pad) {
        *pad = true;
        continue;
      }
      return err(fmt::format("{}: unexpected '{}' after the last argument", event, tok));
    }
    return Status::Ok();
  }

  // Reads the `nframes` frame lines of a Stack record started on line
  // `stack_line` and writes their values.
  Status Frames(uint64_t nframes, int stack_line, std::string_view event) {
    static const std::vector<std::string_view> kFrameArgs = {"pc", "func", "file", "line"};
    for (uint64_t i = 0; i < nframes; ++i) {
      V2TextLine line;
      if (!lines_.Next(&line)) {
        return LineError(stack_line)(
            fmt::format("{}: expected {} frame lines, the text ends after {}", event, nframes, i));
      }
      std::string_view rest = line.text;
      std::vector<uint64_t> values;
      bool unused_auto = false, unused_pad = false;
      RETURN_IF_ERROR(Args(&rest, kFrameArgs, LineError(line.number),
                           fmt::format("{} frame {}", event, i + 1), false, &values, &unused_auto,
                           &unused_pad));
      for (uint64_t v : values) PutUvarint(&out_, v, false);
    }
    return Status::Ok();
  }

  // Reads the `data=<literal>` line after a String or ExperimentalBatch
  // record and writes its length and bytes.
  Status Data(int record_line, std::string_view event) {
    V2TextLine line;
    if (!lines_.Next(&line)) {
      return LineError(record_line)(
          fmt::format("{}: expected a line data=<Go string literal>, the text ends", event));
    }
    const LineError err(line.number);
    const size_t eq = line.text.find('=');
    if (eq == std::string_view::npos || V2TrimSpace(line.text.substr(0, eq)) != "data") {
      return err(fmt::format("{}: expected a line data=<Go string literal>, got '{}'", event,
                             V2TrimSpace(line.text)));
    }
    auto data = DecodeGoStringLiteral(V2TrimSpace(line.text.substr(eq + 1)));
    if (!data.ok()) return err(fmt::format("{}: bad data: {}", event, data.status().message()));
    PutUvarint(&out_, data->size(), false);
    out_.insert(out_.end(), data->begin(), data->end());
    return Status::Ok();
  }

  // Writes the bytes of a `raw` line (extension 3).
  Status Raw(std::string_view rest, const LineError& err) {
    bool any = false;
    for (std::string_view tok = V2ReadToken(rest, &rest); !tok.empty();
         tok = V2ReadToken(rest, &rest)) {
      if (tok.size() % 2 != 0)
        return err(fmt::format("raw: odd number of hex digits in '{}'", tok));
      for (size_t i = 0; i < tok.size(); i += 2) {
        const int hi = HexDigit(tok[i]), lo = HexDigit(tok[i + 1]);
        if (hi < 0 || lo < 0) return err(fmt::format("raw: bad hex byte in '{}'", tok));
        out_.push_back(static_cast<uint8_t>(hi * 16 + lo));
      }
      any = true;
    }
    if (!any) return err("raw: no bytes");
    return Status::Ok();
  }

  // Ends the EventBatch whose size is computed, if one is open: writes the
  // size of the bytes written since its header in front of them.
  void CloseBatch() {
    if (!open_) return;
    std::vector<uint8_t> size;
    PutUvarint(&size, out_.size() - open_->payload_start, open_->pad);
    out_.insert(out_.begin() + static_cast<std::ptrdiff_t>(open_->payload_start), size.begin(),
                size.end());
    open_.reset();
  }

  V2LineReader lines_;
  int version_ = 0;
  std::vector<uint8_t> out_;
  std::optional<OpenBatch> open_;
};

}  // namespace

std::vector<std::string_view> V2TextArgNames(uint8_t type) {
  const EventSpec* s = V2Spec(type);
  if (s == nullptr) return {};
  std::vector<std::string_view> names;
  if (s->timed) names.push_back("dt");
  names.insert(names.end(), s->args.begin(), s->args.begin() + s->num_args);
  if (s->has_stack) names.push_back("stack");
  return names;
}

StatusOr<std::vector<uint8_t>> EncodeV2Text(std::string_view text) { return Encoder(text).Run(); }

}  // namespace tracenote::test_tools
