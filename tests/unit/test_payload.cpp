#include <nlohmann/json.hpp>

#include <random>

#include "../../shared/src/json_events.h"
#include "jxjy/payload.h"
#include "support.h"

using namespace jxjy;
using namespace jxjy::test;

TEST_CASE("a roster survives the JSON round trip cell for cell", "[unit][payload]") {
    RosterPayload p;
    p.year = 2023;
    p.title = "泸县 2023 年专业技术人员继续教育证书验证名册";
    p.unit_name = "泸县二中 \"初中部\"";
    p.rows.push_back(good_row(5));
    RawRow r = with(good_row(7), Column::Id, Cell::of_number(4002006));
    r[Column::Birth] = Cell::of_date(29007);
    r[Column::Name] = Cell::of_text("张\n三\t\"x\"\\");
    r[Column::Verdict] = Cell{};
    p.rows.push_back(r);
    auto back = parse_roster_payload(roster_payload_json(p));
    REQUIRE(back);
    CHECK(back->year == 2023);
    CHECK(back->title == p.title);
    CHECK(back->unit_name == p.unit_name);
    REQUIRE(back->rows.size() == 2);
    for (std::size_t k = 0; k < 2; ++k) {
        CHECK(back->rows[k].sheet_row == p.rows[k].sheet_row);
        for (std::size_t i = 0; i < kColumnCount; ++i) {
            INFO("row " << k << " column " << i);
            CHECK(back->rows[k].cells[i].kind == p.rows[k].cells[i].kind);
            CHECK(back->rows[k].cells[i].text == p.rows[k].cells[i].text);
            CHECK(back->rows[k].cells[i].number == p.rows[k].cells[i].number);
        }
    }
}

TEST_CASE("a roster without a year is written so that it reads back", "[unit][payload]") {
    RosterPayload p;
    p.rows.push_back(good_row(5));
    auto back = parse_roster_payload(roster_payload_json(p));
    REQUIRE(back);
    CHECK(back->year == 0);
    CHECK(back->rows.size() == 1);
}

TEST_CASE("payload shapes: defaults, nulls, unknown members skipped", "[unit][payload]") {
    auto p = parse_roster_payload(R"({"extra": {"deep": [1, {"x": [2]}]}, "rows": [
        {"cells": {"id": "004002006", "name": null, "school_hours": 80.5}, "note": [1, 2]},
        {"row": 9, "cells": {}},
        {"cells": {"birth": {"date": 29007, "shown": "1979-06"}}}]})");
    REQUIRE(p);
    CHECK(p->year == 0);
    REQUIRE(p->rows.size() == 3);
    CHECK(p->rows[0].sheet_row == 1);
    CHECK(p->rows[0][Column::Id].text == "004002006");
    CHECK(p->rows[0][Column::Name].kind == Cell::Kind::Empty);
    CHECK(p->rows[0][Column::SchoolHours].number == Approx(80.5));
    CHECK(p->rows[1].sheet_row == 9);
    CHECK(p->rows[2].sheet_row == 10);  // one after the row before
    CHECK(p->rows[2][Column::Birth].kind == Cell::Kind::Date);
    CHECK(p->rows[2][Column::Birth].number == 29007);
}

TEST_CASE("payload errors say what is wrong", "[unit][payload]") {
    const std::vector<std::pair<const char*, const char*>> cases = {
        {"{not json", "不是有效的 JSON"},
        {"[1,2]", "JSON 对象"},
        {"\"x\"", "JSON 对象"},
        {"{}", "缺少 rows"},
        {R"({"rows": "nope"})", "缺少 rows"},
        {R"({"rows": {}})", "缺少 rows"},
        {R"({"year": 1999, "rows": []})", "year"},
        {R"({"year": "2023", "rows": []})", "year"},
        {R"({"title": 5, "rows": []})", "title"},
        {R"({"rows": [1]})", "每一项应为对象"},
        {R"({"rows": [[]]})", "每一项应为对象"},
        {R"({"rows": [{"row": 0, "cells": {}}]})", "row 应为正整数"},
        {R"({"rows": [{"row": "5", "cells": {}}]})", "row 应为正整数"},
        {R"({"rows": [{"row": 5}]})", "第 5 行缺少 cells"},
        {R"({"rows": [{"cells": []}]})", "缺少 cells"},
        {R"({"rows": [{"cells": {"nope": 1}}]})", "未知的列“nope”"},
        {R"({"rows": [{"cells": {"id": true}}]})", "应为文字或数字"},
        {R"({"rows": [{"cells": {"id": [1]}}]})", "应为文字或数字"},
        {R"({"rows": [{"cells": {"birth": {"day": 1}}}]})", "应为文字或数字"},
    };
    for (const auto& [text, expected] : cases) {
        INFO(text);
        auto r = parse_roster_payload(text);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == "PAYLOAD_INVALID");
        CHECK(r.error().message.find(expected) != std::string::npos);
    }
    PayloadLimits tight;
    tight.max_rows = 2;
    tight.max_text_bytes = 8;
    CHECK(parse_roster_payload(R"({"rows": [{"cells": {}}, {"cells": {}}, {"cells": {}}]})", tight)
              .error()
              .message.find("行数超过") != std::string::npos);
    CHECK(
        parse_roster_payload(R"({"rows": [{"cells": {"name": "一二三四五"}}]})", tight).error().message.find("过长") !=
        std::string::npos);
}

