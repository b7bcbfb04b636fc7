#pragma once
// The roster as an editor sees it: a sheet whose cells change one at a time.
// The Calc add-in feeds it the rows an edit touched and gets back which cells
// must be highlighted or cleared; sorting, filling totals and the submission
// payload are computed here too, so the add-in only moves cells in and out.
//
// Positions are the sheet's: rows 1-based as the user sees them, columns
// 0-based (A = 0).

#include <array>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "jxjy/payload.h"
#include "jxjy/result.h"
#include "jxjy/schema.h"
#include "jxjy/table.h"
#include "jxjy/validate.h"

namespace jxjy {

using CellPos = std::pair<int, int>;  // (row, column)

// What one cell shows: the worst severity of its findings and their messages,
// one per line.
struct CellMark {
    Severity severity = Severity::Error;
    std::string note;
    bool operator==(const CellMark& o) const { return severity == o.severity && note == o.note; }
};

// The changes to bring the sheet's highlights up to date.
struct MarkDelta {
    std::vector<std::pair<CellPos, CellMark>> set;  // new or changed
    std::vector<CellPos> cleared;                   // no finding any more
    bool empty() const { return set.empty() && cleared.empty(); }
};

// A value the roster wants written into a cell (计算合计与验审意见).
struct CellWrite {
    CellPos at;
    Column column{};
    std::string before;  // as the cell showed it
    std::variant<double, std::string> value;
};

class LiveRoster {
public:
    explicit LiveRoster(const Schemas& schemas);

    // Reads a whole sheet, top to bottom: finds the title, the header and the
    // data rows. Fails when the sheet holds no roster header.
    Result<MarkDelta> load(const std::vector<TableRow>& sheet);

    // Rows re-read after an edit; each carries every cell of its sheet row.
    // Rows outside the data range are ignored. Returns what to repaint.
    MarkDelta update(const std::vector<TableRow>& rows);

    // Findings from the county (OFFICIAL_MISMATCH, ID_OTHER_UNIT, …) shown like
    // the local ones until their row is edited. Replaces earlier ones.
    MarkDelta set_central(const std::vector<Diagnostic>& findings);

    // Forgets every mark (before the sheet's rows move): what to clear.
    MarkDelta clear_marks();

    // Where things are.
    int header_row() const { return meta_.header_row; }
    int first_data_row() const { return first_row_; }
    int last_data_row() const { return last_row_; }  // 0 when there is no data row
    int column_at(Column c) const { return positions_[static_cast<std::size_t>(c)]; }
    int width() const { return width_; }  // cells per row the roster spans
    const RosterMeta& meta() const { return meta_; }
    bool contains_row(int row) const { return row >= first_row_ && row <= last_row_; }

    // Counts over the current state (local and central findings).
    long errors() const { return errors_; }
    long warnings() const { return warnings_; }
    const std::map<CellPos, CellMark>& marks() const { return marks_; }
    // Every finding in sheet order (for the 校验名册 list).
    std::vector<Diagnostic> findings() const;
    // "3 个错误，1 个警告" or "未发现问题".
    std::string status_text() const;

    // The order rows must take for 按编号排序: for each position 0…n-1 of the
    // data block, the index (into the block, 0 = first data row) of the row that
    // goes there. Rows with an ID ascend; rows without a usable one keep their
    // order after them; blank rows go last.
    std::vector<int> sort_permutation() const;

    // 总学时, 总学分 and 验审意见 computed by the rule for every row whose
    // figures are usable, where the cell differs.
    std::vector<CellWrite> fill_totals() const;

    // The payload submitted to the county (non-blank rows only).
    RosterPayload payload() const;

private:
    struct RowState {
        RawRow raw;
        bool blank = true;
        CheckedRow checked;
        std::vector<Diagnostic> own;  // the row's own findings
    };
    RawRow to_raw(const TableRow& row) const;
    void check_row(RowState& s) const;
    MarkDelta recompute();

    const Schemas& schemas_;
    const Policy* policy_ = nullptr;
    std::optional<RowChecker> rules_;
    RosterMeta meta_;
    std::array<int, kColumnCount> positions_{};
    int width_ = 0;
    int first_row_ = 0, last_row_ = 0;
    std::vector<RowState> rows_;         // first_row_ … last_row_
    std::vector<Diagnostic> central_;    // by the county
    std::map<CellPos, CellMark> marks_;  // what the sheet shows now
    std::vector<Diagnostic> cross_;      // duplicates and order
    long errors_ = 0, warnings_ = 0;
};

}  // namespace jxjy
