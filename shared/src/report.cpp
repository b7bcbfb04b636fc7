#include "jxjy/report.h"

namespace jxjy {

void write_result_members(JsonWriter& w, const ValidationResult& result, const std::vector<CentralVerdict>* county) {
    auto verdict = [&w](const std::optional<Verdict>& v) {
        if (v)
            w.value(verdict_text(*v));
        else
            w.null();
    };
    long county_qualified = 0;
    long county_unqualified = 0;
    w.key("rows").begin_array();
    for (std::size_t i = 0; i < result.rows.size(); ++i) {
        const CheckedRow& r = result.rows[i];
        w.begin_object().key("row").value(r.sheet_row).key("seq");
        if (r.seq)
            w.value(*r.seq);
        else
            w.null();
        w.key("id").value(r.id).key("name").value(r.name);
        w.key("computed_verdict");
        verdict(r.computed);
        w.key("declared_verdict");
        verdict(r.declared);
        if (county && i < county->size()) {
            const auto& c = (*county)[i].verdict;
            if (c) (*c == Verdict::Qualified ? county_qualified : county_unqualified) += 1;
            w.key("county_verdict");
            verdict(c);
        }
        w.end_object();
    }
    w.end_array();
    w.key("diagnostics").begin_array();
    for (const auto& d : result.diagnostics)
        w.begin_object()
            .key("row")
            .value(d.row)
            .key("column")
            .value(column_key(d.column))
            .key("code")
            .value(code_name(d.code))
            .key("severity")
            .value(severity_name(d.severity))
            .key("message")
            .value(d.message)
            .end_object();
    w.end_array();
    const Summary& s = result.summary;
    w.key("summary").begin_object();
    w.key("rows").value(s.rows).key("errors").value(s.errors).key("warnings").value(s.warnings);
    w.key("qualified").value(s.qualified).key("unqualified").value(s.unqualified);
    if (county) w.key("county_qualified").value(county_qualified).key("county_unqualified").value(county_unqualified);
    w.end_object();
}

std::string to_json(const ValidationResult& result) {
    JsonWriter w;
    w.reserve(256 + result.rows.size() * 128 + result.diagnostics.size() * 256);
    w.begin_object();
    write_result_members(w, result);
    w.end_object();
    return w.take();
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
