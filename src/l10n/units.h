// Locale-aware formatting of the quantities a trace report shows: durations,
// byte counts, percentages and counts. Used for table cells directly and by
// Catalog::Format for typed message arguments, so a value reads the same in a
// sentence and in a table.
//
// Everything goes through ICU's NumberFormatter / MeasureFormat with CLDR
// data; there are no hand-written unit tables. Choices made here:
//  * Unit width: Russian uses CLDR's short forms ("850 нс", "12,3 мкс",
//    "10 мс", "1,5 с", "2 мин 5 с", "4,2 МБ"). English uses CLDR's narrow
//    forms ("850ns", "12.3μs", "10ms", "1.5s", "2m 5s", "4.2MB"), which are
//    the notation Go itself prints (time.Duration.String); CLDR's short
//    English forms are "1.5 sec", "2 min, 5 sec" and "850 byte". The choice
//    is made in one place (UnitWidthFor in units.cc).
//  * About three significant digits: the value is rounded to three
//    significant digits before the unit is chosen, so 999 950 ns is "1ms",
//    not "1000μs". From one minute on, durations are whole minutes and
//    seconds; from one hour on, hours and minutes.
//  * Bytes are decimal (SI): 1 kB = 1000 B, 1 MB = 10^6 B, as CLDR names
//    them in both languages ("4.2MB", "4,2 МБ"). Binary units have no Russian
//    CLDR names ("Mibyte"), so they are not used anywhere in the report.
//  * Percent: the argument is already a percentage (12.5 means 12.5 %);
//    one fraction digit from 10 % on, three significant digits below
//    ("12.5%", "0.412%"; Russian "12,5 %" with a no-break space).
//  * Counts use the locale's grouping: "16,562,133", "16 562 133" (Russian
//    separates groups with U+00A0 NO-BREAK SPACE).
#ifndef TRACENOTE_SRC_L10N_UNITS_H_
#define TRACENOTE_SRC_L10N_UNITS_H_

#include <cstdint>
#include <string>

#include "l10n/language.h"

namespace tracenote::l10n {

std::string FormatDuration(int64_t ns, Language lang);
std::string FormatBytes(uint64_t bytes, Language lang);
std::string FormatPercent(double percent, Language lang);
std::string FormatCount(int64_t n, Language lang);
// A plain number with up to three fraction digits ("1.25", "1,25").
std::string FormatNumber(double value, Language lang);

}  // namespace tracenote::l10n

#endif  // TRACENOTE_SRC_L10N_UNITS_H_
