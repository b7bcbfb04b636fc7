#include "http_api.h"

#include <Poco/Logger.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>

#include <Poco/URI.h>
#include <atomic>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include <sstream>

#include "jxjy/payload.h"

namespace jxjyd {
namespace {

using nlohmann::json;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

struct Reply {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::string body;
    std::string filename;  // for downloads
    std::string error;     // "CODE message" of an error reply, for the log
};

Reply json_reply(int status, const json& j) {
    return Reply{status, "application/json; charset=utf-8", j.dump(-1, ' ', false, json::error_handler_t::replace), "",
                 ""};
}

Reply error_reply(const Error& e) {
    Reply r = json_reply(http_status(e.code), json{{"error", {{"code", e.code}, {"message", e.message}}}});
    r.error = e.code + " " + e.message;
    return r;
}

// One line per request: server faults as errors (the county's administrator must
// see a full disk), refusals as information, the rest only at debug level. The
// query string and headers are left out: they may carry tokens.
void log_request(const HTTPServerRequest& req, const Reply& r, double ms) {
    static Poco::Logger& log = Poco::Logger::get("jxjyd.http");
    const int prio = r.status >= 500   ? Poco::Message::PRIO_ERROR
                     : r.status >= 400 ? Poco::Message::PRIO_INFORMATION
                                       : Poco::Message::PRIO_DEBUG;
    if (!log.is(prio)) return;
    std::string path = req.getURI().substr(0, req.getURI().find('?'));
    std::string line = req.clientAddress().host().toString() + " " + req.getMethod() + " " + path + " " +
                       std::to_string(r.status) + " " + std::to_string(static_cast<long>(ms)) + " ms";
    if (!r.error.empty()) line += " " + r.error;
    log.log(Poco::Message(log.name(), line, static_cast<Poco::Message::Priority>(prio)));
}

Reply error_reply(const std::string& code, const std::string& message) {
    return error_reply(jxjy::make_error(code, message));
}

json submission_json(const Submission& s) {
    json meta{{"id", s.id},
              {"unit", s.unit_code},
              {"year", s.year},
              {"version", s.version},
              {"source", s.source},
              {"filename", s.filename},
              {"created_at", s.created_at},
              {"summary",
               {{"rows", s.rows},
                {"errors", s.errors},
                {"warnings", s.warnings},
                {"county_qualified", s.qualified},
                {"county_unqualified", s.unqualified}}}};
    return meta;
}

// The stored result with the submission's meta spliced in as its first member:
// the result is returned as stored, without parsing and re-serialising it.
Reply submission_reply(int status, const Submission& s) {
    std::string meta = submission_json(s).dump(-1, ' ', false, json::error_handler_t::replace);
    std::string body;
    body.reserve(meta.size() + s.result_json.size() + 16);
    body.append("{\"submission\":").append(meta);
    if (s.result_json.size() > 2 && s.result_json.front() == '{')
        body.append(",").append(s.result_json, 1, std::string::npos);
    else
        body.append("}");
    return Reply{status, "application/json; charset=utf-8", std::move(body), "", ""};
}

// Reads the body, refusing more than `cap` bytes whatever Content-Length says,
// and a body that takes longer than `seconds` in all: the socket timeout bounds
// one wait, not a client that trickles a byte at a time.
Result<std::string> read_body(HTTPServerRequest& req, std::size_t cap, int seconds, const std::string& too_large) {
    if (req.hasContentLength() && req.getContentLength64() > static_cast<Poco::Int64>(cap))
        return jxjy::make_error("BODY_TOO_LARGE", too_large);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    std::string body;
    if (req.hasContentLength() && req.getContentLength64() > 0)
        body.reserve(static_cast<std::size_t>(req.getContentLength64()));  // at most `cap`, checked above
    std::istream& in = req.stream();
    char buf[65536];
    // peek() waits for the next bytes from the socket; readsome() takes what has come.
    while (in.peek() != std::char_traits<char>::eof()) {
        std::streamsize n = in.readsome(buf, sizeof buf);
        body.append(buf, static_cast<std::size_t>(n));
        if (body.size() > cap) return jxjy::make_error("BODY_TOO_LARGE", too_large);
        if (std::chrono::steady_clock::now() > deadline)
            return jxjy::make_error("REQUEST_TIMEOUT",
                                    "上传用时超过 " + std::to_string(seconds) + " 秒，已中止。请检查网络后重新提交。");
    }
    // A connection cut mid-upload ends the stream early: a cut CSV would still read
    // as a shorter roster, so it must never be taken for the whole.
    if (req.hasContentLength() && static_cast<Poco::Int64>(body.size()) != req.getContentLength64())
        return jxjy::make_error("BODY_INCOMPLETE", "上传的内容不完整（连接中断），未保存。请重新提交。");
    return body;
}

std::string bearer(const HTTPServerRequest& req) {
    const std::string& auth = req.get("Authorization", "");
    const std::string prefix = "Bearer ";
    return auth.compare(0, prefix.size(), prefix) == 0 ? auth.substr(prefix.size()) : "";
}

std::string media_kind(const std::string& content_type) {
    std::string ct = content_type.substr(0, content_type.find(';'));
    if (ct == "application/json") return "json";
    if (ct == "text/csv" || ct == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
        ct == "application/vnd.oasis.opendocument.spreadsheet" || ct == "application/octet-stream" ||
        ct == "text/tab-separated-values")
        return "file";
    return "";
}

std::string default_name(const std::string& content_type) {
    if (content_type.find("spreadsheetml") != std::string::npos) return "roster.xlsx";
    if (content_type.find("opendocument") != std::string::npos) return "roster.ods";
    if (content_type.find("csv") != std::string::npos || content_type.find("tab-separated") != std::string::npos)
        return "roster.csv";
    return "";
}

class Router {
public:
    Router(Service& s, const HttpConfig& c) : svc_(s), cfg_(c) {}

