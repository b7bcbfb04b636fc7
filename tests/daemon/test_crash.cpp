// The durability promise under fire: several clients submit to the real jxjyd
// binary while it is killed with SIGKILL at random moments and restarted. After
// every restart each acknowledged submission is in the store exactly once and
// PRAGMA integrity_check is ok. 20 rounds here; JXJY_CRASH_ROUNDS for longer
// runs (the `slow` label runs 200).

#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <Poco/Net/ServerSocket.h>

#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "harness.h"

extern char** environ;

using namespace jxjyd;
using namespace jxjyd::test;

namespace {

unsigned short free_port() {
    Poco::Net::ServerSocket s(Poco::Net::SocketAddress("127.0.0.1", 0));
    return s.address().port();
}

pid_t start_daemon(const std::string& data, unsigned short port) {
    std::string data_arg = "--data=" + data;
    std::string port_arg = "--port=" + std::to_string(port);
    const char* argv[] = {JXJYD_BINARY, "serve", data_arg.c_str(), port_arg.c_str(), nullptr};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, JXJYD_BINARY, &fa, nullptr, const_cast<char* const*>(argv), environ);
    posix_spawn_file_actions_destroy(&fa);
    REQUIRE(rc == 0);
    return pid;
}

bool healthy(unsigned short port) {
    try {
        Poco::Net::HTTPClientSession session("127.0.0.1", port);
        session.setTimeout(Poco::Timespan(1, 0));
        Poco::Net::HTTPRequest req("GET", "/api/v1/health");
        session.sendRequest(req);
        Poco::Net::HTTPResponse resp;
        session.receiveResponse(resp);
        return resp.getStatus() == Poco::Net::HTTPResponse::HTTP_OK;
    } catch (...) {
        return false;
    }
}

// POSTs with a fresh connection; returns the status, or 0 when the daemon died under it.
int post(unsigned short port, const std::string& path, const std::string& body,
         const std::map<std::string, std::string>& headers, std::string* out = nullptr) {
    try {
        Poco::Net::HTTPClientSession session("127.0.0.1", port);
        session.setTimeout(Poco::Timespan(10, 0));
        Poco::Net::HTTPRequest req("POST", path, Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& [k, v] : headers) req.set(k, v);
        req.setContentLength(static_cast<std::streamsize>(body.size()));
        session.sendRequest(req) << body;
        Poco::Net::HTTPResponse resp;
        std::istream& in = session.receiveResponse(resp);
        std::ostringstream ss;
        ss << in.rdbuf();
        if (out) *out = ss.str();
        return static_cast<int>(resp.getStatus());
    } catch (...) {
        return 0;
    }
}

}  // namespace

