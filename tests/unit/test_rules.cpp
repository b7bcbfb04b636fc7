#include "support.h"

using namespace jxjy;
using namespace jxjy::test;

TEST_CASE("the notice's sample row, ID corrected, is 合格 with no finding", "[unit][rules]") {
    auto r = check({good_row()});
    CHECK(r.diagnostics.empty());
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].id == "004002006");
    CHECK(r.rows[0].computed == Verdict::Qualified);
    CHECK(r.rows[0].declared == Verdict::Qualified);
    CHECK(r.summary.qualified == 1);
    CHECK(r.summary.errors == 0);
}

TEST_CASE("the notice's sample row as printed: o04002006 is ID_FORMAT with the likely ID", "[unit][rules]") {
    auto r = check({with(good_row(), Column::Id, "o04002006")});
    REQUIRE(r.diagnostics.size() == 1);
    const Diagnostic& d = r.diagnostics[0];
    CHECK(d.code == Code::IdFormat);
    CHECK(d.column == Column::Id);
    CHECK(d.row == 5);
    CHECK(d.severity == Severity::Error);
    CHECK(d.message.find("004002006") != std::string::npos);
    CHECK(d.message.find("o04002006") != std::string::npos);
    // The verdict is still computed from the figures.
    CHECK(r.rows[0].computed == Verdict::Qualified);
}

TEST_CASE("IDs", "[unit][rules][id]") {
    SECTION("missing") {
        CHECK(has(check({with(good_row(), Column::Id, "")}), Code::IdMissing, Column::Id));
        CHECK(codes(check({good_row()})).empty());
    }
    SECTION("dropped leading zeros are restored with a warning") {
        for (const Cell& c : {Cell::of_text("4002006"), Cell::of_number(4002006), Cell::of_text("4.002006E+06"),
                              Cell::of_text("4002006.0")}) {
            INFO(c.text << " / " << c.number);
            auto r = check({with(good_row(), Column::Id, c)});
            CHECK(codes(r) == std::vector<Code>{Code::IdNormalized});
            CHECK(r.rows[0].id == "004002006");
            CHECK(r.rows[0].id_valid);
            CHECK(r.diagnostics[0].severity == Severity::Warning);
        }
    }
    SECTION("full-width digits, spaces and zero-width characters are normalised with a warning") {
        for (const char* s : {"００４００２００６", "004 002 006",
                              "\xE2\x80\x8B"
                              "004002006",
                              "004002006\xE3\x80\x80x"}) {
            INFO(s);
            auto r = check({with(good_row(), Column::Id, s)});
            if (std::string(s).find('x') != std::string::npos) {
                CHECK(has(r, Code::IdFormat, Column::Id));
            } else {
                CHECK(codes(r) == std::vector<Code>{Code::IdNormalized});
                CHECK(r.rows[0].id == "004002006");
            }
        }
    }
    SECTION("a text starting with 0 of the wrong length is a typo") {
        for (const char* s : {"04002006", "0040020061", "0400200"}) {
            INFO(s);
            auto r = check({with(good_row(), Column::Id, s)});
            CHECK(codes(r) == std::vector<Code>{Code::IdFormat});
            CHECK_FALSE(r.rows[0].id_valid);
        }
        CHECK(check({with(good_row(), Column::Id, "1234567890")}).diagnostics[0].code == Code::IdFormat);
        CHECK(check({with(good_row(), Column::Id, Cell::of_number(4002006.5))}).diagnostics[0].code == Code::IdFormat);
    }
    SECTION("letters get a hint only when one reading gives nine digits") {
        auto r = check({with(good_row(), Column::Id, "O04OO2OO6")});
        CHECK(r.diagnostics[0].message.find("004002006") != std::string::npos);
        r = check({with(good_row(), Column::Id, "abc")});
        CHECK(r.diagnostics[0].code == Code::IdFormat);
        CHECK(r.diagnostics[0].message.find("可能应为") == std::string::npos);
    }
    SECTION("Excel's text apostrophe is not part of the ID") {
        CHECK(codes(check({with(good_row(), Column::Id, "'004002006")})).empty());
    }
}

