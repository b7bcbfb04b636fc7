#include <iconv.h>

#include <sstream>

#include "jxjy/csv.h"
#include "jxjy/roster_file.h"
#include "support.h"

using namespace jxjy;
using namespace jxjy::test;

namespace {

const char* const kOfficial =
    "泸县 2023 年专业技术人员继续教育证书验证名册,,,,,,,,,,,,,\n"
    "单位（盖章）：泸县第二中学,,,,,,,,,,,,,\n"
    "法人代表签字：,,,,,,,,,,,,,\n"
    "序号,继续教育编号,姓名,性别,出生年月,入职年月,校本研修,,校外研培与网络研培,,公需科目 (合格),合计,,验审意见\n"
    ",,,,,,学时,学分,学时,学分,,总学时,总学分,\n"
    "1,004002006,样例,男,1979-06,2000-06,80,8,96,10,合格,176,18,合格\n"
    "2,004002007,张三,女,1985-03,2007-09,60,6,70,7,合格,130,13,合格\n"
    "3,,,,,,,,,,,,,\n"
    "备注：1.此表在验证《登记卡》时上交,,,,,,,,,,,,,\n"
    "2,999999999,不该读到,男,1979-06,2000-06,80,8,96,10,合格,176,18,合格\n";

std::string convert(const std::string& utf8, const char* to) {
    iconv_t cd = iconv_open(to, "UTF-8");
    REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
    std::string out(utf8.size() * 4 + 8, '\0');
    std::string in = utf8;
    char* ip = in.data();
    size_t il = in.size();
    char* op = out.data();
    size_t ol = out.size();
    REQUIRE(iconv(cd, &ip, &il, &op, &ol) != static_cast<size_t>(-1));
    iconv_close(cd);
    out.resize(out.size() - ol);
    return out;
}

Result<std::unique_ptr<CsvSource>> source(const std::string& bytes, CsvLimits limits = {}) {
    return CsvSource::from_stream(std::make_unique<std::istringstream>(bytes), limits);
}

Result<FileReport> validate_bytes(const std::string& bytes, CsvLimits limits = {}) {
    auto src = source(bytes, limits);
    if (!src) return src.error();
    return validate_table(**src, schemas());
}

std::vector<std::vector<std::string>> records(const std::string& bytes, CsvLimits limits = {}) {
    auto src = source(bytes, limits);
    REQUIRE(src);
    std::vector<std::vector<std::string>> out;
    TableRow row;
    for (;;) {
        auto r = (*src)->next(row);
        REQUIRE(r);
        if (!*r) break;
        std::vector<std::string> cells;
        for (const auto& c : row.cells) cells.push_back(c.text);
        out.push_back(cells);
    }
    return out;
}

}  // namespace

TEST_CASE("the official layout: title, 单位, two-level header, data, 备注", "[unit][csv]") {
    auto report = validate_bytes(kOfficial);
    REQUIRE(report);
    CHECK(report->meta.year == 2023);
    CHECK(report->meta.unit == "泸县第二中学");
    CHECK(report->meta.header_row == 4);
    CHECK(report->meta.header_rows == 2);
    CHECK(report->policy_year == 2023);
    const auto& r = report->result;
    REQUIRE(r.rows.size() == 2);  // the blank numbered row and everything after 备注 are not data
    CHECK(r.rows[0].sheet_row == 6);
    CHECK(r.rows[1].sheet_row == 7);
    CHECK(r.rows[1].name == "张三");
    CHECK(r.diagnostics.empty());
}

TEST_CASE("the same roster in GB18030, UTF-8 with BOM, UTF-16 and CRLF gives the same result", "[unit][csv]") {
    auto plain = validate_bytes(kOfficial);
    REQUIRE(plain);
    std::string crlf;
    for (char c : std::string(kOfficial)) {
        if (c == '\n') crlf += '\r';
        crlf += c;
    }
    std::string tabbed = kOfficial;
    for (char& c : tabbed)
        if (c == ',') c = '\t';
    const std::vector<std::pair<std::string, std::string>> variants = {
        {"GB18030", convert(kOfficial, "GB18030")},
        {"BOM", "\xEF\xBB\xBF" + std::string(kOfficial)},
        {"UTF-16LE", "\xFF\xFE" + convert(tabbed, "UTF-16LE")},
        {"UTF-16LE without BOM", convert(tabbed, "UTF-16LE")},
        {"CRLF", crlf},
        {"tab", tabbed},
    };
    for (const auto& [name, bytes] : variants) {
        INFO(name);
        auto r = validate_bytes(bytes);
        REQUIRE(r);
        CHECK(r->meta.unit == "泸县第二中学");
        REQUIRE(r->result.rows.size() == plain->result.rows.size());
        for (std::size_t i = 0; i < r->result.rows.size(); ++i) {
            CHECK(r->result.rows[i].name == plain->result.rows[i].name);
            CHECK(r->result.rows[i].sheet_row == plain->result.rows[i].sheet_row);
        }
        CHECK(r->result.diagnostics.size() == plain->result.diagnostics.size());
    }
    auto gb = source(convert(kOfficial, "GB18030"));
    REQUIRE(gb);
    CHECK((*gb)->encoding() == "GB18030");
}

