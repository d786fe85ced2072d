#include "hostile/hostile_inputs.h"

#include <cstdio>
#include <utility>

#include "tools/pprof_test_writer.h"
#include "tools/v1_text_encoder.h"
#include "tools/v2_text_encoder.h"

namespace tracenote::hostile {
namespace {

// `bytes` as a Go interpreted string literal that the v1 and v2 text
// encoders read back byte for byte: printable ASCII as it is, everything
// else (and the quote, backslash and the comment sign) as \xNN.
std::string GoQuote(const std::string& bytes) {
  std::string out = "\"";
  for (unsigned char c : bytes) {
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '#') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out + "\"";
}

Payloads MakePayloads() {
  Payloads p;
  p.script = "<script>window.__tn_pwned=1</script>";
  p.img = "<img src=x onerror=\"window.__tn_pwned=1\">";
  p.svg = "<svg onload=\"window.__tn_pwned=1\"><a href=\"javascript:window.__tn_pwned=1\">tn_a</a>";
  p.md_link = "[tn_link](javascript:window.__tn_pwned=1) ![tn_img](javascript:window.__tn_pwned=1)";
  p.md_blocks = "\n# tn_heading\n\n| tn_cell_a | tn_cell_b |\n| --- | --- |\n| tn_cell_c | x |\n";
  p.md_inline =
      "`tn_code` *tn_emph* __tn_strong__ ~~tn_del~~ <details open>tn_details</details> "
      "{{tn_mustache}} {{{tn_triple}}} {0} {1, plural, other {#}} it's '{2}' &amp; &lt;";
  p.controls = std::string("NUL[") + '\0' +
               "] ESC[\x1b[31mred\x1b[0m] CR[\r] BS[\b] DEL[\x7f] CSI[\xc2\x9b] "
               "RLO[\u202e]gnp.exe";
  p.bad_utf8 =
      "bad[\xff] truncated[\xe2\x82] overlong[\xc0\xaf] surrogate[\xed\xa0\x80] "
      "toobig[\xf4\x90\x80\x80] end";
  p.autolink = "https://tn-autolink.example/x www.tn-autolink.example tn@tn-autolink.example";
  p.long_trace = "main.tn_long_" + std::string(1024 - 13 - 7, 'x') + "_tn_end";
  p.long_pprof = "main.tn_long_" + std::string(100 * 1024, 'y') + "_tn_end";
  return p;
}

// The events: gen 1 of tests/golden/v2/service.v2.txt (see its comment for
// the story), with a region, a goroutine label and a hostile block reason.
// String ids: 1 main func, 2 main file, 3 spinning func, 4 reader func,
// 5 syscall func, 6 syscall file, 7 GC caller, 8 GC file, 10 task name,
// 11 log key, 12 log value, 13-17 reasons and STW kinds, 18 region, 19 label.
constexpr const char* kEvents = R"(Trace Go1.25
EventBatch gen=1 m=none time=999900
Sync
Frequency freq=1000000000
ClockSnapshot dt=5 mono=999905 sec=1763890000 nsec=250000000
EventBatch gen=1 m=1 time=999999
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1000 g=1 m=none gstatus=2
ProcsChange dt=1000 procs_value=2 stack=1
GoCreate dt=8000 new_g=5 new_stack=2 stack=1
GoCreate dt=2000 new_g=6 new_stack=4 stack=1
UserTaskBegin dt=3000 task=1 parent_task=0 name_string=10 stack=1
UserRegionBegin dt=200 task=1 name_string=18 stack=1
UserLog dt=800 task=1 key_string=11 value_string=12 stack=1
UserRegionEnd dt=200 task=1 name_string=18 stack=1
GoBlock dt=3800 reason_string=13 stack=1
)";

constexpr const char* kEventsAfterSpin = R"(EventBatch gen=1 m=2 time=1000499
ProcStatus dt=1 p=1 pstatus=2
ProcStart dt=39500 p=1 p_seq=1
GoStart dt=2000 g=6 g_seq=1
GoLabel dt=100 label_string=19
GoSyscallBegin dt=2900 p_seq=2 stack=3
GoSyscallEndBlocked dt=50000000
EventBatch gen=1 m=3 time=1074999
ProcSteal dt=1 p=1 p_seq=3 m=2
ProcStart dt=1000 p=1 p_seq=4
ProcStop dt=500
ProcStart dt=49970500 p=1 p_seq=5
GoStart dt=1000 g=6 g_seq=2
GoUnblock dt=5000 g=1 g_seq=1 stack=4
GoDestroy dt=1000
GoStart dt=3000 g=1 g_seq=2
UserTaskEnd dt=2000 task=1 stack=1
GCBegin dt=6000 gc_seq=1 stack=5
STWBegin dt=1000 kind_string=15 stack=5
HeapGoal dt=500 heapgoal_value=8388608
STWEnd dt=73500
HeapAlloc dt=5000 heapalloc_value=6291456
GCMarkAssistBegin dt=100000 stack=6
GCMarkAssistEnd dt=60000
STWBegin dt=1740000 kind_string=16 stack=5
STWEnd dt=310000
GCEnd dt=1000 gc_seq=2
HeapAlloc dt=1000 heapalloc_value=3145728
GoBlock dt=88000 reason_string=17 stack=6
ProcStop dt=2000
EventBatch gen=1 m=none time=201000000
Stacks
Stack id=1 nframes=1
	pc=4198400 func=1 file=2 line=20
Stack id=2 nframes=1
	pc=4202496 func=3 file=2 line=41
Stack id=3 nframes=2
	pc=4206592 func=5 file=6 line=123
	pc=4206848 func=4 file=2 line=55
Stack id=4 nframes=1
	pc=4207104 func=4 file=2 line=60
Stack id=5 nframes=2
	pc=4210688 func=7 file=8 line=500
	pc=4198656 func=1 file=2 line=30
Stack id=6 nframes=1
	pc=4198912 func=1 file=2 line=35
EventBatch gen=1 m=none time=201000001
Strings
)";

}  // namespace