TEST_CASE("kill -9 under concurrent submissions loses and duplicates nothing", "[integration][daemon][crash]") {
    const int rounds = std::getenv("JXJY_CRASH_ROUNDS") ? std::atoi(std::getenv("JXJY_CRASH_ROUNDS")) : 20;
    const int clients = 4;
    auto dir = std::filesystem::temp_directory_path() / ("jxjyd-crash-" + random_hex(6));
    std::filesystem::create_directories(dir);
    const std::string db = (dir / "jxjy.sqlite3").string();

    // Units and accounts, written through the real store before the daemon runs.
    std::vector<std::string> passwords;
    {
        auto store = SqliteStore::open(db, std::string(JXJY_TEST_SCHEMAS) + "/sql");
        REQUIRE(store);
        ServiceConfig cfg;
        cfg.kdf = KdfCost{1, 1024, 1};
        Service svc(**store, schemas(), cfg, [] { return static_cast<long long>(time(nullptr)); });
        for (int c = 0; c < clients; ++c) {
            std::string code = "unit" + std::to_string(c);
            REQUIRE((*store)->add_unit(Unit{code, code, "direct", ""}));
            auto pw = svc.create_account("test", code, code, "unit");
            REQUIRE(pw);
            auto a = (*store)->account_by_login(code);
            REQUIRE((*store)->set_password(a->id, a->password_hash, false));
            passwords.push_back(*pw);
        }
    }

    std::mt19937 rng(12345);
    std::mutex mu;
    std::set<std::string> acknowledged;
    long attempts = 0;
    const std::string body = roster({"004002006", "004002007", "004002009"}).dump();
    for (int round = 0; round < rounds; ++round) {
        unsigned short port = free_port();
        pid_t pid = start_daemon(dir.string(), port);
        for (int i = 0; i < 200 && !healthy(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
        REQUIRE(healthy(port));

        std::atomic<bool> stop{false};
        std::vector<std::thread> threads;
        for (int c = 0; c < clients; ++c) {
            threads.emplace_back([&, c] {
                std::string out;
                std::string code = "unit" + std::to_string(c);
                if (post(port, "/api/v1/login",
                         json{{"login", code}, {"password", passwords[static_cast<std::size_t>(c)]}}.dump(),
                         {{"Content-Type", "application/json"}}, &out) != 200)
                    return;
                std::string token = json::parse(out)["token"];
                for (int n = 0; !stop; ++n) {
                    std::string k = "r" + std::to_string(round) + "-" + code + "-" + std::to_string(n);
                    int status = post(port, "/api/v1/submissions", body,
                                      {{"Content-Type", "application/json"},
                                       {"Authorization", "Bearer " + token},
                                       {"Idempotency-Key", k}});
                    std::lock_guard<std::mutex> lock(mu);
                    ++attempts;
                    if (status == 201 || status == 200) acknowledged.insert(code + "/" + k);
                    if (status == 0) return;  // the daemon is gone
                }
            });
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(50, 400)(rng)));
        kill(pid, SIGKILL);
        int st = 0;
        waitpid(pid, &st, 0);
        stop = true;
        for (auto& t : threads) t.join();

        // After the crash: every acknowledged submission is there exactly once; the file is sound.
        sqlite3* conn = nullptr;
        REQUIRE(sqlite3_open_v2(db.c_str(), &conn, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);  // recovers the WAL
        sqlite3_stmt* q = nullptr;
        sqlite3_prepare_v2(conn, "SELECT unit_code || '/' || idempotency_key, count(*) FROM submissions GROUP BY 1", -1,
                           &q, nullptr);
        std::map<std::string, int> stored;
        while (sqlite3_step(q) == SQLITE_ROW)
            stored[reinterpret_cast<const char*>(sqlite3_column_text(q, 0))] = sqlite3_column_int(q, 1);
        sqlite3_finalize(q);
        sqlite3_prepare_v2(conn, "PRAGMA integrity_check", -1, &q, nullptr);
        REQUIRE(sqlite3_step(q) == SQLITE_ROW);
        std::string integrity = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
        sqlite3_finalize(q);
        sqlite3_close(conn);
        INFO("round " << round);
        CHECK(integrity == "ok");
        for (const auto& k : acknowledged) {
            INFO(k);
            REQUIRE(stored.count(k) == 1);
            REQUIRE(stored[k] == 1);
        }
        for (const auto& [k, n] : stored) REQUIRE(n == 1);
    }
    WARN("crash test: " << rounds << " rounds, " << attempts << " submissions attempted, " << acknowledged.size()
                        << " acknowledged, all present exactly once");
    CHECK(acknowledged.size() > static_cast<std::size_t>(rounds));  // the clients really got work done
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

TEST_CASE("SIGTERM: requests in flight finish, nothing is half-written, the exit is clean", "[integration][daemon]") {
    auto dir = std::filesystem::temp_directory_path() / ("jxjyd-term-" + random_hex(6));
    std::filesystem::create_directories(dir);
    const std::string db = (dir / "jxjy.sqlite3").string();
    std::string password;
    {
        auto store = SqliteStore::open(db, std::string(JXJY_TEST_SCHEMAS) + "/sql");
        REQUIRE(store);
        ServiceConfig cfg;
        cfg.kdf = KdfCost{1, 1024, 1};
        Service svc(**store, schemas(), cfg, [] { return static_cast<long long>(time(nullptr)); });
        REQUIRE((*store)->add_unit(Unit{"erzhong", "泸县二中", "direct", ""}));
        auto pw = svc.create_account("test", "erzhong", "erzhong", "unit");
        REQUIRE(pw);
        auto a = (*store)->account_by_login("erzhong");
        REQUIRE((*store)->set_password(a->id, a->password_hash, false));
        password = *pw;
    }
    unsigned short port = free_port();
    pid_t pid = start_daemon(dir.string(), port);
    for (int i = 0; i < 200 && !healthy(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    REQUIRE(healthy(port));
    std::string out;
    REQUIRE(post(port, "/api/v1/login", json{{"login", "erzhong"}, {"password", password}}.dump(),
                 {{"Content-Type", "application/json"}}, &out) == 200);
    std::string token = json::parse(out)["token"];
    const std::string body = roster({"004002006", "004002007"}).dump();
    std::atomic<bool> stop{false};
    std::mutex mu;
    std::vector<int> statuses;
    std::vector<std::thread> clients;
    for (int c = 0; c < 3; ++c)
        clients.emplace_back([&, c] {
            for (int n = 0; !stop; ++n) {
                int st = post(port, "/api/v1/submissions", body,
                              {{"Content-Type", "application/json"},
                               {"Authorization", "Bearer " + token},
                               {"Idempotency-Key", "t" + std::to_string(c) + "-" + std::to_string(n)}});
                std::lock_guard<std::mutex> lock(mu);
                statuses.push_back(st);
                if (st == 0) return;
            }
        });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    kill(pid, SIGTERM);
    int wstatus = 0;
    waitpid(pid, &wstatus, 0);
    stop = true;
    for (auto& t : clients) t.join();
    CHECK(WIFEXITED(wstatus));
    CHECK(WEXITSTATUS(wstatus) == 0);
    long acknowledged = std::count(statuses.begin(), statuses.end(), 201);
    CHECK(acknowledged > 0);

    auto store = SqliteStore::open(db, std::string(JXJY_TEST_SCHEMAS) + "/sql");
    REQUIRE(store);
    CHECK((*store)->integrity_check() == "ok");
    CHECK(static_cast<long>((*store)->submissions("erzhong", 100000).size()) >= acknowledged);
    auto log = (*store)->audit_log(5, "system", "stop");
    REQUIRE(log.size() == 1);  // the orderly stop was recorded
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}
