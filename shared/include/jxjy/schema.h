#pragma once
// The data that defines the system, loaded from schemas/: the roster layout, the
// per-year policy (the 合格 rule and its limits) and the diagnostic catalogue.
// Nothing here is a constant in code: another county or year adds a file.

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jxjy/month.h"
#include "jxjy/result.h"

namespace jxjy {

// Columns of the 验证名册, in template order. The keys (see column_key) are the
// stable identifiers used in JSON, schemas and the store.
enum class Column : unsigned char {
    Seq,              // 序号
    Id,               // 继续教育编号
    Name,             // 姓名
    Gender,           // 性别
    Birth,            // 出生年月
    Hire,             // 入职年月
    SchoolHours,      // 校本研修 学时
    SchoolCredits,    // 校本研修 学分
    ExternalHours,    // 校外研培与网络研培 学时
    ExternalCredits,  // 校外研培与网络研培 学分
    PublicCourse,     // 公需科目 (合格)
    TotalHours,       // 合计 总学时
    TotalCredits,     // 合计 总学分
    Verdict,          // 验审意见
};
inline constexpr std::size_t kColumnCount = 14;

std::string_view column_key(Column c);
std::optional<Column> column_from_key(std::string_view key);

// Stable diagnostic codes (DESIGN.md). The catalogue in schemas/ gives each its
// severity and Chinese message.
enum class Code : unsigned char {
    IdMissing,
    IdFormat,
    IdDuplicate,
    IdOrder,
    NameMissing,
    NameInvalid,
    GenderInvalid,
    DateFormat,
    DateRange,
    NumberInvalid,
    PublicInvalid,
    TotalMismatch,
    VerdictMissing,
    VerdictInvalid,
    VerdictMismatch,
    IdNormalized,
    DateNormalized,
    ValueSuspicious,
    IdUnknown,
    IdOtherUnit,
    OfficialMismatch,
    TeacherLeft,
};
inline constexpr std::size_t kCodeCount = 22;

std::string_view code_name(Code c);  // "ID_FORMAT"
std::optional<Code> code_from_name(std::string_view name);

enum class Severity : unsigned char { Error, Warning };
std::string_view severity_name(Severity s);  // "error" / "warning"

struct LayoutColumn {
    Column column{};
    std::string key;
    std::string header;        // as printed, e.g. "学时" (under its group) or "性别"
    std::string label;         // how messages name it, when not the header ("公需科目")
    std::string group;         // group key ("school") or empty
    std::string group_header;  // "校本研修" or empty
    std::string type;          // integer | id | name | choice | month | number
    std::vector<std::string> choices;
    std::vector<std::string> aliases;  // flat header texts that name this column
    int width = 8;                     // in characters, for the template

    // How a person names the column in one line: "校本研修学时", "性别", "公需科目".
    std::string display_name() const;
};

struct LayoutGroup {
    std::string key;
    std::string header;
    std::vector<std::string> aliases;
};

struct Layout {
    std::string name;
    std::string title_pattern;  // "{county} {year} 年专业技术人员继续教育证书验证名册"
    std::vector<std::string> header_lines;
    std::vector<LayoutGroup> groups;
    std::array<LayoutColumn, kColumnCount> columns;
    std::vector<std::string> notes_markers;
    std::string notes_pattern;

    const LayoutColumn& column(Column c) const { return columns[static_cast<std::size_t>(c)]; }
};

// The 合格 rule and the limits of one academic year.
struct Policy {
    int year = 0;
    std::string county;
    std::string source;                    // the notice that set it
    std::string window_start, window_end;  // "2022-09-01", "2023-08-31"
    bool public_course_required = true;
    double external_min_hours = 0, external_min_credits = 0;
    double total_min_hours = 0, total_min_credits = 0;
    YearMonth earliest_birth{};
    YearMonth latest_month{};  // later months are in the future for this roster
    int min_hire_age_years = 16;
    double total_tolerance = 0.01;
    double suspicious_max_hours = 0, suspicious_max_credits = 0;
    double suspicious_min_hours_per_credit = 0, suspicious_max_hours_per_credit = 0;
};

struct CatalogEntry {
    Severity severity = Severity::Error;
    std::string message;        // with {placeholders}
    std::string message_empty;  // used when the offending value is empty, if set
};

class Catalog {
public:
    const CatalogEntry& entry(Code c) const { return entries_[static_cast<std::size_t>(c)]; }
    CatalogEntry& entry(Code c) { return entries_[static_cast<std::size_t>(c)]; }

private:
    std::array<CatalogEntry, kCodeCount> entries_{};
};

// Everything loaded from one schemas directory.
struct Schemas {
    std::string dir;
    Layout layout;
    Catalog catalog;
    std::map<int, Policy> policies;  // by academic year

    // The policy for `year`, or the latest one when year is 0.
    const Policy* policy(int year) const;
};

Result<Layout> parse_layout(std::string_view json);
Result<Policy> parse_policy(std::string_view json);
Result<Catalog> parse_catalog(std::string_view json);

// Loads layout.json, diagnostics.json and policies/*.json from `dir`.
Result<Schemas> load_schemas(const std::string& dir);

// Finds the schemas directory: $JXJY_SCHEMAS, then next to the executable
// (<exe>/schemas, <exe>/../share/jxjy/schemas), then the source tree it was
// built from. `exe_path` is argv[0] or /proc/self/exe.
Result<Schemas> find_and_load_schemas(const std::string& exe_path);

}  // namespace jxjy