TEST_CASE("duplicates and order", "[unit][rules][id]") {
    auto row = [](const char* id, int line) { return with(good_row(line), Column::Id, id); };
    SECTION("every repeat after the first is ID_DUPLICATE, naming the first row") {
        auto r = check({row("004002006", 5), row("004002007", 6), row("004002006", 7), row("4002006", 8)});
        std::vector<int> dup_rows;
        for (const auto& d : r.diagnostics)
            if (d.code == Code::IdDuplicate) {
                dup_rows.push_back(d.row);
                CHECK(d.message.find("第 5 行") != std::string::npos);
            }
        CHECK(dup_rows == std::vector<int>{7, 8});
        CHECK_FALSE(has(r, Code::IdOrder, Column::Id));
    }
    SECTION("an ID smaller than an earlier row's is ID_ORDER; ascending rows are not") {
        auto r = check({row("004002006", 5), row("004002009", 6), row("004002007", 7), row("004002010", 8)});
        REQUIRE(codes(r) == std::vector<Code>{Code::IdOrder});
        CHECK(r.diagnostics[0].row == 7);
        CHECK(r.diagnostics[0].message.find("004002009") != std::string::npos);
        CHECK(codes(check({row("004002006", 5), row("004002007", 6), row("104002007", 7)})).empty());
    }
    SECTION("rows with a bad ID take no part in the order check") {
        auto r = check({row("004002006", 5), row("abc", 6), row("004002007", 7)});
        CHECK(codes(r) == std::vector<Code>{Code::IdFormat});
    }
}

TEST_CASE("names", "[unit][rules]") {
    CHECK(has(check({with(good_row(), Column::Name, "")}), Code::NameMissing, Column::Name));
    for (const char* bad : {"张3", "张", "@@", "李四四四四四四四四四四四四四四四四四四四四四四四四四四四四四四四"}) {
        INFO(bad);
        CHECK(has(check({with(good_row(), Column::Name, bad)}), Code::NameInvalid, Column::Name));
    }
    for (const char* ok : {"张三", "张  三", "阿依·古丽", "欧阳娜娜", "John Smith"}) {
        INFO(ok);
        CHECK(codes(check({with(good_row(), Column::Name, ok)})).empty());
    }
    CHECK(check({with(good_row(), Column::Name, "张  三")}).rows[0].name == "张三");
}

TEST_CASE("gender, 公需科目 and 验审意见 take only their two values", "[unit][rules]") {
    for (const char* bad : {"", "M", "男性", "1"}) {
        INFO(bad);
        CHECK(has(check({with(good_row(), Column::Gender, bad)}), Code::GenderInvalid, Column::Gender));
        auto r = check({with(good_row(), Column::PublicCourse, bad)});
        CHECK(has(r, Code::PublicInvalid, Column::PublicCourse));
        CHECK_FALSE(r.rows[0].computed);  // the rule cannot be applied without 公需科目
    }
    CHECK(codes(check({with(good_row(), Column::Gender, "女")})).empty());
    CHECK(codes(check({with(good_row(), Column::Gender, " 男 ")})).empty());

    auto missing = check({with(good_row(), Column::Verdict, "")});
    CHECK(codes(missing) == std::vector<Code>{Code::VerdictMissing});
    CHECK(missing.diagnostics[0].message.find("按规则应为“合格”") != std::string::npos);
    // With figures the rule cannot use, the message says to fix them first, not what to write.
    auto blind = check({with(with(good_row(), Column::Verdict, ""), Column::ExternalHours, "九十")});
    REQUIRE(has(blind, Code::VerdictMissing, Column::Verdict));
    CHECK(blind.diagnostics.back().message.find("先改正本行其他错误") != std::string::npos);
    CHECK(blind.diagnostics.back().message.find("按规则应为") == std::string::npos);
    auto invalid = check({with(good_row(), Column::Verdict, "通过")});
    CHECK(codes(invalid) == std::vector<Code>{Code::VerdictInvalid});
    CHECK(invalid.diagnostics[0].message.find("通过") != std::string::npos);
}