    Reply handle(HTTPServerRequest& req) {
        Poco::URI uri(req.getURI());
        std::vector<std::string> seg;
        uri.getPathSegments(seg);
        if (seg.size() < 2 || seg[0] != "api" || seg[1] != "v1") return error_reply("NOT_FOUND", "没有这个接口。");
        seg.erase(seg.begin(), seg.begin() + 2);
        const std::string& m = req.getMethod();
        auto query = uri.getQueryParameters();
        auto param = [&](const std::string& k) {
            for (const auto& [key, v] : query)
                if (key == k) return v;
            return std::string();
        };
        if (seg.size() == 1 && seg[0] == "health") {
            if (m != "GET") return method_not_allowed();
            return json_reply(200, json{{"status", "ok"}, {"service", "jxjyd"}, {"version", JXJY_VERSION}});
        }
        if (seg.size() == 1 && seg[0] == "login") {
            if (m != "POST") return method_not_allowed();
            return login(req);
        }
        // Everything else needs a session.
        std::string token = bearer(req);
        auto who = svc_.authenticate(token);
        if (!who) return error_reply(who.error());
        if (seg.size() == 1 && seg[0] == "logout") {
            if (m != "POST") return method_not_allowed();
            auto r = svc_.logout(token, *who);
            if (!r) return error_reply(r.error());
            return json_reply(200, json{{"status", "ok"}});
        }
        if (seg.size() == 1 && seg[0] == "password") {
            if (m != "POST") return method_not_allowed();
            return change_password(req, *who);
        }
        if (who->must_change)
            return error_reply("PASSWORD_CHANGE_REQUIRED", "首次登录请先修改初始密码（POST /api/v1/password）。");
        if (seg.size() == 1 && seg[0] == "submissions") {
            if (m == "POST") return submit(req, *who, param("unit"));
            if (m == "GET") return list(*who, param("unit"));
            return method_not_allowed();
        }
        if (seg.size() >= 2 && seg[0] == "submissions") {
            long id = std::atol(seg[1].c_str());
            if (id <= 0 || std::to_string(id) != seg[1]) return error_reply("NOT_FOUND", "找不到这次提交。");
            if (m != "GET") return method_not_allowed();
            auto s = svc_.submission_for(*who, id);
            if (!s) return error_reply(s.error());
            if (seg.size() == 2) return submission_reply(200, *s);
            if (seg.size() == 3 && seg[2] == "annotated") return annotated(*s);
            return error_reply("NOT_FOUND", "没有这个接口。");
        }
        const bool county_route =
            seg.size() == 1 && (seg[0] == "units" || seg[0] == "official-records" || seg[0] == "county-roster");
        if (county_route && !who->county()) return error_reply("FORBIDDEN", "只有进修校的账号可以使用这个功能。");
        if (seg.size() == 1 && seg[0] == "units") {
            if (m != "GET") return method_not_allowed();
            return units(param("year"));
        }
        if (seg.size() == 1 && seg[0] == "county-roster") {
            if (m != "GET") return method_not_allowed();
            int year = param("year").empty() ? svc_.schemas().policy(0)->year : std::atoi(param("year").c_str());
            auto bytes = svc_.county_roster(year, who->login);
            if (!bytes) return error_reply(bytes.error());
            return Reply{200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", std::move(*bytes),
                         svc_.schemas().policy(year)->county + std::to_string(year) + "年继续教育证书验证名册.xlsx",
                         ""};
        }
        if (seg.size() == 1 && seg[0] == "official-records") {
            if (m != "POST") return method_not_allowed();
            if (who->role != "admin") return error_reply("FORBIDDEN", "只有进修校管理员可以导入学时记录。");
            return import_official(req, *who, param("year"));
        }
        return error_reply("NOT_FOUND", "没有这个接口。");
    }

private:
    static Reply method_not_allowed() { return error_reply("METHOD_NOT_ALLOWED", "这个接口不支持该请求方法。"); }

