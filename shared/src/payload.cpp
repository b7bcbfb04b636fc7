#include "jxjy/payload.h"

#include <nlohmann/json.hpp>

#include <cmath>

#include "jxjy/json_writer.h"
#include "jxjy/text.h"

namespace jxjy {
namespace {

using nlohmann::json;

Error bad(const std::string& what) {
    return make_error("PAYLOAD_INVALID", "名册数据格式有误：" + what);
}

}  // namespace

Result<RosterPayload> parse_roster_payload(std::string_view text_in, const PayloadLimits& limits) {
    json j = json::parse(text_in, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return bad("不是有效的 JSON。");
    if (!j.is_object()) return bad("应为一个 JSON 对象。");
    RosterPayload p;
    if (auto it = j.find("year"); it != j.end() && !it->is_null()) {
        if (!it->is_number_integer() || it->get<long>() < 2000 || it->get<long>() > 2100)
            return bad("year 应为学年，例如 2023。");
        p.year = it->get<int>();
    }
    for (const char* key : {"title", "unit_name"}) {
        if (auto it = j.find(key); it != j.end() && !it->is_null()) {
            if (!it->is_string() || it->get_ref<const std::string&>().size() > limits.max_text_bytes)
                return bad(std::string(key) + " 应为文字。");
            (std::string(key) == "title" ? p.title : p.unit_name) = it->get<std::string>();
        }
    }
    auto rows = j.find("rows");
    if (rows == j.end() || !rows->is_array()) return bad("缺少 rows 数组。");
    if (rows->size() > limits.max_rows) return bad("行数超过 " + std::to_string(limits.max_rows) + "。");
    int next_row = 1;
    p.rows.reserve(rows->size());
    for (const auto& r : *rows) {
        if (!r.is_object()) return bad("rows 中的每一项应为对象。");
        RawRow row;
        row.sheet_row = next_row;
        if (auto it = r.find("row"); it != r.end()) {
            if (!it->is_number_integer() || it->get<long>() < 1 || it->get<long>() > 10'000'000)
                return bad("row 应为正整数（表格中的行号）。");
            row.sheet_row = it->get<int>();
        }
        next_row = row.sheet_row + 1;
        auto cells = r.find("cells");
        if (cells == r.end() || !cells->is_object())
            return bad("第 " + std::to_string(row.sheet_row) + " 行缺少 cells 对象。");
        for (const auto& [key, value] : cells->items()) {
            auto col = column_from_key(key);
            if (!col) return bad("未知的列“" + key + "”。");
            Cell& c = row[*col];
            if (value.is_null()) continue;
            if (value.is_string()) {
                const auto& s = value.get_ref<const std::string&>();
                if (s.size() > limits.max_text_bytes)
                    return bad("第 " + std::to_string(row.sheet_row) + " 行的“" + key + "”过长。");
                c = Cell::of_text(s);
            } else if (value.is_number()) {
                double v = value.get<double>();
                if (!std::isfinite(v)) return bad("数字无效。");
                c = Cell::of_number(v);  // shown as format_number(v) when a message needs it
            } else if (value.is_object() && value.contains("date") && value["date"].is_number()) {
                c = Cell::of_date(value["date"].get<double>());
            } else {
                return bad("第 " + std::to_string(row.sheet_row) + " 行的“" + key + "”应为文字或数字。");
            }
        }
        p.rows.push_back(std::move(row));
    }
    return p;
}

std::string roster_payload_json(const RosterPayload& p) {
    JsonWriter w;
    w.reserve(256 + p.rows.size() * 400);
    w.begin_object().key("year").value(p.year).key("title").value(p.title).key("unit_name").value(p.unit_name);
    w.key("rows").begin_array();
    for (const auto& r : p.rows) {
        w.begin_object().key("row").value(r.sheet_row).key("cells").begin_object();
        for (std::size_t i = 0; i < kColumnCount; ++i) {
            const Cell& c = r.cells[i];
            if (c.kind == Cell::Kind::Empty) continue;
            w.key(column_key(static_cast<Column>(i)));
            if (c.kind == Cell::Kind::Text)
                w.value(c.text);
            else if (c.kind == Cell::Kind::Number)
                w.value(c.number);
            else
                w.begin_object().key("date").value(c.number).end_object();
        }
        w.end_object().end_object();
    }
    w.end_array().end_object();
    return w.take();
}

}  // namespace jxjy
