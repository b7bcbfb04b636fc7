// jxjyd — the county's central service for the 继续教育证书验证名册.
//
//   jxjyd serve [--config=FILE] [--data=DIR] [--host=H] [--port=N] [--daemon]
//   jxjyd demo --data=DIR                create the demo county, print its credentials
//   jxjyd admin --data=DIR COMMAND …     units, accounts, imports, backups, audit log
//
// Configuration: a properties file (installer/jxjyd.conf.sample); command-line
// options override it.

#include <Poco/Logger.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/ServerApplication.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "demo.h"
#include "http_api.h"
#include "inbox.h"
#include "jxjy/schema.h"
#include "service.h"
#include "store_sqlite.h"

namespace {

using jxjyd::Result;

long long unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::vector<std::string> read_common_passwords(const std::string& schemas_dir) {
    std::vector<std::string> out;
    std::ifstream in(schemas_dir + "/common-passwords.txt");
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] != '#') out.push_back(line);
    return out;
}

struct Runtime {
    jxjy::Schemas schemas;
    std::unique_ptr<jxjyd::SqliteStore> store;
    std::unique_ptr<jxjyd::Service> service;
};

// Opens the data directory: the store (migrated) and the service on it.
Result<std::unique_ptr<Runtime>> open_runtime(const std::string& argv0, const std::string& data_dir,
                                              const jxjyd::ServiceConfig& base, int busy_timeout_ms = 5000) {
    auto rt = std::make_unique<Runtime>();
    auto schemas = jxjy::find_and_load_schemas(argv0);
    if (!schemas) return schemas.error();
    rt->schemas = std::move(*schemas);
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) return jxjy::make_error("DATA_DIR", "无法创建数据目录 " + data_dir + "：" + ec.message());
    auto store = jxjyd::SqliteStore::open(data_dir + "/jxjy.sqlite3", rt->schemas.dir + "/sql", busy_timeout_ms);
    if (!store) return store.error();
    rt->store = std::move(*store);
    jxjyd::ServiceConfig cfg = base;
    cfg.common_passwords = read_common_passwords(rt->schemas.dir);
    rt->service = std::make_unique<jxjyd::Service>(*rt->store, rt->schemas, cfg, unix_now);
    return rt;
}

class Daemon : public Poco::Util::ServerApplication {
protected:
    void defineOptions(Poco::Util::OptionSet& options) override {
        ServerApplication::defineOptions(options);
        auto add = [&](const char* name, const char* arg, const char* help, const char* key) {
            options.addOption(
                Poco::Util::Option(name, "", help).required(false).repeatable(false).argument(arg).binding(key));
        };
        add("config", "FILE", "configuration file (properties)", "jxjyd.config_file");
        add("data", "DIR", "data directory (the SQLite store, inbox, backups)", "jxjyd.data_dir");
        add("host", "ADDR", "listen address", "jxjyd.host");
        add("port", "N", "listen port", "jxjyd.port");
        options.addOption(Poco::Util::Option("help", "h", "this help").required(false).repeatable(false));
    }

    void handleOption(const std::string& name, const std::string& value) override {
        ServerApplication::handleOption(name, value);
        if (name == "help") help_ = true;
        if (name == "config") loadConfiguration(value);
    }

