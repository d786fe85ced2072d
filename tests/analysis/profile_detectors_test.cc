// The profile detectors on hand-built profiles: classification, thresholds,
// each sample counted once, empty and diff (negative) profiles, and that
// every message they use formats in English and Russian (with Russian
// plural forms). profile_detectors_samples_test.cc runs them on the real
// sample profiles.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "analysis/profile_detectors/profile_finding.h"
#include "analysis/profile_test_builder.h"
#include "l10n/catalog.h"

namespace tracenote::analysis {
namespace {

using test::ProfileBuilder;

using Types = std::vector<std::pair<std::string, std::string>>;

ProfileBuilder Cpu() {
  ProfileBuilder b({{"samples", "count"}, {"cpu", "nanoseconds"}});
  b.Period("cpu", "nanoseconds", 10000000);
  return b;
}
ProfileBuilder Heap() {
  ProfileBuilder b({{"alloc_objects", "count"},
                    {"alloc_space", "bytes"},
                    {"inuse_objects", "count"},
                    {"inuse_space", "bytes"}});
  b.Period("space", "bytes", 524288);
  return b;
}
ProfileBuilder Contention() {
  ProfileBuilder b({{"contentions", "count"}, {"delay", "nanoseconds"}});
  b.Period("contentions", "count", 1);
  return b;
}

std::vector<ProfileFinding> Detect(const model::Profile& p) {
  ProfileAnalysisInput in;
  in.profile = &p;
  in.kind = ClassifyProfile(p);
  return RunProfileDetectors(in);
}

const ProfileFinding* FindById(const std::vector<ProfileFinding>& fs, const std::string& id) {
  for (const ProfileFinding& f : fs) {
    if (f.finding.id == id) return &f;
  }
  return nullptr;
}

// A CPU profile where `gc` of every 100 samples (10 ms each) are mark work.
model::Profile CpuWithGcShare(int gc) {
  ProfileBuilder b = Cpu();
  if (gc > 0) {
    b.Sample({"runtime.scanobject", "runtime.gcDrain", "runtime.gcBgMarkWorker.func2",
              "runtime.systemstack"},
             {gc, gc * 10000000LL});
  }
  b.Sample({"main.work", "main.main", "runtime.main"}, {100 - gc, (100 - gc) * 10000000LL});
  return b.Take();
}

TEST(ProfileDetectorsTest, ClassifiesProfilesByContent) {
  EXPECT_EQ(ClassifyProfile(Cpu().Take()), ProfileKind::kCpu);
  EXPECT_EQ(ClassifyProfile(Heap().Take()), ProfileKind::kHeap);
  EXPECT_EQ(ClassifyProfile(Heap().Default("alloc_space").Take()), ProfileKind::kAllocs);
  model::Profile mutex =
      Contention().Sample({"sync.(*Mutex).Unlock", "main.bump"}, {10, 1000}).Take();
  EXPECT_EQ(ClassifyProfile(mutex), ProfileKind::kMutex);
  model::Profile block = Contention()
                             .Sample({"runtime.chanrecv1", "main.wait"}, {10, 1000})
                             .Sample({"sync.(*Mutex).Unlock", "main.bump"}, {1, 10})
                             .Take();
  EXPECT_EQ(ClassifyProfile(block), ProfileKind::kBlock);
  EXPECT_EQ(ClassifyProfile(ProfileBuilder(Types{{"goroutine", "count"}}).Take()),
            ProfileKind::kGoroutine);
  EXPECT_EQ(ClassifyProfile(ProfileBuilder(Types{{"threadcreate", "count"}}).Take()),
            ProfileKind::kThreadcreate);
  EXPECT_EQ(ClassifyProfile(ProfileBuilder(Types{{"widgets", "count"}}).Take()),
            ProfileKind::kOther);
}

TEST(ProfileDetectorsTest, GcCostSeverityFollowsTheShare) {
  EXPECT_EQ(FindById(Detect(CpuWithGcShare(0)), "gc-cost"), nullptr);
  EXPECT_EQ(FindById(Detect(CpuWithGcShare(4)), "gc-cost"), nullptr);  // below 5 %
  const struct {
    int gc;
    Severity want;
  } cases[] = {{5, Severity::kInfo},     {24, Severity::kInfo},     {25, Severity::kWarning},
               {49, Severity::kWarning}, {50, Severity::kCritical}, {90, Severity::kCritical}};
  for (const auto& c : cases) {
    const auto findings = Detect(CpuWithGcShare(c.gc));
    const ProfileFinding* f = FindById(findings, "gc-cost");
    ASSERT_NE(f, nullptr) << c.gc;
    EXPECT_EQ(f->finding.severity, c.want) << c.gc;
    EXPECT_DOUBLE_EQ(f->finding.numbers["share_percent"].get<double>(), c.gc);
  }
}

TEST(ProfileDetectorsTest, GcCostCountsEachSampleOnceInItsInnermostCategory) {
  // An assist inside mallocgc is an assist; a sweep inside mallocgc is a
  // sweep; mallocgc alone is allocation. Frames of several roots in one
  // stack never count the sample twice.
  model::Profile p =
      Cpu()
          .Sample({"runtime.scanobject", "runtime.gcDrainN", "runtime.gcAssistAlloc1",
                   "runtime.gcAssistAlloc", "runtime.mallocgc", "main.alloc"},
                  {3, 30})
          .Sample(
              {"runtime.sweepone", "runtime.deductSweepCredit", "runtime.mallocgc", "main.alloc"},
              {1, 10})
          .Sample({"runtime.memclrNoHeapPointers", "runtime.mallocgc", "main.alloc"}, {2, 20})
          .Sample(
              {"runtime.wbBufFlush1", "runtime.wbBufFlush", "runtime.gcWriteBarrier", "main.link"},
              {1, 10})
          .Sample({"runtime.greyobject", "runtime.scanobject", "runtime.gcDrain",
                   "runtime.gcBgMarkWorker.func2", "runtime.systemstack", "runtime.gcBgMarkWorker"},
                  {2, 20})
          .Sample({"main.compute"}, {1, 10})
          .Take();
  const GcBreakdown b = ComputeGcBreakdown(p, 1);
  EXPECT_EQ(b.total, 100);
  EXPECT_EQ(b.assists, 30);
  EXPECT_EQ(b.sweep, 10);
  EXPECT_EQ(b.alloc, 20);
  EXPECT_EQ(b.write_barriers, 10);
  EXPECT_EQ(b.workers, 20);
  EXPECT_EQ(b.All(), 90);
  EXPECT_EQ(b.gc_samples, 5);  // SIGPROF hits of workers (2) and assists (3)
  EXPECT_EQ(b.samples, 9);
  const auto f_all = Detect(p);
  const ProfileFinding* f = FindById(f_all, "gc-cost");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->finding.severity, Severity::kCritical);
  EXPECT_EQ(f->finding.evidence.size(), 5u);
  ASSERT_FALSE(f->list_functions.empty());
  EXPECT_EQ(f->list_functions.front(), "runtime.gcAssistAlloc1");
  EXPECT_EQ(f->list_functions.back(), "main.alloc");  // the program pays the assists
}

TEST(ProfileDetectorsTest, EmptyProfilesGiveNoFindings) {
  for (model::Profile p :
       {Cpu().Take(), Heap().Take(), Contention().Take(),
        ProfileBuilder(Types{{"threadcreate", "count"}}).Take(), model::Profile{}}) {
    EXPECT_TRUE(Detect(p).empty());
  }
  // Samples with empty stacks.
  model::Profile p = Cpu().Sample({}, {5, 50}).Take();
  EXPECT_TRUE(Detect(p).empty());
  EXPECT_TRUE(RunProfileDetectors(ProfileAnalysisInput{}).empty());
}

TEST(ProfileDetectorsTest, DiffProfilesWithNegativeValuesDoNotCrash) {
  // A profile minus its base: base samples negated and labelled pprof::base.
  std::vector<model::Profile> profiles;
  profiles.push_back(Cpu()
                         .Sample({"runtime.scanobject", "runtime.gcBgMarkWorker"}, {-50, -500})
                         .Sample({"runtime.scanobject", "runtime.gcBgMarkWorker"}, {60, 600}, true)
                         .Sample({"runtime.mallocgc", "main.f"}, {-10, -100})
                         .Take());
  profiles.push_back(
      Heap()
          .Sample({"main.a"}, {-3, -3000, -1, -1000})
          .Sample({"main.b"}, {4, 4000, 1, 1000}, true)
          .Sample({"runtime.allocm", "runtime.newm", "runtime.startm", "runtime.handoffp"},
                  {-2, -2048, -2, -2048})
          .Take());
  profiles.push_back(Contention()
                         .Sample({"sync.(*Mutex).Unlock", "main.bump"}, {-5, -5000000000LL})
                         .Sample({"sync.(*Mutex).Unlock", "main.other"}, {2, 1000}, true)
                         .Take());
  for (const model::Profile& p : profiles) {
    for (const ProfileFinding& f : Detect(p)) {
      EXPECT_FALSE(f.finding.id.empty());
      EXPECT_FALSE(f.finding.title.empty());
    }
  }
}

TEST(ProfileDetectorsTest, AllocHotspotsRankSitesByBytes) {
  model::Profile p = Heap()
                         .Sample({"main.big"}, {10, 10 << 20, 1, 1 << 20})
                         .Sample({"main.small"}, {1000, 16000, 100, 1600})
                         .Sample({"main.big"}, {10, 10 << 20, 0, 0})
                         .Take();
  const auto f_all = Detect(p);
  const ProfileFinding* f = FindById(f_all, "alloc-hotspots");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->finding.severity, Severity::kWarning);  // one site makes >= 50 %
  ASSERT_EQ(f->finding.evidence.size(), 2u);
  EXPECT_EQ(std::get<l10n::TraceText>(f->finding.evidence[0].args.at("func")).text, "main.big");
  EXPECT_EQ(std::get<int64_t>(f->finding.evidence[0].args.at("objects")), 20);
  EXPECT_EQ(std::get<std::string>(f->finding.evidence[0].args.at("avg")), "1MB");
  EXPECT_EQ(f->list_functions, std::vector<std::string>{"main.big"});

