// Unit tables and formatting rules follow google/pprof internal/measurement.
#include "profile/measurement.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace tracenote::profile {
namespace {

struct Unit {
  const char* canonical;
  std::vector<std::string_view> aliases;
  double factor;
};

struct UnitType {
  std::vector<Unit> units;
  const char* default_name;
  double default_factor;
};

const std::vector<UnitType>& UnitTypes() {
  static const std::vector<UnitType> types = {
      {{{"B", {"b", "byte"}, 1},
        {"kB", {"kb", "kbyte", "kilobyte"}, double(1 << 10)},
        {"MB", {"mb", "mbyte", "megabyte"}, double(1 << 20)},
        {"GB", {"gb", "gbyte", "gigabyte"}, double(1 << 30)},
        {"TB", {"tb", "tbyte", "terabyte"}, double(1LL << 40)},
        {"PB", {"pb", "pbyte", "petabyte"}, double(1LL << 50)}},
       "B",
       1},
      {{{"ns", {"ns", "nanosecond"}, 1},
        {"us", {"\xce\xbcs", "us", "microsecond"}, 1e3},
        {"ms", {"ms", "millisecond"}, 1e6},
        {"s", {"s", "sec", "second"}, 1e9},
        {"hrs", {"hour", "hr"}, 3600e9}},
       "s",
       1e9},
      {{{"n*GCU", {"nanogcu"}, 1e-9},
        {"u*GCU", {"microgcu"}, 1e-6},
        {"m*GCU", {"milligcu"}, 1e-3},
        {"GCU", {"gcu"}, 1},
        {"k*GCU", {"kilogcu"}, 1e3},
        {"M*GCU", {"megagcu"}, 1e6},
        {"G*GCU", {"gigagcu"}, 1e9},
        {"T*GCU", {"teragcu"}, 1e12},
        {"P*GCU", {"petagcu"}, 1e15}},
       "GCU",
       1},
  };
  return types;
}

std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// pprof's sniffUnit: lower-case, drop a trailing 's' when longer than two bytes.
const Unit* Sniff(const UnitType& type, std::string_view unit) {
  std::string u = ToLowerAscii(unit);
  if (u.size() > 2 && u.back() == 's') u.pop_back();
  for (const Unit& candidate : type.units) {
    for (std::string_view alias : candidate.aliases) {
      if (alias == u) return &candidate;
    }
  }
  return nullptr;
}

bool ConvertUnit(const UnitType& type, int64_t value, std::string_view from, std::string_view to,
                 ScaledValue* out) {
  const Unit* from_unit = Sniff(type, from);
  if (from_unit == nullptr) return false;
  double v = static_cast<double>(value) * from_unit->factor;
  if (to == "minimum" || to == "auto") {
    double f = 0;
    const char* name = nullptr;
    for (const Unit& u : type.units) {
      if (u.factor >= f && v / u.factor >= 1.0) {
        f = u.factor;
        name = u.canonical;
      }
    }
    if (f != 0) {
      *out = {v / f, name};
    } else {
      *out = {v / type.default_factor, type.default_name};
    }
    return true;
  }
  const Unit* to_unit = Sniff(type, to);
  if (to_unit == nullptr) {
    *out = {v / type.default_factor, type.default_name};
  } else {
    *out = {v / to_unit->factor, to_unit->canonical};
  }
  return true;
}

// Decimal digits of |v| rounded to `digits` significant digits (no trailing
// zeros) and the decimal point position (value = 0.DIGITS x 10^dp).
void RoundedDigits(double v, int digits, std::string* out, int* dp) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*e", digits - 1, std::fabs(v));
  std::string s(buf);
  size_t e = s.find('e');
  std::string mant = s.substr(0, e);
  int exp = std::atoi(s.c_str() + e + 1);
  std::string d;
  for (char c : mant) {
    if (c != '.') d.push_back(c);
  }
  while (!d.empty() && d.back() == '0') d.pop_back();
  *out = d;
  *dp = d.empty() ? 0 : exp + 1;
}

// Shortest round-trip digits (Go's precision -1).
void ShortestDigits(double v, std::string* out, int* dp) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), std::fabs(v), std::chars_format::scientific);
  std::string s(buf, res.ptr);
  size_t e = s.find('e');
  std::string d;
  for (char c : s.substr(0, e)) {
    if (c != '.') d.push_back(c);
  }
  int exp = std::atoi(s.c_str() + e + 1);
  while (!d.empty() && d.back() == '0') d.pop_back();
  *out = d;
  *dp = d.empty() ? 0 : exp + 1;
}

std::string FormatE(bool neg, const std::string& digs, int dp, int prec) {
  std::string out = neg ? "-" : "";
  out.push_back(digs.empty() ? '0' : digs[0]);
  if (prec > 0) {
    out.push_back('.');
    for (int i = 1; i <= prec; ++i)
      out.push_back(i < static_cast<int>(digs.size()) ? digs[i] : '0');
  }
  int exp = digs.empty() ? 0 : dp - 1;
  out.push_back('e');
  out.push_back(exp < 0 ? '-' : '+');
  exp = std::abs(exp);
  if (exp < 10) out.push_back('0');
  out += std::to_string(exp);
  return out;
}

