#pragma once
// The central store behind an interface: the service talks to a Store; the
// daemon uses SqliteStore (store_sqlite.h); tests use a real SQLite file.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jxjy/central.h"
#include "jxjy/result.h"

namespace jxjyd {

using jxjy::Error;
using jxjy::Result;

struct Unit {
    std::string code;
    std::string name;
    std::string kind;  // county | center | school | direct
    std::string parent_code;
};

struct Account {
    long id = 0;
    std::string login;
    std::string unit_code;
    std::string role;  // unit | reviewer | admin
    std::string password_hash;
    bool must_change = true;
    int failed_logins = 0;
    long long locked_until = 0;
};

struct Session {
    long account_id = 0;
    long long created_at = 0;
    long long last_seen = 0;
};

struct AuditEntry {
    long long at = 0;
    std::string actor;
    std::string action;
    std::string object;
    std::string outcome;
    std::string detail;
};

struct NewSubmission {
    std::string unit_code;
    int year = 0;
    long account_id = 0;
    std::string idempotency_key;  // empty for none
    std::string content_hash;
    std::string source;  // api | inbox | admin
    std::string filename;
    std::string original;
    std::string roster_json;
    std::string result_json;
    long rows = 0, errors = 0, warnings = 0, qualified = 0, unqualified = 0;
    long long created_at = 0;
    // The audit entry of this submission, written in the same transaction (one
    // commit, one fsync), given the id and version the store assigned.
    std::function<AuditEntry(long id, int version)> audit;
};

struct Submission {
    long id = 0;
    std::string unit_code;
    int year = 0;
    int version = 0;
    std::string idempotency_key;
    std::string content_hash;
    std::string source;
    std::string filename;
    std::string roster_json;
    std::string result_json;
    long rows = 0, errors = 0, warnings = 0, qualified = 0, unqualified = 0;
    long long created_at = 0;
};

struct UnitStatus {
    Unit unit;
    std::optional<Submission> latest;  // without roster_json/result_json
};

struct VerdictChange {
    long submission_id = 0;
    std::string teacher_id;
    std::string before, after, reason;
};

// Records already read, answered from memory.
class RecordSnapshot : public jxjy::RecordLookup {
public:
    std::map<std::string, jxjy::RegistryEntry> teachers;
    std::map<std::string, jxjy::OfficialRecord> records;
    int year = 0;

    std::optional<jxjy::RegistryEntry> teacher(const std::string& id) const override {
        auto it = teachers.find(id);
        return it == teachers.end() ? std::nullopt : std::optional<jxjy::RegistryEntry>(it->second);
    }
    std::optional<jxjy::OfficialRecord> official(int y, const std::string& id) const override {
        auto it = records.find(id);
        return y != year || it == records.end() ? std::nullopt : std::optional<jxjy::OfficialRecord>(it->second);
    }
};

class Store : public jxjy::RecordLookup {
public:
    ~Store() override = default;

    virtual Result<bool> add_unit(const Unit& u) = 0;
    virtual std::vector<Unit> units() = 0;
    virtual std::optional<Unit> unit(const std::string& code) = 0;

    virtual Result<long> add_account(const Account& a) = 0;
    virtual std::optional<Account> account(long id) = 0;
    virtual std::optional<Account> account_by_login(const std::string& login) = 0;
    virtual std::vector<Account> accounts() = 0;
    virtual Result<bool> set_password(long id, const std::string& hash, bool must_change) = 0;
    virtual Result<bool> set_login_state(long id, int failed_logins, long long locked_until) = 0;

    virtual Result<bool> add_session(const std::string& token_hash, long account_id, long long now) = 0;
    virtual std::optional<Session> session(const std::string& token_hash) = 0;
    virtual Result<bool> touch_session(const std::string& token_hash, long long now) = 0;
    virtual Result<bool> delete_session(const std::string& token_hash) = 0;
    virtual Result<bool> delete_sessions_of(long account_id) = 0;

    // The registry entries and official records of `ids`, read in two queries,
    // for checking a whole roster without a lookup per row.
    virtual std::unique_ptr<jxjy::RecordLookup> snapshot(int year, const std::vector<std::string>& ids) = 0;

    virtual Result<bool> upsert_teachers(const std::vector<jxjy::RegistryEntry>& teachers) = 0;
    // Replaces the year's official records; returns how many.
    virtual Result<long> replace_official(int year,
                                          const std::vector<std::pair<jxjy::OfficialRecord, std::string>>& records,
                                          long long now) = 0;

    // Stores a new version (numbered per unit and year) in one transaction.
    virtual Result<Submission> add_submission(const NewSubmission& s) = 0;
    virtual std::optional<Submission> submission(long id) = 0;
    virtual std::optional<Submission> submission_by_key(const std::string& unit_code, const std::string& key) = 0;
    virtual std::optional<Submission> submission_by_hash(const std::string& unit_code, const std::string& hash) = 0;
    // Newest first; all units when unit_code is empty. Without the JSON bodies.
    virtual std::vector<Submission> submissions(const std::string& unit_code, int limit) = 0;
    // The latest version of each unit's roster for `year`, with bodies.
    virtual std::vector<Submission> latest_submissions(int year) = 0;
    virtual Result<bool> update_result(long submission_id, const std::string& result_json, long errors, long warnings,
                                       long qualified, long unqualified, const std::vector<VerdictChange>& changes,
                                       long long now) = 0;
    virtual std::vector<UnitStatus> unit_status(int year) = 0;

    virtual Result<bool> audit(const AuditEntry& e) = 0;
    virtual std::vector<AuditEntry> audit_log(int limit, const std::string& actor, const std::string& action) = 0;

    virtual Result<bool> backup_to(const std::string& path) = 0;
    virtual std::string integrity_check() = 0;
};

}  // namespace jxjyd
