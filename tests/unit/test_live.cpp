// The roster as the Calc add-in edits it: a sheet laid out like the official
// template, changed one row at a time.
#include "jxjy/live.h"
#include "support.h"

using namespace jxjy;
using namespace jxjy::test;

namespace {

// Rows 1-4: title, 单位 line, the two-level header; data from row 5; 备注 after.
std::vector<TableRow> template_sheet(const std::vector<std::vector<std::string>>& data, int blank_rows = 3) {
    auto text = [](std::initializer_list<const char*> cells) {
        std::vector<Cell> out;
        for (const char* c : cells) out.push_back(*c ? Cell::of_text(c) : Cell{});
        return out;
    };
    std::vector<TableRow> sheet;
    sheet.push_back({1, text({"泸县 2023 年专业技术人员继续教育证书验证名册"})});
    sheet.push_back({2, text({"单位（盖章）：泸县二中"})});
    sheet.push_back({3, text({"序号", "继续教育编号", "姓名", "性别", "出生年月", "入职年月", "校本研修", "",
                              "校外研培与网络研培", "", "公需科目 (合格)", "合计", "", "验审意见"})});
    sheet.push_back({4, text({"", "", "", "", "", "", "学时", "学分", "学时", "学分", "", "总学时", "总学分", ""})});
    int r = 5;
    for (const auto& cells : data) {
        TableRow row{r++, {}};
        for (const auto& c : cells) row.cells.push_back(c.empty() ? Cell{} : Cell::of_text(c));
        sheet.push_back(row);
    }
    for (int k = 0; k < blank_rows; ++k) sheet.push_back({r, {Cell::of_text(std::to_string(r - 4))}}), ++r;
    sheet.push_back({r, text({"备注：1. 继续教育编号为 9 位数字"})});
    return sheet;
}

std::vector<std::string> person(const std::string& id, const std::string& seq = "1") {
    auto cells = good_cells();
    cells[0] = seq;
    cells[1] = id;
    return cells;
}

TableRow row_of(int sheet_row, const std::vector<std::string>& cells) {
    TableRow row{sheet_row, {}};
    for (const auto& c : cells) row.cells.push_back(c.empty() ? Cell{} : Cell::of_text(c));
    return row;
}

}  // namespace

TEST_CASE("live roster: finds the data block and marks the bad cells", "[unit][live]") {
    LiveRoster live(schemas());
    auto sheet = template_sheet({person("004002006"), person("o04002007", "2")});
    auto delta = live.load(sheet);
    REQUIRE(delta);
    CHECK(live.header_row() == 3);
    CHECK(live.first_data_row() == 5);
    CHECK(live.last_data_row() == 9);  // two rows and three numbered blank ones
    CHECK(live.column_at(Column::Id) == 1);
    CHECK(live.column_at(Column::Verdict) == 13);
    CHECK(live.meta().year == 2023);
    REQUIRE(delta->set.size() == 1);
    CHECK(delta->set[0].first == CellPos{6, 1});
    CHECK(delta->set[0].second.severity == Severity::Error);
    CHECK(delta->set[0].second.note.find("004002007") != std::string::npos);
    CHECK(live.errors() == 1);
    CHECK(live.status_text() == "继续教育名册：1 个错误，0 个警告");
}

TEST_CASE("live roster: fixing a cell clears its mark, breaking one sets it", "[unit][live]") {
    LiveRoster live(schemas());
    REQUIRE(live.load(template_sheet({person("004002006"), person("o04002007", "2")})));
    auto fixed = live.update({row_of(6, person("004002007", "2"))});
    CHECK(fixed.set.empty());
    REQUIRE(fixed.cleared.size() == 1);
    CHECK(fixed.cleared[0] == CellPos{6, 1});
    CHECK(live.errors() == 0);
    CHECK(live.status_text() == "继续教育名册：未发现问题");

    auto broken = person("004002007", "2");
    broken[3] = "M";
    auto delta = live.update({row_of(6, broken)});
    REQUIRE(delta.set.size() == 1);
    CHECK(delta.set[0].first == CellPos{6, 3});
    // An unchanged row costs nothing and repaints nothing.
    CHECK(live.update({row_of(6, broken)}).empty());
    // Rows outside the data block are not the roster's.
    CHECK(live.update({row_of(2, {"单位（盖章）：别的学校"})}).empty());
}

