#pragma once
// Hand-made .xlsx and .ods files for tests: small, exact, and able to say
// things real office programs never would.

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "zip_writer.h"

namespace jxjy::test {

inline std::string xml_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '&')
            out += "&amp;";
        else if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else if (c == '"')
            out += "&quot;";
        else
            out += c;
    }
    return out;
}

// One sheet of an xlsx, as the worksheet XML body (the <sheetData> rows).
inline std::string xlsx_file(const std::vector<std::string>& sheet_bodies, const std::vector<std::string>& shared,
                             const std::string& styles_xf = "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>",
                             const std::string& extra_sheet_head = "") {
    ZipWriter z;
    std::string sheets;
    std::string rels;
    for (std::size_t i = 0; i < sheet_bodies.size(); ++i) {
        std::string n = std::to_string(i + 1);
        sheets += "<sheet name=\"Sheet" + n + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
        rels += "<Relationship Id=\"rId" + n + "\" Target=\"worksheets/sheet" + n + ".xml\"/>";
    }
    z.add({"[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"});
    z.add({"xl/workbook.xml",
           "<?xml version=\"1.0\"?><workbook "
           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
           "<sheets>" +
               sheets + "</sheets></workbook>"});
    z.add({"xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships>" + rels + "</Relationships>"});
    std::string sst = "<?xml version=\"1.0\"?><sst>";
    for (const auto& s : shared) sst += "<si><t>" + xml_escape(s) + "</t></si>";
    z.add({"xl/sharedStrings.xml", sst + "</sst>"});
    z.add({"xl/styles.xml", "<?xml version=\"1.0\"?><styleSheet><cellXfs>" + styles_xf + "</cellXfs></styleSheet>"});
    for (std::size_t i = 0; i < sheet_bodies.size(); ++i)
        z.add({"xl/worksheets/sheet" + std::to_string(i + 1) + ".xml",
               "<?xml version=\"1.0\"?><worksheet>" + extra_sheet_head + "<sheetData>" + sheet_bodies[i] +
                   "</sheetData></worksheet>"});
    return z.finish();
}

inline std::string ods_file(const std::string& tables_xml) {
    ZipWriter z;
    z.add({"mimetype", "application/vnd.oasis.opendocument.spreadsheet", false});
    z.add({"content.xml",
           "<?xml version=\"1.0\"?><office:document-content xmlns:office=\"o\" xmlns:table=\"t\" xmlns:text=\"x\">"
           "<office:body><office:spreadsheet>" +
               tables_xml + "</office:spreadsheet></office:body></office:document-content>"});
    return z.finish();
}

inline std::string write_temp(const std::string& name, const std::string& bytes) {
    auto dir = std::filesystem::temp_directory_path() / "jxjy-tests";
    std::filesystem::create_directories(dir);
    auto path = (dir / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

}  // namespace jxjy::test
