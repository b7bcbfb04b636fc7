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

// Fills an empty store; returns the accounts created with their passwords.
Result<std::vector<DemoCredential>> create_demo_county(Service& service, int teachers_per_unit = 8);

}  // namespace jxjyd
