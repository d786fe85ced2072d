#include "ingest/trace_v1/v1_validator.h"

#include <fmt/format.h>

namespace tracenote::trace_v1 {

V1Validator::V1Validator(int version, const std::unordered_set<uint64_t>* timer_goroutines)
    : version_(version), timer_goroutines_(timer_goroutines) {
  gs_[0] = GDesc{kRunning};
}

Status V1Validator::Error(const V1Event& ev, const std::string& what) const {
  return V1Error(ev.offset, V1EventName(ev.type, version_), what);
}

Status V1Validator::CheckRunning(const PDesc& p, const GDesc& g, const V1Event& ev,
                                 bool allow_g0) const {
  if (g.state != kRunning) return Error(ev, fmt::format("g {} is not running", ev.g));
  if (p.g != ev.g) return Error(ev, fmt::format("p {} is not running g {}", ev.p, ev.g));
  if (!allow_g0 && ev.g == 0) return Error(ev, "g 0 did it");
  return Status::Ok();
}

Status V1Validator::Process(uint64_t index, V1Event* ev, const LinkFn& on_link) {
  auto link = [&](uint64_t from) {
    if (from != kNone && on_link) on_link(from, index, ev->type);
  };
  // Pseudo-Ps assigned right after ordering in Go's parseEvents.
  if (ev->type == kGoUnblock && timer_goroutines_->count(ev->g)) ev->p = kTimerP;
  if (ev->type == kGoSysExit) ev->p = kSyscallP;

  // References into the tables: only GoCreate and GoUnblock insert other
  // goroutines (which may move the storage), and neither touches `g` after.
  GDesc& g = gs_[ev->g];
  PDesc& p = ps_[static_cast<uint64_t>(ev->p)];
  switch (ev->type) {
    case kProcStart:
      if (p.running) return Error(*ev, fmt::format("p {} is running before start", ev->p));
      p.running = true;
      break;
    case kProcStop:
      if (!p.running) return Error(*ev, fmt::format("p {} is not running before stop", ev->p));
      if (p.g != 0) {
        return Error(*ev, fmt::format("p {} is running a goroutine {} during stop", ev->p, p.g));
      }
      p.running = false;
      break;
    case kGCStart:
      if (gc_ != kNone) return Error(*ev, "previous GC is not ended before a new one");
      gc_ = index;
      ev->p = kGCP;
      break;
    case kGCDone:
      if (gc_ == kNone) return Error(*ev, "bogus GC end");
      link(gc_);
      gc_ = kNone;
      break;
    case kSTWStart: {
      uint64_t& stw = version_ < 1010 ? p.stw : stw_;
      if (stw != kNone) return Error(*ev, "previous STW is not ended before a new one");
      stw = index;
      break;
    }
    case kSTWDone: {
      uint64_t& stw = version_ < 1010 ? p.stw : stw_;
      if (stw == kNone) return Error(*ev, "bogus STW end");
      link(stw);
      stw = kNone;
      break;
    }
    case kGCSweepStart:
      if (p.sweep != kNone) return Error(*ev, "previous sweeping is not ended before a new one");
      p.sweep = index;
      break;
    case kGCMarkAssistStart:
      if (g.mark_assist != kNone) {
        return Error(*ev, "previous mark assist is not ended before a new one");
      }
      g.mark_assist = index;
      break;
    case kGCMarkAssistDone:
      // Assists may be in progress when tracing starts: a lone end is fine.
      link(g.mark_assist);
      g.mark_assist = kNone;
      break;
    case kGCSweepDone:
      if (p.sweep == kNone) return Error(*ev, "bogus sweeping end");
      link(p.sweep);
      p.sweep = kNone;
      break;
    case kGoWaiting:
    case kGoInSyscall:
      if (g.state != kRunnable) return Error(*ev, fmt::format("g {} is not runnable", ev->g));
      g.state = kWaiting;
      g.ev = index;
      g.ev_type = ev->type;
      break;
    case kGoCreate: {
      RETURN_IF_ERROR(CheckRunning(p, g, *ev, true));
      if (gs_.contains(ev->args[0]))
        return Error(*ev, fmt::format("g {} already exists", ev->args[0]));
      GDesc created;
      created.state = kRunnable;
      created.ev = index;
      created.ev_type = kGoCreate;
      created.has_create = true;
      created.create_stack = ev->args[1];
      gs_[ev->args[0]] = created;
      break;
    }
    case kGoStart:
    case kGoStartLabel:
      if (g.state != kRunnable) {
        return Error(*ev, fmt::format("g {} is not runnable before start", ev->g));
      }
      if (p.g != 0) {
        return Error(
            *ev, fmt::format("p {} is already running g {} while start g {}", ev->p, p.g, ev->g));
      }
      g.state = kRunning;
      g.ev_start = index;
      p.g = ev->g;
      if (g.has_create) {
        if (version_ >= 1007) ev->stack = g.create_stack;
        g.has_create = false;
      }
      link(g.ev);
      g.ev = kNone;
      break;
    case kGoEnd:
    case kGoStop:
      RETURN_IF_ERROR(CheckRunning(p, g, *ev, false));
      link(g.ev_start);
      g.ev_start = kNone;
      g.state = kDead;
      p.g = 0;
      if (ev->type == kGoEnd) {  // a goroutine's exit closes its open regions
        auto it = regions_.find(ev->g);
        if (it != regions_.end()) {
          for (const Region& r : it->second) link(r.index);
          regions_.erase(it);
        }
      }
      break;
    case kGoSched:
    case kGoPreempt:
      RETURN_IF_ERROR(CheckRunning(p, g, *ev, false));
      g.state = kRunnable;
      link(g.ev_start);
      g.ev_start = kNone;
      p.g = 0;
      g.ev = index;
      g.ev_type = ev->type;
      break;
    case kGoUnblock: {
      if (g.state != kRunning) {
        return Error(*ev, fmt::format("g {} is not running while unpark", ev->g));
      }
      if (ev->p != kTimerP && p.g != ev->g) {
        return Error(*ev, fmt::format("p {} is not running g {} while unpark", ev->p, ev->g));
      }
      GDesc g1 = gs_[ev->args[0]];
      if (g1.state != kWaiting) {
        return Error(*ev, fmt::format("g {} is not waiting before unpark", ev->args[0]));
      }
      if (g1.ev != kNone && g1.ev_type == kGoBlockNet && ev->p != kTimerP) ev->p = kNetpollP;
      link(g1.ev);
      g1.state = kRunnable;
      g1.ev = index;
      g1.ev_type = kGoUnblock;
      gs_[ev->args[0]] = g1;
      break;
    }
    case kGoSysCall:
      RETURN_IF_ERROR(CheckRunning(p, g, *ev, false));
      g.ev = index;
      g.ev_type = kGoSysCall;
      break;
    case kGoSysBlock:
      RETURN_IF_ERROR(CheckRunning(p, g, *ev, false));
      g.state = kWaiting;
      link(g.ev_start);
      g.ev_start = kNone;
      p.g = 0;
      break;
    case kGoSysExit:
      if (g.state != kWaiting) {
        return Error(*ev, fmt::format("g {} is not waiting during syscall exit", ev->g));
      }
      if (g.ev != kNone && g.ev_type == kGoSysCall) link(g.ev);
      g.state = kRunnable;
      g.ev = index;
      g.ev_type = kGoSysExit;
      break;
    case kUserTaskCreate:
      if (!tasks_.emplace(ev->args[0], index).second) {
        return Error(*ev, fmt::format("task id conflicts (id:{})", ev->args[0]));
      }
      break;
    case kUserTaskEnd: {
      auto it = tasks_.find(ev->args[0]);
      if (it != tasks_.end()) {
        link(it->second);
        tasks_.erase(it);
      }
      break;
    }
    case kUserRegion: {
      const uint64_t mode = ev->args[1];
      auto& stack = regions_[ev->g];
      if (mode == 0) {
        stack.push_back({index, ev->args[0], ev->args[2]});
      } else if (mode == 1) {
        if (!stack.empty()) {
          const Region& r = stack.back();
          if (r.task != ev->args[0] || r.name != ev->args[2]) {
            return Error(*ev, fmt::format("misuse of region in goroutine {}: region end does not "
                                          "match the innermost open region",
                                          ev->g));
          }
          link(r.index);
          stack.pop_back();
        }
        if (stack.empty()) regions_.erase(ev->g);
      } else {
        return Error(*ev, fmt::format("invalid user region mode {}", mode));
      }
      break;
    }
    default:
      if (IsV1ParkEvent(ev->type)) {  // GoSleep, GoBlock*, GoBlockGC
        RETURN_IF_ERROR(CheckRunning(p, g, *ev, false));
        g.state = kWaiting;
        g.ev = index;
        g.ev_type = ev->type;
        link(g.ev_start);
        g.ev_start = kNone;
        p.g = 0;
      }
      break;
  }
  return Status::Ok();
}

}  // namespace tracenote::trace_v1
