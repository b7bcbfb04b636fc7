#include "store_sqlite.h"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace jxjyd {
namespace {

Error db_error(sqlite3* db, const std::string& what) {
    int code = sqlite3_errcode(db);
    std::string msg = sqlite3_errmsg(db);
    if (code == SQLITE_FULL)
        return jxjy::make_error("STORE_FULL", "服务器磁盘已满，无法保存（" + what + "）。请联系进修校管理员。");
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        return jxjy::make_error("STORE_BUSY", "数据库正忙（" + what + "），请稍后重试。");
    return jxjy::make_error("STORE_FAILED", "数据库操作失败（" + what + "）：" + msg);
}

}  // namespace

// Idle prepared statements by their SQL. A statement in use is taken out, so
// the same SQL used twice at once gets two statements.
struct StatementCache {
    sqlite3* db;
    std::unordered_multimap<std::string, sqlite3_stmt*> idle;

    explicit StatementCache(sqlite3* d) : db(d) {}
    ~StatementCache() {
        for (auto& [sql, s] : idle) sqlite3_finalize(s);
    }
    sqlite3_stmt* take(const char* sql) {
        auto it = idle.find(sql);
        if (it != idle.end()) {
            sqlite3_stmt* s = it->second;
            idle.erase(it);
            return s;
        }
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) return nullptr;
        return s;
    }
    void give_back(sqlite3_stmt* s) {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        if (idle.size() < 256)
            idle.emplace(sqlite3_sql(s), s);
        else
            sqlite3_finalize(s);
    }
};

namespace {

class Stmt {
public:
    Stmt(StatementCache& cache, const char* sql) : cache_(&cache), s_(cache.take(sql)) {}
    ~Stmt() {
        if (s_) cache_->give_back(s_);
    }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    bool ok() const { return s_ != nullptr; }
    Stmt& bind(int i, const std::string& v) {
        sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Stmt& bind_or_null(int i, const std::string& v) {
        if (v.empty())
            sqlite3_bind_null(s_, i);
        else
            bind(i, v);
        return *this;
    }
    Stmt& bind(int i, long long v) {
        sqlite3_bind_int64(s_, i, v);
        return *this;
    }
    Stmt& bind(int i, long v) { return bind(i, static_cast<long long>(v)); }
    Stmt& bind(int i, int v) { return bind(i, static_cast<long long>(v)); }
    Stmt& bind(int i, double v) {
        sqlite3_bind_double(s_, i, v);
        return *this;
    }
    Stmt& blob(int i, const std::string& v) {
        sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    int step() { return s_ ? sqlite3_step(s_) : SQLITE_ERROR; }
    bool row() { return step() == SQLITE_ROW; }
    bool done() { return step() == SQLITE_DONE; }
    void reset() {
        sqlite3_reset(s_);
        sqlite3_clear_bindings(s_);
    }
    std::string text(int c) const {
        auto* p = sqlite3_column_text(s_, c);
        return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s_, c)))
                 : "";
    }
    long long i64(int c) const { return sqlite3_column_int64(s_, c); }
    double real(int c) const { return sqlite3_column_double(s_, c); }

private:
    StatementCache* cache_;
    sqlite3_stmt* s_ = nullptr;
};

