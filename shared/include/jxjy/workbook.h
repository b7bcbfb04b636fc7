#pragma once
// Spreadsheet workbooks (.xlsx from Excel and WPS, .ods from LibreOffice) read
// as streams of rows, sheet by sheet, under the limits of limits.h. Cells come
// out as the user sees them: text, numbers (an ID that lost its zeros), date
// serials (a 出生年月 typed as a date), cached values of formulas.

#include <memory>
#include <string>
#include <vector>

#include "jxjy/limits.h"
#include "jxjy/table.h"

namespace jxjy {

class Workbook {
public:
    virtual ~Workbook() = default;
    virtual std::vector<std::string> sheet_names() const = 0;
    // A fresh stream over sheet `index` (0-based), top row first.
    virtual Result<std::unique_ptr<TableSource>> open_sheet(std::size_t index) = 0;
};

// `bytes` is the whole file.
Result<std::unique_ptr<Workbook>> open_xlsx(std::string bytes, const FileLimits& limits = {});
Result<std::unique_ptr<Workbook>> open_ods(std::string bytes, const FileLimits& limits = {});

// Days since 1899-12-30 (the 1900 date system's serial) of a civil date.
double date_serial(int year, int month, int day);

}  // namespace jxjy
