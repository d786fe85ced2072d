// The profile detectors on the real Go 1.19 sample profiles in samples/
// (gcload, contention, threads): classification of every profile, and each
// finding's numbers checked against what `go tool pprof` printed for the
// same file (samples/*/*.top*.txt) or what the sample program was written
// to do (samples/*/README.md).
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "analysis/profile_detectors/profile_finding.h"
#include "ingest/pprof/pprof_reader.h"

namespace tracenote::analysis {
namespace {

model::Profile Sample(const std::string& relative) {
  auto p = pprof::ReadProfileFile(std::string(TRACENOTE_SOURCE_DIR) + "/samples/" + relative);
  EXPECT_TRUE(p.ok()) << relative << ": " << p.status().message();
  return p.ok() ? std::move(*p) : model::Profile{};
}

std::vector<ProfileFinding> Detect(const model::Profile& p) {
  return RunProfileDetectors(ProfileAnalysisInput{&p, ClassifyProfile(p)});
}

// The finding `id` when `findings` has exactly one of it, else null.
const ProfileFinding* Only(const std::vector<ProfileFinding>& findings, const std::string& id) {
  const ProfileFinding* found = nullptr;
  for (const ProfileFinding& f : findings) {
    if (f.finding.id != id) continue;
    if (found != nullptr) return nullptr;
    found = &f;
  }
  return found;
}

// pprof prints bytes rounded to 2 decimals of its unit.
void ExpectNearKiB(int64_t bytes, double kib) {
  EXPECT_LT(std::fabs(static_cast<double>(bytes) - kib * 1024), 0.005 * 1024) << bytes;
}

TEST(ProfileDetectorsSamplesTest, ClassifiesEverySampleProfile) {
  EXPECT_EQ(ClassifyProfile(Sample("gcload/cpu.pb.gz")), ProfileKind::kCpu);
  EXPECT_EQ(ClassifyProfile(Sample("gcload/heap.pb.gz")), ProfileKind::kHeap);
  EXPECT_EQ(ClassifyProfile(Sample("gcload/allocs.pb.gz")), ProfileKind::kAllocs);
  // Same sample types; told apart by where the stacks end.
  EXPECT_EQ(ClassifyProfile(Sample("contention/mutex.pb.gz")), ProfileKind::kMutex);
  EXPECT_EQ(ClassifyProfile(Sample("contention/block.pb.gz")), ProfileKind::kBlock);
  EXPECT_EQ(ClassifyProfile(Sample("contention/goroutine.pb.gz")), ProfileKind::kGoroutine);
  EXPECT_EQ(ClassifyProfile(Sample("threads/threadcreate.pb.gz")), ProfileKind::kThreadcreate);
}

TEST(ProfileDetectorsSamplesTest, GcLoadCpuProfileIsMostlyAssists) {
  const model::Profile p = Sample("gcload/cpu.pb.gz");
  // cpu.top.txt: "Total samples = 650ms"; cpu.top_cum.txt: gcAssistAlloc
  // 340ms cum, gcBgMarkWorker 100ms cum.
  const GcBreakdown b = ComputeGcBreakdown(p, 1);
  EXPECT_EQ(b.total, 650000000);
  EXPECT_EQ(b.assists, 340000000);
  EXPECT_EQ(b.workers, 100000000);
  EXPECT_EQ(b.gc_samples, 44);  // 10 ms per SIGPROF hit
  const auto findings = Detect(p);
  const ProfileFinding* f_ptr = Only(findings, "gc-cost");
  ASSERT_NE(f_ptr, nullptr);
  const ProfileFinding& f = *f_ptr;
  EXPECT_EQ(f.finding.severity, Severity::kCritical);
  EXPECT_GE(f.finding.numbers.at("share_percent").get<double>(), 50);
  ASSERT_FALSE(f.list_functions.empty());
  EXPECT_EQ(f.list_functions.front(), "runtime.gcAssistAlloc1");
  EXPECT_EQ(f.list_functions.back(), "main.churn");  // the loop that allocates
}

TEST(ProfileDetectorsSamplesTest, GcLoadHeapProfilesPointAtChurn) {
  for (const char* file : {"gcload/heap.pb.gz", "gcload/allocs.pb.gz"}) {
    const auto findings = Detect(Sample(file));
    const ProfileFinding* f_ptr = Only(findings, "alloc-hotspots");
    ASSERT_NE(f_ptr, nullptr);
    const ProfileFinding& f = *f_ptr;
    // heap.top_alloc_space.txt: "of 1217.17MB total".
    EXPECT_LT(
        std::fabs(f.finding.numbers.at("alloc_space_total").get<double>() / (1 << 20) - 1217.17),
        0.005)
        << file;
    EXPECT_EQ(f.finding.severity, Severity::kWarning) << file;
    EXPECT_EQ(f.list_functions, std::vector<std::string>{"main.churn"}) << file;
  }
}

TEST(ProfileDetectorsSamplesTest, ContentionSitesAndKinds) {
  const auto mutex = Detect(Sample("contention/mutex.pb.gz"));
  const ProfileFinding* m_ptr = Only(mutex, "contention");
  ASSERT_NE(m_ptr, nullptr);
  const ProfileFinding& m = *m_ptr;
  EXPECT_EQ(m.finding.numbers.at("delay_ns").get<int64_t>(), 60989721);  // "of 60.99ms total"
  EXPECT_EQ(m.finding.explanation, "profile.finding.contention.explanation_mutex");
  EXPECT_EQ(m.list_functions, std::vector<std::string>{"main.(*counter).bump"});
  for (const auto& site : m.finding.numbers.at("sites")) {
    EXPECT_EQ(site.at("kind"), "unlock") << site.at("func");
  }

  const auto block = Detect(Sample("contention/block.pb.gz"));
  const ProfileFinding* b_ptr = Only(block, "contention");
  ASSERT_NE(b_ptr, nullptr);
  const ProfileFinding& b = *b_ptr;
  EXPECT_EQ(b.finding.explanation, "profile.finding.contention.explanation_block");
  // main.go waits in a select, on a sync.Cond, a Mutex and a WaitGroup.
  std::set<std::string> kinds;
  for (const auto& site : b.finding.numbers.at("sites"))
    kinds.insert(site.at("kind").get<std::string>());
  EXPECT_EQ(kinds, (std::set<std::string>{"select", "cond", "lock", "waitgroup"}));

  EXPECT_TRUE(Detect(Sample("contention/goroutine.pb.gz")).empty());
}

TEST(ProfileDetectorsSamplesTest, ThreadsFromTheHeapAndThreadcreateProfiles) {
  const auto heap = Detect(Sample("threads/heap.pb.gz"));
  const ProfileFinding* h_ptr = Only(heap, "thread-creation");
  ASSERT_NE(h_ptr, nullptr);
  const ProfileFinding& h = *h_ptr;
  const int64_t heap_ms = h.finding.numbers.at("ms").get<int64_t>();
  // heap.top_alloc_space.txt: runtime.allocm 34.44kB cum.
  ExpectNearKiB(h.finding.numbers.at("alloc_space").get<int64_t>(), 34.44);
  // 12 goroutines block in syscalls with GOMAXPROCS=2: their Ps are handed
  // off (some by sysmon) to new Ms.
  const auto& reasons = h.finding.numbers.at("reasons");
  ASSERT_TRUE(reasons.contains("handoff") && reasons.contains("sysmon"));
  EXPECT_GE(
      reasons.at("handoff").at("ms").get<int64_t>() + reasons.at("sysmon").at("ms").get<int64_t>(),
      12);
  ASSERT_FALSE(h.list_functions.empty());
  EXPECT_EQ(h.list_functions.front(), "runtime.allocm");

  const auto tc = Detect(Sample("threads/threadcreate.pb.gz"));
  const ProfileFinding* t_ptr = Only(tc, "thread-creation");
  ASSERT_NE(t_ptr, nullptr);
  const ProfileFinding& t = *t_ptr;
  EXPECT_EQ(t.finding.numbers.at("ms").get<int64_t>(), 24);  // threadcreate.top.txt: "of 24 total"
  // The threads the heap profile saw being made are among them.
  EXPECT_LE(heap_ms, 24);
  EXPECT_TRUE(t.finding.numbers.at("reasons").contains("template"));  // LockOSThread
}

}  // namespace
}  // namespace tracenote::analysis
