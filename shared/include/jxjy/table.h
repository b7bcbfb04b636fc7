#pragma once
// Reading a roster out of any grid of cells (CSV today; xlsx and ods share it):
// a TableSource yields rows of cells, the RosterReader finds the title, the
// header (flat or two-level) and the data rows up to the 备注 lines.

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "jxjy/cell.h"
#include "jxjy/result.h"
#include "jxjy/schema.h"
#include "jxjy/validate.h"

namespace jxjy {

struct TableRow {
    int row = 0;  // 1-based sheet row
    std::vector<Cell> cells;
};

// A stream of rows, top to bottom. Implementations keep memory bounded.
class TableSource {
public:
    virtual ~TableSource() = default;
    // Fills `row` and returns true, false at the end, or an error.
    virtual Result<bool> next(TableRow& row) = 0;
};

// What the lines above the header say.
struct RosterMeta {
    std::string title;  // "泸县 2023 年专业技术人员继续教育证书验证名册"
    int year = 0;       // from the title, 0 when it names none
    std::string unit;   // after 单位（盖章）：
    int header_row = 0;
    int header_rows = 0;  // 1 (flat) or 2 (two-level)
};

struct ReaderLimits {
    int max_rows_before_header = 50;
    long max_data_rows = 1'000'000;
};

class RosterReader {
public:
    RosterReader(TableSource& source, const Layout& layout, ReaderLimits limits = {});
    // A reader for tables with only some of the roster's columns (the county's
    // official 学时统计表): `required` lists the columns the header must have.
    RosterReader(TableSource& source, const Layout& layout, std::vector<Column> required, ReaderLimits limits = {});

    // Reads up to and including the header. Fails with HEADER_NOT_FOUND or
    // HEADER_INCOMPLETE (naming the missing columns).
    Result<RosterMeta> open();

    // The next row below the header (blank ones included); false at the end of
    // the data, which is the end of the sheet or the 备注 lines.
    Result<bool> next(RawRow& row);

    // Where each column is in the sheet (0-based cell index), -1 when absent.
    // Valid after open().
    std::array<int, kColumnCount> column_positions() const;
    // The sheet row of the 备注 lines that ended the data, or 0 (end of sheet).
    int notes_row() const { return notes_row_; }

private:
    int match_column(const std::string& normalized) const;
    int match_group(const std::string& normalized) const;
    bool looks_like_header(const TableRow& row) const;
    Result<bool> map_header(const TableRow& first);
    bool is_notes_row(const TableRow& row);

    TableSource& source_;
    const Layout& layout_;
    ReaderLimits limits_;
    std::vector<Column> required_;
    std::vector<std::string> notes_markers_;  // folded once
    std::string fold_scratch_;
    std::vector<int> column_of_;  // cell index -> Column, or -1
    TableRow pending_;
    TableRow scratch_;  // reused between rows
    bool has_pending_ = false;
    bool two_level_ = false;
    bool done_ = false;
    long data_rows_ = 0;
    int notes_row_ = 0;
};

// Header text as compared: full-width folded, no spaces or line breaks, no
// parenthesised remarks ("公需科目 (合格)" -> "公需科目").
std::string normalize_header(std::string_view text);

}  // namespace jxjy
