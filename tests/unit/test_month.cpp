#include <catch2/catch.hpp>

#include "jxjy/month.h"

using namespace jxjy;
using S = MonthReading::Status;

namespace {
MonthReading text(const char* s) {
    return read_month(Cell::of_text(s));
}
}  // namespace

TEST_CASE("YYYY-MM is canonical", "[unit][month]") {
    auto m = text("1979-06");
    CHECK(m.status == S::Canonical);
    CHECK(m.value.str() == "1979-06");
}

TEST_CASE("the ways people write a month are normalised", "[unit][month]") {
    const char* inputs[] = {"1979.6",        "1979.06", "1979/06",    "1979/6",    "197906",   "1979年6月",
                            "1979年06月",    "1979-6",  "1979-06-15", "1979/6/15", "19790615", "1979-06-01 00:00:00",
                            "１９７９．０６"};
    for (const char* in : inputs) {
        INFO(in);
        auto m = text(in);
        CHECK(m.status == S::Normalized);
        CHECK(m.value.str() == "1979-06");
    }
}

TEST_CASE("spreadsheet date serials and numeric cells", "[unit][month]") {
    // In the 1900 date system 28996 is 1979-05-21, 29006 is 1979-05-31, 29007 is 1979-06-01.
    CHECK(read_month(Cell::of_date(28996)).value.str() == "1979-05");
    CHECK(read_month(Cell::of_date(29006)).value.str() == "1979-05");
    CHECK(read_month(Cell::of_date(29007)).value.str() == "1979-06");
    CHECK(read_month(Cell::of_date(29006.75)).value.str() == "1979-05");  // a time of day
    CHECK(read_month(Cell::of_date(25569)).value.str() == "1970-01");
    CHECK(read_month(Cell::of_date(61)).value.str() == "1900-03");
    CHECK(text("29008").value.str() == "1979-06");
    CHECK(read_month(Cell::of_number(197906)).value.str() == "1979-06");
    CHECK(read_month(Cell::of_number(1979.06)).value.str() == "1979-06");
    CHECK(read_month(Cell::of_number(1979.1)).value.str() == "1979-01");
    CHECK(read_month(Cell::of_number(1979.11)).value.str() == "1979-11");
}

TEST_CASE("impossible months are invalid", "[unit][month]") {
    const char* inputs[] = {"1979-13", "1979-00",    "0199-06",    "2300-01",  "abc",     "1979",
                            "79-06",   "1979-06-40", "1979年13月", "1979-06x", "1234567", "2023"};
    for (const char* in : inputs) {
        INFO(in);
        CHECK(text(in).status == S::Invalid);
    }
    CHECK(text("").status == S::Empty);
    CHECK(read_month(Cell::of_number(-5)).status == S::Invalid);
}

TEST_CASE("parse_iso_month is strict", "[unit][month]") {
    CHECK(parse_iso_month("2023-08"));
    CHECK_FALSE(parse_iso_month("2023-8"));
    CHECK_FALSE(parse_iso_month("2023/08"));
}
