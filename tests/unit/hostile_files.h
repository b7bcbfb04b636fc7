#pragma once
// The catalogue of hostile workbooks: one hand-made file for each item of
// SECURITY.md's list. The unit tests check each refusal's code and message;
// tests/tools/make_hostile writes them to a folder for the CLI test (exit 2)
// and for tests/bench/hostile_files.sh (time and peak memory of each refusal).

#include <string>
#include <vector>

#include "workbook_builder.h"
#include "zip_writer.h"

namespace jxjy::test::hostile {

inline std::string sheet_xlsx(const std::string& sheet_xml) {
    ZipWriter z;
    z.add({"xl/workbook.xml", "<workbook><sheets><sheet name=\"s\" r:id=\"rId1\" xmlns:r=\"r\"/></sheets></workbook>"});
    z.add({"xl/_rels/workbook.xml.rels",
           "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>"});
    z.add({"xl/worksheets/sheet1.xml", sheet_xml});
    return z.finish();
}

// 300 MB of spaces in a sheet that deflates to a few hundred KB.
inline std::string deflate_bomb() {
    return sheet_xlsx("<worksheet><sheetData>" + std::string(300u << 20, ' ') + "</sheetData></worksheet>");
}

// Ten central-directory entries all pointing at the same compressed bytes.
inline std::string overlapping_entries() {
    ZipWriter z;
    std::string data(1000, 'a');
    ZipPart part{"xl/a.xml", data};
    std::uint32_t off = z.add(part);
    std::string compressed = deflate_raw(data);
    for (int i = 0; i < 10; ++i)
        z.alias({"xl/b" + std::to_string(i) + ".xml", data}, off, static_cast<std::uint32_t>(compressed.size()));
    return z.finish();
}

// A sheet that claims 100 bytes and inflates to 100 KB.
inline std::string lying_sizes() {
    std::string sheet = "<worksheet><sheetData>" + std::string(100000, ' ') + "</sheetData></worksheet>";
    ZipWriter z;
    z.add({"xl/workbook.xml", "<workbook><sheets><sheet name=\"s\" r:id=\"rId1\" xmlns:r=\"r\"/></sheets></workbook>"});
    z.add({"xl/_rels/workbook.xml.rels",
           "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>"});
    z.add({"xl/worksheets/sheet1.xml", sheet, true, 100});
    return z.finish();
}

inline std::string entry_named(const std::string& name) {
    ZipWriter z;
    z.add({"xl/workbook.xml", "<workbook/>"});
    z.add({name, "x"});
    return z.finish();
}

inline std::string many_entries(int n = 100000) {
    ZipWriter z;
    for (int i = 0; i < n; ++i) z.add({"e" + std::to_string(i), "", false});
    return z.finish();
}

inline std::string billion_laughs() {
    return sheet_xlsx(
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
        "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
        "<worksheet><sheetData><row r=\"1\"><c "
        "t=\"inlineStr\"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>");
}

inline std::string external_entity() {
    return sheet_xlsx(
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
        "<worksheet><sheetData><row r=\"1\"><c "
        "t=\"inlineStr\"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>");
}

inline std::string external_dtd_ods() {
    ZipWriter z;
    z.add({"mimetype", "application/vnd.oasis.opendocument.spreadsheet", false});
    z.add({"content.xml",
           "<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"http://example.invalid/x.dtd\"><office:document-content/>"});
    return z.finish();
}

inline std::string deep_nesting() {
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += "<a>";
    return sheet_xlsx("<worksheet>" + deep);
}

// 1,048,576 rows × 16,384 filled columns in a file of a few KB.
inline std::string seventeen_billion_cells() {
    return ods_file(
        "<table:table table:name=\"x\"><table:table-row table:number-rows-repeated=\"1048576\">"
        "<table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"float\" "
        "office:value=\"1\"><text:p>1</text:p></table:table-cell>"
        "</table:table-row></table:table>");
}

inline std::string million_filled_rows() {
    return ods_file(
        "<table:table table:name=\"x\"><table:table-row table:number-rows-repeated=\"1048576\">"
        "<table:table-cell office:value-type=\"float\" office:value=\"1\"><text:p>1</text:p></table:table-cell>"
        "</table:table-row></table:table>");
}

inline std::string shared_string_out_of_range() {
    ZipWriter z;
    z.add({"xl/workbook.xml", "<workbook><sheets><sheet name=\"s\" r:id=\"rId1\" xmlns:r=\"r\"/></sheets></workbook>"});
    z.add({"xl/_rels/workbook.xml.rels",
           "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>"});
    z.add({"xl/sharedStrings.xml", "<sst><si><t>a</t></si></sst>"});
    z.add({"xl/worksheets/sheet1.xml",
           "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>99999999</v></c></row></sheetData></worksheet>"});
    return z.finish();
}

inline std::string huge_dimension() {
    return sheet_xlsx(
        "<worksheet><dimension ref=\"A1:XFD1048576\"/><sheetData><row r=\"1048576\">"
        "<c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData></worksheet>");
}

inline std::string encrypted_entry() {
    ZipWriter z;
    z.add({"xl/workbook.xml", "<workbook/>", true, -1, 1});
    return z.finish();
}

struct File {
    std::string name;
    std::string bytes;
};

// Every file of the catalogue, named for what it is.
inline std::vector<File> all() {
    return {{"deflate-bomb.xlsx", deflate_bomb()},
            {"overlapping-entries.xlsx", overlapping_entries()},
            {"lying-sizes.xlsx", lying_sizes()},
            {"traversal.xlsx", entry_named("../../etc/cron.d/x")},
            {"absolute-name.xlsx", entry_named("/etc/passwd")},
            {"100000-entries.xlsx", many_entries()},
            {"billion-laughs.xlsx", billion_laughs()},
            {"external-entity.xlsx", external_entity()},
            {"external-dtd.ods", external_dtd_ods()},
            {"deep-nesting.xlsx", deep_nesting()},
            {"17-billion-cells.ods", seventeen_billion_cells()},
            {"million-rows.ods", million_filled_rows()},
            {"shared-string-index.xlsx", shared_string_out_of_range()},
            {"dimension-XFD1048576.xlsx", huge_dimension()},
            {"encrypted-entry.xlsx", encrypted_entry()}};
}

}  // namespace jxjy::test::hostile
