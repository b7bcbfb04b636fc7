#pragma once
// 出生年月 / 入职年月: a calendar month, and the many ways people write one.

#include <optional>
#include <string>
#include <string_view>

#include "jxjy/cell.h"

namespace jxjy {

struct YearMonth {
    int year = 0;
    int month = 0;  // 1..12

    int index() const { return year * 12 + (month - 1); }  // months since year 0
    std::string str() const;                               // "1979-06"
    friend bool operator==(YearMonth a, YearMonth b) { return a.index() == b.index(); }
    friend bool operator<(YearMonth a, YearMonth b) { return a.index() < b.index(); }
};

// Parses exactly "YYYY-MM" (what schemas use).
std::optional<YearMonth> parse_iso_month(std::string_view s);

// A spreadsheet date serial (1900 date system, as Excel, WPS and Calc use) to
// its calendar month. Serials 1..60 follow Excel's fictitious 1900-02-29.
std::optional<YearMonth> month_from_serial(double serial);

struct MonthReading {
    enum class Status { Empty, Canonical, Normalized, Invalid };
    Status status = Status::Empty;
    YearMonth value{};
};

// Reads a month cell: "1979-06" is canonical; 1979.6, 1979/06, 197906,
// 1979年6月, full dates, date cells and serial numbers are normalised; years
// outside 1900..2100 or months outside 1..12 are invalid.
MonthReading read_month(const Cell& cell);

}  // namespace jxjy