  model::Profile even = Heap()
                            .Sample({"main.a"}, {1, 100, 0, 0})
                            .Sample({"main.b"}, {1, 100, 0, 0})
                            .Sample({"main.c"}, {1, 100, 0, 0})
                            .Take();
  const auto g_all = Detect(even);
  const ProfileFinding* g = FindById(g_all, "alloc-hotspots");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->finding.severity, Severity::kInfo);
}

TEST(ProfileDetectorsTest, ThreadCreationCountsMsAndReadsWhy) {
  const std::vector<std::string> sysmon = {"runtime.allocm",   "runtime.newm",   "runtime.startm",
                                           "runtime.handoffp", "runtime.retake", "runtime.sysmon"};
  const std::vector<std::string> g0 = {"runtime.malg",     "runtime.allocm",
                                       "runtime.newm",     "runtime.startm",
                                       "runtime.handoffp", "runtime.entersyscallblock_handoff"};
  const std::vector<std::string> wake = {"runtime.allocm", "runtime.newm",    "runtime.startm",
                                         "runtime.wakep",  "runtime.newproc", "main.main"};
  model::Profile p = Heap()
                         .Sample(sysmon, {3, 3072, 3, 3072})
                         .Sample(g0, {6, 2400, 6, 2400})  // not more Ms
                         .Sample(wake, {1, 1024, 1, 1024})
                         .Sample({"main.other"}, {1, 10, 1, 10})
                         .Take();
  const auto f_all = Detect(p);
  const ProfileFinding* f = FindById(f_all, "thread-creation");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(std::get<int64_t>(f->finding.args.at("ms")), 4);
  EXPECT_EQ(f->finding.severity, Severity::kInfo);
  ASSERT_EQ(f->finding.evidence.size(), 3u);
  EXPECT_EQ(std::get<std::string>(f->finding.evidence[0].args.at("reason")), "sysmon");
  EXPECT_EQ(std::get<int64_t>(f->finding.evidence[0].args.at("ms")), 3);
  EXPECT_EQ(f->finding.numbers["alloc_space"].get<int64_t>(), 3072 + 2400 + 1024);
  ASSERT_FALSE(f->list_functions.empty());
  EXPECT_EQ(f->list_functions[0], "runtime.allocm");

  // A threadcreate profile: every sample is threads; most have no stack.
  model::Profile tc = ProfileBuilder(Types{{"threadcreate", "count"}})
                          .Sample({}, {60})
                          .Sample({"runtime.newm", "runtime.startTemplateThread",
                                   "runtime.LockOSThread", "main.locked"},
                                  {1})
                          .Take();
  const auto t_all = Detect(tc);
  const ProfileFinding* t = FindById(t_all, "thread-creation");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(std::get<int64_t>(t->finding.args.at("ms")), 61);
  EXPECT_EQ(t->finding.severity, Severity::kWarning);  // >= 50
  EXPECT_EQ(std::get<std::string>(t->finding.evidence[0].args.at("reason")), "nostack");
  EXPECT_EQ(std::get<std::string>(t->finding.evidence[1].args.at("reason")), "template");
  EXPECT_EQ(std::get<l10n::TraceText>(t->finding.evidence[1].args.at("example")).text,
            "main.locked");
}

