#pragma once
// A roster file on disk, end to end: pick the reader by content and name,
// find the header, choose the year's policy, validate while streaming.

#include <memory>
#include <string>

#include "jxjy/limits.h"
#include "jxjy/schema.h"
#include "jxjy/table.h"
#include "jxjy/validate.h"
#include "jxjy/workbook.h"

namespace jxjy {

// Opens `path` as a workbook: .xlsx, .ods, or a CSV/text file as a workbook of
// one sheet. The bytes must be what the name says; a mismatch (a workbook
// named .csv, a CSV named .xlsx, a legacy or encrypted .xls) is refused with
// a message that tells the user what to do.
Result<std::unique_ptr<Workbook>> open_workbook(const std::string& path, const FileLimits& limits = {});

// The same for bytes received (an upload, an e-mail attachment). `name` is the
// file name it came with, or empty: then the bytes alone decide.
Result<std::unique_ptr<Workbook>> open_workbook_bytes(std::string bytes, const std::string& name,
                                                      const FileLimits& limits = {});

// The first sheet of `path`, for callers that want plain rows.
Result<std::unique_ptr<TableSource>> open_table(const std::string& path);

struct FileReport {
    RosterMeta meta;
    int policy_year = 0;
    ValidationResult result;
    std::vector<RawRow> raw_rows;  // the non-blank rows as read, when asked for (keep_rows)
};

// Reads and validates the roster in `path`: the first sheet that carries the
// roster header. `year` 0 takes the year from the title (泸县 2023 年…), else
// the latest policy.
Result<FileReport> validate_file(const std::string& path, const Schemas& schemas, int year = 0, bool keep_rows = false);

// Same, for bytes received under `name` (see open_workbook_bytes).
Result<FileReport> validate_bytes(std::string bytes, const std::string& name, const Schemas& schemas, int year = 0,
                                  bool keep_rows = false, const FileLimits& limits = {});

// Same, from any table source.
Result<FileReport> validate_table(TableSource& source, const Schemas& schemas, int year = 0, bool keep_rows = false);

}  // namespace jxjy
