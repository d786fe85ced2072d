// TeeSink: passes every model event to several sinks, so that collectors
// ride along one replay (the walk-through and the pictures' collectors
// along the analysis pass, several close-up timelines along one replay).
#ifndef TRACENOTE_SRC_MODEL_TEE_SINK_H_
#define TRACENOTE_SRC_MODEL_TEE_SINK_H_

#include <vector>

#include "model/trace_model.h"

namespace tracenote::model {

// Contract: sinks are not owned and must outlive the tee; the replay goes
// on while any of them wants more.
class TeeSink : public EventSink {
 public:
  void Add(EventSink* sink) { sinks_.push_back(sink); }
  void OnEvent(const Event& e) override {
    for (EventSink* s : sinks_) s->OnEvent(e);
  }
  bool WantsMore() const override {
    for (const EventSink* s : sinks_) {
      if (s->WantsMore()) return true;
    }
    return false;
  }

 private:
  std::vector<EventSink*> sinks_;
};

}  // namespace tracenote::model

#endif  // TRACENOTE_SRC_MODEL_TEE_SINK_H_