// BEGIN IMMEDIATE … COMMIT; rolls back unless committed.
class Tx {
public:
    explicit Tx(sqlite3* db) : db_(db) {
        ok_ = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
    }
    ~Tx() {
        if (ok_ && !committed_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    bool ok() const { return ok_; }
    bool commit() {
        committed_ = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
        return committed_;
    }

private:
    sqlite3* db_;
    bool ok_ = false;
    bool committed_ = false;
};

// A roster submitted as JSON is its own stored form: only files keep a
// separate roster_json, and readers get whichever holds the rows.
constexpr const char* kRosterColumn = "CASE WHEN roster_json = '' THEN CAST(original AS TEXT) ELSE roster_json END";

constexpr const char* kSubmissionColumns =
    "id, unit_code, year, version, coalesce(idempotency_key,''), content_hash, source, coalesce(filename,''), "
    "rows, errors, warnings, qualified, unqualified, created_at";

Submission read_submission(const Stmt& s, bool with_bodies) {
    Submission r;
    r.id = static_cast<long>(s.i64(0));
    r.unit_code = s.text(1);
    r.year = static_cast<int>(s.i64(2));
    r.version = static_cast<int>(s.i64(3));
    r.idempotency_key = s.text(4);
    r.content_hash = s.text(5);
    r.source = s.text(6);
    r.filename = s.text(7);
    r.rows = static_cast<long>(s.i64(8));
    r.errors = static_cast<long>(s.i64(9));
    r.warnings = static_cast<long>(s.i64(10));
    r.qualified = static_cast<long>(s.i64(11));
    r.unqualified = static_cast<long>(s.i64(12));
    r.created_at = s.i64(13);
    if (with_bodies) {
        r.roster_json = s.text(14);
        r.result_json = s.text(15);
    }
    return r;
}

Account read_account(const Stmt& s) {
    Account a;
    a.id = static_cast<long>(s.i64(0));
    a.login = s.text(1);
    a.unit_code = s.text(2);
    a.role = s.text(3);
    a.password_hash = s.text(4);
    a.must_change = s.i64(5) != 0;
    a.failed_logins = static_cast<int>(s.i64(6));
    a.locked_until = s.i64(7);
    return a;
}

constexpr const char* kAccountColumns =
    "id, login, unit_code, role, password_hash, must_change, failed_logins, locked_until";

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path, const std::string& migrations_dir,
                                                       int busy_timeout_ms) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        return jxjy::make_error("STORE_OPEN", "无法打开数据库 " + path + "：" + msg);
    }
    std::unique_ptr<SqliteStore> store(new SqliteStore(db));
    sqlite3_busy_timeout(db, busy_timeout_ms);
    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
        auto r = store->exec(pragma);
        if (!r) return r.error();
    }
    auto m = store->migrate(migrations_dir);
    if (!m) return m.error();
    return store;
}

SqliteStore::SqliteStore(sqlite3* db) : db_(db), statements_(std::make_unique<StatementCache>(db)) {}

SqliteStore::~SqliteStore() {
    statements_.reset();  // every statement finalized before the connection closes
    sqlite3_close(db_);
}

Result<bool> SqliteStore::exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "";
        sqlite3_free(err);
        return jxjy::make_error("STORE_FAILED", "数据库操作失败：" + msg);
    }
    return true;
}

Result<bool> SqliteStore::migrate(const std::string& dir) {
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.path().extension() == ".sql") files.push_back(e.path());
    if (files.empty()) return jxjy::make_error("STORE_MIGRATIONS", "找不到数据库结构文件（" + dir + "/*.sql）。");
    std::sort(files.begin(), files.end());
    Stmt v(*statements_, "PRAGMA user_version");
    long long current = v.row() ? v.i64(0) : 0;
    for (const auto& f : files) {
        long long number = std::atoll(f.filename().string().c_str());
        if (number <= current) continue;
        std::ifstream in(f);
        std::ostringstream sql;
        sql << in.rdbuf();
        std::lock_guard<std::mutex> lock(mu_);
        Tx tx(db_);
        if (!tx.ok()) return db_error(db_, "迁移");
        auto r = exec(sql.str().c_str());
        if (!r) return jxjy::make_error("STORE_MIGRATIONS", f.filename().string() + "：" + r.error().message);
        r = exec(("PRAGMA user_version=" + std::to_string(number)).c_str());
        if (!r || !tx.commit()) return db_error(db_, "迁移");
        current = number;
    }
    return true;
}

