#include "dump/profile_raw.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

namespace tracenote {

namespace {

// Days since 1970-01-01 to a civil date (proleptic Gregorian).
void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

// ".123" for the fraction digits of `frac` (of `width` digits), trailing
// zeros removed; "" when zero.
std::string Fraction(uint64_t frac, int width) {
  if (frac == 0) return "";
  std::string digits = fmt::format("{:0{}}", frac, width);
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  return "." + digits;
}

// Go's %.4v on a string: at most 4 runes.
std::string FirstRunes(const std::string& s, int runes) {
  size_t i = 0;
  for (int r = 0; r < runes && i < s.size(); ++r) {
    ++i;
    while (i < s.size() && (static_cast<uint8_t>(s[i]) & 0xc0) == 0x80) ++i;
  }
  return s.substr(0, i);
}

// Go's fmt %v of a []string / a list: "[a b c]".
std::string GoList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ' ';
    out += items[i];
  }
  return out + "]";
}

// One sample's label lines, as Sample.string() prints them: string labels
// grouped by key (values in order), then numeric ones; each group's entries
// "key:[...]" sorted as strings.
void AppendLabels(const model::Profile& p, size_t sample, std::string* out) {
  struct NumGroup {
    std::string key;
    std::vector<int64_t> values;
    std::vector<std::string> units;  // pprof pads with "" up to the value count
  };
  std::vector<std::pair<std::string, std::vector<std::string>>> strs;
  std::vector<NumGroup> nums;
  for (const model::ProfileLabel& l : p.sample_labels(sample)) {
    const std::string key(p.str(l.key_str));
    if (l.str_str != 0) {
      auto it = std::find_if(strs.begin(), strs.end(), [&](auto& g) { return g.first == key; });
      if (it == strs.end()) it = strs.insert(strs.end(), {key, {}});
      it->second.emplace_back(p.str(l.str_str));
      continue;
    }
    auto it = std::find_if(nums.begin(), nums.end(), [&](auto& g) { return g.key == key; });
    if (it == nums.end()) it = nums.insert(nums.end(), NumGroup{key, {}, {}});
    if (l.num_unit_str != 0) {
      it->units.resize(std::max(it->units.size(), it->values.size()));
      it->units.emplace_back(p.str(l.num_unit_str));
    }
    it->values.push_back(l.num);
  }
  const std::string header(16, ' ');
  if (!strs.empty()) {
    std::vector<std::string> ls;
    for (auto& [key, values] : strs) ls.push_back(key + ":" + GoList(values));
    std::sort(ls.begin(), ls.end());
    *out += "\n" + header;
    for (size_t i = 0; i < ls.size(); ++i) *out += (i ? " " : "") + ls[i];
  }
  if (!nums.empty()) {
    std::vector<std::string> ls;
    for (const NumGroup& g : nums) {
      std::vector<std::string> items;
      for (size_t i = 0; i < g.values.size(); ++i) {
        items.push_back(g.units.size() == g.values.size()
                            ? fmt::format("{} {}", g.values[i], g.units[i])
                            : fmt::format("{}", g.values[i]));
      }
      ls.push_back(g.key + ":" + GoList(items));
    }
    std::sort(ls.begin(), ls.end());
    *out += "\n" + header;
    for (size_t i = 0; i < ls.size(); ++i) *out += (i ? " " : "") + ls[i];
  }
}

}  // namespace

std::string FormatGoTimeUtc(int64_t nanos) {
  int64_t secs = nanos / 1000000000;
  int64_t frac = nanos % 1000000000;
  if (frac < 0) {
    frac += 1000000000;
    --secs;
  }
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int64_t year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}{} +0000 UTC", year, month, day,
                     rem / 3600, rem / 60 % 60, rem % 60, Fraction(static_cast<uint64_t>(frac), 9));
}

