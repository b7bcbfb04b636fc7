// jxjyd on loopback: the whole flow, authorisation between units, idempotency,
// versions, official re-import, and every kind of bad request.

#include <regex>
#include <set>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/X509Certificate.h>

#include "harness.h"
#include "jxjy/roster_file.h"

using namespace jxjyd;
using namespace jxjyd::test;

namespace {

void register_teachers(Server& s, const std::string& unit, const std::vector<std::string>& ids,
                       double external_hours = 96) {
    std::vector<jxjy::RegistryEntry> teachers;
    std::vector<std::pair<jxjy::OfficialRecord, std::string>> records;
    for (const auto& id : ids) {
        teachers.push_back({id, "样例", unit, unit, false});
        records.push_back({jxjy::OfficialRecord{id, "样例", 80, 8, external_hours, external_hours / 10, true}, unit});
    }
    REQUIRE(s.store->upsert_teachers(teachers));
    REQUIRE(s.store->replace_official(2023, records, s.clock));
}

std::map<std::string, std::string> key(const std::string& k) {
    return {{"Idempotency-Key", k}};
}

}  // namespace

TEST_CASE("health answers without a login", "[integration][daemon]") {
    Server s;
    auto r = s.request("GET", "/api/v1/health");
    CHECK(r.status == 200);
    CHECK(r.j["status"] == "ok");
}

TEST_CASE("the whole flow: login, first-login password change, submit, verdicts, read back", "[integration][daemon]") {
    Server s;
    REQUIRE(s.store->add_unit(Unit{"erzhong", "泸县二中", "direct", ""}));
    auto pw = s.service->create_account("test", "erzhong", "erzhong", "unit");
    REQUIRE(pw);
    register_teachers(s, "erzhong", {"004002006", "004002007"});

    auto login = s.post_json("/api/v1/login", {{"login", "erzhong"}, {"password", *pw}});
    REQUIRE(login.status == 200);
    CHECK(login.j["must_change_password"] == true);
    std::string token = login.j["token"];
    CHECK(token.size() == 64);

    // Nothing but the password change until it is done.
    auto blocked = s.post_json("/api/v1/submissions", roster({"004002006"}), token, key("a"));
    CHECK(blocked.status == 403);
    CHECK(blocked.j["error"]["code"] == "PASSWORD_CHANGE_REQUIRED");
    auto weak = s.post_json("/api/v1/password", {{"old_password", *pw}, {"new_password", "12345678"}}, token);
    CHECK(weak.status == 422);
    CHECK(weak.j["error"]["code"] == "PASSWORD_WEAK");
    auto wrong = s.post_json("/api/v1/password", {{"old_password", "nope"}, {"new_password", "Better-pass-1"}}, token);
    CHECK(wrong.status == 401);
    REQUIRE(s.post_json("/api/v1/password", {{"old_password", *pw}, {"new_password", "Better-pass-1"}}, token).status ==
            200);

    auto sub = s.post_json("/api/v1/submissions", roster({"004002006", "004002007"}), token, key("k-1"));
    REQUIRE(sub.status == 201);
    CHECK(sub.j["submission"]["version"] == 1);
    CHECK(sub.j["submission"]["unit"] == "erzhong");
    CHECK(sub.j["summary"]["errors"] == 0);
    CHECK(sub.j["rows"].size() == 2);
    CHECK(sub.j["rows"][0]["county_verdict"] == "合格");
    CHECK(sub.j["rows"][0]["id"] == "004002006");
    long id = sub.j["submission"]["id"];

    auto back = s.get("/api/v1/submissions/" + std::to_string(id), token);
    REQUIRE(back.status == 200);
    CHECK(back.j["rows"] == sub.j["rows"]);
    auto list = s.get("/api/v1/submissions", token);
    REQUIRE(list.status == 200);
    CHECK(list.j["submissions"].size() == 1);

    // The annotated workbook comes back as .xlsx.
    auto xlsx = s.get("/api/v1/submissions/" + std::to_string(id) + "/annotated", token);
    CHECK(xlsx.status == 200);
    CHECK(xlsx.content_type.find("spreadsheetml") != std::string::npos);
    CHECK(xlsx.body.compare(0, 2, "PK") == 0);

    REQUIRE(s.post_json("/api/v1/logout", json::object(), token).status == 200);
    CHECK(s.get("/api/v1/submissions", token).status == 401);
}