TEST_CASE("VERDICT_MISMATCH when the declared verdict contradicts the rule", "[unit][rules][verdict]") {
    SECTION("declared 合格, but 公需科目 不合格") {
        auto r = check({with(good_row(), Column::PublicCourse, "不合格")});
        CHECK(codes(r) == std::vector<Code>{Code::VerdictMismatch});
        CHECK(r.diagnostics[0].message.find("公需科目不合格") != std::string::npos);
        CHECK(r.rows[0].computed == Verdict::Unqualified);
    }
    SECTION("declared 不合格 for a row that meets all three") {
        auto r = check({with(good_row(), Column::Verdict, "不合格")});
        CHECK(codes(r) == std::vector<Code>{Code::VerdictMismatch});
        CHECK(r.diagnostics[0].message.find("应为“合格”") != std::string::npos);
    }
    SECTION("declared 不合格, and it is") {
        auto row = text_row({"1", "004002006", "样例", "男", "1979-06", "2000-06", "80", "8", "60", "6", "合格", "140",
                             "14", "不合格"});
        auto r = check({row});
        CHECK(codes(r).empty());
        CHECK(r.rows[0].computed == Verdict::Unqualified);
    }
}

TEST_CASE("the rule: 公需 合格, 校外 ≥ 70 学时 or ≥ 7 学分, 总 ≥ 120 学时 or ≥ 12 学分", "[unit][rules][verdict]") {
    const Policy& p = policy2023();
    Figures f{true, 50, 5, 70, 7};
    CHECK(compute_verdict(f, p) == Verdict::Qualified);  // exactly at both limits
    f.external_hours = 69.5;
    CHECK(compute_verdict(f, p) == Verdict::Qualified);  // credits still ≥ 7
    f.external_credits = 6.9;
    CHECK(compute_verdict(f, p) == Verdict::Unqualified);
    f = Figures{true, 50, 4, 70, 6};  // hours carry both: 70 校外, 120 总
    CHECK(compute_verdict(f, p) == Verdict::Qualified);
    f.school_hours = 49;  // 119 总学时, 10 总学分
    CHECK(compute_verdict(f, p) == Verdict::Unqualified);
    CHECK(unqualified_reason(f, p).find("总学时 119") != std::string::npos);
    f = Figures{false, 100, 10, 100, 10};
    CHECK(compute_verdict(f, p) == Verdict::Unqualified);
    Policy lenient = p;
    lenient.public_course_required = false;
    CHECK(compute_verdict(f, lenient) == Verdict::Qualified);
}

TEST_CASE("numbers", "[unit][rules]") {
    for (const char* bad : {"", "-1", "八十", "80学时", "1,2"}) {
        INFO(bad);
        auto r = check({with(good_row(), Column::SchoolHours, bad)});
        CHECK(has(r, Code::NumberInvalid, Column::SchoolHours));
        CHECK_FALSE(r.rows[0].computed);
    }
    CHECK(check({with(good_row(), Column::SchoolHours, "")}).diagnostics[0].message.find("未填写") !=
          std::string::npos);
    // Decimal credits are fine, and full-width digits are read quietly.
    auto r = check({text_row({"1", "004002006", "样例", "男", "1979-06", "2000-06", "80", "7.5", "96", "９.５", "合格",
                              "176", "17", "合格"})});
    CHECK(codes(r).empty());
    // A numeric cell is a number.
    CHECK(codes(check({with(good_row(), Column::TotalHours, Cell::of_number(176))})).empty());
}

TEST_CASE("TOTAL_MISMATCH when 合计 is not the sum, with a small tolerance", "[unit][rules]") {
    auto r = check({with(good_row(), Column::TotalHours, "170")});
    CHECK(codes(r) == std::vector<Code>{Code::TotalMismatch});
    CHECK(r.diagnostics[0].column == Column::TotalHours);
    CHECK(r.diagnostics[0].message.find("176") != std::string::npos);
    CHECK(has(check({with(good_row(), Column::TotalCredits, "19")}), Code::TotalMismatch, Column::TotalCredits));
    CHECK(codes(check({with(good_row(), Column::TotalCredits, "18.005")})).empty());
    CHECK(codes(check({with(good_row(), Column::TotalCredits, "18.02")})) == std::vector<Code>{Code::TotalMismatch});
    // The verdict uses the components, not the declared totals.
    auto inflated = check({text_row(
        {"1", "004002006", "样例", "男", "1979-06", "2000-06", "20", "1", "96", "10", "合格", "176", "18", "合格"})});
    CHECK(inflated.rows[0].computed == Verdict::Unqualified);  // 116 学时, 11 学分
    CHECK(has(inflated, Code::VerdictMismatch, Column::Verdict));
}

