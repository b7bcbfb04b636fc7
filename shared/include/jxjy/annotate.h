#pragma once
// The annotated verdict workbook (.xlsx) sent back to a unit: the roster in
// the official layout with every cell that has a finding filled by severity
// and carrying a comment, the computed verdict beside the declared one, and a
// summary sheet. Built with libxlsxwriter; text is always written as text, so
// a cell starting with = + - @ can never become a formula.
//
// A separate library (jxjy::annotate) so the Calc add-in does not link it.

#include <optional>
#include <string>
#include <vector>

#include "jxjy/roster_file.h"
#include "jxjy/schema.h"

namespace jxjy {

// `report` must have been read with keep_rows. Writes `out_path`.
Result<bool> write_annotated_xlsx(const FileReport& report, const Schemas& schemas, const std::string& out_path);

// One teacher in the county roster: the cells as the unit submitted them and
// the county's verdict (the rule on the official figures), or none.
struct CountyRow {
    std::string unit_name;
    RawRow row;
    std::string id;  // normalised
    std::optional<Verdict> verdict;
};

// The county's 验证名册: every unit's latest rows in the official layout,
// sorted by 继续教育编号 and renumbered, 验审意见 filled from the county's
// verdicts, with a 单位 column at the end.
Result<bool> write_county_roster_xlsx(std::vector<CountyRow> rows, const Schemas& schemas, const Policy& policy,
                                      const std::string& out_path);

}  // namespace jxjy