Result<bool> SqliteStore::add_unit(const Unit& u) {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_, "INSERT INTO units(code, name, kind, parent_code) VALUES (?,?,?,?)");
    s.bind(1, u.code).bind(2, u.name).bind(3, u.kind).bind_or_null(4, u.parent_code);
    if (!s.done()) {
        if (sqlite3_errcode(db_) == SQLITE_CONSTRAINT)
            return jxjy::make_error("UNIT_EXISTS", "单位代码 " + u.code + " 已存在，或上级单位不存在。");
        return db_error(db_, "添加单位");
    }
    return true;
}

std::vector<Unit> SqliteStore::units() {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_, "SELECT code, name, kind, coalesce(parent_code,'') FROM units ORDER BY code");
    std::vector<Unit> out;
    while (s.row()) out.push_back(Unit{s.text(0), s.text(1), s.text(2), s.text(3)});
    return out;
}

std::optional<Unit> SqliteStore::unit(const std::string& code) {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_, "SELECT code, name, kind, coalesce(parent_code,'') FROM units WHERE code = ?");
    s.bind(1, code);
    if (!s.row()) return std::nullopt;
    return Unit{s.text(0), s.text(1), s.text(2), s.text(3)};
}

Result<long> SqliteStore::add_account(const Account& a) {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_,
           "INSERT INTO accounts(login, unit_code, role, password_hash, must_change, created_at) "
           "VALUES (?,?,?,?,?,strftime('%s','now'))");
    s.bind(1, a.login).bind(2, a.unit_code).bind(3, a.role).bind(4, a.password_hash).bind(5, a.must_change ? 1 : 0);
    if (!s.done()) {
        if (sqlite3_errcode(db_) == SQLITE_CONSTRAINT)
            return jxjy::make_error("ACCOUNT_EXISTS",
                                    "账号 " + a.login + " 已存在，或单位 " + a.unit_code + " 不存在。");
        return db_error(db_, "添加账号");
    }
    return static_cast<long>(sqlite3_last_insert_rowid(db_));
}

std::optional<Account> SqliteStore::account(long id) {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_, (std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE id = ?").c_str());
    s.bind(1, id);
    if (!s.row()) return std::nullopt;
    return read_account(s);
}

std::optional<Account> SqliteStore::account_by_login(const std::string& login) {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_, (std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE login = ?").c_str());
    s.bind(1, login);
    if (!s.row()) return std::nullopt;
    return read_account(s);
}

std::vector<Account> SqliteStore::accounts() {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_, (std::string("SELECT ") + kAccountColumns + " FROM accounts ORDER BY login").c_str());
    std::vector<Account> out;
    while (s.row()) out.push_back(read_account(s));
    return out;
}

Result<bool> SqliteStore::set_password(long id, const std::string& hash, bool must_change) {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_,
           "UPDATE accounts SET password_hash = ?, must_change = ?, failed_logins = 0, locked_until = 0 WHERE id = ?");
    s.bind(1, hash).bind(2, must_change ? 1 : 0).bind(3, id);
    if (!s.done()) return db_error(db_, "修改密码");
    return true;
}

Result<bool> SqliteStore::set_login_state(long id, int failed, long long locked_until) {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_, "UPDATE accounts SET failed_logins = ?, locked_until = ? WHERE id = ?");
    s.bind(1, failed).bind(2, locked_until).bind(3, id);
    if (!s.done()) return db_error(db_, "登录状态");
    return true;
}

Result<bool> SqliteStore::add_session(const std::string& token_hash, long account_id, long long now) {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_, "INSERT INTO sessions(token_hash, account_id, created_at, last_seen) VALUES (?,?,?,?)");
    s.bind(1, token_hash).bind(2, account_id).bind(3, now).bind(4, now);
    if (!s.done()) return db_error(db_, "登录");
    return true;
}

std::optional<Session> SqliteStore::session(const std::string& token_hash) {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_, "SELECT account_id, created_at, last_seen FROM sessions WHERE token_hash = ?");
    s.bind(1, token_hash);
    if (!s.row()) return std::nullopt;
    return Session{static_cast<long>(s.i64(0)), s.i64(1), s.i64(2)};
}

