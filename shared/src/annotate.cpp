#include "jxjy/annotate.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <map>

#include "jxjy/report.h"
#include "jxjy/text.h"

namespace jxjy {
namespace {

constexpr lxw_color_t kErrorFill = 0xFFC7CE;
constexpr lxw_color_t kWarningFill = 0xFFEB9C;
constexpr lxw_color_t kHeaderFill = 0xF2F2F2;

struct Formats {
    lxw_format* title;
    lxw_format* line;
    lxw_format* header;
    lxw_format* cell[3];  // plain, warning, error
    lxw_format* text[3];  // the same with the text number format (IDs)
    lxw_format* bold;
};

lxw_format* bordered(lxw_workbook* wb, lxw_color_t fill, bool as_text) {
    lxw_format* f = workbook_add_format(wb);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, LXW_ALIGN_CENTER);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (fill) format_set_bg_color(f, fill);
    if (as_text) format_set_num_format(f, "@");
    return f;
}

Formats make_formats(lxw_workbook* wb) {
    Formats f{};
    f.title = workbook_add_format(wb);
    format_set_bold(f.title);
    format_set_font_size(f.title, 16);
    format_set_align(f.title, LXW_ALIGN_CENTER);
    f.line = workbook_add_format(wb);
    f.header = bordered(wb, kHeaderFill, false);
    format_set_bold(f.header);
    format_set_text_wrap(f.header);
    const lxw_color_t fills[3] = {0, kWarningFill, kErrorFill};
    for (int i = 0; i < 3; ++i) {
        f.cell[i] = bordered(wb, fills[i], false);
        f.text[i] = bordered(wb, fills[i], true);
    }
    f.bold = workbook_add_format(wb);
    format_set_bold(f.bold);
    return f;
}

// Strings go in as strings: never as formulas, whatever they start with.
void put_text(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const std::string& s, lxw_format* f) {
    worksheet_write_string(ws, r, c, s.c_str(), f);
}

void put_cell(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const Cell& cell, lxw_format* f) {
    switch (cell.kind) {
        case Cell::Kind::Empty:
            worksheet_write_blank(ws, r, c, f);
            break;
        case Cell::Kind::Number:
            worksheet_write_number(ws, r, c, cell.number, f);
            break;
        case Cell::Kind::Date: {
            auto m = month_from_serial(cell.number);
            put_text(ws, r, c, m ? m->str() : text::format_number(cell.number), f);
            break;
        }
        case Cell::Kind::Text:
            put_text(ws, r, c, cell.text, f);
            break;
    }
}

// The template's two-level header on rows `top` and `top + 1`, with its widths.
void write_header(lxw_worksheet* ws, const Layout& layout, const Formats& f, lxw_row_t top) {
    for (std::size_t i = 0; i < kColumnCount; ++i) {
        const LayoutColumn& c = layout.columns[i];
        auto col = static_cast<lxw_col_t>(i);
        worksheet_set_column(ws, col, col, c.width * 1.6, nullptr);
        if (c.group.empty()) {
            worksheet_merge_range(ws, top, col, top + 1, col, c.header.c_str(), f.header);
        } else {
            if (i == 0 || layout.columns[i - 1].group != c.group)
                worksheet_merge_range(ws, top, col, top, col + 1, c.group_header.c_str(), f.header);
            put_text(ws, top + 1, col, c.header, f.header);
        }
    }
}

std::string verdict_or(const std::optional<Verdict>& v, const char* otherwise) {
    return v ? std::string(verdict_text(*v)) : otherwise;
}

}  // namespace

