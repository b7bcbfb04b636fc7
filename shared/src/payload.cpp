#include "jxjy/payload.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "json_events.h"
#include "jxjy/json_writer.h"
#include "jxjy/text.h"

namespace jxjy {
namespace {

using nlohmann::json;

Error bad(const std::string& what) {
    return make_error("PAYLOAD_INVALID", "名册数据格式有误：" + what);
}

}  // namespace

namespace {

// Reads the payload as a stream of JSON events (no document tree): a 300-row
// roster arrives with every submission, so this is on the daemon's hot path.
class PayloadReader {
public:
    explicit PayloadReader(const PayloadLimits& limits) : limits_(limits) {}

    RosterPayload payload;
    std::optional<Error> error;
    bool saw_rows = false;
    std::size_t input_bytes = 0;

    bool null() { return scalar(Kind::Null, 0); }
    bool boolean(bool) { return scalar(Kind::Other, 0); }
    bool integer(double v) { return scalar(Kind::Integer, v); }
    bool real(double v) { return scalar(Kind::Float, v); }
    bool string(std::string& v) {
        text_.swap(v);
        return scalar(Kind::String, 0);
    }

    bool key(std::string& k) {
        stack_.back().key.assign(k);
        return true;
    }

    bool start_object() {
        if (stack_.empty()) return push(Ctx::Root);
        Level& top = stack_.back();
        switch (top.ctx) {
            case Ctx::Root:
                if (top.key == "rows") return fail("缺少 rows 数组。");
                if (top.key == "year") return fail("year 应为学年，例如 2023。");
                if (top.key == "title" || top.key == "unit_name") return fail(top.key + " 应为文字。");
                return push(Ctx::Skip);
            case Ctx::Rows:
                if (payload.rows.size() >= limits_.max_rows)
                    return fail("行数超过 " + std::to_string(limits_.max_rows) + "。");
                row_ = RawRow{};
                row_.sheet_row = next_row_;
                have_cells_ = false;
                return push(Ctx::Row);
            case Ctx::Row:
                if (top.key == "cells") return push(Ctx::Cells);
                if (top.key == "row") return fail("row 应为正整数（表格中的行号）。");
                return push(Ctx::Skip);
            case Ctx::Cells: {
                auto col = column_from_key(top.key);
                if (!col) return fail("未知的列“" + top.key + "”。");
                column_ = *col;
                date_set_ = false;
                return push(Ctx::Date);
            }
            case Ctx::Date:
            case Ctx::Skip:
                return push(Ctx::Skip);
        }
        return true;
    }

    bool end_object() {
        Ctx ctx = stack_.back().ctx;
        stack_.pop_back();
        switch (ctx) {
            case Ctx::Root:
                if (!saw_rows) return fail("缺少 rows 数组。");
                return true;
            case Ctx::Row:
                if (!have_cells_) return fail("第 " + std::to_string(row_.sheet_row) + " 行缺少 cells 对象。");
                next_row_ = row_.sheet_row + 1;
                payload.rows.push_back(std::move(row_));
                return true;
            case Ctx::Cells:
                have_cells_ = true;
                return true;
            case Ctx::Date:
                if (!date_set_) return cell_type_error();
                return true;
            default:
                return true;
        }
    }

    bool start_array() {
        if (stack_.empty()) return fail("应为一个 JSON 对象。");
        Level& top = stack_.back();
        switch (top.ctx) {
            case Ctx::Root:
                if (top.key == "rows") {
                    saw_rows = true;
                    // A row takes some 300 bytes of JSON: room for them all at once.
                    payload.rows.reserve(std::min(limits_.max_rows, input_bytes / 256));
                    return push(Ctx::Rows);
                }
                if (top.key == "year") return fail("year 应为学年，例如 2023。");
                if (top.key == "title" || top.key == "unit_name") return fail(top.key + " 应为文字。");
                return push(Ctx::Skip);
            case Ctx::Rows:
                return fail("rows 中的每一项应为对象。");
            case Ctx::Row:
                if (top.key == "row") return fail("row 应为正整数（表格中的行号）。");
                if (top.key == "cells") return fail("第 " + std::to_string(row_.sheet_row) + " 行缺少 cells 对象。");
                return push(Ctx::Skip);
            case Ctx::Cells:
                return cell_type_error();
            default:
                return push(Ctx::Skip);
        }
    }

    bool end_array() {
        stack_.pop_back();
        return true;
    }

private:
    enum class Ctx { Root, Rows, Row, Cells, Date, Skip };
    enum class Kind { Null, Integer, Float, String, Other };
    struct Level {
        Ctx ctx;
        std::string key;
    };

    bool push(Ctx c) {
        stack_.push_back(Level{c, {}});
        return true;
    }
    bool fail(const std::string& message) {
        if (!error) error = bad(message);
        return false;
    }
    bool cell_type_error() {
        return fail("第 " + std::to_string(row_.sheet_row) + " 行的“" + std::string(column_key(column_)) +
                    "”应为文字或数字。");
    }