    int main(const std::vector<std::string>& args) override {
        if (help_ || args.empty() || args[0] != "serve") {
            Poco::Util::HelpFormatter f(options());
            f.setCommand(commandName());
            f.setUsage("serve [options] | demo --data=DIR | admin --data=DIR COMMAND");
            f.setHeader("jxjyd: 继续教育证书验证名册的县级中心服务");
            f.format(std::cout);
            return help_ ? EXIT_OK : EXIT_USAGE;
        }
        auto& log = logger();
        std::string data = config().getString("jxjyd.data_dir", "/var/lib/jxjyd");
        jxjyd::ServiceConfig sc;
        sc.idle_timeout = config().getInt("jxjyd.session.idle_minutes", 30) * 60LL;
        sc.absolute_timeout = config().getInt("jxjyd.session.absolute_hours", 12) * 3600LL;
        sc.lockout_threshold = config().getInt("jxjyd.login.lockout_after", 5);
        sc.lockout_seconds = config().getInt("jxjyd.login.lockout_minutes", 15) * 60LL;
        sc.kdf.memory_kib = static_cast<unsigned>(config().getInt("jxjyd.kdf.memory_kib", 64 * 1024));
        sc.kdf.iterations = static_cast<unsigned>(config().getInt("jxjyd.kdf.iterations", 3));
        auto rt = open_runtime(config().getString("application.path"), data, sc,
                               config().getInt("jxjyd.store.busy_timeout_ms", 5000));
        if (!rt) {
            log.fatal((*rt.error().message.c_str() ? rt.error().message : rt.error().code));
            std::cerr << "jxjyd: " << rt.error().message << "\n";
            return EXIT_CONFIG;
        }
        jxjyd::HttpConfig hc;
        hc.host = config().getString("jxjyd.host", "127.0.0.1");
        hc.port = static_cast<unsigned short>(config().getInt("jxjyd.port", 8620));
        hc.max_body_bytes = static_cast<std::size_t>(config().getInt("jxjyd.max_body_mb", 8)) << 20;
        hc.max_threads = config().getInt("jxjyd.http.max_threads", 16);
        hc.body_seconds = config().getInt("jxjyd.http.body_seconds", 120);
        hc.tls_certificate = config().getString("jxjyd.tls.certificate", "");
        hc.tls_private_key = config().getString("jxjyd.tls.private_key", "");
        jxjyd::ApiServer server(*(*rt)->service, hc);
        try {
            server.start();
        } catch (const std::exception& e) {
            std::cerr << "jxjyd: 无法监听 " << hc.host << ":" << hc.port << "：" << e.what() << "\n";
            return EXIT_IOERR;
        }
        std::cout << "jxjyd 已启动：" << (hc.tls_certificate.empty() ? "http" : "https") << "://" << hc.host << ":"
                  << server.port() << "/api/v1/health，数据目录 " << data << std::endl;
        (*rt)->service->audit("system", "start", "", "ok", hc.host + ":" + std::to_string(server.port()));
        // The inbox folder, polled every two seconds on its own thread.
        jxjyd::InboxConfig ic;
        ic.root = config().getString("jxjyd.inbox_root", data);
        ic.settle_seconds = config().getInt("jxjyd.inbox.settle_seconds", 3);
        jxjyd::Inbox inbox(*(*rt)->service, ic);
        std::atomic<bool> stopping{false};
        std::thread inbox_thread([&] {
            while (!stopping) {
                auto st = inbox.run_once();
                if (st.ingested || st.rejected || st.duplicates)
                    log.information("inbox: %d ingested, %d duplicates, %d rejected", st.ingested, st.duplicates,
                                    st.rejected);
                if (st.deferred)
                    log.error("inbox: %d file(s) left in the inbox, to be tried again: %s", st.deferred,
                              st.deferred_reason);
                for (int i = 0; i < 20 && !stopping; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        });
        waitForTerminationRequest();  // SIGTERM, SIGINT
        stopping = true;
        inbox_thread.join();  // a file being ingested is finished, not cut off
        server.stop();
        (*rt)->service->audit("system", "stop", "", "ok");
        std::cout << "jxjyd 已停止" << std::endl;
        return EXIT_OK;
    }

private:
    bool help_ = false;
};

// `jxjyd admin` and `jxjyd demo`: one-shot commands on the data directory.
int run_admin(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string mode = args[0];
    args.erase(args.begin());
    std::string data;
    std::vector<std::string> rest;
    for (const auto& a : args) {
        if (a.rfind("--data=", 0) == 0)
            data = a.substr(7);
        else
            rest.push_back(a);
    }
    auto usage = [](const std::string& msg) {
        std::cerr << "jxjyd: " << msg << "\n"
                  << "用法：jxjyd demo --data=DIR\n"
                     "      jxjyd admin --data=DIR list-units | list-accounts\n"
                     "      jxjyd admin --data=DIR create-unit 代码 名称 center|school|direct [上级代码]\n"
                     "      jxjyd admin --data=DIR create-account 账号 单位代码 unit|reviewer|admin\n"
                     "      jxjyd admin --data=DIR reset-password 账号\n"
                     "      jxjyd admin --data=DIR import-teachers 文件（继续教育编号,姓名,单位代码,状态）\n"
                     "      jxjyd admin --data=DIR import-official 学年 文件\n"
                     "      jxjyd admin --data=DIR export 学年 输出.xlsx\n"
                     "      jxjyd admin --data=DIR backup 文件 | restore 文件 | integrity | audit [条数]\n";
        return 2;
    };
    if (data.empty()) return usage("请用 --data=DIR 指定数据目录");
    if (mode == "admin" && !rest.empty() && rest[0] == "restore") {
        if (rest.size() != 2) return usage("restore 需要备份文件");
        auto r = jxjyd::SqliteStore::restore(rest[1], data + "/jxjy.sqlite3");
        if (!r) return std::cerr << "jxjyd: " << r.error().message << "\n", 1;
        std::cout << "已从 " << rest[1] << " 恢复（请确认 jxjyd 已停止）\n";
        return 0;
    }
    auto rt = open_runtime(argv[0], data, jxjyd::ServiceConfig{});
    if (!rt) return std::cerr << "jxjyd: " << rt.error().message << "\n", 1;
    jxjyd::Service& svc = *(*rt)->service;
    jxjyd::Store& store = svc.store();
    const std::string actor = "admin-cli";
    auto fail = [](const jxjy::Error& e) { return std::cerr << "jxjyd: " << e.message << "\n", 1; };

    if (mode == "demo") {
        auto demo = jxjyd::create_demo_county(svc);
        if (!demo) return fail(demo.error());
        std::string roster = data + "/demo-roster-" + demo->sample_unit + ".csv";
        std::ofstream(roster, std::ios::binary) << demo->sample_roster_csv;
        std::cout << "演示县已创建（" << demo->credentials.size() - 2 << " 个单位）。演示账号（密码只显示这一次）：\n";
        for (const auto& c : demo->credentials)
            std::cout << "  " << c.login << "\t" << c.password << "\t" << c.role << "\t" << c.unit_name << "\n";
        std::cout << "演示名册（" << demo->sample_unit << "，含几处常见错误）：" << roster << "\n";
        return 0;
    }
    if (rest.empty()) return usage("缺少命令");
    const std::string& cmd = rest[0];
    if (cmd == "list-units") {
        for (const auto& u : store.units())
            std::cout << u.code << "\t" << u.kind << "\t" << u.name << "\t" << u.parent_code << "\n";
        return 0;
    }
    if (cmd == "list-accounts") {
        for (const auto& a : store.accounts())
            std::cout << a.login << "\t" << a.role << "\t" << a.unit_code << (a.must_change ? "\t(须修改初始密码)" : "")
                      << "\n";
        return 0;
    }
    if (cmd == "create-unit" && (rest.size() == 4 || rest.size() == 5)) {
        auto r = store.add_unit(jxjyd::Unit{rest[1], rest[2], rest[3], rest.size() == 5 ? rest[4] : "county"});
        svc.audit(actor, "create_unit", rest[1], r ? "ok" : "failed");
        if (!r) return fail(r.error());
        std::cout << "已创建单位 " << rest[1] << "\n";
        return 0;
    }
    if (cmd == "create-account" && rest.size() == 4) {
        auto pw = svc.create_account(actor, rest[1], rest[2], rest[3]);
        if (!pw) return fail(pw.error());
        std::cout << "已创建账号 " << rest[1] << "，初始密码（只显示这一次，首次登录须修改）：" << *pw << "\n";
        return 0;
    }
    if (cmd == "reset-password" && rest.size() == 2) {
        auto pw = svc.reset_password(actor, rest[1]);
        if (!pw) return fail(pw.error());
        std::cout << "已重置 " << rest[1] << " 的密码（只显示这一次，登录后须修改）：" << *pw << "\n";
        return 0;
    }
    if (cmd == "import-official" && rest.size() == 3) {
        std::ifstream in(rest[2], std::ios::binary);
        if (!in) return usage("无法打开 " + rest[2]);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        auto n = svc.import_official(actor, std::atoi(rest[1].c_str()), bytes.str(), rest[2]);
        if (!n) return fail(n.error());
        std::cout << "已导入 " << *n << " 条学时记录，并重新计算了已提交名册的验审结果\n";
        return 0;
    }
    if (cmd == "import-teachers" && rest.size() == 2) {
        std::ifstream in(rest[1], std::ios::binary);
        if (!in) return usage("无法打开 " + rest[1]);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        auto n = svc.import_teachers_file(actor, bytes.str(), rest[1]);
        if (!n) return fail(n.error());
        std::cout << "已导入 " << *n << " 名教师\n";
        return 0;
    }
    if (cmd == "export" && rest.size() == 3) {
        auto bytes = svc.county_roster(std::atoi(rest[1].c_str()), actor);
        if (!bytes) return fail(bytes.error());
        std::ofstream(rest[2], std::ios::binary) << *bytes;
        std::cout << "已导出全县验证名册到 " << rest[2] << "\n";
        return 0;
    }
    if (cmd == "backup" && rest.size() == 2) {
        auto r = store.backup_to(rest[1]);
        svc.audit(actor, "backup", rest[1], r ? "ok" : "failed");
        if (!r) return fail(r.error());
        std::cout << "已备份到 " << rest[1] << "\n";
        return 0;
    }
    if (cmd == "integrity") {
        std::string r = store.integrity_check();
        std::cout << r << "\n";
        return r == "ok" ? 0 : 1;
    }
    if (cmd == "audit") {
        int limit = rest.size() > 1 ? std::atoi(rest[1].c_str()) : 50;
        for (const auto& e : store.audit_log(limit, "", ""))
            std::cout << e.at << "\t" << e.actor << "\t" << e.action << "\t" << e.object << "\t" << e.outcome << "\t"
                      << e.detail << "\n";
        return 0;
    }
    return usage("不认识的命令或参数个数不对：" + cmd);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && (std::string(argv[1]) == "admin" || std::string(argv[1]) == "demo")) return run_admin(argc, argv);
    Daemon app;
    return app.run(argc, argv);
}