Result<bool> write_annotated_xlsx(const FileReport& report, const Schemas& schemas, const std::string& out_path) {
    const Layout& layout = schemas.layout;
    const ValidationResult& res = report.result;
    if (report.raw_rows.size() != res.rows.size())
        return make_error("ANNOTATE_INPUT", "内部错误：生成批注表格需要原始行数据。");

    lxw_workbook* wb = workbook_new(out_path.c_str());
    if (!wb) return make_error("WRITE_FAILED", "无法创建文件 " + out_path + "。");
    Formats f = make_formats(wb);
    lxw_worksheet* ws = workbook_add_worksheet(wb, "验证名册");
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);  // A4
    worksheet_fit_to_pages(ws, 1, 0);

    const lxw_col_t computed_col = kColumnCount;        // 按规则
    const lxw_col_t source_row_col = kColumnCount + 1;  // 原表行号
    std::string title = report.meta.title.empty() ? layout.name : report.meta.title;
    worksheet_merge_range(ws, 0, 0, 0, source_row_col, title.c_str(), f.title);
    std::string unit = "单位：" + report.meta.unit + "    学年：" + std::to_string(report.policy_year) + "    " +
                       summary_line(res.summary);
    worksheet_merge_range(ws, 1, 0, 1, source_row_col, unit.c_str(), f.line);

    // The two-level header of the template, then the two added columns.
    write_header(ws, layout, f, 2);
    worksheet_merge_range(ws, 2, computed_col, 3, computed_col, "按规则应为", f.header);
    worksheet_merge_range(ws, 2, source_row_col, 3, source_row_col, "原表行号", f.header);
    worksheet_set_column(ws, computed_col, computed_col, 12, nullptr);
    worksheet_set_column(ws, source_row_col, source_row_col, 9, nullptr);
    worksheet_freeze_panes(ws, 4, 2);

    // Findings by (sheet row, column): worst severity and all messages.
    struct Mark {
        int level = 0;  // 1 warning, 2 error
        std::string note;
    };
    std::map<std::pair<int, int>, Mark> marks;
    for (const auto& d : res.diagnostics) {
        Mark& m = marks[{d.row, static_cast<int>(d.column)}];
        m.level = std::max(m.level, d.severity == Severity::Error ? 2 : 1);
        if (!m.note.empty()) m.note += "\n";
        m.note += d.message;
    }

    for (std::size_t k = 0; k < res.rows.size(); ++k) {
        const RawRow& raw = report.raw_rows[k];
        const CheckedRow& row = res.rows[k];
        auto r = static_cast<lxw_row_t>(4 + k);
        for (std::size_t i = 0; i < kColumnCount; ++i) {
            auto it = marks.find({raw.sheet_row, static_cast<int>(i)});
            int level = it == marks.end() ? 0 : it->second.level;
            bool as_text = static_cast<Column>(i) == Column::Id;
            lxw_format* fmt = as_text ? f.text[level] : f.cell[level];
            // A restored ID is written as the 9 digits it stands for.
            if (as_text && row.id_valid)
                put_text(ws, r, static_cast<lxw_col_t>(i), row.id, fmt);
            else
                put_cell(ws, r, static_cast<lxw_col_t>(i), raw.cells[i], fmt);
            if (level) worksheet_write_comment(ws, r, static_cast<lxw_col_t>(i), it->second.note.c_str());
        }
        bool differs = row.computed && row.declared && *row.computed != *row.declared;
        put_text(ws, r, computed_col, verdict_or(row.computed, "无法判断"), f.cell[differs || !row.computed ? 2 : 0]);
        worksheet_write_number(ws, r, source_row_col, raw.sheet_row, f.cell[0]);
    }

    // 汇总: counts, then every finding.
    lxw_worksheet* sum = workbook_add_worksheet(wb, "汇总");
    const Summary& s = res.summary;
    const std::pair<const char*, long> counts[] = {{"数据行数", s.rows},
                                                   {"错误", s.errors},
                                                   {"警告", s.warnings},
                                                   {"按规则合格", s.qualified},
                                                   {"按规则不合格", s.unqualified},
                                                   {"无法判断", s.rows - s.qualified - s.unqualified}};
    put_text(sum, 0, 0, title, f.bold);
    put_text(sum, 1, 0, "单位", f.bold);
    put_text(sum, 1, 1, report.meta.unit, nullptr);
    put_text(sum, 2, 0, "学年", f.bold);
    worksheet_write_number(sum, 2, 1, report.policy_year, nullptr);
    lxw_row_t r = 3;
    for (const auto& [label, n] : counts) {
        put_text(sum, r, 0, label, f.bold);
        worksheet_write_number(sum, r++, 1, static_cast<double>(n), nullptr);
    }
    ++r;
    const char* heads[] = {"原表行号", "列", "代码", "级别", "说明"};
    for (lxw_col_t c = 0; c < 5; ++c) put_text(sum, r, c, heads[c], f.header);
    worksheet_set_column(sum, 0, 0, 10, nullptr);
    worksheet_set_column(sum, 1, 1, 22, nullptr);
    worksheet_set_column(sum, 2, 2, 20, nullptr);
    worksheet_set_column(sum, 4, 4, 100, nullptr);
    for (const auto& d : res.diagnostics) {
        ++r;
        worksheet_write_number(sum, r, 0, d.row, nullptr);
        put_text(sum, r, 1, layout.column(d.column).display_name(), nullptr);
        put_text(sum, r, 2, std::string(code_name(d.code)), nullptr);
        put_text(sum, r, 3, d.severity == Severity::Error ? "错误" : "警告", nullptr);
        put_text(sum, r, 4, d.message, nullptr);
    }

    lxw_error rc = workbook_close(wb);
    if (rc != LXW_NO_ERROR) return make_error("WRITE_FAILED", "无法写入 " + out_path + "：" + lxw_strerror(rc));
    return true;
}