TEST_CASE("a spreadsheet file is a submission too", "[integration][daemon]") {
    Server s;
    std::string token = s.unit_with_account("erzhong");
    std::string csv = slurp(std::string(JXJY_TEST_DATA) + "/official_clean.csv");
    auto r = s.request("POST", "/api/v1/submissions", csv,
                       {{"Authorization", "Bearer " + token}, {"Content-Type", "text/csv"}, {"Idempotency-Key", "f1"}});
    REQUIRE(r.status == 201);
    CHECK(r.j["summary"]["rows"] == 5);
    // Nobody is in the registry: every ID is unknown to the county.
    CHECK(r.j["diagnostics"][0]["code"] == "ID_UNKNOWN");
    std::string bad = slurp(std::string(JXJY_TEST_DATA) + "/bad_no_header.csv");
    auto refused =
        s.request("POST", "/api/v1/submissions", bad,
                  {{"Authorization", "Bearer " + token}, {"Content-Type", "text/csv"}, {"Idempotency-Key", "f2"}});
    CHECK(refused.status == 422);
    CHECK(refused.j["error"]["code"] == "HEADER_NOT_FOUND");
}

TEST_CASE("idempotent retries, conflicting keys and new versions", "[integration][daemon]") {
    Server s;
    std::string token = s.unit_with_account("erzhong");
    register_teachers(s, "erzhong", {"004002006", "004002007"});
    auto first = s.post_json("/api/v1/submissions", roster({"004002006"}), token, key("same"));
    REQUIRE(first.status == 201);
    auto retry = s.post_json("/api/v1/submissions", roster({"004002006"}), token, key("same"));
    CHECK(retry.status == 200);
    CHECK(retry.j["submission"]["id"] == first.j["submission"]["id"]);
    auto conflict = s.post_json("/api/v1/submissions", roster({"004002007"}), token, key("same"));
    CHECK(conflict.status == 422);
    CHECK(conflict.j["error"]["code"] == "IDEMPOTENCY_MISMATCH");
    auto second = s.post_json("/api/v1/submissions", roster({"004002006", "004002007"}), token, key("other"));
    REQUIRE(second.status == 201);
    CHECK(second.j["submission"]["version"] == 2);
    CHECK(s.store->submissions("erzhong", 10).size() == 2);
    CHECK(s.post_json("/api/v1/submissions", roster({"004002006"}), token).j["error"]["code"] == "BAD_REQUEST");
}

TEST_CASE("unit A can reach none of unit B's data", "[integration][daemon][authz]") {
    Server s;
    std::string a = s.unit_with_account("unita");
    std::string b = s.unit_with_account("unitb");
    auto sub = s.post_json("/api/v1/submissions", roster({"004002006"}), b, key("b1"));
    REQUIRE(sub.status == 201);
    std::string id = std::to_string(sub.j["submission"]["id"].get<long>());

    CHECK(s.get("/api/v1/submissions/" + id, a).status == 404);
    CHECK(s.get("/api/v1/submissions/" + id + "/annotated", a).status == 404);
    CHECK(s.get("/api/v1/submissions?unit=unitb", a).status == 403);
    auto own = s.get("/api/v1/submissions", a);
    CHECK(own.j["submissions"].empty());
    CHECK(s.post_json("/api/v1/submissions?unit=unitb", roster({"004002006"}), a, key("x")).status == 403);
    CHECK(s.get("/api/v1/units", a).status == 403);
    CHECK(s.request("POST", "/api/v1/official-records?year=2023", "x",
                    {{"Authorization", "Bearer " + a}, {"Content-Type", "text/csv"}})
              .status == 403);
    // B's data is untouched and still B's.
    CHECK(s.get("/api/v1/submissions/" + id, b).status == 200);

    // The county sees every unit.
    std::string county = s.unit_with_account("reviewer", "reviewer", "county");
    CHECK(s.get("/api/v1/submissions/" + id, county).status == 200);
    auto units = s.get("/api/v1/units?year=2023", county);
    REQUIRE(units.status == 200);
    int submitted = 0;
    for (const auto& u : units.j["units"]) submitted += u["submitted"].get<bool>() ? 1 : 0;
    CHECK(submitted == 1);
    // A reviewer may not import.
    CHECK(s.request("POST", "/api/v1/official-records?year=2023", "x",
                    {{"Authorization", "Bearer " + county}, {"Content-Type", "text/csv"}})
              .status == 403);
}

