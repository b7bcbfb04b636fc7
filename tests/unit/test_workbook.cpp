#include "jxjy/roster_file.h"
#include "jxjy/workbook.h"
#include "support.h"
#include "workbook_builder.h"

using namespace jxjy;
using namespace jxjy::test;

namespace {

// The official header (two levels) as xlsx rows 1-2, shared strings 0..17.
const std::vector<std::string> kShared = {"序号",
                                          "继续教育编号",
                                          "姓名",
                                          "性别",
                                          "出生年月",
                                          "入职年月",
                                          "校本研修",
                                          "校外研培与网络研培",
                                          "公需科目 (合格)",
                                          "合计",
                                          "验审意见",
                                          "学时",
                                          "学分",
                                          "总学时",
                                          "总学分",
                                          "样例",
                                          "男",
                                          "合格"};

std::string header_rows() {
    return "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" "
           "t=\"s\"><v>2</v></c>"
           "<c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"E1\" t=\"s\"><v>4</v></c><c r=\"F1\" t=\"s\"><v>5</v></c>"
           "<c r=\"G1\" t=\"s\"><v>6</v></c><c r=\"I1\" t=\"s\"><v>7</v></c><c r=\"K1\" t=\"s\"><v>8</v></c>"
           "<c r=\"L1\" t=\"s\"><v>9</v></c><c r=\"N1\" t=\"s\"><v>10</v></c></row>"
           "<row r=\"2\"><c r=\"G2\" t=\"s\"><v>11</v></c><c r=\"H2\" t=\"s\"><v>12</v></c><c r=\"I2\" "
           "t=\"s\"><v>11</v></c>"
           "<c r=\"J2\" t=\"s\"><v>12</v></c><c r=\"L2\" t=\"s\"><v>13</v></c><c r=\"M2\" t=\"s\"><v>14</v></c></row>";
}

// The notice's sample row as Excel stores it after a careless edit: the ID a
// number, the birth month a real date (style 1 = numFmt 14), totals formulas.
std::string sample_row(const std::string& id_cell = "<c r=\"B3\"><v>4002006</v></c>") {
    return "<row r=\"3\"><c r=\"A3\"><v>1</v></c>" + id_cell +
           "<c r=\"C3\" t=\"s\"><v>15</v></c><c r=\"D3\" t=\"inlineStr\"><is><t>男</t></is></c>"
           "<c r=\"E3\" s=\"1\"><v>29007</v></c><c r=\"F3\" t=\"str\"><v>2000-06</v></c>"
           "<c r=\"G3\"><v>80</v></c><c r=\"H3\"><v>8</v></c><c r=\"I3\"><v>96</v></c><c r=\"J3\"><v>10</v></c>"
           "<c r=\"K3\" t=\"s\"><v>17</v></c><c r=\"L3\"><f>G3+I3</f><v>176</v></c><c "
           "r=\"M3\"><f>H3+J3</f><v>18</v></c>"
           "<c r=\"N3\" t=\"s\"><v>17</v></c></row>";
}

Result<FileReport> validate_bytes(const std::string& name, const std::string& bytes) {
    return validate_file(write_temp(name, bytes), schemas());
}

std::string ods_row(const std::vector<std::string>& cells, const std::string& attrs = "") {
    std::string out = "<table:table-row" + attrs + ">";
    for (const auto& c : cells) out += c.empty() ? "<table:table-cell/>" : c;
    return out + "</table:table-row>";
}
std::string ods_text(const std::string& t) {
    return "<table:table-cell office:value-type=\"string\"><text:p>" + xml_escape(t) + "</text:p></table:table-cell>";
}
std::string ods_float(const std::string& v) {
    return "<table:table-cell office:value-type=\"float\" office:value=\"" + v + "\"><text:p>" + v +
           "</text:p></table:table-cell>";
}

std::string ods_roster(const std::string& extra_rows = "") {
    std::vector<std::string> h1, h2, data;
    for (const char* t : {"序号", "继续教育编号", "姓名", "性别", "出生年月", "入职年月"}) h1.push_back(ods_text(t));
    h1.push_back(
        "<table:table-cell table:number-columns-spanned=\"2\" "
        "office:value-type=\"string\"><text:p>校本研修</text:p></table:table-cell>");
    h1.push_back("<table:covered-table-cell/>");
    h1.push_back(
        "<table:table-cell table:number-columns-spanned=\"2\" "
        "office:value-type=\"string\"><text:p>校外研培与网络研培</text:p></table:table-cell>");
    h1.push_back("<table:covered-table-cell/>");
    h1.push_back(ods_text("公需科目 (合格)"));
    h1.push_back(ods_text("合计"));
    h1.push_back("<table:covered-table-cell/>");
    h1.push_back(ods_text("验审意见"));
    std::string h2row = "<table:table-row><table:table-cell table:number-columns-repeated=\"6\"/>" + ods_text("学时") +
                        ods_text("学分") + ods_text("学时") + ods_text("学分") + "<table:table-cell/>" +
                        ods_text("总学时") + ods_text("总学分") + "</table:table-row>";
    std::string row = ods_row({ods_float("1"), ods_float("4002006"), ods_text("样例"), ods_text("男"),
                               "<table:table-cell office:value-type=\"date\" "
                               "office:date-value=\"1979-06-01\"><text:p>1979-06</text:p></table:table-cell>",
                               ods_text("2000-06"), ods_float("80"), ods_float("8"), ods_float("96"), ods_float("10"),
                               ods_text("合格"), ods_float("176"), ods_float("18"), ods_text("合格")});
    return "<table:table table:name=\"名册\">" + ods_row({ods_text("泸县 2023 年专业技术人员继续教育证书验证名册")}) +
           ods_row(h1) + h2row + row + extra_rows +
           "<table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell "
           "table:number-columns-repeated=\"16384\"/></table:table-row>"
           "</table:table>";
}

}  // namespace

