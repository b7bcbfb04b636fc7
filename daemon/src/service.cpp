#include "service.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "jxjy/annotate.h"
#include "jxjy/central.h"
#include "jxjy/payload.h"
#include "jxjy/report.h"
#include "jxjy/roster_file.h"
#include "jxjy/table.h"
#include "jxjy/text.h"

namespace jxjyd {
namespace {

using jxjy::make_error;

// Reads the rows of a roster file without validating, keeping the meta.
struct ReadRoster {
    std::vector<jxjy::RawRow> rows;
    jxjy::RosterMeta meta;
};

Result<ReadRoster> read_roster_bytes(const std::string& bytes, const std::string& filename, const jxjy::Layout& layout,
                                     std::vector<jxjy::Column> required = {}) {
    auto wb = jxjy::open_workbook_bytes(bytes, filename);
    if (!wb) return wb.error();
    std::optional<Error> first;
    for (std::size_t i = 0; i < (*wb)->sheet_names().size(); ++i) {
        auto sheet = (*wb)->open_sheet(i);
        if (!sheet) return sheet.error();
        auto reader =
            required.empty() ? jxjy::RosterReader(**sheet, layout) : jxjy::RosterReader(**sheet, layout, required);
        auto meta = reader.open();
        if (!meta) {
            if (meta.error().code != "HEADER_NOT_FOUND") return meta.error();
            if (!first) first = meta.error();
            continue;
        }
        ReadRoster out;
        out.meta = *meta;
        jxjy::RawRow row;
        for (;;) {
            auto r = reader.next(row);
            if (!r) return r.error();
            if (!*r) break;
            if (!jxjy::is_blank(row)) out.rows.push_back(row);
        }
        return out;
    }
    return first ? *first : make_error("HEADER_NOT_FOUND", "文件中没有工作表。");
}

}  // namespace

int http_status(const std::string& code) {
    static const std::map<std::string, int> statuses = {
        {"BAD_REQUEST", 400},
        {"BODY_INCOMPLETE", 400},
        {"AUTH_REQUIRED", 401},
        {"AUTH_FAILED", 401},
        {"TOKEN_EXPIRED", 401},
        {"FORBIDDEN", 403},
        {"PASSWORD_CHANGE_REQUIRED", 403},
        {"NOT_FOUND", 404},
        {"METHOD_NOT_ALLOWED", 405},
        {"REQUEST_TIMEOUT", 408},
        {"IDEMPOTENCY_IN_FLIGHT", 409},
        {"UNIT_EXISTS", 409},
        {"ACCOUNT_EXISTS", 409},
        {"BODY_TOO_LARGE", 413},
        {"UNSUPPORTED_MEDIA_TYPE", 415},
        {"ACCOUNT_LOCKED", 429},
        {"STORE_BUSY", 503},
        {"SERVICE_STOPPING", 503},
        {"STORE_FULL", 507},
        {"STORE_FAILED", 500},
        {"INTERNAL", 500},
    };
    auto it = statuses.find(code);
    return it == statuses.end() ? 422 : it->second;  // everything about the content itself
}

void FairGate::enter() {
    std::unique_lock<std::mutex> lock(mu_);
    if (queue_.empty() && inside_ < slots_) {
        ++inside_;
        return;
    }
    Waiter me;
    queue_.push_back(&me);
    me.cv.wait(lock, [&] { return me.admitted; });  // the slot was handed over: inside_ already counts it
}

void FairGate::leave() {
    std::lock_guard<std::mutex> lock(mu_);
    if (queue_.empty()) {
        --inside_;
        return;
    }
    Waiter* next = queue_.front();
    queue_.pop_front();
    next->admitted = true;
    next->cv.notify_one();
}

Service::Service(Store& store, const jxjy::Schemas& schemas, ServiceConfig config, Clock clock)
    : store_(store),
      schemas_(schemas),
      config_(std::move(config)),
      clock_(std::move(clock)),
      dummy_hash_(hash_password(random_hex(16), config_.kdf)) {}

void Service::audit(const std::string& actor, const std::string& action, const std::string& object,
                    const std::string& outcome, const std::string& detail) {
    store_.audit(AuditEntry{now(), actor, action, object, outcome, detail});
}

Result<LoginResult> Service::login(const std::string& login, const std::string& password, const std::string& remote) {
    const Error failed = make_error("AUTH_FAILED", "账号或密码不正确。");
    auto account = store_.account_by_login(login);
    if (!account) {
        // Spend the same time as a real check, so timing does not reveal which logins exist.
        verify_password(dummy_hash_, password);
        audit(login, "login", "", "failed", "unknown account, from " + remote);
        return failed;
    }
    long long t = now();
    if (account->locked_until > t) {
        audit(login, "login", "", "locked", "from " + remote);
        long long minutes = (account->locked_until - t + 59) / 60;
        return make_error("ACCOUNT_LOCKED",
                          "登录失败次数过多，账号已暂时锁定，请 " + std::to_string(minutes) + " 分钟后再试。");
    }
    if (!verify_password(account->password_hash, password)) {
        int failures = account->failed_logins + 1;
        long long until = 0;
        if (failures >= config_.lockout_threshold) {
            until =
                t + config_.lockout_seconds;  // the lock ends by itself: an attacker cannot lock a unit out for good
            failures = 0;
        }
        store_.set_login_state(account->id, failures, until);
        audit(login, "login", "", until ? "failed, locked" : "failed", "from " + remote);
        return failed;
    }
    store_.set_login_state(account->id, 0, 0);
    std::string token = random_hex(32);
    auto added = store_.add_session(sha256_hex(token), account->id, t);
    if (!added) return added.error();
    audit(login, "login", "", "ok", "from " + remote);
    return LoginResult{token,
                       Principal{account->id, account->login, account->unit_code, account->role, account->must_change}};
}

Result<Principal> Service::authenticate(const std::string& token) {
    if (token.empty()) return make_error("AUTH_REQUIRED", "请先登录（缺少令牌）。");
    std::string h = sha256_hex(token);
    auto s = store_.session(h);
    if (!s) return make_error("AUTH_REQUIRED", "登录已失效，请重新登录。");
    long long t = now();
    if (t - s->last_seen > config_.idle_timeout || t - s->created_at > config_.absolute_timeout) {
        store_.delete_session(h);
        return make_error("TOKEN_EXPIRED", "登录已过期，请重新登录。");
    }
    auto a = store_.account(s->account_id);
    if (!a) return make_error("AUTH_REQUIRED", "账号不存在，请重新登录。");
    store_.touch_session(h, t);
    return Principal{a->id, a->login, a->unit_code, a->role, a->must_change};
}

Result<bool> Service::logout(const std::string& token, const Principal& who) {
    auto r = store_.delete_session(sha256_hex(token));
    audit(who.login, "logout", "", r ? "ok" : "failed");
    return r;
}

Result<bool> Service::change_password(const Principal& who, const std::string& old_password,
                                      const std::string& new_password) {
    auto a = store_.account(who.account_id);
    if (!a) return make_error("AUTH_REQUIRED", "账号不存在。");
    if (!verify_password(a->password_hash, old_password)) {
        audit(who.login, "change_password", who.login, "failed", "wrong current password");
        return make_error("AUTH_FAILED", "当前密码不正确。");
    }
    std::string problem = password_problem(new_password, who.login, config_.common_passwords);
    if (problem.empty() && new_password == old_password) problem = "新密码不能与当前密码相同。";
    if (!problem.empty()) return make_error("PASSWORD_WEAK", problem);
    auto r = store_.set_password(a->id, hash_password(new_password, config_.kdf), false);
    audit(who.login, "change_password", who.login, r ? "ok" : "failed");
    return r;
}

Result<std::string> Service::create_account(const std::string& actor, const std::string& login,
                                            const std::string& unit_code, const std::string& role) {
    if (role != "unit" && role != "reviewer" && role != "admin")
        return make_error("BAD_REQUEST", "角色只能是 unit（单位）、reviewer（审核）或 admin（管理员）。");
    if (!store_.unit(unit_code)) return make_error("NOT_FOUND", "单位 " + unit_code + " 不存在。");
    std::string password = random_password();
    Account a;
    a.login = login;
    a.unit_code = unit_code;
    a.role = role;
    a.password_hash = hash_password(password, config_.kdf);
    a.must_change = true;
    auto r = store_.add_account(a);
    audit(actor, "create_account", login, r ? "ok" : "failed", "unit " + unit_code + ", role " + role);
    if (!r) return r.error();
    return password;
}

Result<std::string> Service::reset_password(const std::string& actor, const std::string& login) {
    auto a = store_.account_by_login(login);
    if (!a) return make_error("NOT_FOUND", "账号 " + login + " 不存在。");
    std::string password = random_password();
    auto r = store_.set_password(a->id, hash_password(password, config_.kdf), true);
    if (r) store_.delete_sessions_of(a->id);
    audit(actor, "reset_password", login, r ? "ok" : "failed");
    if (!r) return r.error();
    return password;
}

Result<Service::Evaluation> Service::evaluate_rows(std::vector<jxjy::RawRow> rows, int year, const std::string& title,
                                                   const std::string& unit_name, const std::string& unit_code,
                                                   bool with_roster) {
    const jxjy::Policy* policy = schemas_.policy(year);
    if (!policy) return make_error("POLICY_MISSING", "没有 " + std::to_string(year) + " 学年的验证政策。");
    jxjy::Validator validator(schemas_.layout, *policy, schemas_.catalog);
    validator.reserve(rows.size());
    std::vector<jxjy::RawRow> kept;
    kept.reserve(rows.size());
    for (auto& r : rows)
        if (validator.add(r)) kept.push_back(std::move(r));
    jxjy::ValidationResult& res = validator.result();
    jxjy::RowChecker rules(schemas_.layout, *policy, schemas_.catalog);
    std::vector<jxjy::Diagnostic> central;
    std::vector<std::string> ids;
    for (const auto& r : res.rows)
        if (r.id_valid) ids.push_back(r.id);
    auto records = store_.snapshot(policy->year, ids);
    auto county = jxjy::central_checks(kept, res.rows, unit_code, policy->year, *records, rules, central);
    for (const auto& d : central) res.summary.count(d);
    res.diagnostics.insert(res.diagnostics.end(), central.begin(), central.end());
    std::stable_sort(res.diagnostics.begin(), res.diagnostics.end(),
                     [](const jxjy::Diagnostic& a, const jxjy::Diagnostic& b) {
                         return a.row != b.row ? a.row < b.row : a.column < b.column;
                     });

    Evaluation ev;
    ev.year = policy->year;
    jxjy::JsonWriter w;
    w.reserve(512 + res.rows.size() * 160 + res.diagnostics.size() * 300);
    w.begin_object().key("year").value(policy->year);
    jxjy::write_result_members(w, res, &county);
    w.end_object();
    ev.result_json = w.take();
    long county_qualified = 0;
    long county_unqualified = 0;
    for (const auto& c : county)
        if (c.verdict) (*c.verdict == jxjy::Verdict::Qualified ? county_qualified : county_unqualified) += 1;
    const auto& s = res.summary;
    ev.rows = s.rows;
    ev.errors = s.errors;
    ev.warnings = s.warnings;
    ev.qualified = county_qualified;
    ev.unqualified = county_unqualified;
    if (with_roster) {
        jxjy::RosterPayload payload{policy->year, title, unit_name, std::move(kept)};
        ev.roster_json = jxjy::roster_payload_json(payload);
    }
    return ev;
}

Result<Service::Evaluation> Service::evaluate(const SubmitRequest& req) {
    if (req.media == "json") {
        auto p = jxjy::parse_roster_payload(req.body);
        if (!p) return p.error();
        int year = p->year;
        return evaluate_rows(std::move(p->rows), year ? year : schemas_.policy(0)->year, p->title, p->unit_name,
                             req.unit_code, false);
    }
    auto read = read_roster_bytes(req.body, req.filename, schemas_.layout);
    if (!read) return read.error();
    int year = read->meta.year ? read->meta.year : schemas_.policy(0)->year;
    return evaluate_rows(std::move(read->rows), year, read->meta.title, read->meta.unit, req.unit_code, true);
}

Result<SubmitResult> Service::submit(const SubmitRequest& req) {
    if (!store_.unit(req.unit_code)) return make_error("NOT_FOUND", "单位 " + req.unit_code + " 不存在。");
    const std::string hash = sha256_hex({req.media, "\n", req.body});
    const std::string flight_key = req.unit_code + "\n" + (req.idempotency_key.empty() ? hash : req.idempotency_key);
    {
        std::lock_guard<std::mutex> lock(in_flight_mu_);
        if (!in_flight_.insert(flight_key).second)
            return make_error("IDEMPOTENCY_IN_FLIGHT", "同一份名册正在处理中，请稍候再查询结果。");
    }
    struct Release {
        Service& s;
        const std::string& key;
        ~Release() {
            std::lock_guard<std::mutex> lock(s.in_flight_mu_);
            s.in_flight_.erase(key);
        }
    } release{*this, flight_key};

    // A retry: the same key with the same content gets the stored result.
    std::optional<Submission> earlier = req.idempotency_key.empty()
                                            ? store_.submission_by_hash(req.unit_code, hash)
                                            : store_.submission_by_key(req.unit_code, req.idempotency_key);
    if (earlier) {
        if (earlier->content_hash != hash)
            return make_error("IDEMPOTENCY_MISMATCH",
                              "这个 Idempotency-Key 已用于另一份内容不同的名册。请为新的提交使用新的 Key。");
        return SubmitResult{*earlier, true};
    }
    gate_.enter();
    struct Leave {
        FairGate& g;
        ~Leave() { g.leave(); }
    } leave{gate_};
    auto ev = evaluate(req);
    if (!ev) {
        audit(req.actor, "submit", req.unit_code, "rejected", ev.error().code);
        return ev.error();
    }
    NewSubmission n;
    n.unit_code = req.unit_code;
    n.year = ev->year;
    n.account_id = req.account_id;
    n.idempotency_key = req.idempotency_key;
    n.content_hash = hash;
    n.source = req.source;
    n.filename = req.filename;
    n.original = req.body;
    n.roster_json = std::move(ev->roster_json);  // empty for JSON: the body already is the roster
    n.result_json = std::move(ev->result_json);
    n.rows = ev->rows;
    n.errors = ev->errors;
    n.warnings = ev->warnings;
    n.qualified = ev->qualified;
    n.unqualified = ev->unqualified;
    n.created_at = now();
    n.audit = [&](long id, int version) {
        return AuditEntry{n.created_at,
                          req.actor,
                          "submit",
                          "submission " + std::to_string(id),
                          "ok",
                          req.unit_code + " v" + std::to_string(version) + ", " + std::to_string(n.rows) + " rows, " +
                              std::to_string(n.errors) + " errors"};
    };
    auto stored = store_.add_submission(n);
    if (!stored) {
        audit(req.actor, "submit", req.unit_code, "failed", stored.error().code);
        return stored.error();
    }
    return SubmitResult{*stored, false};
}

Result<Submission> Service::submission_for(const Principal& who, long id) {
    auto s = store_.submission(id);
    // Another unit's submission is "not found", not "forbidden": its existence is not disclosed.
    if (!s || (!who.county() && s->unit_code != who.unit_code)) return make_error("NOT_FOUND", "找不到这次提交。");
    return *s;
}

namespace {

Result<std::string> read_and_remove(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error("WRITE_FAILED", "无法读取生成的表格。");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    std::error_code ec;
    std::filesystem::remove(path, ec);
    return bytes.str();
}

}  // namespace

Result<std::string> Service::county_roster(int year, const std::string& actor) {
    const jxjy::Policy* policy = schemas_.policy(year);
    if (!policy) return make_error("POLICY_MISSING", "没有 " + std::to_string(year) + " 学年的验证政策。");
    std::vector<jxjy::CountyRow> rows;
    for (const auto& sub : store_.latest_submissions(year)) {
        auto payload = jxjy::parse_roster_payload(sub.roster_json);
        auto result = nlohmann::json::parse(sub.result_json, nullptr, false);
        if (!payload || !result.is_object()) continue;
        auto unit = store_.unit(sub.unit_code);
        // result rows follow the stored (non-blank) rows one for one
        const auto& verdicts = result["rows"];
        for (std::size_t i = 0; i < payload->rows.size() && i < verdicts.size(); ++i) {
            const auto& v = verdicts[i]["county_verdict"];
            std::optional<jxjy::Verdict> verdict;
            if (v.is_string()) verdict = jxjy::parse_verdict(v.get<std::string>());
            rows.push_back(jxjy::CountyRow{unit ? unit->name : sub.unit_code, payload->rows[i],
                                           verdicts[i].value("id", ""), verdict});
        }
    }
    auto path = std::filesystem::temp_directory_path() / ("jxjyd-county-" + random_hex(8) + ".xlsx");
    auto ok = jxjy::write_county_roster_xlsx(std::move(rows), schemas_, *policy, path.string());
    audit(actor, "export", std::to_string(year), ok ? "ok" : "failed");
    if (!ok) return ok.error();
    return read_and_remove(path);
}

Result<std::string> Service::annotated_workbook(const Submission& s) {
    auto payload = jxjy::parse_roster_payload(s.roster_json);
    if (!payload) return payload.error();
    const jxjy::Policy* policy = schemas_.policy(s.year);
    if (!policy) return make_error("POLICY_MISSING", "没有 " + std::to_string(s.year) + " 学年的验证政策。");
    jxjy::FileReport report;
    report.meta.title = payload->title;
    report.meta.unit = payload->unit_name;
    report.policy_year = s.year;
    jxjy::Validator v(schemas_.layout, *policy, schemas_.catalog);
    for (auto& r : payload->rows)
        if (v.add(r)) report.raw_rows.push_back(r);
    report.result = std::move(v.result());
    // The findings as the county returned them, central ones included.
    auto stored = nlohmann::json::parse(s.result_json, nullptr, false);
    if (stored.is_object() && stored["diagnostics"].is_array()) {
        std::vector<jxjy::Diagnostic> diags;
        jxjy::Summary summary;
        for (const auto& d : stored["diagnostics"]) {
            auto col = jxjy::column_from_key(d.value("column", ""));
            auto code = jxjy::code_from_name(d.value("code", ""));
            if (!col || !code) continue;
            diags.push_back(
                jxjy::Diagnostic{d.value("row", 0), *col, *code,
                                 d.value("severity", "") == "error" ? jxjy::Severity::Error : jxjy::Severity::Warning,
                                 d.value("message", "")});
        }
        report.result.diagnostics = std::move(diags);
        summary = report.result.summary;
        summary.errors = summary.warnings = 0;
        for (const auto& d : report.result.diagnostics) summary.count(d);
        report.result.summary = summary;
    }
    auto path = std::filesystem::temp_directory_path() / ("jxjyd-annotated-" + random_hex(8) + ".xlsx");
    auto ok = jxjy::write_annotated_xlsx(report, schemas_, path.string());
    if (!ok) return ok.error();
    return read_and_remove(path);
}

Result<long> Service::import_teachers(const std::string& actor, const std::vector<jxjy::RegistryEntry>& teachers) {
    auto r = store_.upsert_teachers(teachers);
    audit(actor, "import_teachers", "", r ? "ok" : "failed", std::to_string(teachers.size()) + " teachers");
    if (!r) return r.error();
    return static_cast<long>(teachers.size());
}

Result<long> Service::import_teachers_file(const std::string& actor, const std::string& bytes,
                                           const std::string& filename) {
    auto wb = jxjy::open_workbook_bytes(bytes, filename);
    if (!wb) return wb.error();
    auto sheet = (*wb)->open_sheet(0);
    if (!sheet) return sheet.error();
    jxjy::TableRow row;
    int col_id = -1, col_name = -1, col_unit = -1, col_status = -1;
    std::vector<jxjy::RegistryEntry> teachers;
    for (;;) {
        auto r = (*sheet)->next(row);
        if (!r) return r.error();
        if (!*r) break;
        auto cell = [&row](int c) {
            if (c < 0 || static_cast<std::size_t>(c) >= row.cells.size()) return std::string();
            const jxjy::Cell& x = row.cells[static_cast<std::size_t>(c)];
            return x.kind == jxjy::Cell::Kind::Number ? jxjy::text::format_number(x.number)
                                                      : std::string(jxjy::text::trim(x.text));
        };
        if (col_id < 0) {  // still looking for the header
            for (std::size_t j = 0; j < row.cells.size(); ++j) {
                std::string h = jxjy::normalize_header(row.cells[j].text);
                if (h == "继续教育编号" || h == "继教编号")
                    col_id = static_cast<int>(j);
                else if (h == "姓名")
                    col_name = static_cast<int>(j);
                else if (h == "单位代码")
                    col_unit = static_cast<int>(j);
                else if (h == "状态")
                    col_status = static_cast<int>(j);
            }
            if (col_id >= 0 && (col_name < 0 || col_unit < 0 || col_status < 0))
                return make_error("HEADER_INCOMPLETE", "教师名单的表头应有“继续教育编号”“姓名”“单位代码”“状态”四列。");
            continue;
        }
        std::string id = cell(col_id);
        if (id.empty()) continue;
        if (id.size() < 9 && id.find_first_not_of("0123456789") == std::string::npos)
            id = std::string(9 - id.size(), '0') + id;
        if (id.size() != 9 || id.find_first_not_of("0123456789") != std::string::npos)
            return make_error("REGISTRY_INVALID",
                              "教师名单第 " + std::to_string(row.row) + " 行的继续教育编号“" + id + "”无效。");
        std::string unit = cell(col_unit);
        if (!store_.unit(unit))
            return make_error("REGISTRY_INVALID", "教师名单第 " + std::to_string(row.row) + " 行的单位代码“" + unit +
                                                      "”不存在，请先创建该单位。");
        std::string status = cell(col_status);
        if (status != "在职" && status != "离校")
            return make_error("REGISTRY_INVALID",
                              "教师名单第 " + std::to_string(row.row) + " 行的状态应为“在职”或“离校”。");
        teachers.push_back(jxjy::RegistryEntry{id, cell(col_name), unit, "", status == "离校"});
    }
    if (col_id < 0) return make_error("HEADER_NOT_FOUND", "教师名单中找不到“继续教育编号”列。");
    return import_teachers(actor, teachers);
}

Result<long> Service::import_official(const std::string& actor, int year, const std::string& bytes,
                                      const std::string& filename) {
    using C = jxjy::Column;
    auto read = read_roster_bytes(
        bytes, filename, schemas_.layout,
        {C::Id, C::Name, C::SchoolHours, C::SchoolCredits, C::ExternalHours, C::ExternalCredits, C::PublicCourse});
    if (!read) return read.error();
    const jxjy::Policy* policy = schemas_.policy(year);
    if (!policy) return make_error("POLICY_MISSING", "没有 " + std::to_string(year) + " 学年的验证政策。");
    jxjy::RowChecker rules(schemas_.layout, *policy, schemas_.catalog);
    std::vector<std::pair<jxjy::OfficialRecord, std::string>> records;
    for (const auto& row : read->rows) {
        std::vector<jxjy::Diagnostic> ignored;
        jxjy::CheckedRow c = rules.check(row, ignored);
        if (!c.id_valid)
            return make_error("OFFICIAL_INVALID", "学时统计表第 " + std::to_string(row.sheet_row) +
                                                      " 行的继续教育编号“" + c.id + "”无效。");
        if (!c.figures)
            return make_error("OFFICIAL_INVALID",
                              "学时统计表第 " + std::to_string(row.sheet_row) + " 行的学时、学分或公需科目无效。");
        const auto& f = *c.figures;
        records.push_back({jxjy::OfficialRecord{c.id, c.name, f.school_hours, f.school_credits, f.external_hours,
                                                f.external_credits, f.public_course_passed},
                           ""});
    }
    auto n = store_.replace_official(year, records, now());
    audit(actor, "import_official", std::to_string(year), n ? "ok" : "failed",
          std::to_string(records.size()) + " records");
    if (!n) return n.error();
    auto changed = recompute(year, actor);
    if (!changed) return changed.error();
    return *n;
}

// Re-evaluates the latest submission of every unit against the new records and
// records every verdict that changed.
Result<long> Service::recompute(int year, const std::string& actor) {
    long changed_total = 0;
    for (const auto& sub : store_.latest_submissions(year)) {
        auto payload = jxjy::parse_roster_payload(sub.roster_json);
        if (!payload) continue;
        auto ev =
            evaluate_rows(std::move(payload->rows), year, payload->title, payload->unit_name, sub.unit_code, false);
        if (!ev || ev->result_json == sub.result_json) continue;
        auto before = nlohmann::json::parse(sub.result_json, nullptr, false);
        auto after = nlohmann::json::parse(ev->result_json, nullptr, false);
        std::vector<VerdictChange> changes;
        if (before.is_object() && after.is_object() && before["rows"].size() == after["rows"].size()) {
            for (std::size_t i = 0; i < after["rows"].size(); ++i) {
                const auto& b = before["rows"][i]["county_verdict"];
                const auto& a = after["rows"][i]["county_verdict"];
                if (b == a) continue;
                changes.push_back(VerdictChange{sub.id, after["rows"][i]["id"].get<std::string>(),
                                                b.is_string() ? b.get<std::string>() : "",
                                                a.is_string() ? a.get<std::string>() : "",
                                                "进修校重新导入了 " + std::to_string(year) + " 学年学时记录"});
            }
        }
        auto r = store_.update_result(sub.id, ev->result_json, ev->errors, ev->warnings, ev->qualified, ev->unqualified,
                                      changes, now());
        if (!r) return r.error();
        for (const auto& c : changes)
            audit(actor, "verdict_change", "submission " + std::to_string(sub.id), "ok",
                  c.teacher_id + ": " + (c.before.empty() ? "无" : c.before) + " -> " +
                      (c.after.empty() ? "无" : c.after));
        changed_total += static_cast<long>(changes.size());
    }
    return changed_total;
}

}  // namespace jxjyd