TEST_CASE("re-importing official records recomputes verdicts and records the change", "[integration][daemon]") {
    Server s;
    std::string token = s.unit_with_account("erzhong");
    register_teachers(s, "erzhong", {"004002006", "004002007"});
    auto sub = s.post_json("/api/v1/submissions", roster({"004002006", "004002007"}), token, key("v"));
    REQUIRE(sub.status == 201);
    CHECK(sub.j["rows"][1]["county_verdict"] == "合格");

    std::string admin = s.unit_with_account("admin", "admin", "county");
    std::string csv =
        "继续教育编号,姓名,校本研修学时,校本研修学分,校外研培与网络研培学时,校外研培与网络研培学分,公需科目\n"
        "004002006,样例,80,8,96,9.6,合格\n"
        "004002007,样例,80,8,40,4,合格\n";
    auto imp = s.request("POST", "/api/v1/official-records?year=2023", csv,
                         {{"Authorization", "Bearer " + admin}, {"Content-Type", "text/csv"}});
    REQUIRE(imp.status == 200);
    CHECK(imp.j["records"] == 2);

    auto after = s.get("/api/v1/submissions/" + std::to_string(sub.j["submission"]["id"].get<long>()), token);
    CHECK(after.j["rows"][1]["county_verdict"] == "不合格");
    bool mismatch = false;
    for (const auto& d : after.j["diagnostics"])
        mismatch = mismatch || (d["code"] == "OFFICIAL_MISMATCH" && d["row"] == 6);
    CHECK(mismatch);
    auto changes = s.store->audit_log(50, "admin", "verdict_change");
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].detail.find("004002007: 合格 -> 不合格") != std::string::npos);
}

TEST_CASE("the county roster: every unit's latest rows, sorted by ID, with the county's verdicts",
          "[integration][daemon]") {
    Server s;
    std::string a = s.unit_with_account("unita");
    std::string b = s.unit_with_account("unitb");
    REQUIRE(s.store->upsert_teachers({{"004002003", "样例", "unita", "unita", false},
                                      {"004002009", "样例", "unita", "unita", false},
                                      {"004002006", "样例", "unitb", "unitb", false}}));
    REQUIRE(s.store->replace_official(2023,
                                      {{jxjy::OfficialRecord{"004002003", "样例", 80, 8, 96, 9.6, true}, "unita"},
                                       {jxjy::OfficialRecord{"004002009", "样例", 80, 8, 96, 9.6, true}, "unita"},
                                       // 40 校外学时: 不合格 by the official record
                                       {jxjy::OfficialRecord{"004002006", "样例", 80, 8, 40, 4, true}, "unitb"}},
                                      s.clock));
    REQUIRE(s.post_json("/api/v1/submissions", roster({"004002003", "004002009"}), a, key("a")).status == 201);
    REQUIRE(s.post_json("/api/v1/submissions", roster({"004002006"}), b, key("b")).status == 201);
    std::string county = s.unit_with_account("reviewer", "reviewer", "county");
    auto x = s.get("/api/v1/county-roster?year=2023", county);
    REQUIRE(x.status == 200);
    CHECK(s.get("/api/v1/county-roster?year=2023", a).status == 403);
    auto path = (s.dir / "county.xlsx").string();
    std::ofstream(path, std::ios::binary) << x.body;
    auto read = jxjy::validate_file(path, schemas(), 2023);
    REQUIRE(read);
    REQUIRE(read->result.rows.size() == 3);
    CHECK(read->result.rows[0].id == "004002003");
    CHECK(read->result.rows[1].id == "004002006");
    CHECK(read->result.rows[2].id == "004002009");
    CHECK(read->result.rows[1].declared == jxjy::Verdict::Unqualified);  // the county's verdict, not the unit's 合格
    CHECK(read->result.rows[0].declared == jxjy::Verdict::Qualified);
    for (const auto& d : read->result.diagnostics) CHECK(d.code != jxjy::Code::IdOrder);
}