TEST_CASE("dates", "[unit][rules][date]") {
    SECTION("other notations are normalised with a warning") {
        auto r = check({with(with(good_row(), Column::Birth, "1979.6"), Column::Hire, Cell::of_date(36678))});
        CHECK(codes(r) == std::vector<Code>{Code::DateNormalized, Code::DateNormalized});
        CHECK(r.diagnostics[0].message.find("1979-06") != std::string::npos);
        CHECK(r.diagnostics[1].message.find("2000-06") != std::string::npos);
    }
    SECTION("impossible or missing values are DATE_FORMAT") {
        for (const char* bad : {"1979-13", "", "去年", "0000-00"}) {
            INFO(bad);
            CHECK(has(check({with(good_row(), Column::Birth, bad)}), Code::DateFormat, Column::Birth));
        }
    }
    SECTION("a month after the year's end, too early a birth, or hiring before 16 is DATE_RANGE") {
        CHECK(has(check({with(good_row(), Column::Hire, "2023-09")}), Code::DateRange, Column::Hire));
        CHECK(codes(check({with(good_row(), Column::Hire, "2023-08")})).empty());
        CHECK(has(check({with(good_row(), Column::Birth, "1930-01")}), Code::DateRange, Column::Birth));
        auto young = check({with(good_row(), Column::Hire, "1995-05")});  // born 1979-06: 15 years 11 months
        CHECK(codes(young) == std::vector<Code>{Code::DateRange});
        CHECK(young.diagnostics[0].message.find("16") != std::string::npos);
        CHECK(codes(check({with(good_row(), Column::Hire, "1995-06")})).empty());
    }
}

TEST_CASE("VALUE_SUSPICIOUS warns about implausible figures", "[unit][rules]") {
    auto r = check({text_row(
        {"1", "004002006", "样例", "男", "1979-06", "2000-06", "80", "0", "96", "10", "合格", "176", "10", "合格"})});
    CHECK(has(r, Code::ValueSuspicious, Column::SchoolCredits));
    CHECK(r.summary.errors == 0);
    r = check({text_row(
        {"1", "004002006", "样例", "男", "1979-06", "2000-06", "800", "80", "96", "10", "合格", "896", "90", "合格"})});
    CHECK(has(r, Code::ValueSuspicious, Column::SchoolHours));
    CHECK(has(r, Code::ValueSuspicious, Column::SchoolCredits));
    CHECK_FALSE(has(check({good_row()}), Code::ValueSuspicious, Column::SchoolCredits));
}

TEST_CASE("a row with only 序号 filled is blank, not an error", "[unit][rules]") {
    RawRow blank = text_row({"2"}, 6);
    CHECK(is_blank(blank));
    auto r = check({good_row(5), blank, text_row({"3"}, 7)});
    CHECK(r.rows.size() == 1);
    CHECK(r.diagnostics.empty());
    CHECK(r.summary.rows == 1);
    CHECK_FALSE(is_blank(with(blank, Column::Name, "张三")));
}

TEST_CASE("messages name the value and say what to do", "[unit][rules]") {
    auto r = check({with(good_row(), Column::Gender, "M")});
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].message.find("“M”") != std::string::npos);
    CHECK(r.diagnostics[0].message.find("“男”或“女”") != std::string::npos);
    r = check({with(good_row(), Column::Hire, "x")});
    CHECK(r.diagnostics[0].message.find("入职年月") != std::string::npos);
}

TEST_CASE("summary counts errors, warnings and verdicts", "[unit][rules]") {
    auto r = check({good_row(5), with(with(good_row(6), Column::Id, "4002007"), Column::PublicCourse, "不合格"),
                    with(good_row(7), Column::Id, "bad")});
    CHECK(r.summary.rows == 3);
    CHECK(r.summary.warnings == 1);  // ID_NORMALIZED
    CHECK(r.summary.errors == 2);    // VERDICT_MISMATCH, ID_FORMAT
    CHECK(r.summary.qualified == 2);
    CHECK(r.summary.unqualified == 1);
}

TEST_CASE("sort_order: ascending valid IDs first, the rest after in their order", "[unit][rules][sort]") {
    auto r = check({with(good_row(5), Column::Id, "004002009"), with(good_row(6), Column::Id, "bad"),
                    with(good_row(7), Column::Id, "004002001"), with(good_row(8), Column::Id, "x2"),
                    with(good_row(9), Column::Id, "004002005")});
    CHECK(sort_order(r.rows) == std::vector<std::size_t>{2, 4, 0, 1, 3});
}
