#include "conformance/v2_corpus.h"

#include <fstream>
#include <sstream>

#include "tools/go_fuzz_literal.h"
#include "tools/txtar.h"
#include "tools/v2_text_encoder.h"

namespace tracenote::conformance {

std::vector<ManifestEntry> V2EntriesWith(std::initializer_list<Expectation> kinds) {
  std::vector<ManifestEntry> out;
  const Manifest* m = CorpusManifest();
  if (m == nullptr) return out;
  for (const ManifestEntry& e : m->Under("v2/")) {
    for (Expectation k : kinds) {
      if (e.expectation == k) out.push_back(e);
    }
  }
  return out;
}

std::string V2TestName(const ManifestEntry& entry) {
  std::string dir = entry.directory;
  if (dir.rfind("v2/", 0) == 0) dir = dir.substr(3);
  std::string name = dir + "__" + entry.file;
  for (char& c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!ok) c = '_';
  }
  return name;
}

StatusOr<V2Input> LoadV2Input(const ManifestEntry& entry) {
  const std::string path = GoTestdataDir() + "/" + entry.RelativePath();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(StatusCode::kNotFound, "cannot read " + path);
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  V2Input out;
  if (test_tools::IsGoFuzzFile(text)) {
    ASSIGN_OR_RETURN(out.bytes, test_tools::DecodeGoFuzzFile(text));
    return out;
  }
  if (entry.expectation == Expectation::kTxtarSuccess ||
      entry.expectation == Expectation::kTxtarFailure) {
    ASSIGN_OR_RETURN(test_tools::V2TestCase test, test_tools::ParseV2Txtar(text));
    ASSIGN_OR_RETURN(out.bytes, test_tools::EncodeV2Text(test.trace_text));
    out.expect_success = test.expect_success;
    out.error_regexp = test.error_regexp;
    return out;
  }
  if (text.rfind("Trace Go1.", 0) == 0) {
    ASSIGN_OR_RETURN(out.bytes, test_tools::EncodeV2Text(text));
    return out;
  }
  out.bytes.assign(text.begin(), text.end());
  return out;
}

int HeaderGoMinor(const std::string& header) {
  for (const char* prefix : {"go 1.", "Go1."}) {
    const size_t at = header.find(prefix);
    if (at == std::string::npos) continue;
    int minor = 0;
    for (size_t i = at + std::string(prefix).size(); i < header.size(); ++i) {
      if (header[i] < '0' || header[i] > '9') break;
      minor = minor * 10 + (header[i] - '0');
    }
    return minor;
  }
  return 0;
}

const std::vector<V2CountKey>& V2CountKeys() {
  static const std::vector<V2CountKey> keys = {
      {"GC", {"GCBegin"}},
      {"STW", {"STWBegin"}},
      {"stop", {"GoStop"}},
      {"syscall", {"GoSyscallBegin"}},
      {"blockedSyscall", {"GoSyscallEndBlocked"}},
      {"steal", {"ProcSteal"}},
      {"user", {"UserTaskBegin", "UserRegionBegin", "UserLog"}},
      {"assist", {"GCMarkAssistBegin"}},
      {"cpu", {"CPUSample"}},
  };
  return keys;
}

uint64_t SumCounts(const std::map<std::string, uint64_t>& counts, const V2CountKey& key) {
  uint64_t n = 0;
  for (const char* name : key.events) {
    auto it = counts.find(name);
    if (it != counts.end()) n += it->second;
  }
  return n;
}

std::optional<std::regex> GoRegexpToEcma(const std::string& go_regexp) {
  for (const char* go_only : {"(?", "\\A", "\\z", "\\Q", "[[:", "\\p{", "\\P{", "\\pL", "\\C"}) {
    if (go_regexp.find(go_only) != std::string::npos) return std::nullopt;
  }
  try {
    return std::regex(go_regexp, std::regex::ECMAScript);
  } catch (const std::regex_error&) {
    return std::nullopt;
  }
}

void ModelChecker::Problem(std::string what) {
  if (problems_.size() < 10) problems_.push_back(std::move(what));
}

void ModelChecker::OnEvent(const model::Event& e) {
  const auto mix = [this](uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      hash_ ^= (v >> (8 * i)) & 0xff;
      hash_ *= 1099511628211ull;
    }
  };
  for (uint64_t v : {static_cast<uint64_t>(e.time), e.offset, e.goroutine, e.resource, e.value,
                     static_cast<uint64_t>(e.proc), static_cast<uint64_t>(e.thread),
                     static_cast<uint64_t>(e.stack), static_cast<uint64_t>(e.extra_stack),
                     static_cast<uint64_t>(e.name), static_cast<uint64_t>(e.text),
                     static_cast<uint64_t>(e.kind), static_cast<uint64_t>(e.from),
                     static_cast<uint64_t>(e.to), static_cast<uint64_t>(e.scope)}) {
    mix(v);
  }
  if (events_ > 0 && e.time < last_time_) {
    ++time_regressions_;
    Problem("event " + std::to_string(events_) + " at " + std::to_string(e.time) +
            " ns comes after one at " + std::to_string(last_time_) + " ns");
  }
  last_time_ = e.time;
  ++events_;
  if (e.kind != model::EventKind::kGoTransition) return;

  using model::GoState;
  const auto from = static_cast<GoState>(e.from);
  const auto to = static_cast<GoState>(e.to);
  auto it = state_.find(e.resource);
  const bool known = it != state_.end();
  bool ok = true;
  if (from != GoState::kUndetermined) {
    ok = known ? it->second == from : from == GoState::kNotExist;
  }
  if (!ok) {
    ++state_mismatches_;
    Problem("G" + std::to_string(e.resource) + " at " + std::to_string(e.time) + " ns (offset " +
            std::to_string(e.offset) + "): transition " + model::GoStateName(from) + "->" +
            model::GoStateName(to) + " but its last transition left it " +
            (known ? model::GoStateName(it->second) : "unseen"));
  }
  state_[e.resource] = to;
  if (from == GoState::kRunning && to == GoState::kRunnable &&
      tables_->strings.Get(e.name) == "preempted") {
    ++preemptions_;
    auto since = running_since_.find(e.resource);
    ran_for_[e.resource].push_back(since == running_since_.end() ? 0 : e.time - since->second);
  }
  if (to == GoState::kRunning && from != GoState::kSyscall) {
    running_since_[e.resource] = e.time;
  } else if (to != GoState::kRunning && to != GoState::kSyscall) {
    running_since_.erase(e.resource);
  }
}

std::map<uint64_t, uint64_t> ModelChecker::PreemptionsRanAtLeast(int64_t min_ran_ns) const {
  std::map<uint64_t, uint64_t> out;
  for (const auto& [g, ran] : ran_for_) {
    for (int64_t r : ran) {
      if (r >= min_ran_ns) ++out[g];
    }
  }
  return out;
}

}  // namespace tracenote::conformance