TEST_CASE("bad requests get clear JSON errors", "[integration][daemon]") {
    Server s(4096);
    std::string token = s.unit_with_account("erzhong");
    auto auth = [&](std::map<std::string, std::string> h) {
        h["Authorization"] = "Bearer " + token;
        return h;
    };
    auto malformed = s.request("POST", "/api/v1/submissions", "{not json",
                               auth({{"Content-Type", "application/json"}, {"Idempotency-Key", "m"}}));
    CHECK(malformed.status == 422);
    CHECK(malformed.j["error"]["code"] == "PAYLOAD_INVALID");
    auto shape = s.post_json("/api/v1/submissions", {{"rows", "nope"}}, token, key("shape"));
    CHECK(shape.status == 422);
    CHECK(shape.j["error"]["message"].get<std::string>().find("rows") != std::string::npos);
    auto media =
        s.request("POST", "/api/v1/submissions", "x", auth({{"Content-Type", "image/png"}, {"Idempotency-Key", "p"}}));
    CHECK(media.status == 415);
    auto empty =
        s.request("POST", "/api/v1/submissions", "", auth({{"Content-Type", "text/csv"}, {"Idempotency-Key", "e"}}));
    CHECK(empty.status == 400);
    auto big = s.request("POST", "/api/v1/submissions", std::string(5000, 'x'),
                         auth({{"Content-Type", "text/csv"}, {"Idempotency-Key", "b"}}));
    CHECK(big.status == 413);
    CHECK(big.j["error"]["code"] == "BODY_TOO_LARGE");
    CHECK(s.get("/api/v1/submissions", "not-a-token").status == 401);
    CHECK(s.request("GET", "/api/v1/submissions").status == 401);
    CHECK(s.get("/api/v1/nothing-here", token).status == 404);
    CHECK(s.get("/api/v1/submissions/abc", token).status == 404);
    CHECK(s.request("DELETE", "/api/v1/health").status == 405);
    CHECK(s.request("POST", "/api/v1/login", "{}", {{"Content-Type", "application/json"}}).status == 400);
    CHECK(s.request("POST", "/api/v1/login", "x", {{"Content-Type", "text/plain"}}).status == 415);
    for (const auto& r : {malformed, media, empty, big})
        CHECK_FALSE(r.j["error"]["message"].get<std::string>().empty());

    // Tokens expire after the idle time, and after the absolute time however busy.
    s.clock += 31 * 60;
    auto expired = s.get("/api/v1/submissions", token);
    CHECK(expired.status == 401);
    CHECK(expired.j["error"]["code"] == "TOKEN_EXPIRED");
}

TEST_CASE("failed logins lock an account for a while, not for ever", "[integration][daemon][authz]") {
    Server s;
    REQUIRE(s.store->add_unit(Unit{"erzhong", "泸县二中", "direct", ""}));
    auto pw = s.service->create_account("test", "erzhong", "erzhong", "unit");
    REQUIRE(pw);
    for (int i = 0; i < 5; ++i)
        CHECK(s.post_json("/api/v1/login", {{"login", "erzhong"}, {"password", "wrong"}}).status == 401);
    auto locked = s.post_json("/api/v1/login", {{"login", "erzhong"}, {"password", *pw}});
    CHECK(locked.status == 429);
    CHECK(locked.j["error"]["code"] == "ACCOUNT_LOCKED");
    s.clock += 16 * 60;
    CHECK(s.post_json("/api/v1/login", {{"login", "erzhong"}, {"password", *pw}}).status == 200);
    CHECK(s.post_json("/api/v1/login", {{"login", "nobody"}, {"password", "x"}}).status == 401);
}

