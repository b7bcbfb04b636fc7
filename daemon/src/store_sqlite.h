#pragma once
// SqliteStore: the Store on one SQLite file. WAL with synchronous=FULL, a busy
// timeout, BEGIN IMMEDIATE for writes, and every statement through one
// connection under a mutex (Debian's SQLite 3.40 predates the fix for a WAL
// bug with two connections writing or checkpointing at once).

#include <memory>
#include <mutex>

#include "store.h"

struct sqlite3;

namespace jxjyd {

struct StatementCache;

class SqliteStore : public Store {
public:
    // Opens (creating if needed) and applies schemas/sql/NNN_*.sql in order. A write
    // that waits longer than `busy_timeout_ms` for another process's lock (a backup
    // tool, an sqlite3 shell) fails with STORE_BUSY.
    static Result<std::unique_ptr<SqliteStore>> open(const std::string& path, const std::string& migrations_dir,
                                                     int busy_timeout_ms = 5000);
    ~SqliteStore() override;

    Result<bool> add_unit(const Unit& u) override;
    std::vector<Unit> units() override;
    std::optional<Unit> unit(const std::string& code) override;

    Result<long> add_account(const Account& a) override;
    std::optional<Account> account(long id) override;
    std::optional<Account> account_by_login(const std::string& login) override;
    std::vector<Account> accounts() override;
    Result<bool> set_password(long id, const std::string& hash, bool must_change) override;
    Result<bool> set_login_state(long id, int failed_logins, long long locked_until) override;

    Result<bool> add_session(const std::string& token_hash, long account_id, long long now) override;
    std::optional<Session> session(const std::string& token_hash) override;
    Result<bool> touch_session(const std::string& token_hash, long long now) override;
    Result<bool> delete_session(const std::string& token_hash) override;
    Result<bool> delete_sessions_of(long account_id) override;

    std::unique_ptr<jxjy::RecordLookup> snapshot(int year, const std::vector<std::string>& ids) override;
    Result<bool> upsert_teachers(const std::vector<jxjy::RegistryEntry>& teachers) override;
    Result<long> replace_official(int year, const std::vector<std::pair<jxjy::OfficialRecord, std::string>>& records,
                                  long long now) override;
    std::optional<jxjy::RegistryEntry> teacher(const std::string& id) const override;
    std::optional<jxjy::OfficialRecord> official(int year, const std::string& id) const override;

    Result<Submission> add_submission(const NewSubmission& s) override;
    std::optional<Submission> submission(long id) override;
    std::optional<Submission> submission_by_key(const std::string& unit_code, const std::string& key) override;
    std::optional<Submission> submission_by_hash(const std::string& unit_code, const std::string& hash) override;
    std::vector<Submission> submissions(const std::string& unit_code, int limit) override;
    std::vector<Submission> latest_submissions(int year) override;
    Result<bool> update_result(long submission_id, const std::string& result_json, long errors, long warnings,
                               long qualified, long unqualified, const std::vector<VerdictChange>& changes,
                               long long now) override;
    std::vector<UnitStatus> unit_status(int year) override;

    Result<bool> audit(const AuditEntry& e) override;
    std::vector<AuditEntry> audit_log(int limit, const std::string& actor, const std::string& action) override;

    Result<bool> backup_to(const std::string& path) override;
    std::string integrity_check() override;

    // Restores `backup` over the database file at `path` (the daemon stopped).
    static Result<bool> restore(const std::string& backup, const std::string& path);

private:
    explicit SqliteStore(sqlite3* db);
    Result<bool> exec(const char* sql);
    Result<bool> migrate(const std::string& dir);
    Result<bool> insert_audit(const AuditEntry& e);  // with mu_ held

    sqlite3* db_;
    mutable std::mutex mu_;
    // Prepared statements kept for the next use (with mu_ held): preparing
    // the same SQL for every request was a tenth of a submission's time.
    std::unique_ptr<StatementCache> statements_;
};

}  // namespace jxjyd
