#include "pprof_synth/synth_program.h"

#include <algorithm>
#include <array>
#include <set>

namespace tracenote::pprof_synth {
namespace {

// Go-like package paths: the standard library, and a module's packages.
constexpr std::array kStdPackages = {
    "net/http",      "encoding/json",   "bufio",      "bytes",
    "strings",       "strconv",         "fmt",        "io",
    "compress/gzip", "compress/flate",  "crypto/tls", "crypto/sha256",
    "database/sql",  "context",         "sort",       "time",
    "reflect",       "regexp",          "net",        "os",
    "sync",          "unicode/utf8",    "math/big",   "text/template",
    "html/template", "encoding/binary", "hash/crc32", "log"};
constexpr std::array kModules = {"github.com/acme/shop",
                                 "github.com/acme/shop/internal/cart",
                                 "github.com/acme/shop/internal/catalog",
                                 "github.com/acme/shop/internal/payment",
                                 "github.com/acme/shop/internal/search",
                                 "github.com/acme/shop/pkg/cache",
                                 "github.com/acme/shop/pkg/rpc",
                                 "google.golang.org/grpc",
                                 "google.golang.org/protobuf/proto",
                                 "github.com/jackc/pgx/v5/pgconn",
                                 "go.uber.org/zap",
                                 "github.com/prometheus/client_golang"};
constexpr std::array kRuntime = {"runtime.mallocgc",
                                 "runtime.memmove",
                                 "runtime.memclrNoHeapPointers",
                                 "runtime.mapaccess1_faststr",
                                 "runtime.mapassign_faststr",
                                 "runtime.growslice",
                                 "runtime.makeslice",
                                 "runtime.newobject",
                                 "runtime.scanobject",
                                 "runtime.gcDrain",
                                 "runtime.gcDrainN",
                                 "runtime.gcAssistAlloc",
                                 "runtime.gcAssistAlloc1",
                                 "runtime.findObject",
                                 "runtime.greyobject",
                                 "runtime.futex",
                                 "runtime.futexsleep",
                                 "runtime.notesleep",
                                 "runtime.lock2",
                                 "runtime.unlock2",
                                 "runtime.schedule",
                                 "runtime.findRunnable",
                                 "runtime.park_m",
                                 "runtime.mcall",
                                 "runtime.systemstack",
                                 "runtime.(*mcache).nextFree",
                                 "runtime.(*mcache).refill",
                                 "runtime.(*mcentral).cacheSpan",
                                 "runtime.(*mheap).alloc",
                                 "runtime.heapBitsSetType",
                                 "runtime.nanotime",
                                 "runtime.usleep",
                                 "runtime.selectgo",
                                 "runtime.chansend",
                                 "runtime.chanrecv",
                                 "runtime.concatstrings",
                                 "runtime.slicebytetostring",
                                 "runtime.typedmemmove",
                                 "runtime.wbBufFlush",
                                 "runtime.gcWriteBarrier",
                                 "syscall.Syscall",
                                 "syscall.read",
                                 "syscall.write",
                                 "internal/poll.(*FD).Read",
                                 "internal/poll.(*FD).Write",
                                 "sync.(*Mutex).Lock",
                                 "sync.(*Mutex).lockSlow",
                                 "sync.(*Mutex).Unlock",
                                 "sync.(*Pool).Get",
                                 "sync.(*Pool).Put",
                                 "runtime.gcBgMarkWorker",
                                 "runtime.main",
                                 "runtime.mstart",
                                 "runtime.mstart1",
                                 "runtime.sysmon"};
constexpr std::array kTypes = {"Server",  "Client",  "Conn",  "Decoder", "Encoder", "Store",
                               "Handler", "Cache",   "Pool",  "Reader",  "Writer",  "Builder",
                               "Router",  "Session", "Tx",    "Stmt",    "Buffer",  "Parser",
                               "Index",   "Queue",   "Batch", "Stream",  "Codec",   "Registry"};
constexpr std::array kVerbs = {"Get",    "Put",    "Read",  "Write",    "Serve",     "Handle",
                               "Decode", "Encode", "Parse", "Build",    "Flush",     "Lookup",
                               "Scan",   "Query",  "Exec",  "Marshal",  "Unmarshal", "Close",
                               "Open",   "Next",   "Apply", "Validate", "Render",    "Compute",
                               "Merge",  "Sort",   "Load",  "Store"};
constexpr std::array kNouns = {"Header", "Body",  "Item",  "Order",  "Request", "Response", "Row",
                               "Key",    "Value", "Token", "Field",  "Record",  "Message",  "Frame",
                               "Chunk",  "Page",  "Entry", "Metric", "Span",    "Label"};

std::string Base(const std::string& pkg) {
  const size_t slash = pkg.rfind('/');
  return slash == std::string::npos ? pkg : pkg.substr(slash + 1);
}

}  // namespace

SynthProgram BuildProgram(uint32_t functions, Rng& rng) {
  SynthProgram p;
  std::set<std::string> seen;
  for (const char* name : kRuntime) {
    std::string n = name;
    std::string pkg = n.substr(0, n.find('.'));
    const std::string file = pkg + "/" + (pkg == "runtime" ? "proc.go" : Base(pkg) + ".go");
    p.functions.push_back({n, file, 100 + rng.Below(5000), true});
    seen.insert(n);
  }
  const uint32_t runtime_count = static_cast<uint32_t>(p.functions.size());
  while (p.functions.size() < functions) {
    const bool std_pkg = rng.Chance(0.3);
    std::string pkg = std_pkg ? kStdPackages[rng.Below(kStdPackages.size())]
                              : kModules[rng.Below(kModules.size())];
    std::string name = pkg + ".";
    const std::string verb = kVerbs[rng.Below(kVerbs.size())];
    const std::string noun = kNouns[rng.Below(kNouns.size())];
    switch (rng.Below(4)) {
      case 0:
        name += "(*" + std::string(kTypes[rng.Below(kTypes.size())]) + ")." + verb + noun;
        break;
      case 1:
        name += std::string(kTypes[rng.Below(kTypes.size())]) + "." + verb;
        break;
      case 2: {
        std::string v = verb;
        v[0] = static_cast<char>(v[0] - 'A' + 'a');
        name += v + noun;
        break;
      }
      default:
        name += verb + noun + ".func" + std::to_string(1 + rng.Below(6));
    }
    if (!seen.insert(name).second) name += std::to_string(p.functions.size());
    seen.insert(name);
    std::string file = pkg + "/" + Base(pkg) + (rng.Chance(0.5) ? "" : "_" + noun) + ".go";
    std::transform(file.begin(), file.end(), file.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; });
    p.functions.push_back({name, file, 20 + rng.Below(3000), false});
  }
  const uint32_t n = static_cast<uint32_t>(p.functions.size());
  p.calls.resize(n);
  p.leaf_locations.resize(n);
  uint64_t pc = 0x401000;
  auto add_location = [&](std::vector<SynthLine> lines) {
    pc += 4 + rng.Below(60);
    p.locations.push_back({pc, std::move(lines)});
    return static_cast<uint32_t>(p.locations.size() - 1);
  };
  for (uint32_t f = 0; f < n; ++f) {
    const SynthFunction& fn = p.functions[f];
    // Leaf PCs: a few lines of the function, some inside an inlined helper.
    const uint32_t leaves = 1 + rng.Below(4);
    for (uint32_t i = 0; i < leaves; ++i) {
      std::vector<SynthLine> lines;
      const int64_t line = fn.start_line + 1 + rng.Below(60);
      if (!fn.runtime && rng.Chance(0.15)) {
        const uint32_t helper = runtime_count + rng.Below(n - runtime_count);
        lines.push_back({helper, p.functions[helper].start_line + 1 + rng.Below(10)});
      }
      lines.push_back({f, line});
      p.leaf_locations[f].push_back(add_location(std::move(lines)));
    }
    // Callees: application functions call "deeper" ones (higher index) and
    // the runtime; runtime functions call other runtime functions.
    const uint32_t callees = fn.runtime ? rng.Below(3) : 2 + rng.Below(7);
    for (uint32_t i = 0; i < callees; ++i) {
      uint32_t callee;
      if (fn.runtime) {
        callee = rng.Below(runtime_count);
      } else if (f + 1 < n && !rng.Chance(0.05)) {
        callee = f + 1 + rng.Skewed(std::min<uint32_t>(n - f - 1, 2000));
      } else {
        callee = rng.Below(runtime_count);
      }
      if (callee == f) continue;
      std::vector<SynthLine> lines;
      if (!fn.runtime && rng.Chance(0.1)) {
        const uint32_t helper = runtime_count + rng.Below(n - runtime_count);
        lines.push_back({helper, p.functions[helper].start_line + 2 + rng.Below(10)});
      }
      lines.push_back({f, fn.start_line + 2 + rng.Below(80)});
      p.calls[f].push_back({callee, add_location(std::move(lines))});
    }
  }
  // Goroutine entry points: a few hundred application functions, and the
  // runtime's own (main, GC workers, sysmon).
  for (uint32_t i = 0; i < std::min<uint32_t>(300, n - runtime_count); ++i) {
    p.entries.push_back(runtime_count + rng.Below(std::min<uint32_t>(n - runtime_count, 5000)));
  }
  for (uint32_t f = 0; f < runtime_count; ++f) {
    const std::string& name = p.functions[f].name;
    if (name == "runtime.main" || name == "runtime.gcBgMarkWorker" || name == "runtime.mstart") {
      p.entries.push_back(f);
    }
  }
  return p;
}

void WalkStack(const SynthProgram& program, Rng& rng, uint32_t max_depth,
               std::vector<uint32_t>* stack) {
  // Walk root to leaf collecting call-site locations, then reverse.
  const size_t first = stack->size();
  uint32_t f = program.entries[rng.Skewed(static_cast<uint32_t>(program.entries.size()))];
  uint32_t depth = 1;
  while (depth < max_depth) {
    const std::vector<SynthCall>& calls = program.calls[f];
    const double stop = depth < 6 ? 0.01 : depth < 30 ? 0.03 : 0.2;
    if (calls.empty() || rng.Chance(stop)) break;
    const SynthCall& c = calls[rng.Skewed(static_cast<uint32_t>(calls.size()))];
    stack->push_back(c.location);
    f = c.callee;
    ++depth;
  }
  const std::vector<uint32_t>& leaves = program.leaf_locations[f];
  stack->push_back(leaves[rng.Skewed(static_cast<uint32_t>(leaves.size()))]);
  std::reverse(stack->begin() + static_cast<std::ptrdiff_t>(first), stack->end());
}

}  // namespace tracenote::pprof_synth
