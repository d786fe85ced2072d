#include "report/findings_json.h"

#include <type_traits>

namespace tracenote::report {

Json ArgsJson(const l10n::MessageArgs& args) {
  Json out = Json::object();
  for (const auto& [name, value] : args) {
    out[name] = std::visit(
        [](const auto& v) -> Json {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, l10n::Duration>) {
            return v.ns;
          } else if constexpr (std::is_same_v<T, l10n::Bytes>) {
            return v.n;
          } else if constexpr (std::is_same_v<T, l10n::Percent>) {
            return v.value;
          } else if constexpr (std::is_same_v<T, l10n::TraceText>) {
            return v.text;
          } else {
            return v;
          }
        },
        value);
  }
  return out;
}

Json FindingsJson(const std::vector<analysis::Finding>& findings, const model::Tables& tables) {
  Json out = Json::array();
  for (const analysis::Finding& f : findings) {
    Json j;
    j["id"] = f.id;
    j["severity"] = analysis::SeverityName(f.severity);
    j["title_key"] = f.title;
    j["start_ns"] = f.start == analysis::kUnknownTime ? Json(nullptr) : Json(f.start);
    j["end_ns"] = f.end == analysis::kUnknownTime ? Json(nullptr) : Json(f.end);
    j["goroutines"] = f.goroutines;
    j["args"] = ArgsJson(f.args);
    j["numbers"] = f.numbers;
    Json evidence = Json::array();
    for (const analysis::Evidence& e : f.evidence) {
      Json ej;
      ej["message_key"] = e.message;
      ej["time_ns"] = e.time == analysis::kUnknownTime ? Json(nullptr) : Json(e.time);
      ej["goroutine"] = e.goroutine;
      ej["args"] = ArgsJson(e.args);
      if (e.stack != 0) ej["stack"] = StackJson(e.stack, tables);
      evidence.push_back(std::move(ej));
    }
    j["evidence"] = std::move(evidence);
    out.push_back(std::move(j));
  }
  return out;
}

Json WalkthroughJson(const Walkthrough& w, const model::Tables& tables) {
  Json j;
  j["total_events"] = w.total_events;
  j["listed_events"] = w.listed_events;
  j["limited"] = w.limited;
  Json episodes = Json::array();
  for (const Episode& ep : w.episodes) {
    Json e;
    e["topic"] = ep.topic;
    e["goroutine"] = ep.goroutine;
    Json comments = Json::array();
    for (const Comment& c : ep.comments) {
      comments.push_back({{"message_key", c.message}, {"args", ArgsJson(c.args)}});
    }
    e["comments"] = std::move(comments);
    e["gap_before"] = ep.gap_before;
    if (ep.collapsed > 0) {
      e["collapsed"] = ep.collapsed;
      e["period_ns"] = ep.period;
    }
    Json rows = Json::array();
    for (const WalkRow& r : ep.rows) {
      Json row = {{"index", r.index}, {"time_ns", r.time}, {"name", r.name},
                  {"g", r.goroutine}, {"p", r.proc},       {"detail", r.detail}};
      if (r.stack != 0) row["at"] = StackTop(r.stack, tables);
      rows.push_back(std::move(row));
    }
    e["rows"] = std::move(rows);
    episodes.push_back(std::move(e));
  }
  j["episodes"] = std::move(episodes);
  return j;
}

}  // namespace tracenote::report
