#include "jxjy/live.h"

#include <algorithm>
#include <cmath>

#include "jxjy/text.h"

namespace jxjy {
namespace {

// A sheet already in memory, as a TableSource.
class GridSource : public TableSource {
public:
    explicit GridSource(const std::vector<TableRow>& rows) : rows_(rows) {}
    Result<bool> next(TableRow& row) override {
        if (at_ >= rows_.size()) return false;
        row = rows_[at_++];
        return true;
    }

private:
    const std::vector<TableRow>& rows_;
    std::size_t at_ = 0;
};

std::string shown(const Cell& c) {
    if (c.kind == Cell::Kind::Empty) return {};
    if (c.kind == Cell::Kind::Text) return c.text;
    return c.text.empty() ? text::format_number(c.number) : c.text;
}

std::optional<double> number_in(const Cell& c) {
    if (c.kind == Cell::Kind::Number) return c.number;
    if (c.kind == Cell::Kind::Text) return text::parse_number(text::fold(c.text, true));
    return std::nullopt;
}

bool by_position(const Diagnostic& a, const Diagnostic& b) {
    return a.row != b.row ? a.row < b.row : a.column < b.column;
}

}  // namespace

LiveRoster::LiveRoster(const Schemas& schemas) : schemas_(schemas) {
    positions_.fill(-1);
}

RawRow LiveRoster::to_raw(const TableRow& row) const {
    RawRow raw;
    raw.sheet_row = row.row;
    for (std::size_t c = 0; c < kColumnCount; ++c) {
        int at = positions_[c];
        if (at >= 0 && static_cast<std::size_t>(at) < row.cells.size())
            raw.cells[c] = row.cells[static_cast<std::size_t>(at)];
    }
    return raw;
}

void LiveRoster::check_row(RowState& s) const {
    s.own.clear();
    s.blank = is_blank(s.raw);
    s.checked = CheckedRow{};
    if (!s.blank) s.checked = rules_->check(s.raw, s.own);
}

Result<MarkDelta> LiveRoster::load(const std::vector<TableRow>& sheet) {
    GridSource source(sheet);
    RosterReader reader(source, schemas_.layout);
    auto meta = reader.open();
    if (!meta) return meta.error();
    meta_ = *meta;
    policy_ = schemas_.policy(meta_.year);
    if (!policy_) policy_ = schemas_.policy(0);
    if (!policy_) return make_error("POLICY_MISSING", "找不到验审规则文件，请重新安装继续教育扩展。");
    rules_.emplace(schemas_.layout, *policy_, schemas_.catalog);
    positions_ = reader.column_positions();
    width_ = *std::max_element(positions_.begin(), positions_.end()) + 1;
    first_row_ = meta_.header_row + meta_.header_rows;
    last_row_ = 0;
    rows_.clear();
    central_.clear();
    RawRow raw;
    for (;;) {
        auto more = reader.next(raw);
        if (!more) return more.error();
        if (!*more) break;
        RowState s;
        s.raw = raw;
        check_row(s);
        rows_.push_back(std::move(s));
    }
    if (!rows_.empty()) {
        first_row_ = rows_.front().raw.sheet_row;
        last_row_ = rows_.back().raw.sheet_row;
    }
    // A sheet read whole is painted from scratch: every old mark goes.
    MarkDelta fresh = recompute();
    return fresh;
}

MarkDelta LiveRoster::update(const std::vector<TableRow>& rows) {
    bool any = false;
    for (const auto& row : rows) {
        if (!contains_row(row.row)) continue;
        RowState& s = rows_[static_cast<std::size_t>(row.row - first_row_)];
        RawRow raw = to_raw(row);
        bool same = true;
        for (std::size_t c = 0; c < kColumnCount && same; ++c)
            same = raw.cells[c].kind == s.raw.cells[c].kind && raw.cells[c].text == s.raw.cells[c].text &&
                   raw.cells[c].number == s.raw.cells[c].number;
        if (same) continue;
        s.raw = std::move(raw);
        check_row(s);
        // The county's findings were about what the row said before.
        central_.erase(
            std::remove_if(central_.begin(), central_.end(), [&](const Diagnostic& d) { return d.row == row.row; }),
            central_.end());
        any = true;
    }
    return any ? recompute() : MarkDelta{};
}

MarkDelta LiveRoster::set_central(const std::vector<Diagnostic>& findings) {
    central_.clear();
    for (const auto& d : findings)
        if (contains_row(d.row)) central_.push_back(d);
    return recompute();
}

MarkDelta LiveRoster::clear_marks() {
    MarkDelta delta;
    for (const auto& entry : marks_) delta.cleared.push_back(entry.first);
    marks_.clear();
    return delta;
}

MarkDelta LiveRoster::recompute() {
    cross_.clear();
    if (rules_) {
        OrderChecker order(*rules_);
        for (const auto& s : rows_)
            if (!s.blank) order.add(s.checked, cross_);
    }
    std::map<CellPos, CellMark> next;
    errors_ = warnings_ = 0;
    auto mark = [&](const Diagnostic& d) {
        (d.severity == Severity::Error ? errors_ : warnings_)++;
        int col = column_at(d.column);
        if (col < 0) col = column_at(Column::Id);
        CellPos at{d.row, col};
        auto [it, inserted] = next.try_emplace(at, CellMark{d.severity, d.message});
        if (!inserted) {
            it->second.note += "\n" + d.message;
            if (d.severity == Severity::Error) it->second.severity = Severity::Error;
        }
    };
    for (const auto& s : rows_)
        for (const auto& d : s.own) mark(d);
    for (const auto& d : cross_) mark(d);
    for (const auto& d : central_) mark(d);

    MarkDelta delta;
    for (const auto& [at, m] : next) {
        auto old = marks_.find(at);
        if (old == marks_.end() || !(old->second == m)) delta.set.emplace_back(at, m);
    }
    for (const auto& [at, m] : marks_)
        if (!next.count(at)) delta.cleared.push_back(at);
    marks_ = std::move(next);
    return delta;
}

std::vector<Diagnostic> LiveRoster::findings() const {
    std::vector<Diagnostic> all;
    for (const auto& s : rows_) all.insert(all.end(), s.own.begin(), s.own.end());
    all.insert(all.end(), cross_.begin(), cross_.end());
    all.insert(all.end(), central_.begin(), central_.end());
    std::stable_sort(all.begin(), all.end(), by_position);
    return all;
}

std::string LiveRoster::status_text() const {
    if (errors_ == 0 && warnings_ == 0) return "继续教育名册：未发现问题";
    return "继续教育名册：" + std::to_string(errors_) + " 个错误，" + std::to_string(warnings_) + " 个警告";
}

std::vector<int> LiveRoster::sort_permutation() const {
    std::vector<CheckedRow> filled;
    std::vector<int> index_of;
    std::vector<int> blanks;
    for (std::size_t i = 0; i < rows_.size(); ++i) {
        if (rows_[i].blank) {
            blanks.push_back(static_cast<int>(i));
        } else {
            filled.push_back(rows_[i].checked);
            index_of.push_back(static_cast<int>(i));
        }
    }
    std::vector<int> order;
    order.reserve(rows_.size());
    for (std::size_t k : sort_order(filled)) order.push_back(index_of[k]);
    order.insert(order.end(), blanks.begin(), blanks.end());
    return order;
}

std::vector<CellWrite> LiveRoster::fill_totals() const {
    std::vector<CellWrite> out;
    if (!policy_) return out;
    const double tolerance = policy_->total_tolerance;
    for (const auto& s : rows_) {
        if (s.blank || !s.checked.figures) continue;
        const Figures& f = *s.checked.figures;
        auto number = [&](Column c, double want) {
            int col = column_at(c);
            if (col < 0) return;
            const Cell& cell = s.raw[c];
            auto have = number_in(cell);
            if (have && std::fabs(*have - want) <= tolerance) return;
            out.push_back({{s.raw.sheet_row, col}, c, shown(cell), want});
        };
        number(Column::TotalHours, f.school_hours + f.external_hours);
        number(Column::TotalCredits, f.school_credits + f.external_credits);
        int col = column_at(Column::Verdict);
        if (col >= 0 && s.checked.computed) {
            std::string want(verdict_text(*s.checked.computed));
            const Cell& cell = s.raw[Column::Verdict];
            if (text::fold(shown(cell), true) != want)
                out.push_back({{s.raw.sheet_row, col}, Column::Verdict, shown(cell), want});
        }
    }
    return out;
}

RosterPayload LiveRoster::payload() const {
    RosterPayload p;
    p.year = meta_.year;
    p.title = meta_.title;
    p.unit_name = meta_.unit;
    for (const auto& s : rows_)
        if (!s.blank) p.rows.push_back(s.raw);
    return p;
}

}  // namespace jxjy
