#pragma once
// The roster as JSON, the form the Calc add-in submits and the daemon stores:
//
//   {"year": 2023, "title": "…", "unit_name": "…",
//    "rows": [{"row": 5, "cells": {"seq": 1, "id": "004002006", "name": "样例", …}}]}
//
// Cell values are strings (typed text) or numbers (numeric cells); keys are the
// layout's column keys. A date cell may be sent as {"date": 29007}.

#include <optional>
#include <string>
#include <vector>

#include "jxjy/result.h"
#include "jxjy/table.h"
#include "jxjy/validate.h"

namespace jxjy {

struct RosterPayload {
    int year = 0;
    std::string title;
    std::string unit_name;
    std::vector<RawRow> rows;
};

struct PayloadLimits {
    std::size_t max_rows = 20000;
    std::size_t max_text_bytes = 4096;  // one cell
};

// Parses and checks the shape; a message in Chinese names the first problem.
Result<RosterPayload> parse_roster_payload(std::string_view json, const PayloadLimits& limits = {});

// The payload for rows read from a sheet (for storage and re-validation).
std::string roster_payload_json(const RosterPayload& payload);

// What the county answered to a submission (POST /submissions, GET
// /submissions/{id}), as the add-in puts it back into the sheet.
struct RowOutcome {
    int row = 0;                     // sheet row
    std::optional<Verdict> verdict;  // the county's (official figures), else the rule's
};
struct SubmissionOutcome {
    long id = 0;
    int version = 0;
    std::vector<RowOutcome> rows;
    std::vector<Diagnostic> central;  // the findings only the county can make
    long errors = 0, warnings = 0, qualified = 0, unqualified = 0;
};
Result<SubmissionOutcome> parse_submission_outcome(std::string_view json);

// Codes that need the county's store (ID_UNKNOWN, ID_OTHER_UNIT, OFFICIAL_MISMATCH, TEACHER_LEFT).
bool is_central_code(Code c);

}  // namespace jxjy
