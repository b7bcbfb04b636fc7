#pragma once
// The forms a validation result takes at the edges: the JSON of the CLI
// contract (DESIGN.md) and a readable Chinese listing.

#include <string>

#include "jxjy/schema.h"
#include "jxjy/validate.h"

namespace jxjy {

// {"rows": [...], "diagnostics": [...], "summary": {...}} — one line, UTF-8.
std::string to_json(const ValidationResult& result);

// "第 5 行 继续教育编号：…" per finding, in sheet order.
std::string to_listing(const ValidationResult& result, const Layout& layout);

// "共 3 行数据：1 个错误，2 个警告；按规则合格 2 人，不合格 0 人，1 人无法判断。"
std::string summary_line(const Summary& s);

}  // namespace jxjy
