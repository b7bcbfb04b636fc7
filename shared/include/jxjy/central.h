#pragma once
// The checks only the county can make, against its own records: the teacher
// registry (who belongs to which unit, who has left) and the official 学时
// records the 进修校 publishes (培训学时统计表). Pure functions over a lookup
// the daemon provides from its store.

#include <optional>
#include <string>
#include <vector>

#include "jxjy/validate.h"

namespace jxjy {

struct RegistryEntry {
    std::string id;
    std::string name;
    std::string unit_code;
    std::string unit_name;
    bool left = false;  // 离校
};

// One teacher's line of the official 培训学时统计表 for a year.
struct OfficialRecord {
    std::string id;
    std::string name;
    double school_hours = 0, school_credits = 0;
    double external_hours = 0, external_credits = 0;
    bool public_course_passed = false;

    Figures figures() const {
        return Figures{public_course_passed, school_hours, school_credits, external_hours, external_credits};
    }
};

class RecordLookup {
public:
    virtual ~RecordLookup() = default;
    virtual std::optional<RegistryEntry> teacher(const std::string& id) const = 0;
    virtual std::optional<OfficialRecord> official(int year, const std::string& id) const = 0;
};

struct CentralVerdict {
    std::optional<Verdict> verdict;  // the county's: the rule on the official figures
    bool official_found = false;
};

// Adds ID_UNKNOWN, ID_OTHER_UNIT, TEACHER_LEFT and OFFICIAL_MISMATCH findings
// for the rows of one unit's roster, and returns each row's county verdict
// (the rule applied to the official figures; none when there is no record).
// `raw` and `checked` are parallel (validation's rows and the cells they came from).
std::vector<CentralVerdict> central_checks(const std::vector<RawRow>& raw, const std::vector<CheckedRow>& checked,
                                           const std::string& unit_code, int year, const RecordLookup& lookup,
                                           const RowChecker& rules, std::vector<Diagnostic>& out);

}  // namespace jxjy