    std::optional<json> json_body(HTTPServerRequest& req, Reply& fail) {
        if (media_kind(req.getContentType()) != "json") {
            fail = error_reply("UNSUPPORTED_MEDIA_TYPE", "请求内容应为 JSON（Content-Type: application/json）。");
            return std::nullopt;
        }
        auto body = read_body(req, 64 * 1024, cfg_.body_seconds, "请求内容过大。");
        if (!body) {
            fail = error_reply(body.error());
            return std::nullopt;
        }
        json j = json::parse(*body, nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
            fail = error_reply("BAD_REQUEST", "请求内容不是有效的 JSON 对象。");
            return std::nullopt;
        }
        return j;
    }

    static std::string field(const json& j, const char* key) {
        auto it = j.find(key);
        return it != j.end() && it->is_string() ? it->get<std::string>() : "";
    }

    Reply login(HTTPServerRequest& req) {
        Reply fail;
        auto j = json_body(req, fail);
        if (!j) return fail;
        std::string login = field(*j, "login");
        if (login.empty()) login = field(*j, "unit");
        std::string password = field(*j, "password");
        if (login.empty() || password.empty()) return error_reply("BAD_REQUEST", "请填写账号和密码。");
        auto r = svc_.login(login, password, req.clientAddress().host().toString());
        if (!r) return error_reply(r.error());
        return json_reply(200, json{{"token", r->token},
                                    {"unit", r->principal.unit_code},
                                    {"role", r->principal.role},
                                    {"must_change_password", r->principal.must_change}});
    }

    Reply change_password(HTTPServerRequest& req, const Principal& who) {
        Reply fail;
        auto j = json_body(req, fail);
        if (!j) return fail;
        auto r = svc_.change_password(who, field(*j, "old_password"), field(*j, "new_password"));
        if (!r) return error_reply(r.error());
        return json_reply(200, json{{"status", "ok"}});
    }

