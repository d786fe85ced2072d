#include "dump/trace_stats.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "dump/event_listing.h"

namespace tracenote::dump {

StatusOr<TraceStats> ComputeStats(const std::string& file, TraceSource* source) {
  TraceStats stats;
  stats.file = file;
  RETURN_IF_ERROR(source->CountEvents(&stats.counts));
  stats.info = source->info();
  return stats;
}

std::string FormatStatsText(const TraceStats& s) {
  const model::TraceInfo& i = s.info;
  std::string out;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "file:        {}\n", EscapeForLine(s.file));
  fmt::format_to(it, "format:      {}, header \"go {} trace\"\n", i.format, i.VersionString());
  fmt::format_to(it, "events:      {}\n", i.events);
  fmt::format_to(it, "duration:    {}.{:09} s\n", i.duration_ns / 1000000000,
                 i.duration_ns % 1000000000);
  fmt::format_to(it, "goroutines:  {}\n", i.goroutines);
  fmt::format_to(it, "procs:       {}\n", i.procs);
  fmt::format_to(it, "threads:     {}\n", i.threads);
  fmt::format_to(it, "frequency:   {} ticks/s\n", i.frequency);
  if (i.partial) fmt::format_to(it, "partial:     {}\n", EscapeForLine(i.partial_reason));
  out += "counts:\n";
  for (const auto& [name, n] : s.counts) fmt::format_to(it, "  {:<20} {:>10}\n", name, n);
  if (!i.anomalies.empty()) {
    out += "data quality:\n";
    for (const auto& a : i.anomalies) {
      fmt::format_to(it, "  {}: {} (x{})\n", a.id, a.description, a.count);
    }
  }
  return out;
}

std::string FormatStatsJson(const TraceStats& s) {
  const model::TraceInfo& i = s.info;
  nlohmann::ordered_json j;
  j["file"] = s.file;
  j["format"] = i.format;
  j["version"] = i.VersionString();
  j["events"] = i.events;
  j["counts"] = s.counts;
  j["goroutines"] = i.goroutines;
  j["procs"] = i.procs;
  j["threads"] = i.threads;
  j["duration_ns"] = i.duration_ns;
  j["frequency"] = i.frequency;
  j["partial"] = i.partial;
  if (i.partial) j["partial_reason"] = i.partial_reason;
  nlohmann::ordered_json anomalies = nlohmann::ordered_json::array();
  for (const auto& a : i.anomalies) {
    anomalies.push_back({{"id", a.id},
                         {"description", a.description},
                         {"count", a.count},
                         {"first_offset", a.first_offset}});
  }
  j["anomalies"] = std::move(anomalies);
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace tracenote::dump
