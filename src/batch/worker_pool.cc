#include "batch/worker_pool.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace tracenote::batch {

WorkerPool::WorkerPool(int slots, double timeout_s)
    : slots_(slots < 1 ? 1 : slots), timeout_s_(timeout_s) {}

WorkerPool::~WorkerPool() {
  for (const Running& r : running_) kill(r.pid, SIGKILL);
  for (const Running& r : running_) {
    int status = 0;
    while (waitpid(r.pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

Status WorkerPool::Start(const WorkerJob& job) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, job.log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  std::vector<char*> argv;
  for (const std::string& a : job.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return Status(StatusCode::kIoError,
                  "cannot start a worker (" + job.argv[0] + "): " + std::strerror(rc));
  }
  running_.push_back({pid, job.tag, std::chrono::steady_clock::now(), false});
  return Status::Ok();
}

std::vector<WorkerEnd> WorkerPool::Reap(int wait_ms) {
  std::vector<WorkerEnd> ended;
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
  while (true) {
    const auto now = std::chrono::steady_clock::now();
    for (size_t i = 0; i < running_.size();) {
      Running& r = running_[i];
      const double seconds = std::chrono::duration<double>(now - r.start).count();
      if (!r.killed_for_time && timeout_s_ > 0 && seconds > timeout_s_) {
        kill(r.pid, SIGKILL);
        r.killed_for_time = true;
      }
      int status = 0;
      const pid_t got = waitpid(r.pid, &status, WNOHANG);
      if (got != r.pid) {
        ++i;
        continue;
      }
      WorkerEnd end;
      end.tag = r.tag;
      end.timed_out = r.killed_for_time;
      end.seconds = seconds;
      if (WIFEXITED(status)) end.exit_code = WEXITSTATUS(status);
      if (WIFSIGNALED(status)) end.signal = WTERMSIG(status);
      ended.push_back(end);
      running_.erase(running_.begin() + static_cast<std::ptrdiff_t>(i));
    }
    if (!ended.empty() || running_.empty() || now >= until) return ended;
    poll(nullptr, 0, 5);
  }
}

}  // namespace tracenote::batch