Result<bool> SqliteStore::touch_session(const std::string& token_hash, long long now) {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_, "UPDATE sessions SET last_seen = ? WHERE token_hash = ? AND last_seen < ?");
    s.bind(1, now).bind(2, token_hash).bind(3, now - 30);  // at most one write per half minute
    if (!s.done()) return db_error(db_, "会话");
    return true;
}

Result<bool> SqliteStore::delete_session(const std::string& token_hash) {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_, "DELETE FROM sessions WHERE token_hash = ?");
    s.bind(1, token_hash);
    if (!s.done()) return db_error(db_, "退出登录");
    return true;
}

Result<bool> SqliteStore::delete_sessions_of(long account_id) {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_, "DELETE FROM sessions WHERE account_id = ?");
    s.bind(1, account_id);
    if (!s.done()) return db_error(db_, "退出登录");
    return true;
}

std::unique_ptr<jxjy::RecordLookup> SqliteStore::snapshot(int year, const std::vector<std::string>& ids) {
    std::string list = "[";
    for (const auto& id : ids) {
        if (id.find_first_not_of("0123456789") != std::string::npos) continue;  // only valid IDs reach here
        list += (list.size() > 1 ? ",\"" : "\"") + id + "\"";
    }
    list += "]";
    auto snap = std::make_unique<RecordSnapshot>();
    snap->year = year;
    std::lock_guard<std::mutex> lock(mu_);
    Stmt t(*statements_,
           "SELECT t.id, t.name, t.unit_code, u.name, t.status FROM teachers t JOIN units u ON u.code = t.unit_code "
           "WHERE t.id IN (SELECT value FROM json_each(?))");
    t.bind(1, list);
    while (t.row())
        snap->teachers[t.text(0)] =
            jxjy::RegistryEntry{t.text(0), t.text(1), t.text(2), t.text(3), t.text(4) == "离校"};
    Stmt o(*statements_,
           "SELECT id, name, school_hours, school_credits, external_hours, external_credits, public_course "
           "FROM official_records WHERE year = ? AND id IN (SELECT value FROM json_each(?))");
    o.bind(1, year).bind(2, list);
    while (o.row())
        snap->records[o.text(0)] =
            jxjy::OfficialRecord{o.text(0), o.text(1), o.real(2), o.real(3), o.real(4), o.real(5), o.i64(6) != 0};
    return snap;
}

Result<bool> SqliteStore::upsert_teachers(const std::vector<jxjy::RegistryEntry>& teachers) {
    std::lock_guard<std::mutex> lock(mu_);
    Tx tx(db_);
    if (!tx.ok()) return db_error(db_, "导入教师名单");
    Stmt s(
        *statements_,
        "INSERT INTO teachers(id, name, unit_code, status) VALUES (?,?,?,?) "
        "ON CONFLICT(id) DO UPDATE SET name = excluded.name, unit_code = excluded.unit_code, status = excluded.status");
    for (const auto& t : teachers) {
        s.bind(1, t.id).bind(2, t.name).bind(3, t.unit_code).bind(4, std::string(t.left ? "离校" : "在职"));
        if (!s.done()) return db_error(db_, "导入教师 " + t.id);
        s.reset();
    }
    if (!tx.commit()) return db_error(db_, "导入教师名单");
    return true;
}

