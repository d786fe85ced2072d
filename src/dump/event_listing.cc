#include "dump/event_listing.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace tracenote::dump {

namespace {

// Frames that only start a goroutine; the listing looks past them for the
// goroutine's own code.
bool IsEntryFrame(std::string_view func) {
  return func == "runtime.goexit" || func == "runtime.main";
}

}  // namespace

ListingRow MakeRow(const RawEvent& ev, const model::Tables& tables) {
  ListingRow row;
  row.index = ev.index;
  row.time = ev.time;
  row.name = ev.name;
  row.p = ev.p;
  row.g = ev.g;
  row.m = ev.m;
  row.offset = ev.offset;
  row.stack = ev.stack;
  if (ev.spec != nullptr) {
    row.num_args = ev.spec->num_args;
    for (int i = 0; i < row.num_args; ++i) {
      row.arg_names[i] = ev.spec->args[i];
      row.arg_values[i] = ev.args[i];
    }
    row.str_name = ev.spec->string_arg;
  }
  row.str_value = ev.str;
  row.message = ev.message;
  row.link = ev.link;
  row.link_name = ev.link_name;
  auto frames = tables.stacks.Get(ev.stack);
  if (!frames.empty()) {
    size_t outer = frames.size();
    while (outer > 0 && IsEntryFrame(tables.strings.Get(frames[outer - 1].func))) --outer;
    if (outer == 0) outer = 1;  // only entry frames: show the innermost
    row.caller = &frames[outer - 1];
    if (outer - 1 != 0) row.callee = &frames[0];
  }
  return row;
}

std::string EscapeForLine(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += fmt::format("\\x{:02x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

std::string FrameLocation(const model::Frame& f, const model::Tables& tables) {
  std::string_view file = tables.strings.Get(f.file);
  if (file.empty()) return f.pc != 0 ? fmt::format("{:#x}", f.pc) : "?";
  return fmt::format("{}:{}", EscapeForLine(file), f.line);
}

void AppendTextRow(const ListingRow& row, const model::Tables& tables, std::string* out) {
  auto it = std::back_inserter(*out);
  fmt::format_to(it, "{:>6}: {}.{:09} P{:<7} {:<14}", row.index, row.time / 1000000000,
                 row.time % 1000000000, row.p, row.name);
  if (row.g != 0) {
    fmt::format_to(it, " G{:<4}", row.g);
  } else {
    out->append("      ");
  }
  if (row.m >= 0) fmt::format_to(it, " M{}", row.m);
  if (row.caller != nullptr) {
    out->push_back(' ');
    out->append(FrameLocation(*row.caller, tables));
    if (row.callee != nullptr) {
      out->append(" -> ");
      out->append(FrameLocation(*row.callee, tables));
    }
  }
  for (int i = 0; i < row.num_args; ++i) {
    fmt::format_to(it, " {}={}", row.arg_names[i], row.arg_values[i]);
  }
  if (!row.str_name.empty()) {
    fmt::format_to(it, " {}={}", row.str_name, EscapeForLine(row.str_value));
  }
  if (!row.message.empty()) fmt::format_to(it, " message={}", EscapeForLine(row.message));
  if (row.link != kNoLink) fmt::format_to(it, " linked {}@{}", row.link_name, row.link);
}

void AppendJsonRow(const ListingRow& row, const model::Tables& tables, std::string* out) {
  nlohmann::ordered_json j;
  j["index"] = row.index;
  j["time_ns"] = row.time;
  j["name"] = row.name;
  j["p"] = row.p;
  j["g"] = row.g;
  if (row.m >= 0) j["m"] = row.m;
  j["offset"] = row.offset;
  nlohmann::ordered_json args = nlohmann::ordered_json::object();
  for (int i = 0; i < row.num_args; ++i) args[std::string(row.arg_names[i])] = row.arg_values[i];
  if (!row.str_name.empty()) args[std::string(row.str_name)] = std::string(row.str_value);
  if (!row.message.empty()) args["message"] = std::string(row.message);
  j["args"] = std::move(args);
  auto frames = tables.stacks.Get(row.stack);
  if (!frames.empty()) {
    nlohmann::ordered_json stack = nlohmann::ordered_json::array();
    for (const model::Frame& f : frames) {
      stack.push_back({{"func", tables.strings.Get(f.func)},
                       {"file", tables.strings.Get(f.file)},
                       {"line", f.line},
                       {"pc", f.pc}});
    }
    j["stack"] = std::move(stack);
  }
  if (row.link != kNoLink) j["link"] = {{"index", row.link}, {"name", row.link_name}};
  // Replace invalid UTF-8 from the trace instead of failing.
  out->append(j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

}  // namespace tracenote::dump
