#pragma once
// What jxjyd does, independent of HTTP: accounts and sessions, submissions
// with idempotency, the county's checks and verdicts, official records. The
// HTTP API, the inbox and `jxjyd admin` all call this.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <string>

#include "jxjy/schema.h"
#include "security.h"
#include "store.h"

namespace jxjyd {

struct ServiceConfig {
    long long idle_timeout = 30 * 60;        // seconds without a request
    long long absolute_timeout = 12 * 3600;  // seconds after login
    int lockout_threshold = 5;               // failed logins before a lock
    long long lockout_seconds = 15 * 60;     // a lock expires by itself
    KdfCost kdf;
    std::vector<std::string> common_passwords;
};

// Who is asking.
struct Principal {
    long account_id = 0;
    std::string login;
    std::string unit_code;
    std::string role;  // unit | reviewer | admin
    bool must_change = false;
    bool county() const { return role == "reviewer" || role == "admin"; }
};

struct LoginResult {
    std::string token;
    Principal principal;
};

struct SubmitRequest {
    std::string unit_code;        // the submitting unit (a unit account's own)
    std::string idempotency_key;  // may be empty (inbox: deduplicated by content)
    std::string media;            // "json" or "file"
    std::string filename;         // for files: the name it came with
    std::string body;
    std::string source = "api";  // api | inbox | admin
    long account_id = 0;
    std::string actor;
};

struct SubmitResult {
    Submission submission;
    bool replayed = false;  // an earlier identical request's stored result
};

using Clock = std::function<long long()>;

// Admits at most `slots` holders at a time, strictly in arrival order, so that
// under load no request waits much longer than the others (a plain mutex lets
// some requests starve and the tail latency grow).
class FairGate {
public:
    explicit FairGate(int slots) : slots_(slots) {}
    void enter();
    void leave();

private:
    // Each waiter sleeps on its own condition: a leaving holder wakes exactly
    // the next one instead of every waiter (a herd of wake-ups under load).
    struct Waiter {
        std::condition_variable cv;
        bool admitted = false;
    };
    std::mutex mu_;
    std::deque<Waiter*> queue_;
    int slots_;
    int inside_ = 0;
};

class Service {
public:
    Service(Store& store, const jxjy::Schemas& schemas, ServiceConfig config, Clock clock);

    Result<LoginResult> login(const std::string& login, const std::string& password, const std::string& remote);
    Result<Principal> authenticate(const std::string& token);
    Result<bool> logout(const std::string& token, const Principal& who);
    Result<bool> change_password(const Principal& who, const std::string& old_password,
                                 const std::string& new_password);

    Result<SubmitResult> submit(const SubmitRequest& req);
    Result<Submission> submission_for(const Principal& who, long id);

    // The county roster of `year` (.xlsx bytes): every unit's latest version.
    Result<std::string> county_roster(int year, const std::string& actor);

    // The annotated verdict workbook (.xlsx bytes) of a stored submission.
    Result<std::string> annotated_workbook(const Submission& s);

    // Official 学时 records (CSV/xlsx/ods in the 统计表 layout); recomputes the
    // verdicts of the year's latest submissions. Returns how many records.
    Result<long> import_official(const std::string& actor, int year, const std::string& bytes,
                                 const std::string& filename);
    Result<long> import_teachers(const std::string& actor, const std::vector<jxjy::RegistryEntry>& teachers);
    // The registry as exported by the county's management system: a sheet with
    // 继续教育编号, 姓名, 单位代码 and 状态 (在职/离校) columns (.csv/.xlsx/.ods).
    Result<long> import_teachers_file(const std::string& actor, const std::string& bytes, const std::string& filename);

    // Accounts: returns the random initial password (shown once).
    Result<std::string> create_account(const std::string& actor, const std::string& login, const std::string& unit_code,
                                       const std::string& role);
    Result<std::string> reset_password(const std::string& actor, const std::string& login);

    Store& store() { return store_; }
    const jxjy::Schemas& schemas() const { return schemas_; }
    long long now() const { return clock_(); }
    void audit(const std::string& actor, const std::string& action, const std::string& object,
               const std::string& outcome, const std::string& detail = "");

private:
    struct Evaluation {
        std::string result_json;
        std::string roster_json;
        int year = 0;
        long rows = 0, errors = 0, warnings = 0, qualified = 0, unqualified = 0;
    };
    Result<Evaluation> evaluate(const SubmitRequest& req);
    // `with_roster`: also the rows as a JSON roster (for a file; a JSON body already is one).
    Result<Evaluation> evaluate_rows(std::vector<jxjy::RawRow> rows, int year, const std::string& title,
                                     const std::string& unit_name, const std::string& unit_code, bool with_roster);
    Result<long> recompute(int year, const std::string& actor);

    Store& store_;
    const jxjy::Schemas& schemas_;
    ServiceConfig config_;
    Clock clock_;
    std::mutex in_flight_mu_;
    std::set<std::string> in_flight_;  // unit + idempotency key being processed
    std::string dummy_hash_;           // checked for unknown logins, so they take as long as known ones
    FairGate gate_{4};                 // evaluations at once: about the machine's cores
};

// The HTTP status that goes with an error code.
int http_status(const std::string& error_code);

}  // namespace jxjyd
