#pragma once
// The rules: normalisation, per-row checks, roster-wide checks (duplicates,
// order), the computed verdict and the summary. Pure functions over plain data,
// shared by the CLI, the daemon and the Calc add-in.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "jxjy/cell.h"
#include "jxjy/month.h"
#include "jxjy/schema.h"

namespace jxjy {

// One data row as read from a sheet: the cells by column, and the 1-based sheet
// row the user sees.
struct RawRow {
    int sheet_row = 0;
    std::array<Cell, kColumnCount> cells;

    Cell& operator[](Column c) { return cells[static_cast<std::size_t>(c)]; }
    const Cell& operator[](Column c) const { return cells[static_cast<std::size_t>(c)]; }
};

// A template's empty numbered row (only 序号 filled), or a fully empty row.
bool is_blank(const RawRow& row);

// A placeholder of a catalogue message and its value: {"value", "o04002006"}.
using MessageArg = std::pair<std::string_view, std::string>;

struct Diagnostic {
    int row = 0;
    Column column{};
    Code code{};
    Severity severity{};
    std::string message;
};

enum class Verdict : unsigned char { Qualified, Unqualified };  // 合格 / 不合格
std::string_view verdict_text(Verdict v);                       // "合格" / "不合格"
std::optional<Verdict> parse_verdict(std::string_view folded_text);

// The figures the rule looks at.
struct Figures {
    bool public_course_passed = false;
    double school_hours = 0, school_credits = 0;
    double external_hours = 0, external_credits = 0;
};

// The 合格 rule of the policy, on the component figures (totals are derived
// from them, never taken from the declared 合计 columns).
Verdict compute_verdict(const Figures& f, const Policy& p);

// Why a row is 不合格, in Chinese (empty for 合格): "校外研培与网络研培 60 学时、6 学分，未达到 70 学时或 7 学分".
std::string unqualified_reason(const Figures& f, const Policy& p);

// A row after normalisation.
struct CheckedRow {
    int sheet_row = 0;
    std::optional<long> seq;
    std::string id;  // 9 digits when id_valid, else the text as typed
    bool id_valid = false;
    std::uint32_t id_value = 0;  // numeric value of a valid id, for ordering
    std::string name;
    std::optional<Figures> figures;  // set when every figure the rule needs is usable
    std::optional<Verdict> computed;
    std::optional<Verdict> declared;
};

class RowChecker {
public:
    RowChecker(const Layout& layout, const Policy& policy, const Catalog& catalog)
        : layout_(layout), policy_(policy), catalog_(catalog) {}

    // Checks one non-blank row on its own; appends findings to `out`.
    CheckedRow check(const RawRow& row, std::vector<Diagnostic>& out) const;

    // The finding about one 继续教育编号 cell on its own (ID_MISSING, ID_FORMAT
    // or ID_NORMALIZED), or none: what a cell-level check (JXJY_CHECKID) needs.
    std::optional<Diagnostic> id_finding(const Cell& cell) const;

    // Builds a diagnostic with its rendered Chinese message. `args` pairs
    // placeholder names with values.
    Diagnostic make(int row, Column column, Code code, std::initializer_list<MessageArg> args) const;

    const Policy& policy() const { return policy_; }
    const Layout& layout() const { return layout_; }

private:
    void check_id(const RawRow& row, CheckedRow& out_row, std::vector<Diagnostic>& out) const;
    void check_name(const RawRow& row, CheckedRow& out_row, std::vector<Diagnostic>& out) const;
    void check_dates(const RawRow& row, std::vector<Diagnostic>& out) const;
    void check_figures(const RawRow& row, CheckedRow& out_row, std::vector<Diagnostic>& out) const;

    const Layout& layout_;
    const Policy& policy_;
    const Catalog& catalog_;
};

// Cross-row checks over rows in sheet order: ID_DUPLICATE on every repeat after
// the first, ID_ORDER on an ID smaller than an earlier row's. Keeps only the
// IDs seen, so memory is bounded by the number of teachers.
class OrderChecker {
public:
    explicit OrderChecker(const RowChecker& rules) : rules_(rules) {}
    void add(const CheckedRow& row, std::vector<Diagnostic>& out);
    void reserve(std::size_t rows) { first_row_.reserve(rows); }

private:
    const RowChecker& rules_;
    std::unordered_map<std::uint32_t, int> first_row_;  // id -> sheet row
    bool have_max_ = false;
    std::uint32_t max_id_ = 0;
    int max_row_ = 0;
};

struct Summary {
    long rows = 0;
    long errors = 0;
    long warnings = 0;
    long qualified = 0;
    long unqualified = 0;

    void count(const CheckedRow& row);
    void count(const Diagnostic& d);
};

struct ValidationResult {
    std::vector<CheckedRow> rows;
    std::vector<Diagnostic> diagnostics;  // in sheet order
    Summary summary;
};

// Streaming validation: feed rows in sheet order, read the result at the end.
class Validator {
public:
    Validator(const Layout& layout, const Policy& policy, const Catalog& catalog)
        : rules_(layout, policy, catalog), order_(rules_) {}

    // Blank rows are skipped. Returns false for a blank row.
    bool add(const RawRow& row);
    // Optional: the number of rows to come, when known.
    void reserve(std::size_t rows);
    ValidationResult& result() { return result_; }

private:
    RowChecker rules_;
    OrderChecker order_;
    ValidationResult result_;
};

ValidationResult validate(const std::vector<RawRow>& rows, const Layout& layout, const Policy& policy,
                          const Catalog& catalog);

// Fills {name} placeholders in one pass (values are never re-expanded);
// unknown placeholders are left as they are.
std::string render_message(std::string_view pattern, const std::vector<MessageArg>& args);

// The order rows should be in: ascending 继续教育编号; rows without a usable ID
// keep their relative order after the others. Returns indexes into `rows`.
std::vector<std::size_t> sort_order(const std::vector<CheckedRow>& rows);

// The ID a person probably meant when letters stand in for digits
// ("o04002006" -> "004002006"), if that yields 9 digits.
std::optional<std::string> likely_id(std::string_view folded);

}  // namespace jxjy
