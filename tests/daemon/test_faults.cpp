// Faults a county server meets: the disk fills up, another program holds the
// database, a connection is cut in the middle of an upload, a client trickles
// its upload. Each ends in a clear error; nothing is lost, nothing half-stored,
// and the client's retry with the same Idempotency-Key is stored exactly once.

#include <sqlite3.h>

#include <Poco/Net/StreamSocket.h>

#include <cstdlib>

#include "daemon_process.h"

using namespace jxjyd;
using namespace jxjyd::test;

namespace {

std::string submit_headers(const std::string& token, const std::string& key, const std::string& type,
                           std::size_t length) {
    return "POST /api/v1/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
           "\r\nIdempotency-Key: " + key + "\r\nContent-Type: " + type +
           "\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n";
}

// What the server answered on a raw socket: the status and the JSON body.
std::pair<int, json> read_reply(Poco::Net::StreamSocket& s) {
    std::string got;
    char buf[4096];
    s.setReceiveTimeout(Poco::Timespan(10, 0));
    try {
        for (int n; (n = s.receiveBytes(buf, sizeof buf)) > 0;) {
            got.append(buf, static_cast<std::size_t>(n));
            auto end = got.find("\r\n\r\n");
            if (end != std::string::npos && got.find('}', end) != std::string::npos) break;
        }
    } catch (const Poco::Exception&) {
    }
    if (got.compare(0, 9, "HTTP/1.1 ") != 0) return {0, json()};
    return {std::atoi(got.c_str() + 9), json::parse(got.substr(got.find("\r\n\r\n") + 4), nullptr, false)};
}

std::size_t stored(Server& srv, const std::string& token) {
    auto list = srv.get("/api/v1/submissions", token);
    REQUIRE(list.status == 200);
    return list.j["submissions"].size();
}

}  // namespace

