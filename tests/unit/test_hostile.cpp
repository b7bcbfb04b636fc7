// One hand-made hostile file for each item of SECURITY.md's list. Each must
// be refused with a clear error (the CLI turns it into exit 2), never read.

#include "hostile_files.h"
#include "jxjy/roster_file.h"
#include "support.h"
#include "workbook_builder.h"

using namespace jxjy;
using namespace jxjy::test;
using namespace jxjy::test::hostile;

namespace {

Error refused(const std::string& name, const std::string& bytes) {
    auto r = validate_file(write_temp(name, bytes), schemas());
    REQUIRE_FALSE(r);
    INFO(r.error().message);
    CHECK_FALSE(r.error().message.empty());
    return r.error();
}

}  // namespace

TEST_CASE("hostile: deflate bomb", "[unit][hostile]") {
    auto e = refused("bomb.xlsx", deflate_bomb());
    CHECK(e.code == "FILE_TOO_LARGE");
}

TEST_CASE("hostile: overlapping entries", "[unit][hostile]") {
    auto e = refused("overlap.xlsx", overlapping_entries());
    CHECK(e.code == "FILE_TOO_LARGE");
    CHECK(e.message.find("重叠") != std::string::npos);
}

TEST_CASE("hostile: sizes that lie", "[unit][hostile]") {
    auto e = refused("lying.xlsx", lying_sizes());
    CHECK(e.code == "FILE_TOO_LARGE");
    CHECK(e.message.find("声明") != std::string::npos);
}

TEST_CASE("hostile: traversal and absolute entry names", "[unit][hostile]") {
    for (const char* name : {"../../etc/cron.d/x", "/etc/passwd", "xl\\..\\x", "C:evil"}) {
        INFO(name);
        CHECK(refused("traversal.xlsx", entry_named(name)).code == "FILE_HOSTILE");
    }
}

TEST_CASE("hostile: 100,000 entries", "[unit][hostile]") {
    auto many = refused("many.xlsx", many_entries());
    CHECK(many.code == "FILE_TOO_LARGE");
    // The end record's 16-bit count reads 100,000 as 34,464: the message names the limit.
    CHECK(many.message.find("超过 4096 个") != std::string::npos);
    CHECK(many.message.find("34464") == std::string::npos);
    // 65,546 entries wrap to a count of 10, under the limit: the directory still gives them away.
    CHECK(refused("wrapped.xlsx", many_entries(65536 + 10)).code == "FILE_TOO_LARGE");
}

TEST_CASE("hostile: billion laughs and external entities", "[unit][hostile]") {
    auto e = refused("laughs.xlsx", billion_laughs());
    CHECK(e.code == "FILE_HOSTILE");
    CHECK(e.message.find("DOCTYPE") != std::string::npos);
    CHECK(refused("xxe.xlsx", external_entity()).code == "FILE_HOSTILE");
    CHECK(refused("xxe.ods", ods_file("")).code != "");  // no tables at all
    CHECK(refused("dtd.ods", external_dtd_ods()).code == "FILE_HOSTILE");
}

TEST_CASE("hostile: deep nesting", "[unit][hostile]") {
    auto e = refused("deep.xlsx", deep_nesting());
    CHECK(e.code == "FILE_HOSTILE");
    CHECK(e.message.find("嵌套") != std::string::npos);
}

TEST_CASE("hostile: the 17-billion-cell ODS", "[unit][hostile]") {
    auto bytes = seventeen_billion_cells();
    CHECK(bytes.size() < 8000);
    CHECK(refused("cells.ods", bytes).code == "FILE_HOSTILE");
    CHECK(refused("rows.ods", million_filled_rows()).code == "FILE_HOSTILE");
}

TEST_CASE("hostile: shared-string index out of range", "[unit][hostile]") {
    auto e = refused("sst.xlsx", shared_string_out_of_range());
    CHECK(e.code == "FILE_HOSTILE");
    CHECK(e.message.find("99999999") != std::string::npos);
}

TEST_CASE("hostile: a dimension claiming A1:XFD1048576 with a cell at its far corner", "[unit][hostile]") {
    CHECK(refused("dimension.xlsx", huge_dimension()).code == "HEADER_NOT_FOUND");
}

TEST_CASE("hostile: encrypted zip entries and unknown methods", "[unit][hostile]") {
    CHECK(refused("enc.xlsx", encrypted_entry()).code == "FILE_ENCRYPTED");
}