std::string FormatFixed(bool neg, const std::string& digs, int dp, int prec) {
  std::string out = neg ? "-" : "";
  if (dp > 0) {
    for (int i = 0; i < dp; ++i) out.push_back(i < static_cast<int>(digs.size()) ? digs[i] : '0');
  } else {
    out.push_back('0');
  }
  if (prec > 0) {
    out.push_back('.');
    for (int i = 0; i < prec; ++i) {
      int j = dp + i;
      out.push_back(j >= 0 && j < static_cast<int>(digs.size()) ? digs[j] : '0');
    }
  }
  return out;
}

}  // namespace

std::string GoFormatG(double v, int width, int precision) {
  std::string body;
  if (std::isnan(v)) {
    body = "NaN";
  } else if (std::isinf(v)) {
    body = v > 0 ? "+Inf" : "-Inf";
  } else {
    bool neg = std::signbit(v);
    bool shortest = precision < 0;
    int prec = precision == 0 ? 1 : precision;
    std::string digs;
    int dp = 0;
    if (shortest) {
      ShortestDigits(v, &digs, &dp);
    } else {
      RoundedDigits(v, prec, &digs, &dp);
    }
    int nd = static_cast<int>(digs.size());
    int eprec = shortest ? nd : prec;
    if (eprec > nd && nd >= dp) eprec = nd;
    if (shortest) eprec = 6;
    int exp = dp - 1;
    if (shortest) prec = nd;
    if (exp < -4 || exp >= eprec) {
      if (prec > nd) prec = nd;
      body = FormatE(neg, digs, dp, std::max(prec - 1, 0));
    } else {
      if (prec > dp) prec = nd;
      body = FormatFixed(neg, digs, dp, std::max(prec - dp, 0));
    }
  }
  if (static_cast<int>(body.size()) < width) body.insert(0, width - body.size(), ' ');
  return body;
}

std::string GoFormatF(double v, int precision) {
  char buf[512];
  std::snprintf(buf, sizeof(buf), "%.*f", precision, v);
  return buf;
}

std::string Percentage(int64_t value, int64_t total) {
  double ratio = 0;
  if (total != 0) ratio = std::fabs(static_cast<double>(value) / static_cast<double>(total)) * 100;
  if (ratio >= 99.95 && ratio <= 100.05) return "  100%";
  if (ratio >= 1.0) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%5.2f%%", ratio);
    return buf;
  }
  return GoFormatG(ratio, 5, 2) + "%";
}

ScaledValue Scale(int64_t value, std::string_view from_unit, std::string_view to_unit) {
  if (value < 0 && value != INT64_MIN) {
    ScaledValue s = Scale(-value, from_unit, to_unit);
    s.value = -s.value;
    return s;
  }
  ScaledValue out;
  for (const UnitType& type : UnitTypes()) {
    if (ConvertUnit(type, value, from_unit, to_unit, &out)) return out;
  }
  if (to_unit == "count" || to_unit == "sample" || to_unit == "unit" || to_unit == "minimum" ||
      to_unit == "auto") {
    return {static_cast<double>(value), ""};
  }
  return {static_cast<double>(value), std::string(to_unit)};
}

std::string ScaledLabel(int64_t value, std::string_view from_unit, std::string_view to_unit) {
  if (from_unit.empty() && to_unit == "count") return std::to_string(value);
  ScaledValue s = Scale(value, from_unit, to_unit);
  std::string sv = GoFormatF(s.value, 2);
  if (sv.size() >= 3 && sv.compare(sv.size() - 3, 3, ".00") == 0) sv.resize(sv.size() - 3);
  if (sv == "0" || sv == "-0") return "0";
  return sv + s.unit;
}

std::string ChooseMinimumUnit(int64_t min_value, int64_t max_value, std::string_view sample_unit) {
  if (min_value == 0) min_value = max_value;
  std::string min_unit = Scale(min_value, sample_unit, "minimum").unit;
  std::string max_unit = Scale(max_value, sample_unit, "minimum").unit;
  std::string unit = min_unit;
  if (min_unit != max_unit && min_value * 100 < max_value) {
    unit = Scale(100 * min_value, sample_unit, "minimum").unit;
  }
  if (!unit.empty()) return unit;
  return std::string(sample_unit);
}

int UnitFamily(std::string_view unit) {
  const std::vector<UnitType>& types = UnitTypes();
  for (size_t i = 0; i < types.size(); ++i) {
    if (Sniff(types[i], unit) != nullptr) return static_cast<int>(i) + 1;
  }
  return 0;
}

bool IsKnownUnit(std::string_view unit) { return UnitFamily(unit) != 0; }

}  // namespace tracenote::profile