TEST_CASE("the audit log records logins, submissions and account changes, never secrets", "[integration][daemon]") {
    Server s;
    std::string token = s.unit_with_account("erzhong");
    s.post_json("/api/v1/login", {{"login", "erzhong"}, {"password", "wrong-one"}});
    REQUIRE(s.post_json("/api/v1/submissions", roster({"004002006"}), token, key("a1")).status == 201);
    auto log = s.store->audit_log(100, "", "");
    std::map<std::string, int> actions;
    for (const auto& e : log) {
        actions[e.action + "/" + e.outcome]++;
        for (const std::string& field : {e.actor, e.object, e.detail}) {
            CHECK(field.find(token) == std::string::npos);
            CHECK(field.find("wrong-one") == std::string::npos);
            CHECK(field.find("Str0ng") == std::string::npos);
        }
    }
    CHECK(actions["login/ok"] == 1);
    CHECK(actions["login/failed"] == 1);
    CHECK(actions["submit/ok"] == 1);
    CHECK(actions["create_account/ok"] == 1);
    CHECK(actions["change_password/ok"] == 1);
}

TEST_CASE("backup with the online API and restore", "[integration][daemon]") {
    Server s;
    std::string token = s.unit_with_account("erzhong");
    REQUIRE(s.post_json("/api/v1/submissions", roster({"004002006"}), token, key("bk")).status == 201);
    std::string backup = (s.dir / "backup.sqlite3").string();
    REQUIRE(s.store->backup_to(backup));
    REQUIRE(s.post_json("/api/v1/submissions", roster({"004002006", "004002009"}), token, key("bk2")).status == 201);
    std::string restored = (s.dir / "restored.sqlite3").string();
    REQUIRE(SqliteStore::restore(backup, restored));
    auto r = SqliteStore::open(restored, std::string(JXJY_TEST_SCHEMAS) + "/sql");
    REQUIRE(r);
    CHECK((*r)->integrity_check() == "ok");
    CHECK((*r)->submissions("erzhong", 10).size() == 1);
    CHECK(s.store->submissions("erzhong", 10).size() == 2);
}

TEST_CASE("every operation in schemas/openapi.yaml exists and answers with a documented status",
          "[integration][daemon]") {
    Server s;
    std::string admin = s.unit_with_account("admin", "admin", "county");
    auto sub = s.post_json("/api/v1/submissions?unit=county", roster({"004002006"}), admin, key("o1"));
    REQUIRE(sub.status == 201);
    std::string id = std::to_string(sub.j["submission"]["id"].get<long>());

    // A line-based reading of the spec: paths, their methods, each method's statuses.
    std::ifstream in(std::string(JXJY_TEST_SCHEMAS) + "/openapi.yaml");
    std::string line, path, method;
    std::map<std::pair<std::string, std::string>, std::set<int>> ops;
    std::regex path_re(R"(^  (/[^:]*):\s*$)"), method_re(R"(^    (get|post|put|delete):\s*$)"),
        status_re(R"re(^        "(\d{3})":)re");
    std::smatch m;
    while (std::getline(in, line)) {
        if (line.rfind("components:", 0) == 0) break;
        if (std::regex_search(line, m, path_re))
            path = m[1];
        else if (std::regex_search(line, m, method_re))
            method = m[1];
        else if (std::regex_search(line, m, status_re))
            ops[{path, method}].insert(std::stoi(m[1]));
    }
    REQUIRE(ops.size() >= 10);
    for (const auto& [op, statuses] : ops) {
        std::string p = std::regex_replace(op.first, std::regex(R"(\{id\})"), id);
        std::string verb = op.second == "get" ? "GET" : "POST";
        std::map<std::string, std::string> headers{{"Authorization", "Bearer " + admin}, {"Idempotency-Key", "spec"}};
        std::string body = "{}";
        headers["Content-Type"] = p.find("official-records") != std::string::npos ? "text/csv" : "application/json";
        if (p == "/logout") continue;  // would end the session the other checks use
        auto r = s.request(verb, "/api/v1" + p + (p == "/official-records" ? "?year=2023" : ""),
                           verb == "POST" ? body : "", headers);
        INFO(verb << " " << p << " -> " << r.status << " " << r.body.substr(0, 200));
        CHECK(statuses.count(r.status) == 1);
        CHECK(r.status != 404);
    }
}