std::string FormatGoDuration(int64_t nanos) {
  const bool neg = nanos < 0;
  uint64_t u = neg ? uint64_t{0} - static_cast<uint64_t>(nanos) : static_cast<uint64_t>(nanos);
  std::string s;
  if (u == 0) return "0s";
  if (u < 1000000000) {
    if (u < 1000)
      s = fmt::format("{}ns", u);
    else if (u < 1000000)
      s = fmt::format("{}{}µs", u / 1000, Fraction(u % 1000, 3));
    else
      s = fmt::format("{}{}ms", u / 1000000, Fraction(u % 1000000, 6));
  } else {
    const std::string secs = fmt::format("{}{}s", u / 1000000000 % 60, Fraction(u % 1000000000, 9));
    const uint64_t minutes = u / 1000000000 / 60;
    if (minutes == 0)
      s = secs;
    else if (minutes < 60)
      s = fmt::format("{}m{}", minutes, secs);
    else
      s = fmt::format("{}h{}m{}", minutes / 60, minutes % 60, secs);
  }
  return neg ? "-" + s : s;
}

std::string FormatProfileRaw(const model::Profile& p) {
  std::string out;
  for (uint32_t c : p.comments) out += fmt::format("Comment: {}\n", p.str(c));
  if (!p.str(p.doc_url_str).empty()) out += fmt::format("Doc: {}\n", p.str(p.doc_url_str));
  out += fmt::format("PeriodType: {} {}\n", p.str(p.period_type.type_str),
                     p.str(p.period_type.unit_str));
  out += fmt::format("Period: {}\n", p.period);
  if (p.time_nanos != 0) out += "Time: " + FormatGoTimeUtc(p.time_nanos) + "\n";
  if (p.duration_nanos != 0) {
    out += "Duration: " + FirstRunes(FormatGoDuration(p.duration_nanos), 4) + "\n";
  }
  out += "Samples:\n";
  std::string types;
  const std::string_view dflt = p.str(p.default_sample_type_str);
  for (const model::ProfileValueType& t : p.sample_types) {
    if (!types.empty()) types += ' ';
    types += fmt::format("{}/{}{}", p.str(t.type_str), p.str(t.unit_str),
                         p.str(t.type_str) == dflt ? "[dflt]" : "");
  }
  // Go trims surrounding white space from this line.
  size_t b = 0, e = types.size();
  while (b < e && (types[b] == ' ' || types[b] == '\t')) ++b;
  while (e > b && (types[e - 1] == ' ' || types[e - 1] == '\t')) --e;
  out += types.substr(b, e - b) + "\n";
  const size_t cols = p.value_count();
  for (size_t s = 0; s < p.sample_count(); ++s) {
    for (size_t c = 0; c < cols; ++c) out += fmt::format(" {:10}", p.value(s, c));
    out += ": ";
    for (uint32_t loc : p.stack(s)) out += fmt::format("{} ", p.locations[loc].id);
    AppendLabels(p, s, &out);
    out += '\n';
  }
  out += "Locations\n";
  for (const model::ProfileLocation& l : p.locations) {
    std::string loc = fmt::format("{:6}: {:#x} ", l.id, l.address);
    if (l.mapping != model::kNoIndex) loc += fmt::format("M={} ", p.mappings[l.mapping].id);
    if (l.is_folded) loc += "[F] ";
    if (l.line_count == 0) out += loc + "\n";
    for (const model::ProfileLine& line : p.location_lines(l)) {
      const model::ProfileFunction& fn = p.functions[line.function];
      out += loc;
      out += fmt::format("{} {}:{}:{} s={}", p.str(fn.name_str), p.str(fn.filename_str), line.line,
                         line.column, fn.start_line);
      if (p.str(fn.name_str) != p.str(fn.system_name_str)) {
        out += fmt::format("({})", p.str(fn.system_name_str));
      }
      out += '\n';
      loc = std::string(13, ' ');
    }
  }
  out += "Mappings\n";
  for (const model::ProfileMapping& m : p.mappings) {
    std::string bits;
    if (m.has_functions) bits += "[FN]";
    if (m.has_filenames) bits += "[FL]";
    if (m.has_line_numbers) bits += "[LN]";
    if (m.has_inline_frames) bits += "[IN]";
    out += fmt::format("{}: {:#x}/{:#x}/{:#x} {} {} {}\n", m.id, m.memory_start, m.memory_limit,
                       m.file_offset, p.str(m.filename_str), p.str(m.build_id_str), bits);
  }
  return out;
}

}  // namespace tracenote