TEST_CASE("faults: another program holds the database — 503, then the retry is stored once",
          "[integration][daemon][faults]") {
    Server srv;
    std::string token = srv.unit_with_account("erzhong");
    // An sqlite3 shell or a backup tool writing to the live file.
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open((srv.dir / "jxjy.sqlite3").c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    auto busy = srv.post_json("/api/v1/submissions", roster({"004002006"}), token, {{"Idempotency-Key", "busy-1"}});
    CHECK(busy.status == 503);
    CHECK(busy.j["error"]["code"] == "STORE_BUSY");
    CHECK(busy.j["error"]["message"].get<std::string>().find("稍后重试") != std::string::npos);
    REQUIRE(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(other);

    auto retry = srv.post_json("/api/v1/submissions", roster({"004002006"}), token, {{"Idempotency-Key", "busy-1"}});
    CHECK(retry.status == 201);
    auto again = srv.post_json("/api/v1/submissions", roster({"004002006"}), token, {{"Idempotency-Key", "busy-1"}});
    CHECK(again.status == 200);  // the stored answer
    CHECK(stored(srv, token) == 1);
}

TEST_CASE("faults: a connection cut mid-upload stores nothing, the retry is stored once",
          "[integration][daemon][faults]") {
    Server srv;
    std::string token = srv.unit_with_account("erzhong");
    const std::string csv = slurp(std::string(JXJY_TEST_DATA) + "/official_clean.csv");
    // Cut at a line break: what arrived would read as a valid, shorter roster.
    const std::size_t cut = csv.find('\n', csv.size() / 2) + 1;
    REQUIRE(cut < csv.size());
    {
        Poco::Net::StreamSocket s(Poco::Net::SocketAddress("127.0.0.1", srv.api->port()));
        std::string head = submit_headers(token, "cut-1", "text/csv", csv.size());
        s.sendBytes(head.data(), static_cast<int>(head.size()));
        s.sendBytes(csv.data(), static_cast<int>(cut));
        s.shutdownSend();  // the line goes down
        auto [status, reply] = read_reply(s);
        CHECK(status == 400);
        CHECK(reply["error"]["code"] == "BODY_INCOMPLETE");
    }
    CHECK(stored(srv, token) == 0);

    auto whole =
        srv.request("POST", "/api/v1/submissions", csv,
                    {{"Authorization", "Bearer " + token}, {"Idempotency-Key", "cut-1"}, {"Content-Type", "text/csv"}});
    CHECK(whole.status == 201);
    CHECK(stored(srv, token) == 1);
    auto ids = srv.get("/api/v1/submissions/" + std::to_string(whole.j["submission"]["id"].get<long>()), token);
    REQUIRE(ids.status == 200);
    CHECK(ids.j["summary"]["rows"] == whole.j["summary"]["rows"]);
}

TEST_CASE("faults: an upload that trickles in is stopped with 408", "[integration][daemon][faults]") {
    HttpConfig hc;
    hc.body_seconds = 1;
    Server srv(1 << 20, hc);
    std::string token = srv.unit_with_account("erzhong");
    const std::string body = roster({"004002006"}).dump();
    Poco::Net::StreamSocket s(Poco::Net::SocketAddress("127.0.0.1", srv.api->port()));
    std::string head = submit_headers(token, "slow-1", "application/json", body.size());
    s.sendBytes(head.data(), static_cast<int>(head.size()));
    // A byte every 100 ms: each wait is short, the whole is not.
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < body.size() - 1 && std::chrono::steady_clock::now() - start < std::chrono::seconds(3);
         ++i) {
        try {
            s.sendBytes(body.data() + i, 1);
        } catch (const Poco::Exception&) {
            break;  // the server has answered and closed
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (s.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ)) break;
    }
    auto [status, reply] = read_reply(s);
    CHECK(status == 408);
    CHECK(reply["error"]["code"] == "REQUEST_TIMEOUT");
    CHECK(stored(srv, token) == 0);
}

TEST_CASE("faults: the disk is full — 507 with a clear message, nothing half-written, the retry is stored once",
          "[integration][daemon][faults]") {
    // libfiu (Debian fiu-utils) makes pwrite() fail with ENOSPC inside the real
    // jxjyd, as a full disk does, while it runs.
#ifdef JXJY_SANITIZED
    // libfiu's preloaded wrappers and ASan's interceptors crash each other: this
    // one runs in the normal build (CI), the sanitizers cover the rest.
    WARN("skipped in a sanitizer build: libfiu cannot be preloaded beside ASan");
    return;
#endif
    REQUIRE(std::system("command -v fiu-run >/dev/null && command -v fiu-ctrl >/dev/null") == 0);
    auto dir = std::filesystem::temp_directory_path() / ("jxjyd-full-" + random_hex(6));
    std::filesystem::create_directories(dir);
    const std::string db = (dir / "jxjy.sqlite3").string();
    const std::string password = unit_account_in(db, "erzhong");
    const std::string fifo = (dir / "fiu").string();
    unsigned short port = free_port();
    pid_t pid = start_daemon(dir.string(), port, {"fiu-run", "-x", "-f", fifo});
    wait_healthy(port);
    auto fiu = [&](const std::string& command) {
        std::string cmd = "fiu-ctrl -f " + fifo + " -c '" + command + "' " + std::to_string(pid);
        REQUIRE(std::system(cmd.c_str()) == 0);
    };
    std::string out;
    REQUIRE(post(port, "/api/v1/login", json{{"login", "erzhong"}, {"password", password}}.dump(),
                 {{"Content-Type", "application/json"}}, &out) == 200);
    std::string token = json::parse(out)["token"];
    auto submit = [&](const std::string& key, std::string* reply) {
        return post(
            port, "/api/v1/submissions", roster({"004002006", "004002007"}).dump(),
            {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}, {"Idempotency-Key", key}},
            reply);
    };
    CHECK(submit("before", nullptr) == 201);

    fiu("enable name=posix/io/rw/pwrite,failinfo=28");  // ENOSPC
    std::string reply;
    CHECK(submit("full-1", &reply) == 507);
    auto err = json::parse(reply, nullptr, false);
    REQUIRE(err.is_object());
    CHECK(err["error"]["code"] == "STORE_FULL");
    CHECK(err["error"]["message"].get<std::string>().find("磁盘已满") != std::string::npos);
    fiu("disable name=posix/io/rw/pwrite");

    CHECK(submit("full-1", nullptr) == 201);  // space again: the retry goes in
    CHECK(submit("full-1", nullptr) == 200);  // and only once
    kill(pid, SIGTERM);
    int wstatus = 0;
    waitpid(pid, &wstatus, 0);
    CHECK(WIFEXITED(wstatus));

    auto store = SqliteStore::open(db, std::string(JXJY_TEST_SCHEMAS) + "/sql");
    REQUIRE(store);
    CHECK((*store)->integrity_check() == "ok");
    auto subs = (*store)->submissions("erzhong", 100);
    REQUIRE(subs.size() == 2);
    std::set<std::string> keys;
    for (const auto& s : subs) keys.insert(s.idempotency_key);
    CHECK(keys == std::set<std::string>{"before", "full-1"});
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}