TEST_CASE("TLS 1.2+ when a certificate is configured", "[integration][daemon]") {
    auto dir = std::filesystem::temp_directory_path() / ("jxjyd-tls-" + random_hex(4));
    std::filesystem::create_directories(dir);
    std::string key = (dir / "key.pem").string(), cert = (dir / "cert.pem").string();
    std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -keyout " + key + " -out " + cert +
                      " -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
    HttpConfig hc;
    hc.tls_certificate = cert;
    hc.tls_private_key = key;
    Server s(1 << 20, hc);

    Poco::Net::Context::Ptr ctx =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, cert, Poco::Net::Context::VERIFY_RELAXED);
    Poco::Net::HTTPSClientSession session("127.0.0.1", s.api->port(), ctx);
    Poco::Net::HTTPRequest req("GET", "/api/v1/health");
    session.sendRequest(req);
    Poco::Net::HTTPResponse resp;
    std::ostringstream body;
    body << session.receiveResponse(resp).rdbuf();
    CHECK(resp.getStatus() == Poco::Net::HTTPResponse::HTTP_OK);
    CHECK(body.str().find("\"ok\"") != std::string::npos);
    CHECK(session.serverCertificate().commonName() == "127.0.0.1");

    // Plain HTTP to the TLS port gets no answer.
    Poco::Net::HTTPClientSession plain("127.0.0.1", s.api->port());
    plain.setTimeout(Poco::Timespan(2, 0));
    bool answered = false;
    try {
        Poco::Net::HTTPRequest r2("GET", "/api/v1/health");
        plain.sendRequest(r2);
        Poco::Net::HTTPResponse resp2;
        plain.receiveResponse(resp2);
        answered = resp2.getStatus() == Poco::Net::HTTPResponse::HTTP_OK;
    } catch (const std::exception&) {
    }
    CHECK_FALSE(answered);
    std::filesystem::remove_all(dir);
}

TEST_CASE("the WAL is checkpointed while submissions come in: it stays small", "[integration][daemon]") {
    Server s;
    REQUIRE(s.store->add_unit(Unit{"erzhong", "泸县二中", "direct", ""}));
    std::vector<std::string> ids;
    for (int i = 0; i < 300; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "004%06d", i * 3 + 1);
        ids.push_back(id);
    }
    const std::string body = roster(ids).dump();
    // 200 rosters of 300 rows: some 15 MB through the store.
    for (int n = 0; n < 200; ++n) {
        SubmitRequest req;
        req.unit_code = "erzhong";
        req.idempotency_key = "wal-" + std::to_string(n);
        req.media = "json";
        req.body = body + std::string(static_cast<std::size_t>(n % 7), ' ');  // not the same content
        req.actor = "test";
        REQUIRE(s.service->submit(req));
    }
    const auto wal = std::filesystem::file_size(s.dir / "jxjy.sqlite3-wal");
    INFO("WAL " << wal << " bytes, database " << std::filesystem::file_size(s.dir / "jxjy.sqlite3") << " bytes");
    CHECK(wal < 8u << 20);  // SQLite's automatic checkpoint keeps it near 4 MB
    CHECK(std::filesystem::file_size(s.dir / "jxjy.sqlite3") > 4u << 20);
    CHECK(s.store->integrity_check() == "ok");
}