    Reply submit(HTTPServerRequest& req, const Principal& who, const std::string& unit_param) {
        std::string kind = media_kind(req.getContentType());
        if (kind.empty())
            return error_reply("UNSUPPORTED_MEDIA_TYPE", "不支持的内容类型 " + req.getContentType() +
                                                             "。请提交 JSON 名册，或 .xlsx、.ods、.csv 文件本身。");
        std::string key = req.get("Idempotency-Key", "");
        if (key.empty() || key.size() > 200)
            return error_reply("BAD_REQUEST", "缺少 Idempotency-Key 请求头（每份名册一个唯一值，重试时不变）。");
        std::string unit = who.unit_code;
        if (!unit_param.empty() && unit_param != who.unit_code) {
            if (!who.county()) return error_reply("FORBIDDEN", "只能提交本单位的名册。");
            unit = unit_param;
        }
        auto body = read_body(req, cfg_.max_body_bytes, cfg_.body_seconds,
                              "提交的内容超过 " + std::to_string(cfg_.max_body_bytes >> 20) + " MB。");
        if (!body) return error_reply(body.error());
        if (body->empty()) return error_reply("BAD_REQUEST", "提交的内容是空的。");
        SubmitRequest sr;
        sr.unit_code = unit;
        sr.idempotency_key = key;
        sr.media = kind;
        sr.filename = req.get("X-Filename", default_name(req.getContentType()));
        sr.body = std::move(*body);
        sr.account_id = who.account_id;
        sr.actor = who.login;
        auto r = svc_.submit(sr);
        if (!r) return error_reply(r.error());
        return submission_reply(r->replayed ? 200 : 201, r->submission);
    }

    Reply list(const Principal& who, const std::string& unit_param) {
        std::string unit = who.county() ? unit_param : who.unit_code;
        if (!who.county() && !unit_param.empty() && unit_param != who.unit_code)
            return error_reply("FORBIDDEN", "只能查看本单位的提交。");
        json items = json::array();
        for (const auto& s : svc_.store().submissions(unit, 500)) items.push_back(submission_json(s));
        return json_reply(200, json{{"submissions", items}});
    }

    Reply annotated(const Submission& s) {
        auto bytes = svc_.annotated_workbook(s);
        if (!bytes) return error_reply(bytes.error());
        return Reply{200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", std::move(*bytes),
                     s.unit_code + "-" + std::to_string(s.year) + "-v" + std::to_string(s.version) + "-验审结果.xlsx",
                     ""};
    }

    Reply units(const std::string& year_param) {
        int year = year_param.empty() ? svc_.schemas().policy(0)->year : std::atoi(year_param.c_str());
        json items = json::array();
        for (const auto& st : svc_.store().unit_status(year)) {
            json u{{"code", st.unit.code},
                   {"name", st.unit.name},
                   {"kind", st.unit.kind},
                   {"submitted", st.latest.has_value()}};
            if (st.latest) u["latest"] = submission_json(*st.latest);
            items.push_back(u);
        }
        return json_reply(200, json{{"year", year}, {"units", items}});
    }

    Reply import_official(HTTPServerRequest& req, const Principal& who, const std::string& year_param) {
        if (media_kind(req.getContentType()) != "file")
            return error_reply("UNSUPPORTED_MEDIA_TYPE", "请上传学时统计表文件（.xlsx、.ods 或 .csv）。");
        int year = std::atoi(year_param.c_str());
        if (year < 2000 || year > 2100) return error_reply("BAD_REQUEST", "请用 ?year=2023 指定学年。");
        auto body = read_body(req, cfg_.max_body_bytes, cfg_.body_seconds,
                              "文件超过 " + std::to_string(cfg_.max_body_bytes >> 20) + " MB。");
        if (!body) return error_reply(body.error());
        auto n =
            svc_.import_official(who.login, year, *body, req.get("X-Filename", default_name(req.getContentType())));
        if (!n) return error_reply(n.error());
        return json_reply(200, json{{"year", year}, {"records", *n}});
    }