TEST_CASE("live roster: an edit re-checks duplicates and order across rows", "[unit][live]") {
    LiveRoster live(schemas());
    REQUIRE(live.load(template_sheet({person("004002006"), person("004002009", "2")})));
    CHECK(live.marks().empty());
    auto delta = live.update({row_of(6, person("004002006", "2"))});
    REQUIRE(delta.set.size() == 1);
    CHECK(delta.set[0].first == CellPos{6, 1});
    CHECK(delta.set[0].second.note.find("重复") != std::string::npos);
    // A smaller ID after a larger one: the order finding is a warning on the later row.
    live.update({row_of(6, person("004002001", "2"))});
    REQUIRE(live.marks().count({6, 1}) == 1);
    auto findings = live.findings();
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].code == Code::IdOrder);
}

TEST_CASE("live roster: a number that lost its zeros is a warning in the ID cell", "[unit][live]") {
    LiveRoster live(schemas());
    auto sheet = template_sheet({person("004002006")});
    sheet[4].cells[1] = Cell::of_number(4002006);
    auto delta = live.load(sheet);
    REQUIRE(delta);
    REQUIRE(delta->set.size() == 1);
    CHECK(delta->set[0].second.severity == Severity::Warning);
    CHECK(live.warnings() == 1);
    CHECK(live.payload().rows.at(0)[Column::Id].kind == Cell::Kind::Number);
}

TEST_CASE("live roster: the county's findings show until the row is edited", "[unit][live]") {
    LiveRoster live(schemas());
    REQUIRE(live.load(template_sheet({person("004002006"), person("004002007", "2")})));
    Diagnostic d{6, Column::ExternalHours, Code::OfficialMismatch, Severity::Error, "进修校记录为 60 学时"};
    Diagnostic outside{40, Column::Id, Code::IdUnknown, Severity::Error, "不在登记名单中"};
    auto delta = live.set_central({d, outside});
    REQUIRE(delta.set.size() == 1);
    CHECK(delta.set[0].first == CellPos{6, 8});
    CHECK(live.errors() == 1);
    auto edited = person("004002007", "2");
    edited[8] = "60";
    edited[11] = "140";
    live.update({row_of(6, edited)});
    CHECK(live.marks().empty());
}

TEST_CASE("live roster: sort permutation puts IDs in order and blank rows last", "[unit][live]") {
    LiveRoster live(schemas());
    REQUIRE(live.load(template_sheet({person("004002009"), {"2"}, person("abc", "3"), person("004002001", "4")}, 1)));
    CHECK(live.sort_permutation() == std::vector<int>{3, 0, 2, 1, 4});
}

TEST_CASE("live roster: totals and verdicts are computed where they differ", "[unit][live]") {
    LiveRoster live(schemas());
    auto wrong = person("004002006");
    wrong[11] = "";        // 总学时 missing
    wrong[12] = "18";      // 总学分 right
    wrong[13] = "不合格";  // verdict contradicts the rule
    auto short_hours = person("004002007", "2");
    short_hours[8] = "30";
    short_hours[9] = "3";
    REQUIRE(live.load(template_sheet({wrong, short_hours}, 0)));
    auto writes = live.fill_totals();
    REQUIRE(writes.size() == 5);
    CHECK(writes[0].at == CellPos{5, 11});
    CHECK(std::get<double>(writes[0].value) == 176);
    CHECK(writes[1].at == CellPos{5, 13});
    CHECK(writes[1].before == "不合格");
    CHECK(std::get<std::string>(writes[1].value) == "合格");
    CHECK(writes[2].at == CellPos{6, 11});
    CHECK(std::get<double>(writes[2].value) == 110);
    CHECK(writes[3].at == CellPos{6, 12});
    CHECK(std::get<double>(writes[3].value) == 11);
    CHECK(std::get<std::string>(writes[4].value) == "不合格");
}

TEST_CASE("live roster: a sheet without the roster header is refused", "[unit][live]") {
    LiveRoster live(schemas());
    std::vector<TableRow> sheet{{1, {Cell::of_text("购物清单")}}, {2, {Cell::of_text("苹果"), Cell::of_text("3")}}};
    auto r = live.load(sheet);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == "HEADER_NOT_FOUND");
}

TEST_CASE("live roster: clearing the marks lists every painted cell once", "[unit][live]") {
    LiveRoster live(schemas());
    REQUIRE(live.load(template_sheet({person("o04002006"), person("004002007", "2")})));
    auto cleared = live.clear_marks();
    CHECK(cleared.cleared == std::vector<CellPos>{{5, 1}});
    CHECK(live.marks().empty());
    // The next full read paints them again.
    auto again = live.load(template_sheet({person("o04002006"), person("004002007", "2")}));
    REQUIRE(again);
    CHECK(again->set.size() == 1);
}
