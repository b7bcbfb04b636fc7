#include "jxjy/central.h"

#include <cmath>

#include "jxjy/text.h"

namespace jxjy {
namespace {

std::optional<double> number_of(const Cell& c) {
    if (c.kind == Cell::Kind::Number) return c.number;
    if (c.kind != Cell::Kind::Text) return std::nullopt;
    return text::parse_number(text::fold(c.text, true));
}

}  // namespace

std::vector<CentralVerdict> central_checks(const std::vector<RawRow>& raw, const std::vector<CheckedRow>& checked,
                                           const std::string& unit_code, int year, const RecordLookup& lookup,
                                           const RowChecker& rules, std::vector<Diagnostic>& out) {
    std::vector<CentralVerdict> verdicts(checked.size());
    const double tolerance = rules.policy().total_tolerance + 1e-9;
    for (std::size_t i = 0; i < checked.size(); ++i) {
        const CheckedRow& row = checked[i];
        if (!row.id_valid) continue;
        auto teacher = lookup.teacher(row.id);
        if (!teacher) {
            out.push_back(rules.make(row.sheet_row, Column::Id, Code::IdUnknown, {{"value", row.id}}));
            continue;
        }
        if (teacher->unit_code != unit_code)
            out.push_back(rules.make(row.sheet_row, Column::Id, Code::IdOtherUnit,
                                     {{"value", row.id}, {"unit", teacher->unit_name}}));
        if (!row.name.empty() && teacher->name != row.name)
            out.push_back(rules.make(row.sheet_row, Column::Name, Code::OfficialMismatch,
                                     {{"value", row.name}, {"official", teacher->name}}));
        if (teacher->left)
            out.push_back(
                rules.make(row.sheet_row, Column::Id, Code::TeacherLeft, {{"value", row.id}, {"hint", teacher->name}}));
        auto record = lookup.official(year, row.id);
        if (!record) continue;
        verdicts[i].official_found = true;
        verdicts[i].verdict = compute_verdict(record->figures(), rules.policy());

        const std::pair<Column, double> figures[] = {{Column::SchoolHours, record->school_hours},
                                                     {Column::SchoolCredits, record->school_credits},
                                                     {Column::ExternalHours, record->external_hours},
                                                     {Column::ExternalCredits, record->external_credits}};
        for (const auto& [col, official] : figures) {
            auto declared = number_of(raw[i][col]);
            if (declared && std::fabs(*declared - official) > tolerance)
                out.push_back(rules.make(
                    row.sheet_row, col, Code::OfficialMismatch,
                    {{"value", text::format_number(*declared)}, {"official", text::format_number(official)}}));
        }
        std::string pub = text::fold(raw[i][Column::PublicCourse].text, true);
        auto declared_pub = parse_verdict(pub);
        bool official_pub = record->public_course_passed;
        if (declared_pub && (*declared_pub == Verdict::Qualified) != official_pub)
            out.push_back(rules.make(row.sheet_row, Column::PublicCourse, Code::OfficialMismatch,
                                     {{"value", pub}, {"official", official_pub ? "合格" : "不合格"}}));
    }
    return verdicts;
}

}  // namespace jxjy
