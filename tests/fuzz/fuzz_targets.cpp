// libFuzzer targets for every reader of untrusted bytes. One source, one
// target per JXJY_FUZZ_TARGET value (see CMakeLists.txt). Each target drives
// the reader to the end, as validation would, so that every byte is looked at.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "../../shared/src/json_events.h"
#include "../unit/zip_writer.h"
#include "jxjy/csv.h"
#include "jxjy/payload.h"
#include "jxjy/roster_file.h"
#include "jxjy/workbook.h"
#include "jxjy/zip.h"

namespace {

const jxjy::Schemas& schemas() {
    static const jxjy::Schemas s = [] {
        auto r = jxjy::load_schemas(JXJY_FUZZ_SCHEMAS);
        if (!r) __builtin_trap();
        return std::move(*r);
    }();
    return s;
}

// Tighter limits keep each run fast; the code paths are the same.
[[maybe_unused]] jxjy::FileLimits limits() {
    jxjy::FileLimits l;
    l.max_entry_bytes = 8 << 20;
    l.max_total_bytes = 16 << 20;
    l.max_cells = 200000;
    return l;
}

[[maybe_unused]] void drain(jxjy::TableSource& src) {
    jxjy::TableRow row;
    for (int i = 0; i < 100000; ++i) {
        auto r = src.next(row);
        if (!r || !*r) return;
    }
}

[[maybe_unused]] void workbook(jxjy::Result<std::unique_ptr<jxjy::Workbook>> wb) {
    if (!wb) return;
    auto names = (*wb)->sheet_names();
    for (std::size_t i = 0; i < names.size() && i < 4; ++i) {
        auto sheet = (*wb)->open_sheet(i);
        if (sheet) jxjy::validate_table(**sheet, schemas());
        auto again = (*wb)->open_sheet(i);
        if (again) drain(**again);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string bytes(reinterpret_cast<const char*>(data), size);
#if JXJY_FUZZ_TARGET == 1  // zip
    auto zip = jxjy::ZipArchive::open(bytes, limits());
    if (zip) {
        std::vector<jxjy::ZipEntry> entries = zip->entries();
        for (const auto& e : entries) {
            auto s = zip->open_entry(e);
            if (!s) continue;
            char buf[4096];
            for (;;) {
                auto n = s->read(buf, sizeof buf);
                if (!n || *n == 0) break;
            }
        }
    }
#elif JXJY_FUZZ_TARGET == 2  // xlsx
    workbook(jxjy::open_xlsx(bytes, limits()));
#elif JXJY_FUZZ_TARGET == 3  // ods
    workbook(jxjy::open_ods(bytes, limits()));
#elif JXJY_FUZZ_TARGET == 4  // csv
    jxjy::CsvLimits cl;
    cl.sniff_bytes = 512;
    cl.chunk_bytes = 7;  // exercise the chunk boundaries
    auto src = jxjy::CsvSource::from_stream(std::make_unique<std::istringstream>(bytes), cl);
    if (src) jxjy::validate_table(**src, schemas());
#elif JXJY_FUZZ_TARGET == 5  // xlsx worksheet XML, wrapped in a valid archive
    jxjy::test::ZipWriter z;
    z.add({"xl/workbook.xml", "<workbook><sheets><sheet name=\"s\" r:id=\"rId1\" xmlns:r=\"r\"/></sheets></workbook>",
           false});
    z.add({"xl/_rels/workbook.xml.rels",
           "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>", false});
    z.add({"xl/sharedStrings.xml", "<sst><si><t>继续教育编号</t></si><si><t>姓名</t></si><si><t>合格</t></si></sst>",
           false});
    z.add({"xl/styles.xml", "<styleSheet><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>",
           false});
    z.add({"xl/worksheets/sheet1.xml", bytes, false});
    workbook(jxjy::open_xlsx(z.finish(), limits()));
#elif JXJY_FUZZ_TARGET == 6  // ods content.xml, wrapped in a valid archive
    jxjy::test::ZipWriter z;
    z.add({"mimetype", "application/vnd.oasis.opendocument.spreadsheet", false});
    z.add({"content.xml", bytes, false});
    workbook(jxjy::open_ods(z.finish(), limits()));
#elif JXJY_FUZZ_TARGET == 7  // the JSON roster body of POST /submissions
    // Our reader judges syntax exactly as nlohmann's strict parser does (which
    // takes a NUL byte for the end of the input: we refuse what follows).
    auto syntax = jxjy::json_events::check_syntax(bytes);
    if (syntax != jxjy::json_events::Outcome::TooDeep && bytes.find('\0') == std::string::npos &&
        (syntax == jxjy::json_events::Outcome::Ok) != nlohmann::json::accept(bytes))
        __builtin_trap();
    auto payload = jxjy::parse_roster_payload(bytes);
    if (payload) {
        std::string again = jxjy::roster_payload_json(*payload);
        if (!jxjy::parse_roster_payload(again)) __builtin_trap();  // what we write, we must read
    }
#endif
    return 0;
}
