#pragma once
// Helpers shared by the unit tests: the real schemas from the source tree and
// rows written the way the official template lays them out.

#include <catch2/catch.hpp>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

#include "jxjy/schema.h"
#include "jxjy/validate.h"

namespace jxjy::test {

inline const Schemas& schemas() {
    static const Schemas s = [] {
        auto r = load_schemas(JXJY_TEST_SCHEMAS);
        if (!r) FAIL("schemas: " << r.error().message);
        return std::move(*r);
    }();
    return s;
}

inline const Policy& policy2023() {
    return *schemas().policy(2023);
}

// The notice's sample row with its ID corrected: 合格 in every respect.
inline std::vector<std::string> good_cells() {
    return {"1", "004002006", "样例", "男", "1979-06", "2000-06", "80", "8", "96", "10", "合格", "176", "18", "合格"};
}

inline RawRow text_row(const std::vector<std::string>& cells, int sheet_row = 5) {
    RawRow r;
    r.sheet_row = sheet_row;
    for (std::size_t i = 0; i < cells.size() && i < kColumnCount; ++i)
        r.cells[i] = cells[i].empty() ? Cell{} : Cell::of_text(cells[i]);
    return r;
}

inline RawRow good_row(int sheet_row = 5) {
    return text_row(good_cells(), sheet_row);
}

// The row with one cell replaced.
inline RawRow with(RawRow r, Column c, Cell cell) {
    r[c] = std::move(cell);
    return r;
}
inline RawRow with(RawRow r, Column c, const std::string& t) {
    r[c] = t.empty() ? Cell{} : Cell::of_text(t);
    return r;
}

inline ValidationResult check(const std::vector<RawRow>& rows, const Policy& p = policy2023()) {
    return validate(rows, schemas().layout, p, schemas().catalog);
}

inline std::vector<Code> codes(const ValidationResult& r) {
    std::vector<Code> out;
    for (const auto& d : r.diagnostics) out.push_back(d.code);
    return out;
}

inline bool has(const ValidationResult& r, Code c, Column col) {
    return std::any_of(r.diagnostics.begin(), r.diagnostics.end(),
                       [&](const Diagnostic& d) { return d.code == c && d.column == col; });
}

inline const Diagnostic* find(const ValidationResult& r, Code c) {
    for (const auto& d : r.diagnostics)
        if (d.code == c) return &d;
    return nullptr;
}

}  // namespace jxjy::test
