#include "jxjy/month.h"

#include <cmath>
#include <cstdio>

#include "jxjy/text.h"

namespace jxjy {
namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2100;
// Serial of 2100-12-31 in the 1900 date system.
constexpr double kMaxSerial = 73415;

bool plausible(int year, int month) {
    return year >= kMinYear && year <= kMaxYear && month >= 1 && month <= 12;
}

// Days since 1970-01-01 to a civil date (Howard Hinnant's public-domain algorithm).
void civil_from_days(long z, int& y, int& m) {
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Reads up to `max` digits at s[i]; returns -1 when none.
int read_int(std::string_view s, std::size_t& i, int max) {
    int v = 0;
    int n = 0;
    while (i < s.size() && is_digit(s[i]) && n < max) {
        v = v * 10 + (s[i] - '0');
        ++i;
        ++n;
    }
    return n == 0 ? -1 : v;
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_digit(c)) return false;
    return true;
}

MonthReading invalid() {
    return MonthReading{MonthReading::Status::Invalid, {}};
}

MonthReading normalized(int y, int m) {
    if (!plausible(y, m)) return invalid();
    return MonthReading{MonthReading::Status::Normalized, YearMonth{y, m}};
}

MonthReading from_serial(double serial) {
    auto ym = month_from_serial(serial);
    if (!ym) return invalid();
    return MonthReading{MonthReading::Status::Normalized, *ym};
}

// 1979.06 typed into a numeric cell: the fraction is the month. One decimal
// digit (1979.1) is read the way people write it, as January.
MonthReading from_decimal_number(double v) {
    double year = std::floor(v);
    double frac = v - year;
    double tenths = frac * 10;
    int month = std::fabs(tenths - std::round(tenths)) < 1e-6 ? static_cast<int>(std::lround(tenths))
                                                              : static_cast<int>(std::lround(frac * 100));
    return normalized(static_cast<int>(year), month);
}

MonthReading read_number(double v) {
    if (!std::isfinite(v) || v <= 0) return invalid();
    if (v != std::floor(v)) {
        if (v >= kMinYear && v < kMaxYear + 1) return from_decimal_number(v);
        return invalid();
    }
    if (v >= 190001 && v <= 210012) {
        auto n = static_cast<long>(v);
        return normalized(static_cast<int>(n / 100), static_cast<int>(n % 100));
    }
    if (v >= 19000101 && v <= 21001231) {
        auto n = static_cast<long>(v);
        return normalized(static_cast<int>(n / 10000), static_cast<int>(n / 100 % 100));
    }
    if (v <= kMaxSerial) return from_serial(v);
    return invalid();
}

MonthReading read_text(std::string_view raw) {
    std::string scratch;
    std::string_view s = text::fold_view(raw, /*drop_spaces=*/true, scratch);
    if (s.empty()) return MonthReading{};
    if (s.size() == 7 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) && s[4] == '-' &&
        is_digit(s[5]) && is_digit(s[6])) {
        int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        int m = (s[5] - '0') * 10 + (s[6] - '0');
        if (!plausible(y, m)) return invalid();
        return MonthReading{MonthReading::Status::Canonical, YearMonth{y, m}};
    }
    if (all_digits(s)) {
        if (s.size() == 6)
            return normalized(std::stoi(std::string(s.substr(0, 4))), std::stoi(std::string(s.substr(4))));
        if (s.size() == 8)
            return normalized(std::stoi(std::string(s.substr(0, 4))), std::stoi(std::string(s.substr(4, 2))));
        if (s.size() == 5) return from_serial(std::stod(std::string(s)));  // 10000..73415: 1927..2100
        return invalid();
    }
    // YYYY <sep> M[M] [<sep> D[D]] with sep in - . / 年 月 日, optional time after a space.
    std::size_t i = 0;
    int year = read_int(s, i, 4);
    if (year < 0 || i != 4) return invalid();
    auto skip_sep = [&](bool allow_end) {
        static constexpr std::string_view kSeps[] = {"-", ".", "/", "年", "月", "日", "号"};
        for (auto sep : kSeps) {
            if (s.substr(i, sep.size()) == sep) {
                i += sep.size();
                return true;
            }
        }
        return allow_end && i == s.size();
    };
    if (!skip_sep(false)) return invalid();
    int month = read_int(s, i, 2);
    if (month < 0) return invalid();
    skip_sep(true);
    if (i < s.size()) {
        int day = read_int(s, i, 2);
        if (day < 1 || day > 31) return invalid();
        skip_sep(true);
        // "1979-06-15 00:00:00" exported from a date cell: ignore the time.
        if (i < s.size() && !(s.size() - i >= 5 && is_digit(s[i]) && s[i + 2] == ':')) return invalid();
    }
    return normalized(year, month);
}

}  // namespace

bool Cell::empty() const {
    if (kind == Kind::Number || kind == Kind::Date) return false;
    return text::trim(text).empty();
}

std::string YearMonth::str() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
    return buf;
}

std::optional<YearMonth> parse_iso_month(std::string_view s) {
    if (s.size() != 7 || s[4] != '-') return std::nullopt;
    for (std::size_t i : {0, 1, 2, 3, 5, 6})
        if (!is_digit(s[i])) return std::nullopt;
    int y = std::stoi(std::string(s.substr(0, 4)));
    int m = std::stoi(std::string(s.substr(5, 2)));
    if (!plausible(y, m)) return std::nullopt;
    return YearMonth{y, m};
}

std::optional<YearMonth> month_from_serial(double serial) {
    if (!std::isfinite(serial) || serial < 1 || serial > kMaxSerial) return std::nullopt;
    long day = static_cast<long>(std::floor(serial));
    if (day <= 60) {  // Excel's 1900 leap-year bug: serial 60 is "1900-02-29"
        return YearMonth{1900, day <= 31 ? 1 : 2};
    }
    // Serial 61 is 1900-03-01; day 25569 is 1970-01-01.
    int y = 0;
    int m = 0;
    civil_from_days(day - 25569, y, m);
    if (!plausible(y, m)) return std::nullopt;
    return YearMonth{y, m};
}

MonthReading read_month(const Cell& cell) {
    switch (cell.kind) {
        case Cell::Kind::Empty:
            return MonthReading{};
        case Cell::Kind::Date:
            return from_serial(cell.number);
        case Cell::Kind::Number:
            return read_number(cell.number);
        case Cell::Kind::Text:
            return read_text(cell.text);
    }
    return invalid();
}

}  // namespace jxjy