    Service& svc_;
    const HttpConfig& cfg_;
};

class Handler : public Poco::Net::HTTPRequestHandler {
public:
    explicit Handler(std::shared_ptr<RequestGate> gate) : gate_(std::move(gate)) {}
    void handleRequest(HTTPServerRequest& req, HTTPServerResponse& resp) override {
        const auto started = std::chrono::steady_clock::now();
        Reply r;
        if (Service* service = gate_->enter()) {
            try {
                r = Router(*service, gate_->config()).handle(req);
            } catch (const std::exception& e) {
                r = error_reply("INTERNAL", "服务器内部错误，请稍后重试。");
                r.error += std::string(" (") + e.what() + ")";  // for the log only
            }
            gate_->leave();
        } else {
            r = error_reply("SERVICE_STOPPING", "服务正在停止，请稍后重试。");
            resp.setKeepAlive(false);
        }
        log_request(req, r,
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
        resp.setStatus(static_cast<HTTPResponse::HTTPStatus>(r.status));
        resp.setContentType(r.content_type);
        resp.set("Cache-Control", "no-store");
        resp.set("X-Content-Type-Options", "nosniff");
        if (!r.filename.empty()) {
            std::string encoded;
            Poco::URI::encode(r.filename, "", encoded);
            resp.set("Content-Disposition", "attachment; filename*=UTF-8''" + encoded);
        }
        resp.setContentLength(static_cast<std::streamsize>(r.body.size()));
        resp.send() << r.body;
    }

private:
    std::shared_ptr<RequestGate> gate_;
};

// Owned by Poco's server and kept alive by its connections, which may outlive
// the ApiServer: it holds the gate, never the service itself.
class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Factory(std::shared_ptr<RequestGate> gate) : gate_(std::move(gate)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
        return new Handler(gate_);
    }

private:
    std::shared_ptr<RequestGate> gate_;
};

}  // namespace

Service* RequestGate::enter() {
    std::lock_guard<std::mutex> lock(mu_);
    if (!open_) return nullptr;
    ++inside_;
    return service_;
}

void RequestGate::leave() {
    std::lock_guard<std::mutex> lock(mu_);
    if (--inside_ == 0) idle_.notify_all();
}

bool RequestGate::close_and_wait(std::chrono::milliseconds limit) {
    std::unique_lock<std::mutex> lock(mu_);
    open_ = false;
    return idle_.wait_for(lock, limit, [this] { return inside_ == 0; });
}

ApiServer::ApiServer(Service& service, HttpConfig config) : service_(service), config_(std::move(config)) {}

ApiServer::~ApiServer() {
    stop();
}

void ApiServer::start() {
    Poco::Net::SocketAddress address(config_.host, config_.port);
    std::unique_ptr<Poco::Net::ServerSocket> socket;
    if (!config_.tls_certificate.empty() && !config_.tls_private_key.empty()) {
        static std::once_flag ssl_once;
        std::call_once(ssl_once, [] { Poco::Net::initializeSSL(); });
        Poco::Net::Context::Ptr context =
            new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, config_.tls_private_key, config_.tls_certificate,
                                   "", Poco::Net::Context::VERIFY_NONE);
        context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
        context->enableExtendedCertificateVerification(false);
        socket = std::make_unique<Poco::Net::SecureServerSocket>(address, 128, context);
    } else {
        socket = std::make_unique<Poco::Net::ServerSocket>(address, 128);
    }
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(config_.max_threads);
    params->setMaxQueued(config_.max_queued);
    params->setTimeout(Poco::Timespan(config_.timeout_seconds, 0));
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(10, 0));
    gate_ = std::make_shared<RequestGate>(service_, config_);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(gate_), *socket, params);
    server_->start();
}

void ApiServer::stop() {
    if (!server_) return;
    // Stop accepting, close the gate and let the requests inside finish; then
    // close idle keep-alive connections. A connection Poco had queued may still
    // start after its own stop: it meets the closed gate (503), never the service.
    server_->stop();
    if (!gate_->close_and_wait(std::chrono::seconds(config_.timeout_seconds)))
        Poco::Logger::get("jxjyd.http").warning("requests still running at shutdown; waiting for them");
    gate_->close_and_wait(std::chrono::hours(24 * 365));
    server_->stopAll(true);
    for (int i = 0; i < 500 && server_->currentConnections() > 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    server_.reset();
}

unsigned short ApiServer::port() const {
    return server_ ? server_->port() : 0;
}

}  // namespace jxjyd