Result<long> SqliteStore::replace_official(int year,
                                           const std::vector<std::pair<jxjy::OfficialRecord, std::string>>& records,
                                           long long now) {
    std::lock_guard<std::mutex> lock(mu_);
    Tx tx(db_);
    if (!tx.ok()) return db_error(db_, "导入学时记录");
    Stmt del(*statements_, "DELETE FROM official_records WHERE year = ?");
    del.bind(1, year);
    if (!del.done()) return db_error(db_, "导入学时记录");
    Stmt s(*statements_,
           "INSERT INTO official_records(year, id, name, unit_code, school_hours, school_credits, external_hours, "
           "external_credits, public_course, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?)");
    for (const auto& [r, unit_code] : records) {
        s.bind(1, year).bind(2, r.id).bind(3, r.name).bind_or_null(4, unit_code).bind(5, r.school_hours);
        s.bind(6, r.school_credits).bind(7, r.external_hours).bind(8, r.external_credits);
        s.bind(9, r.public_course_passed ? 1 : 0).bind(10, now);
        if (!s.done()) {
            if (sqlite3_errcode(db_) == SQLITE_CONSTRAINT)
                return jxjy::make_error("OFFICIAL_DUPLICATE", "学时统计表中继续教育编号 " + r.id + " 出现了不止一次。");
            return db_error(db_, "导入学时记录 " + r.id);
        }
        s.reset();
    }
    if (!tx.commit()) return db_error(db_, "导入学时记录");
    return static_cast<long>(records.size());
}

std::optional<jxjy::RegistryEntry> SqliteStore::teacher(const std::string& id) const {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_,
           "SELECT t.id, t.name, t.unit_code, u.name, t.status FROM teachers t JOIN units u ON u.code = t.unit_code "
           "WHERE t.id = ?");
    s.bind(1, id);
    if (!s.row()) return std::nullopt;
    return jxjy::RegistryEntry{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4) == "离校"};
}

std::optional<jxjy::OfficialRecord> SqliteStore::official(int year, const std::string& id) const {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_,
           "SELECT id, name, school_hours, school_credits, external_hours, external_credits, public_course "
           "FROM official_records WHERE year = ? AND id = ?");
    s.bind(1, year).bind(2, id);
    if (!s.row()) return std::nullopt;
    return jxjy::OfficialRecord{s.text(0), s.text(1), s.real(2), s.real(3), s.real(4), s.real(5), s.i64(6) != 0};
}

Result<Submission> SqliteStore::add_submission(const NewSubmission& n) {
    std::lock_guard<std::mutex> lock(mu_);
    Tx tx(db_);
    if (!tx.ok()) return db_error(db_, "保存名册");
    Stmt v(*statements_, "SELECT coalesce(max(version), 0) + 1 FROM submissions WHERE unit_code = ? AND year = ?");
    v.bind(1, n.unit_code).bind(2, n.year);
    if (!v.row()) return db_error(db_, "保存名册");
    int version = static_cast<int>(v.i64(0));
    // A statement left on a row keeps a read transaction open: SQLite then
    // skips the checkpoint after the commit, and the WAL grows without end.
    v.reset();
    Stmt s(*statements_,
           "INSERT INTO submissions(unit_code, year, version, account_id, idempotency_key, content_hash, source, "
           "filename, original, roster_json, result_json, rows, errors, warnings, qualified, unqualified, created_at) "
           "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    s.bind(1, n.unit_code).bind(2, n.year).bind(3, version);
    if (n.account_id) s.bind(4, n.account_id);
    s.bind_or_null(5, n.idempotency_key).bind(6, n.content_hash).bind(7, n.source).bind_or_null(8, n.filename);
    s.blob(9, n.original).bind(10, n.roster_json).bind(11, n.result_json).bind(12, n.rows).bind(13, n.errors);
    s.bind(14, n.warnings).bind(15, n.qualified).bind(16, n.unqualified).bind(17, n.created_at);
    if (!s.done()) {
        if (sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_UNIQUE)
            return jxjy::make_error("IDEMPOTENCY_CONFLICT", "同一 Idempotency-Key 的提交已存在。");
        return db_error(db_, "保存名册");
    }
    long id = static_cast<long>(sqlite3_last_insert_rowid(db_));
    if (n.audit) {
        auto logged = insert_audit(n.audit(id, version));
        if (!logged) return logged.error();
    }
    if (!tx.commit()) return db_error(db_, "保存名册");
    Submission out;
    out.id = id;
    out.unit_code = n.unit_code;
    out.year = n.year;
    out.version = version;
    out.idempotency_key = n.idempotency_key;
    out.content_hash = n.content_hash;
    out.source = n.source;
    out.filename = n.filename;
    out.roster_json = n.roster_json;
    out.result_json = n.result_json;
    out.rows = n.rows;
    out.errors = n.errors;
    out.warnings = n.warnings;
    out.qualified = n.qualified;
    out.unqualified = n.unqualified;
    out.created_at = n.created_at;
    return out;
}

std::optional<Submission> SqliteStore::submission(long id) {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_, (std::string("SELECT ") + kSubmissionColumns + ", " + std::string(kRosterColumn) +
                          ", result_json FROM submissions WHERE id = ?")
                             .c_str());
    s.bind(1, id);
    if (!s.row()) return std::nullopt;
    return read_submission(s, true);
}

