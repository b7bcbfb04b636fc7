// The durability promise under fire: several clients submit to the real jxjyd
// binary while it is killed with SIGKILL at random moments and restarted. After
// every restart each acknowledged submission is in the store exactly once and
// PRAGMA integrity_check is ok. 20 rounds here; JXJY_CRASH_ROUNDS for longer
// runs (the `slow` label runs 200).

#include <sqlite3.h>

#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "daemon_process.h"

using namespace jxjyd;
using namespace jxjyd::test;

TEST_CASE("kill -9 under concurrent submissions loses and duplicates nothing", "[integration][daemon][crash]") {
    const int rounds = std::getenv("JXJY_CRASH_ROUNDS") ? std::atoi(std::getenv("JXJY_CRASH_ROUNDS")) : 20;
    const int clients = 4;
    auto dir = std::filesystem::temp_directory_path() / ("jxjyd-crash-" + random_hex(6));
    std::filesystem::create_directories(dir);
    const std::string db = (dir / "jxjy.sqlite3").string();

    // Units and accounts, written through the real store before the daemon runs.
    std::vector<std::string> passwords;
    for (int c = 0; c < clients; ++c) passwords.push_back(unit_account_in(db, "unit" + std::to_string(c)));

    std::mt19937 rng(12345);
    std::mutex mu;
    std::set<std::string> acknowledged;
    long attempts = 0;
    const std::string body = roster({"004002006", "004002007", "004002009"}).dump();
    for (int round = 0; round < rounds; ++round) {
        unsigned short port = free_port();
        pid_t pid = start_daemon(dir.string(), port);
        wait_healthy(port);

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
    // Several rounds: a shutdown race shows up once in many stops, not in one.
    const int rounds = 5;
    auto dir = std::filesystem::temp_directory_path() / ("jxjyd-term-" + random_hex(6));
    std::filesystem::create_directories(dir);
    const std::string db = (dir / "jxjy.sqlite3").string();
    const std::string password = unit_account_in(db, "erzhong");
    const std::string body = roster({"004002006", "004002007"}).dump();
    std::mt19937 rng(2023);
    long acknowledged = 0;
    for (int round = 0; round < rounds; ++round) {
        INFO("round " << round);
        unsigned short port = free_port();
        pid_t pid = start_daemon(dir.string(), port);
        wait_healthy(port);
        std::string out;
        REQUIRE(post(port, "/api/v1/login", json{{"login", "erzhong"}, {"password", password}}.dump(),
                     {{"Content-Type", "application/json"}}, &out) == 200);
        std::string token = json::parse(out)["token"];
        std::atomic<bool> stop{false};
        std::mutex mu;
        std::vector<int> statuses;
        std::vector<std::thread> clients;
        for (int c = 0; c < 3; ++c)
            clients.emplace_back([&, c] {
                for (int n = 0; !stop; ++n) {
                    std::string key = "r" + std::to_string(round) + "-t" + std::to_string(c) + "-" + std::to_string(n);
                    int st = post(port, "/api/v1/submissions", body,
                                  {{"Content-Type", "application/json"},
                                   {"Authorization", "Bearer " + token},
                                   {"Idempotency-Key", key}});
                    std::lock_guard<std::mutex> lock(mu);
                    statuses.push_back(st);
                    if (st == 0) return;
                }
            });
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(100, 400)(rng)));
        kill(pid, SIGTERM);
        int wstatus = 0;
        waitpid(pid, &wstatus, 0);
        stop = true;
        for (auto& t : clients) t.join();
        REQUIRE(WIFEXITED(wstatus));
        REQUIRE(WEXITSTATUS(wstatus) == 0);
        long ok = std::count(statuses.begin(), statuses.end(), 201);
        CHECK(ok > 0);
        acknowledged += ok;
        // Every answer was a verdict or a clear "try again" (503 while stopping), or the connection closed.
        for (int st : statuses) CHECK((st == 201 || st == 503 || st == 0));
    }

    auto store = SqliteStore::open(db, std::string(JXJY_TEST_SCHEMAS) + "/sql");
    REQUIRE(store);
    CHECK((*store)->integrity_check() == "ok");
    CHECK(static_cast<long>((*store)->submissions("erzhong", 100000).size()) >= acknowledged);
    auto log = (*store)->audit_log(50, "system", "stop");
    CHECK(log.size() == static_cast<std::size_t>(rounds));  // every orderly stop was recorded
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}
