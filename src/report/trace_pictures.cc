#include "report/trace_pictures.h"

#include <algorithm>
#include <memory>
#include <string>

#include "model/tee_sink.h"
#include "pictures/charts.h"
#include "pictures/timeline_picture.h"

namespace tracenote::report {
namespace {

using l10n::Duration;

constexpr int kMmuPoints = 40;

pictures::PictureOptions Options(const std::string& name) {
  pictures::PictureOptions o;
  o.id = "tn-" + name;
  return o;
}

// A finding's headline as plain text, for a title.
std::string Headline(const analysis::Finding& f, const l10n::Catalog& c) {
  return c.FormatText(f.title, f.args);
}

void DrawCharts(const analysis::TraceAnalysis& a, const analysis::MutatorUtilization& mu,
                const analysis::GoroutineCounts& counts, const l10n::Catalog& c, PictureSet* set) {
  pictures::ChartText text;
  text.title = c.FormatText("picture.goroutines.title");
  text.description = c.FormatText("picture.goroutines.description",
                                  {{"max_alive", static_cast<int64_t>(counts.max_alive)},
                                   {"max_runnable", static_cast<int64_t>(counts.max_runnable)}});
  set->Add({"goroutines", text.title,
            pictures::RenderGoroutineCountSvg(counts, text, c, Options("goroutines"))});

  const analysis::LatencyHistogram& h = a.sched_latency;
  if (h.total > 0) {
    text.title = c.FormatText("picture.sched_latency.title");
    text.description =
        c.FormatText("picture.sched_latency.description", {{"count", static_cast<int64_t>(h.total)},
                                                           {"p50", Duration{h.Quantile(0.5)}},
                                                           {"p99", Duration{h.Quantile(0.99)}},
                                                           {"max", Duration{h.max}}});
    set->Add({"sched-latency", text.title,
              pictures::RenderSchedLatencySvg(h, text, c, Options("sched-latency"))});
  }
  if (a.gc_cycles.empty()) return;  // the GC section, where these go, is left out
  text.title = c.FormatText("picture.heap.title");
  text.description = c.FormatText("picture.heap.description",
                                  {{"cycles", static_cast<int64_t>(a.gc_cycles.size())},
                                   {"pauses", static_cast<int64_t>(a.stw_pauses.size())}});
  set->Add({"heap", text.title, pictures::RenderHeapSvg(a, text, c, Options("heap"))});
  text.title = c.FormatText("picture.mmu.title");
  text.description = c.FormatText("picture.mmu.description");
  set->Add(
      {"mmu", text.title,
       pictures::RenderMmuSvg(analysis::ComputeMmuCurve(mu, kMmuPoints), text, c, Options("mmu"))});
}

}  // namespace

TracePictureCollectors::TracePictureCollectors(const model::Tables* tables)
    : timeline_(tables, analysis::TimelineWindow{}), utilization_(tables) {}

void TracePictureCollectors::OnEvent(const model::Event& event) {
  timeline_.OnEvent(event);
  utilization_.OnEvent(event);
  counts_.OnEvent(event);
}

CloseUp CloseUpOf(const analysis::Finding& f, const analysis::TraceAnalysis& a) {
  CloseUp out;
  if (f.start == analysis::kUnknownTime || f.id == "goroutine-leak") return out;
  int64_t from = f.start;
  int64_t to = f.end == analysis::kUnknownTime ? f.start : f.end;
  if (f.id == "gc-stw") {
    // The whole GC cycle around the pause: both stop-the-world phases.
    for (const analysis::GcCycle& g : a.gc_cycles) {
      const int64_t s = g.sweep_term_start != analysis::kUnknownTime ? g.sweep_term_start : g.start;
      const int64_t e = g.mark_term_end != analysis::kUnknownTime ? g.mark_term_end : g.end;
      if (e != analysis::kUnknownTime && s <= f.start && f.start <= e) {
        from = s;
        to = e;
        break;
      }
    }
  }
  const int64_t length = std::clamp(to - from, kMinCloseUp, kMaxCloseUp);
  const int64_t margin = length / 8;
  out.start = std::max<int64_t>(0, from - margin);
  out.end = std::min(a.end_time, from + length + margin);
  if (out.end <= out.start) return CloseUp{};
  out.threads = f.id == "syscall-handoff" || f.id == "long-syscall";
  return out;
}

Status DrawTracePictures(TraceSource* source, const analysis::TraceAnalysis& a,
                         const std::vector<analysis::Finding>& findings,
                         TracePictureCollectors* collectors, const l10n::Catalog& c,
                         PictureSet* set) {
  // The whole trace. Thread lanes only when syscalls lost their Ps: that is
  // when which thread runs what matters.
  {
    pictures::TimelineDrawing d;
    d.threads = !a.blocked_syscalls.empty();
    d.title = c.FormatText("picture.timeline.title");
    d.description = c.FormatText("picture.timeline.description",
                                 {{"duration", Duration{a.end_time}},
                                  {"procs", static_cast<int64_t>(a.procs)},
                                  {"threads", std::string(d.threads ? "yes" : "no")}});
    set->Add(
        {"timeline", d.title,
         pictures::RenderTimelineSvg(collectors->timeline_.Finish(), d, c, Options("timeline"))});
  }

  // The close-ups, collected in one more replay that stops after the last.
  std::vector<CloseUp> windows;
  std::vector<std::unique_ptr<analysis::TimelineCollector>> zooms;
  model::TeeSink tee;
  for (const analysis::Finding& f : findings) {
    windows.push_back(CloseUpOf(f, a));
    if (windows.back().start == analysis::kUnknownTime) {
      zooms.push_back(nullptr);
      continue;
    }
    analysis::TimelineWindow w;
    w.start = windows.back().start;
    w.end = windows.back().end;
    zooms.push_back(std::make_unique<analysis::TimelineCollector>(&source->tables(), w));
    tee.Add(zooms.back().get());
  }
  if (std::any_of(zooms.begin(), zooms.end(), [](const auto& z) { return z != nullptr; })) {
    RETURN_IF_ERROR(source->ReplayModel(&tee));
  }
  for (size_t i = 0; i < findings.size(); ++i) {
    if (zooms[i] == nullptr) continue;
    const analysis::Finding& f = findings[i];
    pictures::TimelineDrawing d;
    d.threads = windows[i].threads;
    d.relative_axis = true;
    d.highlight.assign(f.goroutines.begin(),
                       f.goroutines.begin() + std::min<size_t>(f.goroutines.size(), 8));
    const l10n::MessageArgs args = {{"headline", Headline(f, c)},
                                    {"start", Duration{windows[i].start}},
                                    {"length", Duration{windows[i].end - windows[i].start}}};
    d.title = c.FormatText("picture.closeup.title", args);
    d.description = c.FormatText("picture.closeup.description", args);
    const std::string name = FindingPictureName(i);
    set->Add({name, d.title, pictures::RenderTimelineSvg(zooms[i]->Finish(), d, c, Options(name))});
  }

  const analysis::MutatorUtilization mu = collectors->utilization_.Finish(a.end_time);
  const analysis::GoroutineCounts counts = collectors->counts_.Finish(a.end_time);
  DrawCharts(a, mu, counts, c, set);
  return Status::Ok();
}

}  // namespace tracenote::report