TEST_CASE("xlsx: shared and inline strings, a numeric ID, a date cell, cached formula values", "[unit][xlsx]") {
    auto r = validate_bytes("sample.xlsx", xlsx_file({header_rows() + sample_row()}, kShared));
    REQUIRE(r);
    const auto& res = r->result;
    REQUIRE(res.rows.size() == 1);
    CHECK(res.rows[0].sheet_row == 3);
    CHECK(res.rows[0].id == "004002006");
    CHECK(res.rows[0].name == "样例");
    CHECK(res.rows[0].computed == Verdict::Qualified);
    CHECK(codes(res) == std::vector<Code>{Code::IdNormalized, Code::DateNormalized});
    CHECK(res.diagnostics[1].message.find("1979-06") != std::string::npos);
}

TEST_CASE("xlsx: the roster is found on a later sheet", "[unit][xlsx]") {
    std::string notes = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>填表说明</t></is></c></row>";
    auto r = validate_bytes(
        "second.xlsx",
        xlsx_file({notes, header_rows() + sample_row("<c r=\"B3\" t=\"inlineStr\"><is><t>004002006</t></is></c>")},
                  kShared));
    REQUIRE(r);
    CHECK(r->result.rows.size() == 1);
    CHECK(codes(r->result) == std::vector<Code>{Code::DateNormalized});
}

TEST_CASE("xlsx: a lying dimension allocates nothing", "[unit][xlsx]") {
    auto r = validate_bytes(
        "dimension.xlsx", xlsx_file({header_rows() + sample_row()}, kShared,
                                    "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>", "<dimension ref=\"A1:XFD1048576\"/>"));
    REQUIRE(r);
    CHECK(r->result.rows.size() == 1);
}

TEST_CASE("ods: repeated and covered cells, dates, floats, a million empty rows", "[unit][ods]") {
    auto r = validate_bytes("sample.ods", ods_file(ods_roster()));
    REQUIRE(r);
    CHECK(r->meta.year == 2023);
    CHECK(r->meta.header_rows == 2);
    REQUIRE(r->result.rows.size() == 1);
    CHECK(r->result.rows[0].sheet_row == 4);
    CHECK(r->result.rows[0].id == "004002006");
    CHECK(codes(r->result) == std::vector<Code>{Code::IdNormalized, Code::DateNormalized});
}

TEST_CASE("ods: identical rows repeated are each a row", "[unit][ods]") {
    std::string twice =
        ods_row({ods_float("2"), ods_text("004002007"), ods_text("张三"), ods_text("女"), ods_text("1980-01"),
                 ods_text("2001-09"), ods_float("80"), ods_float("8"), ods_float("96"), ods_float("10"),
                 ods_text("合格"), ods_float("176"), ods_float("18"), ods_text("合格")},
                " table:number-rows-repeated=\"2\"");
    auto r = validate_bytes("repeat.ods", ods_file(ods_roster(twice)));
    REQUIRE(r);
    REQUIRE(r->result.rows.size() == 3);
    CHECK(r->result.rows[2].sheet_row == 6);
    CHECK(has(r->result, Code::IdDuplicate, Column::Id));
}

TEST_CASE("names and bytes must agree", "[unit][files]") {
    std::string xlsx = xlsx_file({header_rows() + sample_row()}, kShared);
    CHECK(validate_bytes("renamed.csv", xlsx).error().code == "FILE_WRONG_TYPE");
    CHECK(validate_bytes("renamed.ods", xlsx).error().code == "FILE_WRONG_TYPE");
    CHECK(validate_bytes("ods-as.xlsx", ods_file(ods_roster())).error().code == "FILE_WRONG_TYPE");
    auto text = validate_bytes("text.xlsx", "序号,继续教育编号\n");
    CHECK(text.error().code == "FILE_WRONG_TYPE");
    CHECK(text.error().message.find("另存为") != std::string::npos);
    auto ole =
        validate_bytes("locked.xlsx", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0'));
    CHECK(ole.error().code == "FILE_LEGACY_XLS");
    CHECK(ole.error().message.find("密码") != std::string::npos);
    CHECK(validate_bytes("old.xls", "whatever").error().code == "FILE_LEGACY_XLS");
    CHECK(validate_bytes("empty.xlsx", "").error().code == "FILE_EMPTY");
    CHECK(validate_bytes("zip.xlsx", ZipWriter().finish()).error().code == "FILE_WRONG_TYPE");
}