const Payloads& GetPayloads() {
  static const Payloads* payloads = new Payloads(MakePayloads());
  return *payloads;
}

StatusOr<std::vector<uint8_t>> HostileV2Trace() {
  const Payloads& p = GetPayloads();
  std::string text = kEvents;
  // G5 spins and sysmon preempts it every 10 ms.
  for (int seq = 1; seq <= 11; ++seq) {
    text += "GoStart dt=" + std::string(seq == 1 ? "5000" : "3000") +
            " g=5 g_seq=" + std::to_string(seq) + "\n";
    text += "GoStop dt=10020000 reason_string=14 stack=2\n";
  }
  text += "GoStart dt=3000 g=5 g_seq=12\n";
  text += kEventsAfterSpin;
  const std::vector<std::pair<int, std::string>> strings = {
      {1, "main.(*Server)." + p.script},
      {2, "/app/" + p.img + "/main.go"},
      {3, "main.spin" + p.md_link},
      {4, "main.readAll" + p.svg},
      {5, "syscall.read" + p.md_blocks},
      {6, "/usr/lib/go/src/syscall/" + p.bad_utf8 + ".go"},
      {7, "main.collect " + p.md_inline},
      {8, "/usr/lib/go/src/runtime/" + p.controls},
      {9, "runtime.gcBgMarkWorker"},
      {10, p.script + p.md_inline},
      {11, p.controls},
      {12, p.long_trace},
      {13, "chan receive"},
      {14, "preempted"},
      {15, "GC sweep termination"},
      {16, "GC mark termination"},
      {17, p.img + " " + p.autolink},
      {18, p.md_blocks + p.bad_utf8},
      {19, p.svg + p.md_link + " " + p.autolink},
  };
  for (const auto& [id, bytes] : strings) {
    text += "String id=" + std::to_string(id) + "\n\tdata=" + GoQuote(bytes) + "\n";
  }
  return test_tools::EncodeV2Text(text);
}

