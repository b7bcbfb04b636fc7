// One hand-made hostile file for each item of SECURITY.md's list. Each must
// be refused with a clear error (the CLI turns it into exit 2), never read.

#include "jxjy/roster_file.h"
#include "support.h"
#include "workbook_builder.h"

using namespace jxjy;
using namespace jxjy::test;

namespace {

Error refused(const std::string& name, const std::string& bytes) {
    auto r = validate_file(write_temp(name, bytes), schemas());
    REQUIRE_FALSE(r);
    INFO(r.error().message);
    CHECK_FALSE(r.error().message.empty());
    return r.error();
}

std::string sheet_xlsx(const std::string& sheet_xml) {
    ZipWriter z;
    z.add({"xl/workbook.xml", "<workbook><sheets><sheet name=\"s\" r:id=\"rId1\" xmlns:r=\"r\"/></sheets></workbook>"});
    z.add({"xl/_rels/workbook.xml.rels",
           "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>"});
    z.add({"xl/worksheets/sheet1.xml", sheet_xml});
    return z.finish();
}

}  // namespace

TEST_CASE("hostile: deflate bomb", "[unit][hostile]") {
    std::string body = "<worksheet><sheetData>" + std::string(300u << 20, ' ') + "</sheetData></worksheet>";
    auto e = refused("bomb.xlsx", sheet_xlsx(body));
    CHECK(e.code == "FILE_TOO_LARGE");
}

TEST_CASE("hostile: overlapping entries", "[unit][hostile]") {
    ZipWriter z;
    std::string data(1000, 'a');
    ZipPart part{"xl/a.xml", data};
    std::uint32_t off = z.add(part);
    std::string compressed = deflate_raw(data);
    for (int i = 0; i < 10; ++i)
        z.alias({"xl/b" + std::to_string(i) + ".xml", data}, off, static_cast<std::uint32_t>(compressed.size()));
    auto e = refused("overlap.xlsx", z.finish());
    CHECK(e.code == "FILE_TOO_LARGE");
    CHECK(e.message.find("重叠") != std::string::npos);
}

TEST_CASE("hostile: sizes that lie", "[unit][hostile]") {
    std::string sheet = "<worksheet><sheetData>" + std::string(100000, ' ') + "</sheetData></worksheet>";
    ZipWriter z;
    z.add({"xl/workbook.xml", "<workbook><sheets><sheet name=\"s\" r:id=\"rId1\" xmlns:r=\"r\"/></sheets></workbook>"});
    z.add({"xl/_rels/workbook.xml.rels",
           "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>"});
    z.add({"xl/worksheets/sheet1.xml", sheet, true, 100});
    auto e = refused("lying.xlsx", z.finish());
    CHECK(e.code == "FILE_TOO_LARGE");
    CHECK(e.message.find("声明") != std::string::npos);
}

TEST_CASE("hostile: traversal and absolute entry names", "[unit][hostile]") {
    for (const char* name : {"../../etc/cron.d/x", "/etc/passwd", "xl\\..\\x", "C:evil"}) {
        INFO(name);
        ZipWriter z;
        z.add({"xl/workbook.xml", "<workbook/>"});
        z.add({name, "x"});
        CHECK(refused("traversal.xlsx", z.finish()).code == "FILE_HOSTILE");
    }
}

TEST_CASE("hostile: 100,000 entries", "[unit][hostile]") {
    ZipWriter z;
    for (int i = 0; i < 100000; ++i) z.add({"e" + std::to_string(i), "", false});
    CHECK(refused("many.xlsx", z.finish()).code == "FILE_TOO_LARGE");
}

TEST_CASE("hostile: billion laughs and external entities", "[unit][hostile]") {
    std::string laughs =
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
        "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
        "<worksheet><sheetData><row r=\"1\"><c "
        "t=\"inlineStr\"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>";
    auto e = refused("laughs.xlsx", sheet_xlsx(laughs));
    CHECK(e.code == "FILE_HOSTILE");
    CHECK(e.message.find("DOCTYPE") != std::string::npos);
    std::string external =
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
        "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>";
    CHECK(refused("xxe.xlsx", sheet_xlsx(external)).code == "FILE_HOSTILE");
    CHECK(refused("xxe.ods", ods_file("")).code != "");  // no tables at all
    ZipWriter z;
    z.add({"mimetype", "application/vnd.oasis.opendocument.spreadsheet", false});
    z.add({"content.xml",
           "<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"http://example.invalid/x.dtd\"><office:document-content/>"});
    CHECK(refused("dtd.ods", z.finish()).code == "FILE_HOSTILE");
}

TEST_CASE("hostile: deep nesting", "[unit][hostile]") {
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += "<a>";
    auto e = refused("deep.xlsx", sheet_xlsx("<worksheet>" + deep));
    CHECK(e.code == "FILE_HOSTILE");
    CHECK(e.message.find("嵌套") != std::string::npos);
}

TEST_CASE("hostile: the 17-billion-cell ODS", "[unit][hostile]") {
    std::string table =
        "<table:table table:name=\"x\"><table:table-row table:number-rows-repeated=\"1048576\">"
        "<table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"float\" "
        "office:value=\"1\"><text:p>1</text:p></table:table-cell>"
        "</table:table-row></table:table>";
    auto bytes = ods_file(table);
    CHECK(bytes.size() < 8000);
    CHECK(refused("cells.ods", bytes).code == "FILE_HOSTILE");
    std::string rows =
        "<table:table table:name=\"x\"><table:table-row table:number-rows-repeated=\"1048576\">"
        "<table:table-cell office:value-type=\"float\" office:value=\"1\"><text:p>1</text:p></table:table-cell>"
        "</table:table-row></table:table>";
    CHECK(refused("rows.ods", ods_file(rows)).code == "FILE_HOSTILE");
}

TEST_CASE("hostile: shared-string index out of range", "[unit][hostile]") {
    std::string body =
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>99999999</v></c></row></sheetData></worksheet>";
    ZipWriter z;
    z.add({"xl/workbook.xml", "<workbook><sheets><sheet name=\"s\" r:id=\"rId1\" xmlns:r=\"r\"/></sheets></workbook>"});
    z.add({"xl/_rels/workbook.xml.rels",
           "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>"});
    z.add({"xl/sharedStrings.xml", "<sst><si><t>a</t></si></sst>"});
    z.add({"xl/worksheets/sheet1.xml", body});
    auto e = refused("sst.xlsx", z.finish());
    CHECK(e.code == "FILE_HOSTILE");
    CHECK(e.message.find("99999999") != std::string::npos);
}

TEST_CASE("hostile: a dimension claiming A1:XFD1048576 with a cell at its far corner", "[unit][hostile]") {
    std::string body =
        "<worksheet><dimension ref=\"A1:XFD1048576\"/><sheetData><row r=\"1048576\">"
        "<c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData></worksheet>";
    CHECK(refused("dimension.xlsx", sheet_xlsx(body)).code == "HEADER_NOT_FOUND");
}

TEST_CASE("hostile: encrypted zip entries and unknown methods", "[unit][hostile]") {
    ZipWriter z;
    z.add({"xl/workbook.xml", "<workbook/>", true, -1, 1});
    CHECK(refused("enc.xlsx", z.finish()).code == "FILE_ENCRYPTED");
}
