#pragma once
// A real jxjyd on loopback for tests: a fresh SQLite file in a temp dir, the
// service with an injected clock and a cheap KDF, the HTTP server on port 0,
// and a small client.

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "http_api.h"
#include "security.h"
#include "service.h"
#include "store_sqlite.h"

namespace jxjyd::test {

using nlohmann::json;

inline const jxjy::Schemas& schemas() {
    static const jxjy::Schemas s = [] {
        auto r = jxjy::load_schemas(JXJY_TEST_SCHEMAS);
        if (!r) FAIL(r.error().message);
        return std::move(*r);
    }();
    return s;
}

struct Response {
    int status = 0;
    std::string body;
    std::string content_type;
    json j;
};

struct Server {
    std::filesystem::path dir;
    std::unique_ptr<SqliteStore> store;
    std::atomic<long long> clock{1'700'000'000};
    std::unique_ptr<Service> service;
    std::unique_ptr<ApiServer> api;

    explicit Server(std::size_t max_body = 1 << 20, HttpConfig hc = {}) {
        dir = std::filesystem::temp_directory_path() / ("jxjyd-test-" + random_hex(6));
        std::filesystem::create_directories(dir);
        // A short busy timeout: the fault tests hold the database from another connection.
        auto s = SqliteStore::open((dir / "jxjy.sqlite3").string(), std::string(JXJY_TEST_SCHEMAS) + "/sql", 300);
        REQUIRE(s);
        store = std::move(*s);
        ServiceConfig cfg;
        cfg.kdf = KdfCost{1, 1024, 1};  // cheap for tests; production uses 64 MiB
        cfg.common_passwords = {"password123", "12345678"};
        service = std::make_unique<Service>(*store, schemas(), cfg, [this] { return clock.load(); });
        hc.port = 0;
        hc.max_body_bytes = max_body;
        api = std::make_unique<ApiServer>(*service, hc);
        api->start();
    }
    ~Server() {
        api->stop();
        api.reset();
        service.reset();
        store.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }

    Response request(const std::string& method, const std::string& path, const std::string& body = "",
                     const std::map<std::string, std::string>& headers = {}) {
        Poco::Net::HTTPClientSession session("127.0.0.1", api->port());
        Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& [k, v] : headers) req.set(k, v);
        if (!body.empty() || method == "POST") req.setContentLength(static_cast<std::streamsize>(body.size()));
        session.sendRequest(req) << body;
        Poco::Net::HTTPResponse resp;
        std::istream& in = session.receiveResponse(resp);
        Response r;
        r.status = static_cast<int>(resp.getStatus());
        r.content_type = resp.getContentType();
        std::ostringstream ss;
        ss << in.rdbuf();
        r.body = ss.str();
        if (r.content_type.find("json") != std::string::npos) r.j = json::parse(r.body, nullptr, false);
        return r;
    }

    Response post_json(const std::string& path, const json& body, const std::string& token = "",
                       std::map<std::string, std::string> headers = {}) {
        headers["Content-Type"] = "application/json";
        if (!token.empty()) headers["Authorization"] = "Bearer " + token;
        return request("POST", path, body.dump(), headers);
    }

    Response get(const std::string& path, const std::string& token) {
        return request("GET", path, "", {{"Authorization", "Bearer " + token}});
    }

    // A unit with an account whose first-login password change is done; returns its token.
    std::string unit_with_account(const std::string& code, const std::string& role = "unit",
                                  const std::string& unit = "") {
        std::string unit_code = unit.empty() ? code : unit;
        if (!store->unit(unit_code))
            REQUIRE(store->add_unit(Unit{unit_code, unit_code + "学校", role == "unit" ? "direct" : "county", ""}));
        auto pw = service->create_account("test", code, unit_code, role);
        REQUIRE(pw);
        auto login = post_json("/api/v1/login", {{"login", code}, {"password", *pw}});
        REQUIRE(login.status == 200);
        std::string token = login.j["token"];
        auto changed = post_json("/api/v1/password",
                                 {{"old_password", *pw}, {"new_password", "Str0ng-Pass-" + random_hex(4)}}, token);
        REQUIRE(changed.status == 200);
        return token;
    }
};

// A roster as the add-in sends it; `ids` in order, the figures of the notice's sample.
inline json roster(const std::vector<std::string>& ids, double external_hours = 96) {
    json rows = json::array();
    int line = 5;
    for (const auto& id : ids) {
        rows.push_back({{"row", line},
                        {"cells",
                         {{"seq", line - 4},
                          {"id", id},
                          {"name", "样例"},
                          {"gender", "男"},
                          {"birth", "1979-06"},
                          {"hire", "2000-06"},
                          {"school_hours", 80},
                          {"school_credits", 8},
                          {"external_hours", external_hours},
                          {"external_credits", external_hours / 10},
                          {"public_course", "合格"},
                          {"total_hours", 80 + external_hours},
                          {"total_credits", 8 + external_hours / 10},
                          {"verdict", "合格"}}}});
        ++line;
    }
    return json{{"year", 2023}, {"rows", rows}};
}

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace jxjyd::test