std::optional<Submission> SqliteStore::submission_by_key(const std::string& unit_code, const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_, (std::string("SELECT ") + kSubmissionColumns + ", " + std::string(kRosterColumn) +
                          ", result_json FROM submissions WHERE unit_code = ? AND idempotency_key = ?")
                             .c_str());
    s.bind(1, unit_code).bind(2, key);
    if (!s.row()) return std::nullopt;
    return read_submission(s, true);
}

std::optional<Submission> SqliteStore::submission_by_hash(const std::string& unit_code, const std::string& hash) {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_, (std::string("SELECT ") + kSubmissionColumns + ", " + std::string(kRosterColumn) +
                          ", result_json FROM submissions WHERE unit_code = ? AND content_hash = ? ORDER BY id "
                          "DESC LIMIT 1")
                             .c_str());
    s.bind(1, unit_code).bind(2, hash);
    if (!s.row()) return std::nullopt;
    return read_submission(s, true);
}

std::vector<Submission> SqliteStore::submissions(const std::string& unit_code, int limit) {
    std::lock_guard<std::mutex> lock(mu_);
    std::string sql = std::string("SELECT ") + kSubmissionColumns + " FROM submissions" +
                      (unit_code.empty() ? "" : " WHERE unit_code = ?") + " ORDER BY id DESC LIMIT " +
                      std::to_string(limit);
    Stmt s(*statements_, sql.c_str());
    if (!unit_code.empty()) s.bind(1, unit_code);
    std::vector<Submission> out;
    while (s.row()) out.push_back(read_submission(s, false));
    return out;
}

std::vector<Submission> SqliteStore::latest_submissions(int year) {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_,
           (std::string("SELECT ") + kSubmissionColumns + ", " + std::string(kRosterColumn) +
            ", result_json FROM submissions s WHERE year = ? AND version = "
            "(SELECT max(version) FROM submissions x WHERE x.unit_code = s.unit_code AND x.year = s.year) ORDER "
            "BY unit_code")
               .c_str());
    s.bind(1, year);
    std::vector<Submission> out;
    while (s.row()) out.push_back(read_submission(s, true));
    return out;
}

Result<bool> SqliteStore::update_result(long id, const std::string& result_json, long errors, long warnings,
                                        long qualified, long unqualified, const std::vector<VerdictChange>& changes,
                                        long long now) {
    std::lock_guard<std::mutex> lock(mu_);
    Tx tx(db_);
    if (!tx.ok()) return db_error(db_, "更新验审结果");
    Stmt s(*statements_,
           "UPDATE submissions SET result_json = ?, errors = ?, warnings = ?, qualified = ?, unqualified = ? WHERE id "
           "= ?");
    s.bind(1, result_json).bind(2, errors).bind(3, warnings).bind(4, qualified).bind(5, unqualified).bind(6, id);
    if (!s.done()) return db_error(db_, "更新验审结果");
    Stmt c(*statements_,
           "INSERT INTO verdict_changes(submission_id, teacher_id, before, after, reason, at) VALUES (?,?,?,?,?,?)");
    for (const auto& ch : changes) {
        c.bind(1, ch.submission_id).bind(2, ch.teacher_id).bind_or_null(3, ch.before).bind_or_null(4, ch.after);
        c.bind(5, ch.reason).bind(6, now);
        if (!c.done()) return db_error(db_, "记录验审结果变化");
        c.reset();
    }
    if (!tx.commit()) return db_error(db_, "更新验审结果");
    return true;
}

