#include "jxjy/table.h"

#include <algorithm>
#include <set>

#include "jxjy/text.h"

namespace jxjy {
namespace {

std::string cell_text(const Cell& c) {
    if (c.kind == Cell::Kind::Number || c.kind == Cell::Kind::Date)
        return c.text.empty() ? text::format_number(c.number) : c.text;
    return c.text;
}

// "泸县 2023 年…名册" -> 2023
int year_in_title(std::string_view title) {
    std::string s = text::fold(title, true);
    for (std::size_t i = 0; i + 4 <= s.size(); ++i) {
        bool digits = true;
        for (std::size_t k = 0; k < 4; ++k) digits = digits && s[i + k] >= '0' && s[i + k] <= '9';
        if (!digits) continue;
        if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') continue;
        if (text::starts_with(std::string_view(s).substr(i + 4), "年")) {
            int y = std::stoi(s.substr(i, 4));
            if (y >= 2000 && y <= 2100) return y;
        }
    }
    return 0;
}

std::string after_colon(std::string_view s) {
    for (std::string_view colon : {"：", ":"}) {
        auto p = s.find(colon);
        if (p != std::string_view::npos) return std::string(text::trim(s.substr(p + colon.size())));
    }
    return {};
}

}  // namespace

std::string normalize_header(std::string_view raw) {
    std::string s = text::fold(raw, /*drop_spaces=*/true);
    std::string out;
    out.reserve(s.size());
    int depth = 0;
    for (char c : s) {
        if (c == '(') {
            ++depth;
        } else if (c == ')') {
            depth = std::max(0, depth - 1);
        } else if (depth == 0 && c != '*') {
            out.push_back(c);
        }
    }
    return out;
}

RosterReader::RosterReader(TableSource& source, const Layout& layout, ReaderLimits limits)
    : RosterReader(source, layout, {}, limits) {
    for (const auto& col : layout_.columns)
        if (col.column != Column::Seq) required_.push_back(col.column);
}

RosterReader::RosterReader(TableSource& source, const Layout& layout, std::vector<Column> required, ReaderLimits limits)
    : source_(source), layout_(layout), limits_(limits), required_(std::move(required)) {
    for (const auto& m : layout_.notes_markers) notes_markers_.push_back(text::fold(m, true));
}

int RosterReader::match_column(const std::string& h) const {
    if (h.empty()) return -1;
    for (const auto& col : layout_.columns) {
        if (col.group.empty() && normalize_header(col.header) == h) return static_cast<int>(col.column);
        for (const auto& a : col.aliases)
            if (normalize_header(a) == h) return static_cast<int>(col.column);
    }
    return -1;
}

int RosterReader::match_group(const std::string& h) const {
    if (h.empty()) return -1;
    for (std::size_t g = 0; g < layout_.groups.size(); ++g) {
        if (normalize_header(layout_.groups[g].header) == h) return static_cast<int>(g);
        for (const auto& a : layout_.groups[g].aliases)
            if (normalize_header(a) == h) return static_cast<int>(g);
    }
    return -1;
}

bool RosterReader::looks_like_header(const TableRow& row) const {
    std::set<int> found;
    for (const auto& c : row.cells) {
        int col = match_column(normalize_header(cell_text(c)));
        if (col >= 0) found.insert(col);
    }
    return found.count(static_cast<int>(Column::Id)) && found.size() >= 4;
}

bool RosterReader::is_notes_row(const TableRow& row) {
    for (const auto& c : row.cells) {
        if (c.empty()) continue;
        // A number (序号 in a data row) is never a 备注 line; this runs for every row.
        if (c.kind == Cell::Kind::Number || c.kind == Cell::Kind::Date) return false;
        std::string_view s = text::fold_view(c.text, true, fold_scratch_);
        for (const auto& m : notes_markers_)
            if (text::starts_with(s, m)) return true;
        return false;  // only the first non-empty cell counts
    }
    return false;
}

Result<bool> RosterReader::map_header(const TableRow& first) {
    column_of_.assign(first.cells.size(), -1);
    std::vector<int> group_of(first.cells.size(), -1);
    int current_group = -1;
    bool any_group = false;
    for (std::size_t j = 0; j < first.cells.size(); ++j) {
        std::string h = normalize_header(cell_text(first.cells[j]));
        if (h.empty()) {
            group_of[j] = current_group;  // a merged group header spans the cells after it
            continue;
        }
        current_group = -1;
        if (int col = match_column(h); col >= 0) {
            column_of_[j] = col;
        } else if (int g = match_group(h); g >= 0) {
            group_of[j] = current_group = g;
            any_group = true;
        }
    }
    if (any_group) {
        TableRow second;
        auto r = source_.next(second);
        if (!r) return r.error();
        if (*r) {
            bool used = false;
            for (std::size_t j = 0; j < second.cells.size(); ++j) {
                std::string h = normalize_header(cell_text(second.cells[j]));
                if (h.empty()) continue;
                if (j >= column_of_.size()) {
                    column_of_.resize(j + 1, -1);
                    group_of.resize(j + 1, -1);
                }
                int g = group_of[j];
                if (g >= 0) {
                    const std::string& gkey = layout_.groups[static_cast<std::size_t>(g)].key;
                    for (const auto& col : layout_.columns) {
                        if (col.group != gkey) continue;
                        std::string sub = normalize_header(col.header);
                        // "学时" under 合计 means 总学时, and the reverse.
                        if (sub == h || (text::starts_with(sub, "总") && sub.substr(3) == h) ||
                            normalize_header(col.group_header + col.header) == h) {
                            column_of_[j] = static_cast<int>(col.column);
                            used = true;
                        }
                    }
                } else if (column_of_[j] < 0) {
                    if (int col = match_column(h); col >= 0) {
                        column_of_[j] = col;
                        used = true;
                    }
                }
            }
            two_level_ = used;
            if (!used) {  // not a sub-header after all: it is the first data row
                pending_ = std::move(second);
                has_pending_ = true;
            }
        }
    }
    std::vector<std::string> missing;
    for (Column c : required_) {
        if (std::find(column_of_.begin(), column_of_.end(), static_cast<int>(c)) == column_of_.end())
            missing.push_back(layout_.column(c).display_name());
    }
    if (!missing.empty()) {
        std::string list;
        for (const auto& m : missing) list += (list.empty() ? "" : "、") + m;
        return make_error("HEADER_INCOMPLETE", "第 " + std::to_string(first.row) + " 行的表头缺少以下列：" + list +
                                                   "。请使用官方模板“" + layout_.name + "”的表头。");
    }
    return true;
}

Result<RosterMeta> RosterReader::open() {
    RosterMeta meta;
    TableRow row;
    for (int seen = 0; seen < limits_.max_rows_before_header; ++seen) {
        auto r = source_.next(row);
        if (!r) return r.error();
        if (!*r) break;
        if (looks_like_header(row)) {
            meta.header_row = row.row;
            auto mapped = map_header(row);
            if (!mapped) return mapped.error();
            meta.header_rows = two_level_ ? 2 : 1;
            return meta;
        }
        for (std::size_t j = 0; j < row.cells.size(); ++j) {
            std::string t = cell_text(row.cells[j]);
            if (t.empty()) continue;
            std::string folded = text::fold(t, true);
            if (meta.title.empty() && folded.find("名册") != std::string::npos) {
                meta.title = std::string(text::trim(t));
                meta.year = year_in_title(t);
            }
            if (text::starts_with(folded, "单位") && meta.unit.empty()) {
                meta.unit = after_colon(t);
                for (std::size_t k = j + 1; meta.unit.empty() && k < row.cells.size(); ++k)
                    meta.unit = std::string(text::trim(cell_text(row.cells[k])));
            }
        }
    }
    return make_error("HEADER_NOT_FOUND", "在文件的前 " + std::to_string(limits_.max_rows_before_header) +
                                              " 行中找不到名册表头（应有“继续教育编号”“姓名”“性别”等列）。"
                                              "请确认这是“" +
                                              layout_.name + "”，或使用官方模板。");
}

Result<bool> RosterReader::next(RawRow& out) {
    if (done_) return false;
    TableRow& row = scratch_;
    if (has_pending_) {
        row = std::move(pending_);
        has_pending_ = false;
    } else {
        auto r = source_.next(row);
        if (!r) return r.error();
        if (!*r) {
            done_ = true;
            return false;
        }
    }
    if (is_notes_row(row)) {
        notes_row_ = row.row;
        done_ = true;
        return false;
    }
    if (++data_rows_ > limits_.max_data_rows)
        return make_error("TOO_MANY_ROWS", "名册超过 " + std::to_string(limits_.max_data_rows) + " 行，文件可能有误。");
    out.sheet_row = row.row;
    for (auto& c : out.cells) {
        c.kind = Cell::Kind::Empty;
        c.text.clear();
    }
    // Swap rather than copy: both rows keep their string buffers for the next call.
    for (std::size_t j = 0; j < row.cells.size() && j < column_of_.size(); ++j)
        if (column_of_[j] >= 0) std::swap(out.cells[static_cast<std::size_t>(column_of_[j])], row.cells[j]);
    return true;
}

std::array<int, kColumnCount> RosterReader::column_positions() const {
    std::array<int, kColumnCount> at;
    at.fill(-1);
    for (std::size_t j = 0; j < column_of_.size(); ++j)
        if (column_of_[j] >= 0 && at[static_cast<std::size_t>(column_of_[j])] < 0)
            at[static_cast<std::size_t>(column_of_[j])] = static_cast<int>(j);
    return at;
}

}  // namespace jxjy
