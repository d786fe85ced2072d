// tracenote_pprof_synth: writes a synthetic, gzip-compressed Go CPU or heap
// profile (profile.proto) with many distinct stacks, for measuring the pprof
// reader and views on large inputs (bench/pprof_measure.sh).
//
//   tracenote_pprof_synth --out FILE [--mb N] [--seed S] [--kind cpu|heap]
//
// --mb is the target size of the compressed file (default 10): samples are
// added until the file is at least that large. The profile looks like what
// Go's runtime/pprof writes: Go-like function and file names (standard
// library, a module, the runtime), one mapping for the binary, locations
// with inlined frames, stacks leaf first and at most 64 frames (CPU) or 32
// (heap) deep, `samples/count` + `cpu/nanoseconds` with period 10ms (CPU) or
// the four heap columns with period 512 KiB and a numeric `bytes` label
// (heap), string labels on some CPU samples (pprof.Do), packed repeated
// fields, gzip at best speed. The same arguments always give the same bytes.
//
// Prints a summary to stderr: samples, locations, functions, raw and
// compressed sizes.
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <vector>

#include "pprof_synth/synth_program.h"
#include "profile.pb.h"

namespace {

using tracenote::pprof_synth::Rng;
using tracenote::pprof_synth::SynthProgram;

int Usage(const char* msg) {
  std::fprintf(stderr,
               "tracenote_pprof_synth: %s\n"
               "usage: tracenote_pprof_synth --out FILE [--mb N] [--seed S] [--kind cpu|heap]\n",
               msg);
  return 2;
}

// The string table, interned in first-use order ("" first).
class Strings {
 public:
  Strings() { Add(""); }
  int64_t Add(const std::string& s) {
    auto [it, inserted] = index_.emplace(s, static_cast<int64_t>(table_.size()));
    if (inserted) table_.push_back(s);
    return it->second;
  }
  const std::vector<std::string>& table() const { return table_; }

 private:
  std::unordered_map<std::string, int64_t> index_;
  std::vector<std::string> table_;
};

void AddValueType(tracenote::pprof::ValueType* vt, Strings& s, const char* type, const char* unit) {
  vt->set_type(s.Add(type));
  vt->set_unit(s.Add(unit));
}

// The profile without samples: types, mapping, locations, functions.
void AddTables(const SynthProgram& program, bool heap, Strings& s, tracenote::pprof::Profile* out) {
  if (heap) {
    AddValueType(out->mutable_period_type(), s, "space", "bytes");
    out->set_period(512 * 1024);
    AddValueType(out->add_sample_type(), s, "alloc_objects", "count");
    AddValueType(out->add_sample_type(), s, "alloc_space", "bytes");
    AddValueType(out->add_sample_type(), s, "inuse_objects", "count");
    AddValueType(out->add_sample_type(), s, "inuse_space", "bytes");
  } else {
    AddValueType(out->add_sample_type(), s, "samples", "count");
    AddValueType(out->add_sample_type(), s, "cpu", "nanoseconds");
    AddValueType(out->mutable_period_type(), s, "cpu", "nanoseconds");
    out->set_period(10000000);
  }
  out->set_time_nanos(int64_t{1700000000} * 1000000000);
  tracenote::pprof::Mapping* m = out->add_mapping();
  m->set_id(1);
  m->set_memory_start(0x400000);
  m->set_memory_limit(program.locations.back().address + 0x1000);
  m->set_filename(s.Add("/usr/local/bin/shop-server"));
  m->set_build_id(s.Add("5e1b6f0c8d2a4e7f9b3c1d0e2f4a6b8c"));
  m->set_has_functions(true);
  for (size_t i = 0; i < program.locations.size(); ++i) {
    tracenote::pprof::Location* loc = out->add_location();
    loc->set_id(i + 1);
    loc->set_mapping_id(1);
    loc->set_address(program.locations[i].address);
    for (const auto& line : program.locations[i].lines) {
      tracenote::pprof::Line* l = loc->add_line();
      l->set_function_id(line.function + 1);
      l->set_line(line.line);
    }
  }
  for (size_t i = 0; i < program.functions.size(); ++i) {
    tracenote::pprof::Function* f = out->add_function();
    f->set_id(i + 1);
    const int64_t name = s.Add(program.functions[i].name);
    f->set_name(name);
    f->set_system_name(name);
    f->set_filename(s.Add(program.functions[i].file));
  }
}

// Adds `count` samples; returns the sum of the first column.
int64_t AddSamples(const SynthProgram& program, bool heap, uint64_t count, Rng& rng, Strings& s,
                   tracenote::pprof::Profile* out) {
  static const char* kHandlers[] = {"/api/cart",  "/api/checkout", "/api/search", "/api/item",
                                    "/api/login", "/healthz",      "/metrics",    "/api/order"};
  const int64_t handler_key = s.Add("handler");
  const int64_t bytes_key = s.Add("bytes");
  std::vector<uint32_t> stack;
  int64_t total = 0;
  for (uint64_t i = 0; i < count; ++i) {
    stack.clear();
    tracenote::pprof_synth::WalkStack(program, rng, heap ? 32 : 64, &stack);
    tracenote::pprof::Sample* sample = out->add_sample();
    for (uint32_t loc : stack) sample->add_location_id(loc + 1);
    if (heap) {
      const int64_t size = int64_t{8} << rng.Below(12);
      const int64_t objects = 1 + rng.Skewed(2000);
      const int64_t live = rng.Chance(0.3) ? objects / (1 + rng.Below(4)) : 0;
      sample->add_value(objects);
      sample->add_value(objects * size);
      sample->add_value(live);
      sample->add_value(live * size);
      tracenote::pprof::Label* l = sample->add_label();
      l->set_key(bytes_key);
      l->set_num(size);
    } else {
      const int64_t n = 1 + (rng.Chance(0.2) ? rng.Skewed(50) : 0);
      total += n;
      sample->add_value(n);
      sample->add_value(n * 10000000);
      if (rng.Chance(0.25)) {
        tracenote::pprof::Label* l = sample->add_label();
        l->set_key(handler_key);
        l->set_str(s.Add(kHandlers[rng.Below(8)]));
      }
    }
  }
  return total;
}

// gzip at best speed, as Go's runtime/pprof writes.
bool Gzip(const std::string& raw, std::string* out) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return false;
  }
  out->resize(deflateBound(&z, raw.size()));
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
  z.avail_in = static_cast<uInt>(raw.size());
  z.next_out = reinterpret_cast<Bytef*>(out->data());
  z.avail_out = static_cast<uInt>(out->size());
  const int rc = deflate(&z, Z_FINISH);
  out->resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END;
}

