#include "report/trace_pictures.h"

#include <algorithm>
#include <optional>
#include <string>

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
    : timeline_(tables, analysis::TimelineWindow{}), utilization_(tables), close_ups_(tables) {}

void TracePictureCollectors::OnEvent(const model::Event& event) {
  timeline_.OnEvent(event);
  utilization_.OnEvent(event);
  counts_.OnEvent(event);
  close_ups_.OnEvent(event);
}

TracePictureData FinishTracePictures(TracePictureCollectors* collectors, int64_t end_time) {
  TracePictureData data;
  data.timeline = collectors->timeline_.Finish();
  data.shots = collectors->close_ups_.Finish();
  data.utilization = collectors->utilization_.Finish(end_time);
  data.counts = collectors->counts_.Finish(end_time);
  return data;
}

void DrawTracePictures(const analysis::TraceAnalysis& a,
                       const std::vector<analysis::Finding>& findings, const TracePictureData& data,
                       const l10n::Catalog& c, PictureSet* set) {
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
    set->Add({"timeline", d.title,
              pictures::RenderTimelineSvg(data.timeline, d, c, Options("timeline"))});
  }

  // A close-up per pattern, titled by the first finding that shows it.
  for (const analysis::Finding& f : findings) {
    const std::optional<CloseUpKind> kind = CloseUpKindFor(f.id);
    const std::string name = CloseUpPictureName(f);
    if (!kind || set->Find(name) != nullptr) continue;
    const std::optional<CloseUpShot>& shot = data.shots[static_cast<size_t>(*kind)];
    if (!shot) continue;
    const analysis::Timeline& tl = shot->timeline;
    pictures::TimelineDrawing d;
    d.threads = shot->threads;
    d.relative_axis = true;
    if (shot->goroutine != 0) d.highlight.push_back(shot->goroutine);
    const l10n::MessageArgs args = {{"headline", Headline(f, c)},
                                    {"start", Duration{tl.start}},
                                    {"length", Duration{tl.end - tl.start}},
                                    {"kind", std::string(CloseUpKindName(*kind))}};
    d.title = c.FormatText("picture.closeup.title", args);
    d.description = c.FormatText("picture.closeup.description", args);
    set->Add({name, d.title, pictures::RenderTimelineSvg(tl, d, c, Options(name))});
  }

  DrawCharts(a, data.utilization, data.counts, c, set);
}

std::string CloseUpPictureName(const analysis::Finding& f) {
  const std::optional<CloseUpKind> kind = CloseUpKindFor(f.id);
  return kind ? "closeup-" + std::string(CloseUpKindName(*kind)) : std::string();
}

}  // namespace tracenote::report
