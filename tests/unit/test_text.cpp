#include <catch2/catch.hpp>

#include "jxjy/text.h"

using namespace jxjy;

TEST_CASE("trim removes ASCII, ideographic, no-break and zero-width space at the ends", "[unit][text]") {
    CHECK(text::trim("  合格 ") == "合格");
    CHECK(text::trim("\xE3\x80\x80合格\xC2\xA0") == "合格");
    CHECK(text::trim("\xE2\x80\x8B"
                     "004\xEF\xBB\xBF") == "004");
    CHECK(text::trim("a b") == "a b");
    CHECK(text::trim("   ").empty());
}

TEST_CASE("fold turns full-width forms into ASCII and reports the change", "[unit][text]") {
    bool changed = false;
    CHECK(text::fold("０４００２００６", true, &changed) == "04002006");
    CHECK(changed);
    CHECK(text::fold("004002006", true, &changed) == "004002006");
    CHECK_FALSE(changed);
    CHECK(text::fold("004 002\xE2\x80\x8B"
                     "006",
                     true, &changed) == "004002006");
    CHECK(changed);
    CHECK(text::fold("公需科目（合格）", false) == "公需科目(合格)");
    CHECK(text::fold("张\xE3\x80\x80三", false) == "张 三");
}

TEST_CASE("UTF-8 validity, with a truncated tail allowed only when asked", "[unit][text]") {
    CHECK(text::is_valid_utf8("合格"));
    CHECK_FALSE(text::is_valid_utf8("\xBA\xCF\xB8\xF1"));  // 合格 in GBK
    std::string cut = std::string("合格").substr(0, 4);
    CHECK_FALSE(text::is_valid_utf8(cut));
    CHECK(text::is_valid_utf8(cut, true));
    CHECK_FALSE(text::is_valid_utf8("\xC0\xAF"));  // overlong
}

TEST_CASE("parse_number accepts plain decimals only", "[unit][text]") {
    CHECK(text::parse_number("80") == Approx(80));
    CHECK(text::parse_number("9.5") == Approx(9.5));
    CHECK(text::parse_number("4.002006E+06") == Approx(4002006));
    CHECK(text::parse_number("-3") == Approx(-3));
    CHECK_FALSE(text::parse_number("80学时"));
    CHECK_FALSE(text::parse_number("1,200"));
    CHECK_FALSE(text::parse_number("inf"));
    CHECK_FALSE(text::parse_number(""));
    CHECK_FALSE(text::parse_number("e5"));
}

TEST_CASE("format_number writes what a person would", "[unit][text]") {
    CHECK(text::format_number(176) == "176");
    CHECK(text::format_number(9.5) == "9.5");
    CHECK(text::format_number(0.25) == "0.25");
}
