#pragma once
// A roster file on disk, end to end: pick the reader by content and name,
// find the header, choose the year's policy, validate while streaming.

#include <memory>
#include <string>

#include "jxjy/schema.h"
#include "jxjy/table.h"
#include "jxjy/validate.h"

namespace jxjy {

enum class FileFormat { Csv, Xlsx, Ods };

// Opens `path` as a table. The format follows the bytes, not the name alone:
// a .csv that is really a workbook is refused with a message that says so.
Result<std::unique_ptr<TableSource>> open_table(const std::string& path);

struct FileReport {
    RosterMeta meta;
    int policy_year = 0;
    ValidationResult result;
};

// Reads and validates the roster in `path`. `year` 0 takes the year from the
// title (泸县 2023 年…), else the latest policy.
Result<FileReport> validate_file(const std::string& path, const Schemas& schemas, int year = 0);

// Same, from any table source.
Result<FileReport> validate_table(TableSource& source, const Schemas& schemas, int year = 0);

}  // namespace jxjy