TEST_CASE("the county's answer: verdicts per row and only the central findings", "[unit][payload]") {
    auto o = parse_submission_outcome(R"({"submission": {"id": 42, "version": 3},
        "rows": [{"row": 5, "computed_verdict": "合格", "county_verdict": "不合格"},
                 {"row": 6, "computed_verdict": "合格", "county_verdict": null}, {"row": 0}],
        "diagnostics": [{"row": 5, "column": "external_hours", "code": "OFFICIAL_MISMATCH", "severity": "error",
                         "message": "进修校记录为 60 学时"},
                        {"row": 6, "column": "id", "code": "ID_FORMAT", "severity": "error", "message": "x"},
                        {"row": 6, "column": "nonsense", "code": "ID_UNKNOWN"}],
        "summary": {"errors": 2, "warnings": 0, "qualified": 1, "unqualified": 1}})");
    REQUIRE(o);
    CHECK(o->id == 42);
    CHECK(o->version == 3);
    REQUIRE(o->rows.size() == 2);
    CHECK(o->rows[0].verdict == Verdict::Unqualified);  // the county's word wins
    CHECK(o->rows[1].verdict == Verdict::Qualified);
    REQUIRE(o->central.size() == 1);  // ID_FORMAT is the sheet's own; a bad column is dropped
    CHECK(o->central[0].code == Code::OfficialMismatch);
    CHECK(o->central[0].column == Column::ExternalHours);
    CHECK(o->errors == 2);
    CHECK_FALSE(parse_submission_outcome("{\"rows\": []}"));
    CHECK_FALSE(parse_submission_outcome("<html>"));
    CHECK_FALSE(parse_submission_outcome(R"({"submission": {"id": 1}, "diagnostics": [{"code": 7, "column": "id"}]})"));
}

namespace {

bool our_syntax_ok(std::string_view text) {
    return json_events::check_syntax(text) == json_events::Outcome::Ok;
}

}  // namespace

TEST_CASE("the JSON reader takes exactly what RFC 8259 allows", "[unit][payload]") {
    for (const char* good : {"{}", "[]", " [1, -0, 0.5, -1.5e+3, 2E-2, 1e-999, 18446744073709551616] ",
                             R"({"a":{"b":[null,true,false]}})", R"("\u4e2d\ud83d\ude00\n\/\\\"")", "\"二中\"", "0"}) {
        INFO(good);
        CHECK(our_syntax_ok(good));
    }
    for (const char* bad : {"",
                            " ",
                            "{",
                            "[1,]",
                            "{\"a\":1,}",
                            "{\"a\" 1}",
                            "{a:1}",
                            "[01]",
                            "[1.]",
                            "[.5]",
                            "[+1]",
                            "[1e]",
                            "[1e999]",
                            "[NaN]",
                            "[tru]",
                            "[nul]",
                            "\"\\ud800\"",
                            "\"\\udc00\"",
                            "\"\\x\"",
                            "\"a\nb\"",
                            "\"\xff\"",
                            "\"\xc0\x80\"",
                            "\"\xed\xa0\x80\"",
                            "[1] [2]",
                            "[1] x",
                            "// c\n[]",
                            "'a'"}) {
        INFO(bad);
        CHECK_FALSE(our_syntax_ok(bad));
    }
    std::string deep(300, '[');
    deep += std::string(300, ']');
    CHECK(json_events::check_syntax(deep) == json_events::Outcome::TooDeep);
    CHECK(parse_roster_payload("{\"x\":" + deep + ",\"rows\":[]}").error().message.find("嵌套") != std::string::npos);
}

TEST_CASE("the JSON reader agrees with nlohmann's strict parser on mutated rosters", "[unit][payload]") {
    RosterPayload p;
    p.year = 2023;
    p.title = "泸县 2023 年专业技术人员继续教育证书验证名册";
    RawRow row;
    row.sheet_row = 5;
    row[Column::Id] = Cell::of_text("004002006");
    row[Column::Name] = Cell::of_text("样例");
    row[Column::ExternalHours] = Cell::of_number(96.5);
    row[Column::Birth] = Cell::of_date(29007);
    p.rows = {row, row};
    const std::string base = roster_payload_json(p);
    REQUIRE(our_syntax_ok(base));
    std::mt19937 rng(2023);
    const std::string alphabet = "{}[]\",:\\/0123456789.eE+- tfnul\\u\xe4\xb8\xad\x01\n";
    int accepted = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string t = base;
        int edits = 1 + static_cast<int>(rng() % 3);
        for (int e = 0; e < edits && !t.empty(); ++e) {
            std::size_t at = rng() % t.size();
            char c = alphabet[rng() % alphabet.size()];
            switch (rng() % 3) {
                case 0:
                    t[at] = c;
                    break;
                case 1:
                    t.insert(t.begin() + static_cast<long>(at), c);
                    break;
                default:
                    t.erase(at, 1 + rng() % 4);
                    break;
            }
        }
        const bool theirs = nlohmann::json::accept(t);
        INFO(t);
        REQUIRE(our_syntax_ok(t) == theirs);
        accepted += theirs;
    }
    CHECK(accepted > 100);  // the mutations reach both sides
}