TEST(ProfileDetectorsTest, ContentionRanksCallSitesByDelay) {
  model::Profile p =
      Contention()
          .Sample({"sync.(*Mutex).Unlock", "main.bump", "main.worker"}, {100, 2000000000LL})
          .Sample({"sync.(*Mutex).Unlock", "main.slow"}, {1, 500000000LL})
          .Sample({"sync.(*Mutex).Unlock", "main.bump", "main.other"}, {100, 1000000000LL})
          .Take();
  ASSERT_EQ(ClassifyProfile(p), ProfileKind::kMutex);
  const auto f_all = Detect(p);
  const ProfileFinding* f = FindById(f_all, "contention");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->finding.severity, Severity::kWarning);  // 3.5 s >= 1 s
  EXPECT_EQ(f->finding.explanation, "profile.finding.contention.explanation_mutex");
  ASSERT_EQ(f->finding.evidence.size(), 2u);
  const auto& top = f->finding.evidence[0].args;
  EXPECT_EQ(std::get<l10n::TraceText>(top.at("func")).text, "main.bump");
  EXPECT_EQ(std::get<std::string>(top.at("kind")), "unlock");
  EXPECT_EQ(std::get<int64_t>(top.at("contentions")), 200);
  EXPECT_EQ(std::get<l10n::Duration>(top.at("mean")).ns, 15000000);
  EXPECT_EQ(f->list_functions, std::vector<std::string>{"main.bump"});

  model::Profile block = Contention()
                             .Sample({"runtime.selectgo", "main.loop"}, {3, 30000000LL})
                             .Sample({"sync.(*WaitGroup).Wait", "main.main"}, {1, 70000000000LL})
                             .Take();
  const auto b_all = Detect(block);
  const ProfileFinding* b = FindById(b_all, "contention");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->finding.severity, Severity::kCritical);  // >= 60 s
  EXPECT_EQ(std::get<std::string>(b->finding.evidence[0].args.at("kind")), "waitgroup");
  EXPECT_EQ(std::get<std::string>(b->finding.evidence[1].args.at("kind")), "select");
}

