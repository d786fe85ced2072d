#include "tools/v1_text_encoder.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <optional>

#include "ingest/trace_v1/v1_event_spec.h"
#include "tools/v1_text_lexer.h"

namespace tracenote::test_tools {

using trace_v1::kV1Specs;

namespace {

class LineError {
 public:
  explicit LineError(int line) : line_(line) {}
  Status operator()(std::string_view what) const {
    return InvalidArgumentError(fmt::format("v1 text line {}: {}", line_, what));
  }

 private:
  int line_;
};

void PutUvarint(std::vector<uint8_t>* out, uint64_t v, bool pad) {
  for (int i = 0; i < 9 && (pad || v >= 0x80); ++i) {
    out->push_back(static_cast<uint8_t>(v & 0x7f) | 0x80);
    v >>= 7;
  }
  out->push_back(static_cast<uint8_t>(v));
}

int LookupType(std::string_view name) {
  for (int t = 1; t < trace_v1::kNumV1Types; ++t) {
    if (kV1Specs[t].name == name) return t;
    for (int v = trace_v1::kV1MinVersion; v <= trace_v1::kV1MaxVersion; ++v) {
      if (trace_v1::V1EventName(static_cast<uint8_t>(t), v) == name) return t;
    }
  }
  return -1;
}

std::optional<int> ParseVersion(std::string_view v) {
  if (v.substr(0, 2) != "1.") return std::nullopt;
  auto minor = ParseValue(v.substr(2));
  if (!minor || *minor > 999) return std::nullopt;
  return 1000 + static_cast<int>(*minor);
}

// The parsed tokens of one record line (after the name).
struct Fields {
  std::map<std::string, std::string> named;  // key -> value
  std::optional<std::string> bare_string;    // String's "text"
  bool is_long = false, pad = false, pad_all = false;
  std::optional<uint64_t> len;
  std::optional<int> rules;
};

Status SplitFields(const std::vector<Token>& toks, const LineError& err, Fields* f) {
  for (size_t i = 1; i < toks.size(); ++i) {
    const Token& t = toks[i];
    std::string_view flag = t.key.empty() ? std::string_view(t.value) : std::string_view(t.key);
    if (!flag.empty() && flag[0] == '!') {
      bool ok = true;
      if (flag == "!long") {
        f->is_long = true;
      } else if (flag == "!pad") {
        f->pad = true;
      } else if (flag == "!padall") {
        f->pad_all = true;
      } else if (flag == "!len") {
        ok = (f->len = ParseValue(t.value)).has_value();
      } else if (flag == "!rules") {
        ok = (f->rules = ParseVersion(t.value)).has_value();
      } else {
        ok = false;
      }
      if (!ok) return err(fmt::format("bad flag '{}'", flag));
      continue;
    }
    if (t.key.empty()) {
      if (!t.quoted || f->bare_string) return err(fmt::format("unexpected '{}'", t.value));
      f->bare_string = t.value;
      continue;
    }
    if (!f->named.emplace(t.key, t.value).second) {
      return err(fmt::format("argument '{}' given twice", t.key));
    }
  }
  return Status::Ok();
}

Status TakeValue(Fields* f, const std::string& key, std::optional<uint64_t> def,
                 const LineError& err, std::string_view event, uint64_t* out) {
  auto it = f->named.find(key);
  if (it == f->named.end()) {
    if (!def) return err(fmt::format("{}: missing argument '{}'", event, key));
    *out = *def;
    return Status::Ok();
  }
  auto v = ParseValue(it->second);
  if (!v) return err(fmt::format("{}: bad value '{}' for '{}'", event, it->second, key));
  *out = *v;
  f->named.erase(it);
  return Status::Ok();
}

Status RejectLeftovers(const Fields& f, const LineError& err, std::string_view event,
                       const std::vector<std::string>& names) {
  if (f.named.empty()) return Status::Ok();
  return err(fmt::format("{}: unknown argument '{}' (arguments: {})", event, f.named.begin()->first,
                         fmt::join(names, " ")));
}

// Writes `body` with the A==3 framing: type byte, length, values.
void PutLong(std::vector<uint8_t>* out, uint8_t type, const std::vector<uint8_t>& body,
             const Fields& f) {
  out->push_back(static_cast<uint8_t>(type | 3 << 6));
  PutUvarint(out, f.len.value_or(body.size()), f.pad || f.pad_all);
  out->insert(out->end(), body.begin(), body.end());
}

Status EncodeStack(Fields f, int ver, const LineError& err, std::vector<uint8_t>* out) {
  const std::vector<std::string> frame_keys =
      ver < 1007 ? std::vector<std::string>{"pc"}
                 : std::vector<std::string>{"pc", "fn", "file", "line"};
  uint64_t id = 0;
  RETURN_IF_ERROR(TakeValue(&f, "id", std::nullopt, err, "Stack", &id));
  auto frames_it = f.named.find("frames");
  if (frames_it == f.named.end()) return err("Stack: missing argument 'frames'");
  std::string frames_text = frames_it->second;
  f.named.erase(frames_it);
  std::vector<uint8_t> values;
  uint64_t nframes = 0;
  std::string_view rest = frames_text;
  while (rest.find_first_not_of(" \t") != std::string_view::npos) {
    size_t comma = rest.find(',');
    std::vector<Token> toks;
    if (Status s = TokenizeLine(rest.substr(0, comma), &toks); !s.ok()) return err(s.message());
    Fields frame;
    toks.insert(toks.begin(), Token{});
    RETURN_IF_ERROR(SplitFields(toks, err, &frame));
    for (const std::string& k : frame_keys) {
      uint64_t v = 0;
      RETURN_IF_ERROR(TakeValue(&frame, k, std::nullopt, err, "Stack frame", &v));
      PutUvarint(&values, v, f.pad_all);
    }
    RETURN_IF_ERROR(RejectLeftovers(frame, err, "Stack frame", frame_keys));
    ++nframes;
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  RETURN_IF_ERROR(TakeValue(&f, "siz", nframes, err, "Stack", &nframes));
  RETURN_IF_ERROR(RejectLeftovers(f, err, "Stack", {"id", "frames", "siz"}));
  std::vector<uint8_t> body;
  PutUvarint(&body, id, f.pad_all);
  PutUvarint(&body, nframes, f.pad_all);
  body.insert(body.end(), values.begin(), values.end());
  PutLong(out, trace_v1::kStack, body, f);
  return Status::Ok();
}

Status EncodeString(Fields f, const LineError& err, std::vector<uint8_t>* out) {
  uint64_t id = 0;
  RETURN_IF_ERROR(TakeValue(&f, "id", std::nullopt, err, "String", &id));
  RETURN_IF_ERROR(RejectLeftovers(f, err, "String", {"id"}));
  if (!f.bare_string) return err("String: missing the quoted value");
  out->push_back(trace_v1::kString);
  PutUvarint(out, id, f.pad_all);
  PutUvarint(out, f.len.value_or(f.bare_string->size()), f.pad_all);
  out->insert(out->end(), f.bare_string->begin(), f.bare_string->end());
  return Status::Ok();
}

Status EncodeEvent(uint8_t type, std::string_view name, Fields f, int ver, const LineError& err,
                   std::vector<uint8_t>* out) {
  const int rules = f.rules.value_or(ver);
  if (!f.rules && kV1Specs[type].since > ver) {
    return err(fmt::format("{} does not exist in go 1.{} traces (use !rules=)", name, ver - 1000));
  }
  const std::vector<std::string> names = V1TextArgNames(type, rules);
  std::vector<uint64_t> values;
  for (const std::string& n : names) {
    std::optional<uint64_t> def;
    if (n == "stk" || n == "unused") def = 0;
    uint64_t v = 0;
    RETURN_IF_ERROR(TakeValue(&f, n, def, err, name, &v));
    values.push_back(v);
  }
  std::optional<std::string> message;
  if (type == trace_v1::kUserLog) {
    auto it = f.named.find("message");
    if (it == f.named.end()) return err("UserLog: missing argument 'message'");
    message = it->second;
    f.named.erase(it);
  }
  RETURN_IF_ERROR(RejectLeftovers(f, err, name, names));
  if (f.bare_string) return err(fmt::format("{}: unexpected string", name));

  const int base = rules < 1007 ? 2 : 1;
  const int n = static_cast<int>(values.size());
  const int code = f.is_long ? 3 : std::clamp(n - base, 0, 3);
  if (code == 3) {
    std::vector<uint8_t> body;
    for (uint64_t v : values) PutUvarint(&body, v, f.pad_all);
    PutLong(out, type, body, f);
  } else {
    if (f.pad || f.len) return err(fmt::format("{}: !pad and !len need !long", name));
    out->push_back(static_cast<uint8_t>(type | code << 6));
    for (uint64_t v : values) PutUvarint(out, v, f.pad_all);
  }
  if (message) {
    PutUvarint(out, message->size(), f.pad_all);
    out->insert(out->end(), message->begin(), message->end());
  }
  return Status::Ok();
}

}  // namespace

std::vector<std::string> V1TextArgNames(uint8_t type, int version) {
  std::vector<std::string> names;
  if (type == trace_v1::kString || type == trace_v1::kStack || type >= trace_v1::kNumV1Types) {
    return names;
  }
  const EventSpec& s = kV1Specs[type];
  const bool v15 = version < 1007;
  if (s.timed) {
    if (v15) names.emplace_back("seqdt");
    names.emplace_back("dt");
  }
  for (int i = 0; i < s.num_args; ++i) {
    const std::string_view a = s.args[i];
    // The arguments older versions did not write (see V1WireArgCount).
    if (type == trace_v1::kGCSweepDone && version < 1009) continue;
    if (type == trace_v1::kSTWStart && version < 1010) continue;
    if (v15 && a == "seq" &&
        (type == trace_v1::kGCStart || type == trace_v1::kGoStart ||
         type == trace_v1::kGoUnblock)) {
      continue;
    }
    names.emplace_back(a);
    if (v15 && type == trace_v1::kBatch && a == "p") names.emplace_back("seq");
  }
  if (v15 && (type == trace_v1::kFrequency || type == trace_v1::kTimerGoroutine)) {
    names.emplace_back("unused");
  }
  if (s.has_stack) names.emplace_back("stk");
  return names;
}

StatusOr<std::vector<uint8_t>> EncodeV1Text(std::string_view text) {
  std::vector<uint8_t> out;
  int version = 0;
  int line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    const LineError err(++line_no);
    std::vector<Token> toks;
    if (Status s = TokenizeLine(line, &toks); !s.ok()) return err(s.message());
    if (toks.empty()) continue;
    const Token& head = toks[0];
    if (!head.key.empty() || head.quoted) return err("a line must start with a record name");
    if (head.value == "raw") {
      for (size_t i = 1; i < toks.size(); ++i) {
        if (toks[i].quoted) {
          out.insert(out.end(), toks[i].value.begin(), toks[i].value.end());
          continue;
        }
        auto b = ParseValue(toks[i].value);
        if (!toks[i].key.empty() || !b || *b > 0xff) {
          return err(fmt::format("raw: '{}' is not a byte", toks[i].value));
        }
        out.push_back(static_cast<uint8_t>(*b));
      }
      continue;
    }
    if (head.value == "go") {
      std::optional<int> v;
      if (toks.size() != 2 || version != 0 || !(v = ParseVersion(toks[1].value))) {
        return err("the header is one line 'go 1.N' before any record");
      }
      version = *v;
      std::string h = fmt::format("go 1.{} trace", version - 1000);
      h.resize(std::max<size_t>(h.size(), 16), '\0');
      out.insert(out.end(), h.begin(), h.end());
      continue;
    }
    if (version == 0) return err("the first record must be the header 'go 1.N'");
    const int type = LookupType(head.value);
    if (type < 0) return err(fmt::format("unknown event '{}'", head.value));
    Fields f;
    RETURN_IF_ERROR(SplitFields(toks, err, &f));
    if (type == trace_v1::kStack) {
      RETURN_IF_ERROR(EncodeStack(std::move(f), version, err, &out));
    } else if (type == trace_v1::kString) {
      RETURN_IF_ERROR(EncodeString(std::move(f), err, &out));
    } else {
      RETURN_IF_ERROR(
          EncodeEvent(static_cast<uint8_t>(type), head.value, std::move(f), version, err, &out));
    }
  }
  return out;
}

}  // namespace tracenote::test_tools