    bool scalar(Kind kind, double number) {
        if (stack_.empty()) return fail("应为一个 JSON 对象。");
        Level& top = stack_.back();
        switch (top.ctx) {
            case Ctx::Root:
                if (top.key == "year") {
                    if (kind == Kind::Null) return true;
                    if (kind != Kind::Integer || number < 2000 || number > 2100)
                        return fail("year 应为学年，例如 2023。");
                    payload.year = static_cast<int>(number);
                } else if (top.key == "title" || top.key == "unit_name") {
                    if (kind == Kind::Null) return true;
                    if (kind != Kind::String || text_.size() > limits_.max_text_bytes)
                        return fail(top.key + " 应为文字。");
                    (top.key == "title" ? payload.title : payload.unit_name) = std::move(text_);
                } else if (top.key == "rows") {
                    return fail("缺少 rows 数组。");
                }
                return true;
            case Ctx::Rows:
                return fail("rows 中的每一项应为对象。");
            case Ctx::Row:
                if (top.key == "row") {
                    if (kind != Kind::Integer || number < 1 || number > 10'000'000)
                        return fail("row 应为正整数（表格中的行号）。");
                    row_.sheet_row = static_cast<int>(number);
                } else if (top.key == "cells") {
                    return fail("第 " + std::to_string(row_.sheet_row) + " 行缺少 cells 对象。");
                }
                return true;
            case Ctx::Cells: {
                auto col = column_from_key(top.key);
                if (!col) return fail("未知的列“" + top.key + "”。");
                column_ = *col;
                Cell& c = row_[*col];
                if (kind == Kind::Null) return true;
                if (kind == Kind::String) {
                    if (text_.size() > limits_.max_text_bytes)
                        return fail("第 " + std::to_string(row_.sheet_row) + " 行的“" + top.key + "”过长。");
                    c = Cell::of_text(std::move(text_));
                } else if (kind == Kind::Integer || kind == Kind::Float) {
                    if (!std::isfinite(number)) return fail("数字无效。");
                    c = Cell::of_number(number);  // shown as format_number(number) when a message needs it
                } else {
                    return cell_type_error();
                }
                return true;
            }
            case Ctx::Date:
                if (top.key == "date") {
                    if (kind != Kind::Integer && kind != Kind::Float) return cell_type_error();
                    row_[column_] = Cell::of_date(number);
                    date_set_ = true;
                }
                return true;
            case Ctx::Skip:
                return true;
        }
        return true;
    }

    const PayloadLimits& limits_;
    std::vector<Level> stack_;
    std::string text_;
    RawRow row_;
    bool have_cells_ = false;
    int next_row_ = 1;
    Column column_{};
    bool date_set_ = false;
};

}  // namespace

Result<RosterPayload> parse_roster_payload(std::string_view text_in, const PayloadLimits& limits) {
    PayloadReader reader(limits);
    reader.input_bytes = text_in.size();
    auto outcome = json_events::read(text_in, reader);
    if (reader.error) return *reader.error;
    if (outcome == json_events::Outcome::TooDeep) return bad("嵌套层数过多。");
    if (outcome != json_events::Outcome::Ok) return bad("不是有效的 JSON。");
    return std::move(reader.payload);
}

std::string roster_payload_json(const RosterPayload& p) {
    JsonWriter w;
    w.reserve(256 + p.rows.size() * 400);
    w.begin_object().key("year");
    if (p.year)
        w.value(p.year);
    else
        w.null();  // unknown: the reader takes the title's year or the latest policy
    w.key("title").value(p.title).key("unit_name").value(p.unit_name);
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

bool is_central_code(Code c) {
    return c == Code::IdUnknown || c == Code::IdOtherUnit || c == Code::OfficialMismatch || c == Code::TeacherLeft;
}

namespace {
Result<SubmissionOutcome> read_outcome(std::string_view text) {
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return make_error("RESPONSE_INVALID", "进修校服务器的答复无法识别。");
    SubmissionOutcome out;
    auto number = [](const json& o, const char* key) -> long {
        auto it = o.find(key);
        return it != o.end() && it->is_number() ? it->get<long>() : 0;
    };
    auto verdict = [](const json& o, const char* key) -> std::optional<Verdict> {
        auto it = o.find(key);
        if (it == o.end() || !it->is_string()) return std::nullopt;
        return parse_verdict(it->get<std::string>());
    };
    if (auto s = j.find("submission"); s != j.end() && s->is_object()) {
        out.id = number(*s, "id");
        out.version = static_cast<int>(number(*s, "version"));
    }
    if (out.id <= 0) return make_error("RESPONSE_INVALID", "进修校服务器的答复中没有提交编号。");
    if (auto rows = j.find("rows"); rows != j.end() && rows->is_array()) {
        for (const auto& r : *rows) {
            if (!r.is_object()) continue;
            RowOutcome o;
            o.row = static_cast<int>(number(r, "row"));
            o.verdict = verdict(r, "county_verdict");
            if (!o.verdict) o.verdict = verdict(r, "computed_verdict");
            if (o.row > 0) out.rows.push_back(o);
        }
    }
    if (auto ds = j.find("diagnostics"); ds != j.end() && ds->is_array()) {
        for (const auto& d : *ds) {
            if (!d.is_object()) continue;
            auto code = code_from_name(d.value("code", ""));
            auto column = column_from_key(d.value("column", ""));
            if (!code || !column || !is_central_code(*code)) continue;
            Diagnostic diag;
            diag.row = static_cast<int>(number(d, "row"));
            diag.column = *column;
            diag.code = *code;
            diag.severity = d.value("severity", "") == "warning" ? Severity::Warning : Severity::Error;
            diag.message = d.value("message", "");
            out.central.push_back(std::move(diag));
        }
    }
    if (auto s = j.find("summary"); s != j.end() && s->is_object()) {
        out.errors = number(*s, "errors");
        out.warnings = number(*s, "warnings");
        out.qualified = number(*s, "qualified");
        out.unqualified = number(*s, "unqualified");
    }
    return out;
}

}  // namespace

Result<SubmissionOutcome> parse_submission_outcome(std::string_view text) {
    try {
        return read_outcome(text);
    } catch (const json::exception&) {  // a member of an unexpected type
        return make_error("RESPONSE_INVALID", "进修校服务器的答复无法识别。");
    }
}

}  // namespace jxjy
