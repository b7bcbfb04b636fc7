#include "jxjy/report.h"

#include <nlohmann/json.hpp>

namespace jxjy {

std::string to_json(const ValidationResult& result) {
    using nlohmann::ordered_json;
    ordered_json rows = ordered_json::array();
    for (const auto& r : result.rows) {
        ordered_json j;
        j["row"] = r.sheet_row;
        j["seq"] = r.seq ? ordered_json(*r.seq) : ordered_json(nullptr);
        j["id"] = r.id;
        j["name"] = r.name;
        j["computed_verdict"] = r.computed ? ordered_json(verdict_text(*r.computed)) : ordered_json(nullptr);
        j["declared_verdict"] = r.declared ? ordered_json(verdict_text(*r.declared)) : ordered_json(nullptr);
        rows.push_back(std::move(j));
    }
    ordered_json diags = ordered_json::array();
    for (const auto& d : result.diagnostics) {
        ordered_json j;
        j["row"] = d.row;
        j["column"] = column_key(d.column);
        j["code"] = code_name(d.code);
        j["severity"] = severity_name(d.severity);
        j["message"] = d.message;
        diags.push_back(std::move(j));
    }
    const Summary& s = result.summary;
    ordered_json out;
    out["rows"] = std::move(rows);
    out["diagnostics"] = std::move(diags);
    out["summary"] = {{"rows", s.rows},
                      {"errors", s.errors},
                      {"warnings", s.warnings},
                      {"qualified", s.qualified},
                      {"unqualified", s.unqualified}};
    return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string summary_line(const Summary& s) {
    std::string out = "共 " + std::to_string(s.rows) + " 行数据：" + std::to_string(s.errors) + " 个错误，" +
                      std::to_string(s.warnings) + " 个警告；按规则合格 " + std::to_string(s.qualified) +
                      " 人，不合格 " + std::to_string(s.unqualified) + " 人";
    long undecided = s.rows - s.qualified - s.unqualified;
    if (undecided > 0) out += "，" + std::to_string(undecided) + " 人因数据有误无法判断";
    return out + "。";
}

std::string to_listing(const ValidationResult& result, const Layout& layout) {
    std::string out;
    for (const auto& d : result.diagnostics) {
        out += "第 " + std::to_string(d.row) + " 行 " + layout.column(d.column).display_name();
        if (d.severity == Severity::Warning) out += "（提示）";
        out += "：" + d.message + "\n";
    }
    return out;
}

}  // namespace jxjy
