#include <set>
#include <sstream>

#include "jxjy/annotate.h"
#include "jxjy/zip.h"
#include "support.h"
#include "workbook_builder.h"

using namespace jxjy;
using namespace jxjy::test;

namespace {

std::string part(const std::string& xlsx_path, const std::string& name) {
    std::ifstream in(xlsx_path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    auto zip = ZipArchive::open(bytes.str());
    REQUIRE(zip);
    auto text = zip->read_all(name, 64 << 20);
    REQUIRE(text);
    return *text;
}

std::string annotate(const std::string& input, const std::string& out_name) {
    auto report = validate_file(input, schemas(), 0, true);
    REQUIRE(report);
    std::string out = write_temp(out_name, "");
    auto ok = write_annotated_xlsx(*report, schemas(), out);
    REQUIRE(ok);
    return out;
}

}  // namespace

TEST_CASE("the annotated workbook marks every finding and reads back as the same roster", "[unit][annotate]") {
    std::string in = std::string(JXJY_TEST_DATA) + "/mixed_errors.csv";
    std::string out = annotate(in, "annotated.xlsx");

    // Comments carry the messages; fills mark errors and warnings.
    std::string comments = part(out, "xl/comments1.xml");
    CHECK(comments.find("与第 7 行重复") != std::string::npos);
    CHECK(comments.find("似乎不合常理") != std::string::npos);
    std::string styles = part(out, "xl/styles.xml");
    CHECK(styles.find("FFFFC7CE") != std::string::npos);
    CHECK(styles.find("FFFFEB9C") != std::string::npos);
    std::string summary = part(out, "xl/sharedStrings.xml");
    CHECK(summary.find("VERDICT_MISMATCH") != std::string::npos);
    CHECK(summary.find("按规则应为") != std::string::npos);

    // Read back: the same rows, the same errors (the restored ID is now clean).
    auto original = validate_file(in, schemas());
    auto again = validate_file(out, schemas());
    REQUIRE(original);
    REQUIRE(again);
    REQUIRE(again->result.rows.size() == original->result.rows.size());
    std::multiset<Code> before, after;
    for (const auto& d : original->result.diagnostics)
        if (d.severity == Severity::Error) before.insert(d.code);
    for (const auto& d : again->result.diagnostics)
        if (d.severity == Severity::Error) after.insert(d.code);
    CHECK(before == after);
    CHECK(again->result.rows[15].id == "004002021");
}

TEST_CASE("text that looks like a formula stays text", "[unit][annotate]") {
    std::string csv =
        "单位（盖章）：+cmd|' /C calc'!A0\n"
        "序号,继续教育编号,姓名,性别,出生年月,入职年月,校本研修学时,校本研修学分,校外研培与网络研培学时,"
        "校外研培与网络研培学分,"
        "公需科目,总学时,总学分,验审意见\n"
        "1,004002006,\"=HYPERLINK(\"\"http://"
        "x.invalid\"\",\"\"点我\"\")\",男,1979-06,2000-06,80,8,96,10,合格,176,18,@SUM(1)\n"
        "2,004002007,-2+3,男,1979-06,2000-06,80,8,96,10,合格,176,18,合格\n";
    std::string out = annotate(write_temp("formula.csv", csv), "formula.xlsx");
    std::string sheet = part(out, "xl/worksheets/sheet1.xml");
    CHECK(sheet.find("<f>") == std::string::npos);
    CHECK(sheet.find("<f ") == std::string::npos);
    std::string strings = part(out, "xl/sharedStrings.xml");
    CHECK(strings.find("=HYPERLINK(\"http://x.invalid\"") != std::string::npos);
    CHECK(strings.find("@SUM(1)") != std::string::npos);
    CHECK(strings.find("-2+3") != std::string::npos);
}

TEST_CASE("annotating needs the raw rows", "[unit][annotate]") {
    auto report = validate_file(std::string(JXJY_TEST_DATA) + "/official_clean.csv", schemas());
    REQUIRE(report);
    auto r = write_annotated_xlsx(*report, schemas(), write_temp("x.xlsx", ""));
    CHECK_FALSE(r);
    CHECK(write_annotated_xlsx(*validate_file(std::string(JXJY_TEST_DATA) + "/official_clean.csv", schemas(), 0, true),
                               schemas(), "/nonexistent/dir/x.xlsx")
              .error()
              .code == "WRITE_FAILED");
}
