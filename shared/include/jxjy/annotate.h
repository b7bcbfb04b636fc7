#pragma once
// The annotated verdict workbook (.xlsx) sent back to a unit: the roster in
// the official layout with every cell that has a finding filled by severity
// and carrying a comment, the computed verdict beside the declared one, and a
// summary sheet. Built with libxlsxwriter; text is always written as text, so
// a cell starting with = + - @ can never become a formula.
//
// A separate library (jxjy::annotate) so the Calc add-in does not link it.

#include <string>

#include "jxjy/roster_file.h"
#include "jxjy/schema.h"

namespace jxjy {

// `report` must have been read with keep_rows. Writes `out_path`.
Result<bool> write_annotated_xlsx(const FileReport& report, const Schemas& schemas, const std::string& out_path);

}  // namespace jxjy