TEST_CASE("GB18030 characters split across chunk boundaries decode intact", "[unit][csv]") {
    std::string gb = convert(kOfficial, "GB18030");
    for (std::size_t chunk : {1, 2, 3, 7, 64}) {
        INFO("chunk " << chunk);
        CsvLimits limits;
        limits.chunk_bytes = chunk;
        limits.sniff_bytes = 101;  // ends inside a two-byte character
        auto r = validate_bytes(gb, limits);
        REQUIRE(r);
        REQUIRE(r->result.rows.size() == 2);
        CHECK(r->result.rows[1].name == "张三");
        CHECK(r->meta.unit == "泸县第二中学");
    }
}

TEST_CASE("RFC 4180 quoting: separators, doubled quotes and line breaks inside fields", "[unit][csv]") {
    auto rows = records("a,\"b,c\",\"say \"\"hi\"\"\"\n\"line1\nline2\",x,\n\"\",,\"end\"");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0] == std::vector<std::string>{"a", "b,c", "say \"hi\""});
    CHECK(rows[1] == std::vector<std::string>{"line1\nline2", "x", ""});
    CHECK(rows[2] == std::vector<std::string>{"", "", "end"});
    // The sheet row of a record is its record number, as a spreadsheet shows it.
    auto src = source("h\n\"a\nb\"\nc\n");
    TableRow row;
    REQUIRE(*(*src)->next(row));
    REQUIRE(*(*src)->next(row));
    REQUIRE(*(*src)->next(row));
    CHECK(row.row == 3);
    CHECK(row.cells[0].text == "c");
}

TEST_CASE("a flat header, columns in another order, and an unusual separator", "[unit][csv]") {
    std::string csv =
        "姓名;继续教育编号;性别;出生年月;入职年月;校本研修学时;校本研修学分;校外研培与网络研培学时;"
        "校外研培与网络研培学分;"
        "公需科目;总学时;总学分;验审意见\n"
        "样例;004002006;男;1979-06;2000-06;80;8;96;10;合格;176;18;合格\n";
    auto r = validate_bytes(csv);
    REQUIRE(r);
    CHECK(r->meta.header_rows == 1);
    REQUIRE(r->result.rows.size() == 1);
    CHECK(r->result.rows[0].id == "004002006");
    CHECK(r->result.rows[0].name == "样例");
    CHECK(r->result.diagnostics.empty());
}

TEST_CASE("files that are not CSV rosters are refused with a reason", "[unit][csv]") {
    CHECK(source("").error().code == "FILE_EMPTY");
    CHECK(source(std::string("PK\x03\x04rest", 8)).error().code == "FILE_WRONG_TYPE");
    CHECK(source("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").error().code == "FILE_LEGACY_XLS");
    CHECK(source(std::string("\x7F"
                             "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
                             20))
              .error()
              .code == "FILE_BINARY");
    auto no_header = validate_bytes("a,b,c\n1,2,3\n");
    REQUIRE_FALSE(no_header);
    CHECK(no_header.error().code == "HEADER_NOT_FOUND");
    CHECK(no_header.error().message.find("继续教育编号") != std::string::npos);
    auto partial = validate_bytes("序号,继续教育编号,姓名,性别,出生年月\n1,004002006,样例,男,1979-06\n");
    REQUIRE_FALSE(partial);
    CHECK(partial.error().code == "HEADER_INCOMPLETE");
    CHECK(partial.error().message.find("入职年月") != std::string::npos);
}

TEST_CASE("memory stays bounded: an endless record is refused", "[unit][csv]") {
    CsvLimits limits;
    limits.max_record_bytes = 1000;
    auto src = source("\"" + std::string(5000, 'x'), limits);
    REQUIRE(src);
    TableRow row;
    auto r = (*src)->next(row);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == "RECORD_TOO_LARGE");
}

TEST_CASE("open_table: missing files, folders and legacy formats", "[unit][csv]") {
    CHECK(open_table("/nonexistent/roster.csv").error().code == "FILE_NOT_FOUND");
    CHECK(open_table("/tmp").error().code == "FILE_UNREADABLE");
    CHECK(open_table(std::string(JXJY_TEST_DATA) + "/official_clean.csv"));
}
