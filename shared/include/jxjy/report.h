#pragma once
// The forms a validation result takes at the edges: the JSON of the CLI
// contract (DESIGN.md) and a readable Chinese listing.

#include <string>
#include <vector>

#include "jxjy/central.h"
#include "jxjy/json_writer.h"
#include "jxjy/schema.h"
#include "jxjy/validate.h"

namespace jxjy {

// {"rows": [...], "diagnostics": [...], "summary": {...}} — one line, UTF-8.
std::string to_json(const ValidationResult& result);

// The members "rows", "diagnostics" and "summary" into an open object. With
// `county` (one per row) each row also carries "county_verdict" and the
// summary the county's counts: the daemon's result.
void write_result_members(JsonWriter& w, const ValidationResult& result,
                          const std::vector<CentralVerdict>* county = nullptr);

// "第 5 行 继续教育编号：…" per finding, in sheet order.
std::string to_listing(const ValidationResult& result, const Layout& layout);

// "共 3 行数据：1 个错误，2 个警告；按规则合格 2 人，不合格 0 人，1 人无法判断。"
std::string summary_line(const Summary& s);

}  // namespace jxjy