Result<bool> write_county_roster_xlsx(std::vector<CountyRow> rows, const Schemas& schemas, const Policy& policy,
                                      const std::string& out_path) {
    const Layout& layout = schemas.layout;
    std::stable_sort(rows.begin(), rows.end(), [](const CountyRow& a, const CountyRow& b) { return a.id < b.id; });
    lxw_workbook* wb = workbook_new(out_path.c_str());
    if (!wb) return make_error("WRITE_FAILED", "无法创建文件 " + out_path + "。");
    Formats f = make_formats(wb);
    lxw_worksheet* ws = workbook_add_worksheet(wb, "验证名册");
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    const lxw_col_t unit_col = kColumnCount;
    std::string title =
        render_message(layout.title_pattern, {{"county", policy.county}, {"year", std::to_string(policy.year)}});
    worksheet_merge_range(ws, 0, 0, 0, unit_col, title.c_str(), f.title);
    write_header(ws, layout, f, 1);
    worksheet_merge_range(ws, 1, unit_col, 2, unit_col, "单位", f.header);
    worksheet_set_column(ws, unit_col, unit_col, 24, nullptr);
    worksheet_freeze_panes(ws, 3, 2);
    lxw_row_t r = 3;
    long seq = 0;
    for (const auto& cr : rows) {
        for (std::size_t i = 0; i < kColumnCount; ++i) {
            auto col = static_cast<lxw_col_t>(i);
            Column c = static_cast<Column>(i);
            if (c == Column::Seq)
                worksheet_write_number(ws, r, col, static_cast<double>(++seq), f.cell[0]);
            else if (c == Column::Id)
                put_text(ws, r, col, cr.id, f.text[0]);
            else if (c == Column::Verdict)
                put_text(ws, r, col, verdict_or(cr.verdict, "待核实"), f.cell[cr.verdict ? 0 : 1]);
            else
                put_cell(ws, r, col, cr.row.cells[i], f.cell[0]);
        }
        put_text(ws, r, unit_col, cr.unit_name, f.cell[0]);
        ++r;
    }
    lxw_error rc = workbook_close(wb);
    if (rc != LXW_NO_ERROR) return make_error("WRITE_FAILED", "无法写入 " + out_path + "：" + lxw_strerror(rc));
    return true;
}

}  // namespace jxjy