std::vector<UnitStatus> SqliteStore::unit_status(int year) {
    std::vector<Unit> all = units();
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_, (std::string("SELECT ") + kSubmissionColumns +
                          " FROM submissions s WHERE year = ? AND unit_code = ? ORDER BY version DESC LIMIT 1")
                             .c_str());
    std::vector<UnitStatus> out;
    for (const auto& u : all) {
        if (u.kind == "county") continue;
        UnitStatus st{u, std::nullopt};
        s.bind(1, year).bind(2, u.code);
        if (s.row()) st.latest = read_submission(s, false);
        s.reset();
        out.push_back(std::move(st));
    }
    return out;
}

Result<bool> SqliteStore::audit(const AuditEntry& e) {
    std::lock_guard<std::mutex> lock(mu_);
    return insert_audit(e);
}

Result<bool> SqliteStore::insert_audit(const AuditEntry& e) {
    Stmt s(*statements_, "INSERT INTO audit(at, actor, action, object, outcome, detail) VALUES (?,?,?,?,?,?)");
    s.bind(1, e.at)
        .bind(2, e.actor)
        .bind(3, e.action)
        .bind_or_null(4, e.object)
        .bind(5, e.outcome)
        .bind_or_null(6, e.detail);
    if (!s.done()) return db_error(db_, "审计日志");
    return true;
}

std::vector<AuditEntry> SqliteStore::audit_log(int limit, const std::string& actor, const std::string& action) {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_,
           "SELECT at, actor, action, coalesce(object,''), outcome, coalesce(detail,'') FROM audit "
           "WHERE (?1 = '' OR actor = ?1) AND (?2 = '' OR action = ?2) ORDER BY id DESC LIMIT ?3");
    s.bind(1, actor).bind(2, action).bind(3, limit);
    std::vector<AuditEntry> out;
    while (s.row()) out.push_back(AuditEntry{s.i64(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)});
    return out;
}

Result<bool> SqliteStore::backup_to(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu_);
    sqlite3* dest = nullptr;
    if (sqlite3_open(path.c_str(), &dest) != SQLITE_OK) {
        sqlite3_close(dest);
        return jxjy::make_error("BACKUP_FAILED", "无法创建备份文件 " + path + "。");
    }
    sqlite3_backup* b = sqlite3_backup_init(dest, "main", db_, "main");
    int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
    sqlite3_backup_finish(b);
    rc = rc == SQLITE_DONE ? sqlite3_errcode(dest) : rc;
    sqlite3_close(dest);
    if (rc != SQLITE_OK) return jxjy::make_error("BACKUP_FAILED", "备份失败：" + std::string(sqlite3_errstr(rc)));
    return true;
}

std::string SqliteStore::integrity_check() {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s(*statements_, "PRAGMA integrity_check");
    std::string out;
    while (s.row()) out += (out.empty() ? "" : "\n") + s.text(0);
    return out;
}

Result<bool> SqliteStore::restore(const std::string& backup, const std::string& path) {
    sqlite3* src = nullptr;
    sqlite3* dest = nullptr;
    if (sqlite3_open_v2(backup.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK ||
        sqlite3_open(path.c_str(), &dest) != SQLITE_OK) {
        sqlite3_close(src);
        sqlite3_close(dest);
        return jxjy::make_error("RESTORE_FAILED", "无法打开备份或数据库文件。");
    }
    sqlite3_backup* b = sqlite3_backup_init(dest, "main", src, "main");
    int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
    sqlite3_backup_finish(b);
    sqlite3_close(src);
    sqlite3_close(dest);
    if (rc != SQLITE_DONE) return jxjy::make_error("RESTORE_FAILED", "恢复失败：" + std::string(sqlite3_errstr(rc)));
    return true;
}

}  // namespace jxjyd
