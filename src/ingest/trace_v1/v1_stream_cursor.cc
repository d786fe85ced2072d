#include <fmt/format.h>

#include "ingest/trace_v1/v1_orderer.h"

namespace tracenote::trace_v1 {

// ---------------------------------------------------------------------------
// V1StreamCursor

V1StreamCursor::V1StreamCursor(const FileBlob* blob, const V1Index* index, const V1Stream* stream)
    : blob_(blob), index_(index), stream_(stream) {}

bool V1StreamCursor::Next(V1Event* ev, Status* error) {
  const int version = index_->version;
  V1Record rec;
  for (;;) {
    if (!started_ || pos_ >= stream_->segments[segment_].end) {
      if (started_) ++segment_;
      started_ = true;
      if (segment_ >= stream_->segments.size()) return false;
      const V1Segment& seg = stream_->segments[segment_];
      pos_ = seg.begin;
      last_ticks_ = seg.ticks;
      last_seq_ = static_cast<int64_t>(seg.seq);
      continue;
    }
    bool truncated = false;
    Status s = DecodeV1Record(blob_->data(), stream_->segments[segment_].end, pos_, version, &rec,
                              &truncated);
    if (!s.ok()) {
      *error = s;  // the index pass read these bytes, so this is a bug or a race
      return false;
    }
    pos_ = rec.end;
    const EventSpec& spec = V1Spec(rec.type);
    if (!spec.timed) continue;  // strings, stacks, frequency, timer goroutines

    int arg_offset = 1;
    if (version < 1007) {
      last_seq_ += static_cast<int64_t>(rec.values[0]);
      ev->seq = last_seq_;
      last_ticks_ += rec.values[1];
      arg_offset = 2;
    } else {
      last_ticks_ += rec.values[0];
    }
    if (rec.type == kCPUSample) continue;  // kept in their own stream (see the index)

    ev->ticks = last_ticks_;
    ev->offset = rec.offset;
    ev->args[0] = ev->args[1] = ev->args[2] = 0;
    ev->stack = 0;
    ev->message = rec.str;
    ev->type = ev->wire_type = rec.type;
    ev->next_on_p = 0;
    ev->p = ev->stream_p = stream_->p;
    ev->g = last_g_;
    const int n = rec.num_values;
    for (int i = arg_offset; i < n; ++i) {
      if (i == n - 1 && spec.has_stack) {
        ev->stack = rec.values[i];
      } else if (i - arg_offset < 3) {
        ev->args[i - arg_offset] = rec.values[i];
      }
    }
    switch (rec.type) {
      case kGoStart:
      case kGoStartLocal:
      case kGoStartLabel:
        last_g_ = ev->args[0];
        ev->g = last_g_;
        break;
      case kSTWStart: {
        ev->g = 0;
        std::string_view kind;
        if (!V1STWKindName(ev->args[0], version, &kind)) {
          *error = V1Error(rec.offset, V1EventName(rec.type, version),
                           fmt::format("unknown STW kind {}", ev->args[0]));
          return false;
        }
        break;
      }
      case kGCStart:
      case kGCDone:
      case kSTWDone:
        ev->g = 0;
        break;
      case kGoEnd:
      case kGoStop:
      case kGoSched:
      case kGoPreempt:
      case kGoSysBlock:
        last_g_ = 0;
        break;
      case kGoSysExit:
      case kGoWaiting:
      case kGoInSyscall:
        ev->g = ev->args[0];
        break;
      default:
        if (IsV1ParkEvent(rec.type)) last_g_ = 0;
        break;
    }
    return true;
  }
}

}  // namespace tracenote::trace_v1
