#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "jxjy/table.h"
#include "support.h"

using namespace jxjy;
using jxjy::test::schemas;

namespace {
std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
}  // namespace

TEST_CASE("every diagnostic code has a catalogue entry with the contract's severity", "[unit][schemas]") {
    const std::set<std::string> warnings = {"ID_NORMALIZED", "DATE_NORMALIZED", "VALUE_SUSPICIOUS"};
    for (std::size_t i = 0; i < kCodeCount; ++i) {
        auto code = static_cast<Code>(i);
        std::string name(code_name(code));
        INFO(name);
        CHECK(code_from_name(name) == code);
        const CatalogEntry& e = schemas().catalog.entry(code);
        CHECK_FALSE(e.message.empty());
        CHECK(e.severity == (warnings.count(name) ? Severity::Warning : Severity::Error));
    }
}

TEST_CASE("catalogue messages use only documented placeholders and render completely", "[unit][schemas]") {
    auto j = nlohmann::json::parse(slurp(std::string(JXJY_TEST_SCHEMAS) + "/diagnostics.json"));
    std::set<std::string> documented;
    for (const auto& [k, v] : j.at("placeholders").items()) documented.insert(k);
    std::regex placeholder(R"(\{([a-z_]+)\})");
    std::vector<MessageArg> all;
    for (const auto& p : documented) all.emplace_back(p, "X");
    for (const auto& [name, entry] : j.at("codes").items()) {
        for (const char* field : {"message", "message_empty"}) {
            if (!entry.contains(field)) continue;
            std::string msg = entry.at(field).get<std::string>();
            INFO(name << "." << field << ": " << msg);
            for (std::sregex_iterator it(msg.begin(), msg.end(), placeholder), end; it != end; ++it)
                CHECK(documented.count((*it)[1].str()) == 1);
            CHECK(render_message(msg, all).find('{') == std::string::npos);
        }
    }
}

TEST_CASE("the layout has every column of the official template, in order", "[unit][schemas]") {
    const Layout& l = schemas().layout;
    const std::vector<std::pair<std::string, std::string>> expected = {{"seq", "序号"},
                                                                       {"id", "继续教育编号"},
                                                                       {"name", "姓名"},
                                                                       {"gender", "性别"},
                                                                       {"birth", "出生年月"},
                                                                       {"hire", "入职年月"},
                                                                       {"school_hours", "校本研修学时"},
                                                                       {"school_credits", "校本研修学分"},
                                                                       {"external_hours", "校外研培与网络研培学时"},
                                                                       {"external_credits", "校外研培与网络研培学分"},
                                                                       {"public_course", "公需科目"},
                                                                       {"total_hours", "总学时"},
                                                                       {"total_credits", "总学分"},
                                                                       {"verdict", "验审意见"}};
    REQUIRE(expected.size() == kColumnCount);
    for (std::size_t i = 0; i < kColumnCount; ++i) {
        const LayoutColumn& c = l.columns[i];
        INFO(c.key);
        CHECK(c.key == expected[i].first);
        CHECK(c.display_name() == expected[i].second);
        CHECK(column_from_key(c.key) == static_cast<Column>(i));
        CHECK(c.width > 0);
        CHECK_FALSE(c.type.empty());
        if (c.type == "choice") CHECK(c.choices.size() == 2);
    }
}

TEST_CASE("no header text names two columns", "[unit][schemas]") {
    std::map<std::string, std::string> owner;
    for (const auto& c : schemas().layout.columns) {
        std::vector<std::string> names = c.aliases;
        if (c.group.empty()) names.push_back(c.header);
        for (const auto& a : names) {
            std::string h = normalize_header(a);
            INFO(a << " in " << c.key);
            auto [it, fresh] = owner.emplace(h, c.key);
            CHECK((fresh || it->second == c.key));
        }
    }
}

TEST_CASE("every policy file loads, 2023 is the rule of the notice", "[unit][schemas]") {
    namespace fs = std::filesystem;
    int files = 0;
    for (const auto& e : fs::directory_iterator(std::string(JXJY_TEST_SCHEMAS) + "/policies")) {
        INFO(e.path());
        auto p = parse_policy(slurp(e.path().string()));
        REQUIRE(p);
        CHECK(e.path().stem().string() == std::to_string(p->year));
        CHECK(p->external_min_hours > 0);
        CHECK(p->total_min_hours >= p->external_min_hours);
        CHECK(p->earliest_birth < p->latest_month);
        ++files;
    }
    CHECK(files == static_cast<int>(schemas().policies.size()));
    const Policy& p = *schemas().policy(2023);
    CHECK(p.window_start == "2022-09-01");
    CHECK(p.window_end == "2023-08-31");
    CHECK(p.external_min_hours == 70);
    CHECK(p.external_min_credits == 7);
    CHECK(p.total_min_hours == 120);
    CHECK(p.total_min_credits == 12);
    CHECK(p.public_course_required);
    CHECK(p.min_hire_age_years == 16);
}

TEST_CASE("broken schema files are refused with a message, not a crash", "[unit][schemas]") {
    CHECK_FALSE(parse_policy("{}"));
    CHECK_FALSE(parse_policy("not json"));
    CHECK(parse_policy("{").error().code == "SCHEMA_INVALID");
    CHECK_FALSE(parse_catalog(R"({"codes": {"NOPE": {"severity": "error", "message": "x"}}})"));
    CHECK_FALSE(parse_catalog(R"({"codes": {}})"));  // codes missing
    CHECK_FALSE(parse_layout(R"({"name": "x", "title": "t", "groups": [], "columns": []})"));
    CHECK_FALSE(load_schemas("/nonexistent"));
}