StatusOr<std::vector<uint8_t>> HostileV1Trace() {
  const Payloads& p = GetPayloads();
  std::string text = R"(go 1.19
Batch p=0 ticks=1000000
GoCreate dt=0 g=5 stack=1 stk=1
GoStart dt=10 g=5 seq=1
UserTaskCreate dt=10 taskid=1 pid=0 typeid=1 stk=1
UserRegion dt=10 taskid=1 mode=0 typeid=2 stk=1
UserLog dt=10 id=1 keyid=3 stk=1 message=)" +
                     GoQuote(p.controls + p.long_trace) + R"(
UserRegion dt=10 taskid=1 mode=1 typeid=2 stk=1
UserTaskEnd dt=10 taskid=1 stk=1
GoEnd dt=20
Frequency freq=1000000000
Stack id=1 frames=[pc=0x401000 fn=4 file=5 line=7]
)";
  const std::vector<std::pair<int, std::string>> strings = {
      {1, p.script + p.md_inline},
      {2, p.md_blocks + p.bad_utf8},
      {3, p.img + p.md_link},
      {4, "main.work" + p.svg + " " + p.autolink},
      {5, "/app/" + p.controls + ".go"},
  };
  for (const auto& [id, bytes] : strings) {
    text += "String id=" + std::to_string(id) + " " + GoQuote(bytes) + "\n";
  }
  return test_tools::EncodeV1Text(text);
}

std::string HostileProfileGzip() {
  const Payloads& p = GetPayloads();
  pprof_test::ProfileBuilder b;
  b.SampleType("samples", "count").SampleType("cpu", "nanoseconds");
  b.PeriodType("cpu", "nanoseconds", 10000000).DurationNanos(2000000000);
  b.Comment(p.md_inline).Comment(p.controls);
  uint64_t mapping = b.AddMapping("/bin/" + p.svg, 0x400000, 0x800000);
  uint64_t f_main = b.AddFunction("main.main" + p.script, "/app/" + p.img + "/main.go");
  uint64_t f_link = b.AddFunction("main.link" + p.md_link, "/app/" + p.bad_utf8 + ".go");
  uint64_t f_blocks = b.AddFunction("main.blocks" + p.md_blocks, "/app/" + p.controls + ".go");
  uint64_t f_inline = b.AddFunction("main.inline " + p.md_inline, "/app/inline.go");
  uint64_t f_long = b.AddFunction(p.long_pprof, "/app/" + p.long_pprof + ".go");
  uint64_t f_svg = b.AddFunction("main.svg" + p.svg + " " + p.autolink, "/app/svg.go");
  uint64_t f_ctrl = b.AddFunction("main.ctrl" + p.controls + p.bad_utf8, "/app/ctrl.go");
  uint64_t l_main = b.AddLocation(0x401000, {{f_main, 10}}, mapping);
  uint64_t l_link = b.AddLocation(0x402000, {{f_link, 20}}, mapping);
  uint64_t l_blocks = b.AddLocation(0x403000, {{f_blocks, 30}}, mapping);
  uint64_t l_inline = b.AddLocation(0x404000, {{f_inline, 40}}, mapping);
  uint64_t l_long = b.AddLocation(0x405000, {{f_long, 50}}, mapping);
  uint64_t l_svg = b.AddLocation(0x406000, {{f_svg, 60}}, mapping);
  uint64_t l_ctrl = b.AddLocation(0x407000, {{f_ctrl, 70}}, mapping);
  std::vector<pprof_test::TestLabel> labels = {
      {.key = p.script, .str = p.md_link},
      {.key = "handler", .str = p.controls + p.bad_utf8},
  };
  b.AddSample({l_blocks, l_link, l_main}, {30, 300000000}, labels);
  b.AddSample({l_long, l_inline, l_main}, {120, 1200000000}, labels);
  b.AddSample({l_ctrl, l_svg, l_main}, {50, 500000000});
  b.AddSample({l_main}, {5, 50000000});
  return b.SerializeGzip();
}

}  // namespace tracenote::hostile
