#pragma once
// The real jxjyd binary as a separate process, for the tests that kill it,
// stop it or inject faults into it, and a small client that survives its death.

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <Poco/Net/ServerSocket.h>

#include <thread>

#include "harness.h"

extern char** environ;

namespace jxjyd::test {

inline unsigned short free_port() {
    Poco::Net::ServerSocket s(Poco::Net::SocketAddress("127.0.0.1", 0));
    return s.address().port();
}

// Starts `jxjyd serve` on the data directory; `wrapper` is put in front of it
// (e.g. fiu-run and its options).
inline pid_t start_daemon(const std::string& data, unsigned short port, std::vector<std::string> wrapper = {}) {
    std::vector<std::string> args = std::move(wrapper);
    args.insert(args.end(), {JXJYD_BINARY, "serve", "--data=" + data, "--port=" + std::to_string(port)});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    REQUIRE(rc == 0);
    return pid;
}

inline bool healthy(unsigned short port) {
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

inline void wait_healthy(unsigned short port) {
    for (int i = 0; i < 200 && !healthy(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    REQUIRE(healthy(port));
}

// POSTs with a fresh connection; returns the status, or 0 when the daemon died under it.
inline int post(unsigned short port, const std::string& path, const std::string& body,
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

// A unit and its account written through the real store before the daemon
// runs, the first-login change already done; returns the password.
inline std::string unit_account_in(const std::string& db, const std::string& code) {
    auto store = SqliteStore::open(db, std::string(JXJY_TEST_SCHEMAS) + "/sql");
    REQUIRE(store);
    ServiceConfig cfg;
    cfg.kdf = KdfCost{1, 1024, 1};
    Service svc(**store, schemas(), cfg, [] { return static_cast<long long>(time(nullptr)); });
    REQUIRE((*store)->add_unit(Unit{code, code + "学校", "direct", ""}));
    auto pw = svc.create_account("test", code, code, "unit");
    REQUIRE(pw);
    auto a = (*store)->account_by_login(code);
    REQUIRE((*store)->set_password(a->id, a->password_hash, false));
    return *pw;
}

}  // namespace jxjyd::test
