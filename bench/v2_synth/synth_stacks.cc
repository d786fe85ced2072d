// The call chains of the synthetic shop server (see synth_program.h): what
// each call site's stack looks like, leaf first, ending in the goroutine's
// entry function and runtime.goexit as Go's traces do.
#include <string>

#include "v2_synth/synth_program.h"

namespace tracenote::synth {

namespace {

constexpr const char* kRouteNames[Program::kRoutes] = {
    "Users",    "Orders",   "Cart",    "Search",    "Login",  "Logout",  "Profile", "Inventory",
    "Payments", "Shipping", "Reviews", "Recommend", "Health", "Metrics", "Upload",  "Download"};

std::string Go(const std::string& path) { return "/usr/local/go/src/" + path; }
std::string App(const std::string& path) { return "/srv/shop/" + path; }

using Frames = std::vector<std::pair<std::string, std::string>>;

void Append(Frames* to, const Frames& more) { to->insert(to->end(), more.begin(), more.end()); }

const Frames& Goexit() {
  static const Frames f = {{"runtime.goexit", Go("runtime/asm_amd64.s")}};
  return f;
}

// The handler of route r, down to the connection goroutine's entry.
Frames HandlerRoot(uint32_t r) {
  std::string lower = kRouteNames[r];
  lower[0] = static_cast<char>(lower[0] - 'A' + 'a');
  Frames f = {{std::string("main.(*api).handle") + kRouteNames[r], App("api/" + lower + ".go")},
              {"main.(*server).serveRequest", App("server.go")},
              {"main.(*server).handleConn", App("server.go")}};
  Append(&f, Goexit());
  return f;
}

Frames WorkerRoot(uint32_t r) {
  Frames f = {{std::string("main.(*worker).do") + kRouteNames[r], App("work/jobs.go")},
              {"main.(*pool).run", App("pool.go")}};
  Append(&f, Goexit());
  return f;
}

const Frames& NetPollWait() {
  static const Frames f = {
      {"runtime.netpollblock", Go("runtime/netpoll.go")},
      {"internal/poll.runtime_pollWait", Go("runtime/netpoll.go")},
      {"internal/poll.(*pollDesc).wait", Go("internal/poll/fd_poll_runtime.go")},
      {"internal/poll.(*pollDesc).waitRead", Go("internal/poll/fd_poll_runtime.go")}};
  return f;
}

Frames Syscall(const std::string& call) {
  return {{"syscall.Syscall", Go("syscall/syscall_linux.go")},
          {"syscall." + call, Go("syscall/zsyscall_linux_amd64.go")}};
}

const Frames& ConnRead() {
  static const Frames f = {{"internal/poll.(*FD).Read", Go("internal/poll/fd_unix.go")},
                           {"net.(*netFD).Read", Go("net/fd_posix.go")},
                           {"net.(*conn).Read", Go("net/net.go")},
                           {"bufio.(*Reader).fill", Go("bufio/bufio.go")},
                           {"bufio.(*Reader).ReadSlice", Go("bufio/bufio.go")},
                           {"main.decodeBody", App("codec.go")}};
  return f;
}

const Frames& Malloc() {
  static const Frames f = {{"runtime.mallocgc", Go("runtime/malloc.go")},
                           {"runtime.makeslice", Go("runtime/slice.go")},
                           {"main.decodeBody", App("codec.go")}};
  return f;
}

}  // namespace

Program::Frames Program::RouteFrames(Site site, uint32_t r, uint32_t variant) {
  Frames f;
  switch (site) {
    case Site::kNetRead:
      f = NetPollWait();
      Append(&f, ConnRead());
      break;
    case Site::kReadSyscall:
      f = Syscall("read");
      f.push_back({"syscall.Read", Go("syscall/syscall_unix.go")});
      f.push_back({"internal/poll.ignoringEINTRIO", Go("internal/poll/fd_unix.go")});
      Append(&f, ConnRead());
      break;
    case Site::kDispatch:
      f = {{"runtime.chansend1", Go("runtime/chan.go")}, {"main.(*pool).submit", App("pool.go")}};
      break;
    case Site::kReplyWait:
      f = {{"runtime.chanrecv1", Go("runtime/chan.go")}, {"main.(*pool).wait", App("pool.go")}};
      break;
    case Site::kReplySelect:
      f = {{"runtime.selectgo", Go("runtime/select.go")},
           {"main.(*pool).waitTimeout", App("pool.go")}};
      break;
    case Site::kMutexWait:
      f = {{"sync.runtime_SemacquireMutex", Go("runtime/sema.go")},
           {"sync.(*Mutex).lockSlow", Go("sync/mutex.go")},
           {"sync.(*Mutex).Lock", Go("sync/mutex.go")},
           {"main.(*cache).get", App("cache.go")}};
      break;
    case Site::kMutexUnlock:
      f = {{"sync.runtime_Semrelease", Go("runtime/sema.go")},
           {"sync.(*Mutex).unlockSlow", Go("sync/mutex.go")},
           {"sync.(*Mutex).Unlock", Go("sync/mutex.go")},
           {"main.(*cache).put", App("cache.go")}};
      break;
    case Site::kWriteSyscall:
      f = Syscall("write");
      Append(&f, {{"syscall.Write", Go("syscall/syscall_unix.go")},
                  {"internal/poll.(*FD).Write", Go("internal/poll/fd_unix.go")},
                  {"net.(*netFD).Write", Go("net/fd_posix.go")},
                  {"net.(*conn).Write", Go("net/net.go")},
                  {"bufio.(*Writer).Flush", Go("bufio/bufio.go")},
                  {"main.(*response).finish", App("response.go")}});
      break;
    case Site::kHandlerCpu:
      f = {{"encoding/json.(*encodeState).string", Go("encoding/json/encode.go")},
           {"encoding/json.stringEncoder", Go("encoding/json/encode.go")},
           {"encoding/json.structEncoder.encode", Go("encoding/json/encode.go")},
           {"encoding/json.(*encodeState).marshal", Go("encoding/json/encode.go")},
           {"encoding/json.Marshal", Go("encoding/json/encode.go")},
           {"main.(*response).writeJSON", App("response.go")}};
      break;
    case Site::kWorkerReply:
      f = {{"runtime.chansend1", Go("runtime/chan.go")}, {"main.(*job).reply", App("pool.go")}};
      Append(&f, WorkerRoot(r));
      return f;
    case Site::kWorkerCpu:
      if (variant == 0) {
        f = {{"crypto/sha256.block", Go("crypto/sha256/sha256block_amd64.s")},
             {"crypto/sha256.(*digest).Write", Go("crypto/sha256/sha256.go")},
             {"main.checksum", App("work/hash.go")}};
      } else if (variant == 1) {
        f = {{"runtime.memmove", Go("runtime/memmove_amd64.s")},
             {"runtime.growslice", Go("runtime/slice.go")},
             {"main.(*store).scan", App("store.go")}};
      } else {
        f = {{"sort.insertionSortLessFunc", Go("sort/zsortfunc.go")},
             {"sort.pdqsortLessFunc", Go("sort/zsortfunc.go")},
             {"sort.Slice", Go("sort/slice.go")},
             {"main.rank", App("work/rank.go")}};
      }
      Append(&f, WorkerRoot(r));
      return f;
    case Site::kFileRead:
      f = Syscall("pread");
      Append(&f, {{"syscall.Pread", Go("syscall/syscall_linux.go")},
                  {"internal/poll.(*FD).Pread", Go("internal/poll/fd_unix.go")},
                  {"os.(*File).ReadAt", Go("os/file.go")},
                  {"main.(*store).load", App("store.go")}});
      Append(&f, WorkerRoot(r));
      return f;
    case Site::kAssist:
      f = {{"runtime.gcAssistAlloc", Go("runtime/mgcmark.go")},
           {"runtime.deductAssistCredit", Go("runtime/malloc.go")}};
      Append(&f, Malloc());
      break;
    case Site::kSweep:
      f = {{"runtime.(*mcentral).cacheSpan", Go("runtime/mcentral.go")},
           {"runtime.(*mcache).refill", Go("runtime/mcache.go")},
           {"runtime.(*mcache).nextFree", Go("runtime/malloc.go")}};
      Append(&f, Malloc());
      break;
    default:
      break;
  }
  Append(&f, HandlerRoot(r));
  return f;
}

Program::Frames Program::CommonFrames(Site site) {
  Frames f;
  const Frames accept = {{"net.(*netFD).accept", Go("net/fd_unix.go")},
                         {"net.(*TCPListener).accept", Go("net/tcpsock_posix.go")},
                         {"net.(*TCPListener).Accept", Go("net/tcpsock.go")}};
  const Frames acceptor = {{"main.(*server).acceptLoop", App("server.go")}};
  const Frames ticker = {{"main.(*metrics).tick", App("metrics.go")}};
  const Frames flusher = {{"main.(*metrics).flush", App("metrics.go")}};
  const Frames gc_worker = {{"runtime.gcBgMarkWorker", Go("runtime/mgc.go")}};
  switch (site) {
    case Site::kAcceptBlock:
      f = NetPollWait();
      f.push_back({"internal/poll.(*FD).Accept", Go("internal/poll/fd_unix.go")});
      Append(&f, accept);
      Append(&f, acceptor);
      break;
    case Site::kAcceptSyscall:
      f = {{"syscall.Syscall6", Go("syscall/syscall_linux.go")},
           {"syscall.accept4", Go("syscall/zsyscall_linux_amd64.go")},
           {"syscall.Accept4", Go("syscall/syscall_linux.go")},
           {"internal/poll.accept", Go("internal/poll/sock_cloexec.go")},
           {"internal/poll.(*FD).Accept", Go("internal/poll/fd_unix.go")}};
      Append(&f, accept);
      Append(&f, acceptor);
      break;
    case Site::kAcceptCreate:
      f = acceptor;
      break;
    case Site::kHandlerStart:
      return {{"main.(*server).handleConn", App("server.go")}};
    case Site::kFlusherStart:
      return flusher;
    case Site::kWorkerRecv:
      f = {{"runtime.chanrecv2", Go("runtime/chan.go")}, {"main.(*pool).run", App("pool.go")}};
      break;
    case Site::kTickerSleep:
      f = {{"time.Sleep", Go("runtime/time.go")}};
      Append(&f, ticker);
      break;
    case Site::kTickerCreate:
      f = ticker;
      break;
    case Site::kFlushWrite:
      f = Syscall("write");
      f.push_back({"os.(*File).Write", Go("os/file.go")});
      Append(&f, flusher);
      break;
    case Site::kAdvancerSleep:
      f = {{"runtime.(*wakeableSleep).sleep", Go("runtime/trace.go")},
           {"runtime.(*traceAdvancerState).start.func1", Go("runtime/trace.go")}};
      break;
    case Site::kMainBlock:
      f = {{"runtime.chanrecv1", Go("runtime/chan.go")},
           {"main.main", App("main.go")},
           {"runtime.main", Go("runtime/proc.go")}};
      break;
    case Site::kGcTrigger:
      f = {{"runtime.gcStart", Go("runtime/mgc.go")}};
      Append(&f, Malloc());
      Append(&f, {{"main.(*server).serveRequest", App("server.go")},
                  {"main.(*server).handleConn", App("server.go")}});
      break;
    case Site::kGcMarkTerm:
      f = {{"runtime.gcMarkDone", Go("runtime/mgc.go")}};
      Append(&f, gc_worker);
      break;
    case Site::kGcWorkerPark:
      f = gc_worker;
      break;
    case Site::kGcWorkerCpu:
      f = {{"runtime.scanobject", Go("runtime/mgcmark.go")},
           {"runtime.gcDrain", Go("runtime/mgcmark.go")},
           {"runtime.gcDrainMarkWorkerDedicated", Go("runtime/mgcmark.go")},
           {"runtime.gcBgMarkWorker.func2", Go("runtime/mgc.go")},
           {"runtime.systemstack", Go("runtime/asm_amd64.s")}};
      Append(&f, gc_worker);
      break;
    default:
      break;
  }
  Append(&f, Goexit());
  return f;
}

}  // namespace tracenote::synth
