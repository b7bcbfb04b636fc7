#pragma once
// The demo county: the units of the notice's verification schedule, a few
// hundred generated teachers with registry entries and official 2023 records,
// a county admin and one account per unit. Deterministic (fixed seed).

#include <string>
#include <vector>

#include "service.h"

namespace jxjyd {

struct DemoCredential {
    std::string login;
    std::string unit_name;
    std::string role;
    std::string password;
};

struct DemoCounty {
    std::vector<DemoCredential> credentials;
    std::string sample_unit;        // the unit whose roster is below
    std::string sample_roster_csv;  // its 验证名册 as a school would fill it, with a few typical mistakes
};

// Fills an empty store; returns the accounts created with their passwords.
Result<DemoCounty> create_demo_county(Service& service, int teachers_per_unit = 8);

}  // namespace jxjyd