// Every message of every finding above formats in both languages without
// errors (no missing key or argument).
TEST(ProfileDetectorsTest, MessagesFormatInBothLanguages) {
  std::vector<model::Profile> profiles;
  profiles.push_back(CpuWithGcShare(60));
  profiles.push_back(
      Heap()
          .Sample({"main.big"}, {10, 10 << 20, 1, 1 << 20})
          .Sample({"runtime.allocm", "runtime.newm", "runtime.startm", "runtime.handoffp"},
                  {2, 2048, 2, 2048})
          .Take());
  profiles.push_back(ProfileBuilder(Types{{"threadcreate", "count"}}).Sample({}, {3}).Take());
  profiles.push_back(Contention().Sample({"sync.(*Mutex).Unlock", "main.bump"}, {1, 1000}).Take());
  profiles.push_back(Contention().Sample({"runtime.chanrecv1", "main.f"}, {1, 1000}).Take());
  for (l10n::Language lang : l10n::kAllLanguages) {
    auto c = l10n::Catalog::Load(lang);
    ASSERT_TRUE(c.ok()) << c.status().message();
    size_t findings = 0;
    for (const model::Profile& p : profiles) {
      for (const ProfileFinding& pf : Detect(p)) {
        ++findings;
        const Finding& f = pf.finding;
        EXPECT_TRUE(c->Has(f.title)) << f.title;
        EXPECT_TRUE(c->Has(f.explanation)) << f.explanation;
        EXPECT_NE(c->Format(f.title, f.args), f.title);
        EXPECT_NE(c->Format(f.explanation, f.args), f.explanation);
        for (const Evidence& e : f.evidence) EXPECT_NE(c->Format(e.message, e.args), e.message);
      }
    }
    EXPECT_EQ(findings, 6u);
    EXPECT_TRUE(c->Errors().empty()) << c->Errors().front();
  }
}