// The whole file for `samples` samples (tables, then samples, then the
// string table, whose contents depend on the labels used).
bool Encode(const SynthProgram& program, bool heap, uint64_t seed, uint64_t samples,
            std::string* raw, std::string* gz) {
  Strings s;
  tracenote::pprof::Profile p;
  AddTables(program, heap, s, &p);
  Rng rng(seed ^ 0x5a5a5a5a5a5a5a5aULL);
  const int64_t total = AddSamples(program, heap, samples, rng, s, &p);
  // CPU: a wall time as if 8 CPUs had been busy the whole time.
  if (!heap) p.set_duration_nanos(total * p.period() / 8);
  for (const std::string& str : s.table()) p.add_string_table(str);
  raw->clear();
  if (!p.SerializeToString(raw)) return false;
  return Gzip(*raw, gz);
}

}  // namespace

int main(int argc, char** argv) {
  std::string out;
  double mb = 10;
  uint64_t seed = 1;
  std::string kind = "cpu";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) return Usage(("missing value for " + a).c_str());
    const char* v = argv[++i];
    char* end = nullptr;
    if (a == "--out") {
      out = v;
    } else if (a == "--mb") {
      mb = std::strtod(v, &end);
      if (end == v || *end != '\0' || mb <= 0 || mb > 1500) return Usage("bad --mb");
    } else if (a == "--seed") {
      seed = std::strtoull(v, &end, 10);
      if (end == v || *end != '\0') return Usage("bad --seed");
    } else if (a == "--kind") {
      kind = v;
      if (kind != "cpu" && kind != "heap") return Usage("bad --kind (cpu or heap)");
    } else {
      return Usage(("unknown argument " + a).c_str());
    }
  }
  if (out.empty()) return Usage("--out is required");
  const bool heap = kind == "heap";
  const uint64_t target = static_cast<uint64_t>(mb * 1024 * 1024);

  Rng rng(seed);
  const SynthProgram program = tracenote::pprof_synth::BuildProgram(30000, rng);

  // Calibrate the compressed bytes per sample on a first encoding, then
  // grow until the file reaches the target.
  std::string raw, gz, base_raw, base_gz;
  if (!Encode(program, heap, seed, 0, &base_raw, &base_gz)) return Usage("encoding failed");
  uint64_t samples = 50000;
  for (int round = 0; round < 8; ++round) {
    if (!Encode(program, heap, seed, samples, &raw, &gz)) return Usage("encoding failed");
    if (gz.size() >= target) break;
    const double per_sample = static_cast<double>(gz.size() - std::min(gz.size(), base_gz.size())) /
                              static_cast<double>(samples);
    const double need = static_cast<double>(target - std::min(target, base_gz.size()));
    samples = std::max<uint64_t>(samples + 1000, static_cast<uint64_t>(need / per_sample * 1.02));
  }
  std::FILE* f = std::fopen(out.c_str(), "wb");
  if (f == nullptr || std::fwrite(gz.data(), 1, gz.size(), f) != gz.size() || std::fclose(f) != 0) {
    std::fprintf(stderr, "tracenote_pprof_synth: cannot write %s\n", out.c_str());
    return 1;
  }
  std::fprintf(stderr,
               "%s profile: %llu samples, %zu locations, %zu functions; %.2f MB raw, %.2f MB "
               "compressed (%s)\n",
               kind.c_str(), static_cast<unsigned long long>(samples), program.locations.size(),
               program.functions.size(), static_cast<double>(raw.size()) / 1048576.0,
               static_cast<double>(gz.size()) / 1048576.0, out.c_str());
  return 0;
}
