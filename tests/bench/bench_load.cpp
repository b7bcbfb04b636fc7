// Load on jxjyd: 32 concurrent keep-alive connections submitting 300-row JSON
// rosters for 30 s, then /health from the same connections for 10 s, against
// the real HTTP server and SQLite store (WAL, synchronous=FULL) in a temp dir.
// Reports submissions/s with p50/p99 latency beside /health requests/s.
//
//   ./build/tests/bench/jxjy_bench_load [seconds=30] [connections=32]

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "http_api.h"
#include "security.h"
#include "service.h"
#include "store_sqlite.h"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string roster_body(int unit) {
    json rows = json::array();
    for (int i = 0; i < 300; ++i) {
        char id[32];
        std::snprintf(id, sizeof id, "%03d%06d", unit, i * 3 + 1);
        double eh = 60 + (i * 7) % 70;
        rows.push_back({{"row", 5 + i},
                        {"cells",
                         {{"seq", i + 1},
                          {"id", id},
                          {"name", "张伟"},
                          {"gender", i % 2 ? "男" : "女"},
                          {"birth", "1980-05"},
                          {"hire", "2003-09"},
                          {"school_hours", 60},
                          {"school_credits", 6},
                          {"external_hours", eh},
                          {"external_credits", eh / 10},
                          {"public_course", "合格"},
                          {"total_hours", 60 + eh},
                          {"total_credits", 6 + eh / 10},
                          {"verdict", (eh >= 70 && 60 + eh >= 120) ? "合格" : "不合格"}}}});
    }
    return json{{"year", 2023}, {"rows", rows}}.dump();
}

struct Result {
    long ok = 0, failed = 0;
    std::vector<double> ms;
};

double percentile(std::vector<double>& v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
    // `serve` mode: set up the same server and accounts, print the port and the
    // first unit's token, and wait (for a load generator in another process: wrk).
    const bool serve_only = argc > 1 && std::string(argv[1]) == "serve";
    if (serve_only) {
        argc = 0;
    }
    const int seconds = argc > 1 ? std::atoi(argv[1]) : 30;
    const int connections = argc > 2 ? std::atoi(argv[2]) : 32;
    auto schemas = jxjy::load_schemas(JXJY_TEST_SCHEMAS);
    if (!schemas) return std::cerr << schemas.error().message << "\n", 2;
    auto dir = std::filesystem::temp_directory_path() / ("jxjyd-load-" + jxjyd::random_hex(4));
    std::filesystem::create_directories(dir);
    auto store = jxjyd::SqliteStore::open((dir / "jxjy.sqlite3").string(), std::string(JXJY_TEST_SCHEMAS) + "/sql");
    if (!store) return std::cerr << store.error().message << "\n", 2;
    jxjyd::ServiceConfig cfg;
    cfg.kdf = jxjyd::KdfCost{1, 1024, 1};
    jxjyd::Service svc(**store, *schemas, cfg, [] { return static_cast<long long>(time(nullptr)); });
    std::vector<std::string> tokens;
    for (int c = 0; c < connections; ++c) {
        std::string code = "u" + std::to_string(c);
        (*store)->add_unit(jxjyd::Unit{code, code, "direct", ""});
        auto pw = svc.create_account("bench", code, code, "unit");
        auto a = (*store)->account_by_login(code);
        (*store)->set_password(a->id, a->password_hash, false);
        auto login = svc.login(code, *pw, "bench");
        tokens.push_back(login->token);
        std::vector<jxjy::RegistryEntry> teachers;
        for (int i = 0; i < 300; ++i) {
            char id[32];
            std::snprintf(id, sizeof id, "%03d%06d", c, i * 3 + 1);
            teachers.push_back({id, "张伟", code, code, false});
        }
        (*store)->upsert_teachers(teachers);
    }
    jxjyd::HttpConfig hc;
    hc.port = 0;
    hc.max_threads = connections;
    jxjyd::ApiServer server(svc, hc);
    server.start();
    const unsigned short port = server.port();
    if (serve_only) {
        std::printf("%u %s\n", port, tokens[0].c_str());
        std::fflush(stdout);
        for (;;) std::this_thread::sleep_for(std::chrono::seconds(60));
    }

    auto run = [&](bool submit, int secs) {
        std::vector<Result> results(static_cast<std::size_t>(connections));
        std::atomic<bool> stop{false};
        std::vector<std::thread> threads;
        for (int c = 0; c < connections; ++c) {
            threads.emplace_back([&, c] {
                Result& r = results[static_cast<std::size_t>(c)];
                std::string body = roster_body(c);
                Poco::Net::HTTPClientSession session("127.0.0.1", port);
                session.setKeepAlive(true);
                for (long n = 0; !stop; ++n) {
                    auto t0 = Clock::now();
                    try {
                        Poco::Net::HTTPRequest req(submit ? "POST" : "GET",
                                                   submit ? "/api/v1/submissions" : "/api/v1/health",
                                                   Poco::Net::HTTPMessage::HTTP_1_1);
                        req.setKeepAlive(true);
                        if (submit) {
                            req.set("Authorization", "Bearer " + tokens[static_cast<std::size_t>(c)]);
                            req.set("Idempotency-Key", "k" + std::to_string(c) + "-" + std::to_string(n));
                            req.setContentType("application/json");
                            req.setContentLength(static_cast<std::streamsize>(body.size()));
                            session.sendRequest(req) << body;
                        } else {
                            session.sendRequest(req);
                        }
                        Poco::Net::HTTPResponse resp;
                        std::istream& in = session.receiveResponse(resp);
                        std::ostringstream sink;
                        sink << in.rdbuf();
                        bool good = submit ? resp.getStatus() == 201 : resp.getStatus() == 200;
                        (good ? r.ok : r.failed) += 1;
                    } catch (...) {
                        ++r.failed;
                        session.reset();
                    }
                    r.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
                }
            });
        }
        std::this_thread::sleep_for(std::chrono::seconds(secs));
        stop = true;
        for (auto& t : threads) t.join();
        Result all;
        for (auto& r : results) {
            all.ok += r.ok;
            all.failed += r.failed;
            all.ms.insert(all.ms.end(), r.ms.begin(), r.ms.end());
        }
        return all;
    };

    Result sub = run(true, seconds);
    // JXJY_BENCH_SUBMIT_ONLY=1 skips the /health phase (for profiling submissions alone).
    Result health = std::getenv("JXJY_BENCH_SUBMIT_ONLY") ? Result{} : run(false, std::max(5, seconds / 3));
    double p50 = percentile(sub.ms, 0.50), p99 = percentile(sub.ms, 0.99);
    double hp50 = percentile(health.ms, 0.50), hp99 = percentile(health.ms, 0.99);
    std::printf("connections %d, roster 300 rows, %d s\n", connections, seconds);
    std::printf("POST /submissions  %8.1f /s   ok %ld  failed %ld   p50 %.1f ms  p99 %.1f ms\n",
                static_cast<double>(sub.ok) / seconds, sub.ok, sub.failed, p50, p99);
    std::printf("GET  /health       %8.1f /s   ok %ld  failed %ld   p50 %.2f ms  p99 %.2f ms\n",
                static_cast<double>(health.ok) / std::max(5, seconds / 3), health.ok, health.failed, hp50, hp99);
    std::printf("store: %s, integrity %s\n", (dir / "jxjy.sqlite3").c_str(), (*store)->integrity_check().c_str());
    server.stop();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return 0;
}