TEST(ProfileDetectorsTest, RussianPluralsOfThreadsAndContentions) {
  auto ru = l10n::Catalog::Load(l10n::Language::kRussian);
  ASSERT_TRUE(ru.ok());
  auto title = [&](int64_t ms) {
    return ru->FormatText("profile.finding.thread_creation.title",
                          {{"ms", ms}, {"estimated", std::string("no")}});
  };
  EXPECT_EQ(title(1), "Рантайм создал 1 поток (M)");
  EXPECT_EQ(title(3), "Рантайм создал 3 потока (M)");
  EXPECT_EQ(title(5), "Рантайм создал 5 потоков (M)");
  EXPECT_EQ(title(21), "Рантайм создал 21 поток (M)");
  EXPECT_EQ(title(12), "Рантайм создал 12 потоков (M)");
  auto summary = [&](int64_t n) {
    return ru->FormatText("profile.report.summary", {{"count", n}, {"list", std::string("x")}});
  };
  EXPECT_EQ(summary(1).substr(0, summary(1).find(" Go")), "1 профиль");
  EXPECT_EQ(summary(2).substr(0, summary(2).find(" Go")), "2 профиля");
  EXPECT_EQ(summary(5).substr(0, summary(5).find(" Go")), "5 профилей");
  auto site = [&](int64_t contentions) {
    return ru->FormatText("profile.evidence.contention.site", {{"func", l10n::TraceText{"main.f"}},
                                                               {"delay", l10n::Duration{1000}},
                                                               {"share", l10n::Percent{50}},
                                                               {"contentions", contentions},
                                                               {"mean", l10n::Duration{1000}},
                                                               {"kind", std::string("select")}});
  };
  EXPECT_NE(site(1).find("за 1 блокировку"), std::string::npos) << site(1);
  EXPECT_NE(site(3).find("за 3 блокировки"), std::string::npos) << site(3);
  EXPECT_NE(site(5).find("за 5 блокировок"), std::string::npos) << site(5);
  EXPECT_TRUE(ru->Errors().empty());
}

}  // namespace
}  // namespace tracenote::analysis
