#include "dump/model_listing.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "dump/event_listing.h"

namespace tracenote::dump {

namespace {

std::string StateChange(const model::Event& e) {
  if (e.kind == model::EventKind::kGoTransition) {
    return fmt::format("{}->{}", model::GoStateName(static_cast<model::GoState>(e.from)),
                       model::GoStateName(static_cast<model::GoState>(e.to)));
  }
  return fmt::format("{}->{}", model::ProcStateName(static_cast<model::ProcState>(e.from)),
                     model::ProcStateName(static_cast<model::ProcState>(e.to)));
}

std::string TopFrame(model::StackId stack, const model::Tables& tables) {
  auto frames = tables.stacks.Get(stack);
  if (frames.empty()) return "";
  return fmt::format("{} {}", EscapeForLine(tables.strings.Get(frames[0].func)),
                     FrameLocation(frames[0], tables));
}

}  // namespace

void AppendModelEventText(const model::Event& e, const model::Tables& tables, std::string* out) {
  using model::EventKind;
  auto it = std::back_inserter(*out);
  fmt::format_to(it, "{}.{:09} {:<14} P{:<3} M{:<4} G{:<5}", e.time / 1000000000,
                 e.time % 1000000000, model::EventKindName(e.kind), e.proc, e.thread, e.goroutine);
  const std::string name = EscapeForLine(tables.strings.Get(e.name));
  switch (e.kind) {
    case EventKind::kGoTransition:
      fmt::format_to(it, " G{} {}", e.resource, StateChange(e));
      if (!name.empty()) fmt::format_to(it, " reason={:?}", name);
      break;
    case EventKind::kProcTransition:
      fmt::format_to(it, " P{} {}", e.resource, StateChange(e));
      break;
    case EventKind::kRangeBegin:
    case EventKind::kRangeActive:
    case EventKind::kRangeEnd:
      fmt::format_to(it, " {:?}", name);
      break;
    case EventKind::kMetric:
      fmt::format_to(it, " {}={}", name, e.value);
      break;
    case EventKind::kLabel:
      fmt::format_to(it, " G{} label={:?}", e.resource, name);
      break;
    case EventKind::kTaskBegin:
      fmt::format_to(it, " task={} parent={} type={:?}", e.resource, e.value, name);
      break;
    case EventKind::kTaskEnd:
      fmt::format_to(it, " task={}", e.resource);
      break;
    case EventKind::kRegionBegin:
    case EventKind::kRegionEnd:
      fmt::format_to(it, " task={} region={:?}", e.resource, name);
      break;
    case EventKind::kLog:
      fmt::format_to(it, " task={} category={:?} message={:?}", e.resource, name,
                     EscapeForLine(tables.strings.Get(e.text)));
      break;
    case EventKind::kSyscallBlocked:
      fmt::format_to(it, " G{} thread={}", e.resource, static_cast<int64_t>(e.value));
      break;
    case EventKind::kStackSample:
      break;
  }
  const std::string where = TopFrame(e.stack, tables);
  if (!where.empty()) fmt::format_to(it, " at {}", where);
  const std::string start = TopFrame(e.extra_stack, tables);
  if (!start.empty()) fmt::format_to(it, " start {}", start);
}

void AppendModelEventJson(const model::Event& e, const model::Tables& tables, std::string* out) {
  nlohmann::ordered_json j;
  j["time_ns"] = e.time;
  j["kind"] = model::EventKindName(e.kind);
  j["p"] = e.proc;
  j["m"] = e.thread;
  j["g"] = e.goroutine;
  j["resource"] = e.resource;
  if (e.kind == model::EventKind::kGoTransition || e.kind == model::EventKind::kProcTransition) {
    j["transition"] = StateChange(e);
  }
  j["name"] = tables.strings.Get(e.name);
  if (e.text != 0) j["text"] = tables.strings.Get(e.text);
  j["value"] = e.value;
  j["offset"] = e.offset;
  if (e.stack != 0) j["at"] = TopFrame(e.stack, tables);
  if (e.extra_stack != 0) j["start"] = TopFrame(e.extra_stack, tables);
  out->append(j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

}  // namespace tracenote::dump
