#include "outbox.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <vector>

#include "common.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace jxjy::addin {
namespace {

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Writes through a temporary file, syncs it and renames it into place: a file
// in the outbox is either complete or absent.
bool write_durably(const fs::path& p, const std::string& data, mode_t mode = 0600) {
    fs::path tmp = p;
    tmp += ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) return false;
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n <= 0) {
            ::close(fd);
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    bool ok = ::fsync(fd) == 0;
    ok = ::close(fd) == 0 && ok;
    if (!ok || ::rename(tmp.c_str(), p.c_str()) != 0) return false;
    int dfd = ::open(p.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return true;
}

std::string new_key() {
    std::random_device rd;
    std::uniform_int_distribution<unsigned> byte(0, 255);
    static const char* hex = "0123456789abcdef";
    std::string key = "jxjy-";
    for (int i = 0; i < 16; ++i) {
        unsigned b = byte(rd);
        key += hex[b >> 4];
        key += hex[b & 15];
    }
    return key;
}

struct Http {
    int status = 0;
    std::string body;
    std::string error;  // the connection failed
};

Http request(const std::string& server, const std::string& method, const std::string& path, const std::string& token,
             const std::string& key, const std::string& body) {
    Http out;
    try {
        Poco::URI uri(server);
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        if (uri.getScheme() == "https") {
            static Poco::Net::Context::Ptr tls = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                                                        Poco::Net::Context::VERIFY_RELAXED, 9, true,
                                                                        "ALL:!ADH:!LOW:!EXP:!MD5:@STRENGTH");
            session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), tls);
        } else {
            session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
        }
        session->setTimeout(Poco::Timespan(10, 0));
        Poco::Net::HTTPRequest req(method, "/api/v1" + path, Poco::Net::HTTPMessage::HTTP_1_1);
        if (!token.empty()) req.set("Authorization", "Bearer " + token);
        if (!key.empty()) req.set("Idempotency-Key", key);
        if (method == "POST") {
            req.setContentType("application/json");
            req.setContentLength(static_cast<std::streamsize>(body.size()));
            session->sendRequest(req) << body;
        } else {
            session->sendRequest(req);
        }
        Poco::Net::HTTPResponse res;
        std::istream& in = session->receiveResponse(res);
        Poco::StreamCopier::copyToString(in, out.body);
        out.status = res.getStatus();
    } catch (const Poco::Exception& e) {
        out.error = e.displayText();
    } catch (const std::exception& e) {
        out.error = e.what();
    }
    return out;
}

// The Chinese message of a jxjyd error body, or a fallback.
std::string error_message(const Http& h) {
    json j = json::parse(h.body, nullptr, false);
    if (j.is_object() && j.contains("error") && j["error"].is_object() && j["error"].contains("message") &&
        j["error"]["message"].is_string())
        return j["error"]["message"].get<std::string>();
    return "服务器返回 HTTP " + std::to_string(h.status);
}

std::string error_code(const Http& h) {
    json j = json::parse(h.body, nullptr, false);
    if (j.is_object() && j.contains("error") && j["error"].is_object() && j["error"].contains("code") &&
        j["error"]["code"].is_string())
        return j["error"]["code"].get<std::string>();
    return {};
}

}  // namespace

Settings load_settings() {
    Settings s;
    json j = json::parse(read_file(fs::path(profile_dir()) / "settings.json"), nullptr, false);
    if (!j.is_object()) return s;
    s.server = j.value("server", "");
    s.login = j.value("login", "");
    s.password = j.value("password", "");
    return s;
}

bool save_settings(const Settings& s) {
    json j{{"server", s.server}, {"login", s.login}, {"password", s.password}};
    return write_durably(fs::path(profile_dir()) / "settings.json", j.dump(2), 0600);
}

Outbox& Outbox::instance() {
    static Outbox box(profile_dir());
    return box;
}

Outbox::Outbox(std::string dir) : dir_(std::move(dir)) {
    std::error_code ec;
    for (const char* sub : {"outbox", "answers", "failed"}) fs::create_directories(fs::path(dir_) / sub, ec);
    thread_ = std::thread([this] { run(); });
}

Outbox::~Outbox() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Outbox::set_callbacks(Delivered delivered, Status status) {
    std::lock_guard<std::mutex> lock(mutex_);
    delivered_ = std::move(delivered);
    status_ = std::move(status);
}

std::string Outbox::enqueue(const std::string& roster_json) {
    std::string key = new_key();
    if (!write_durably(fs::path(dir_) / "outbox" / (key + ".json"), roster_json)) return {};
    wake();
    return key;
}

void Outbox::fetch(long submission_id, const std::string& key) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        fetches_.emplace_back(submission_id, key);
    }
    wake();
}

int Outbox::pending() const {
    int n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(fs::path(dir_) / "outbox", ec))
        if (e.path().extension() == ".json") ++n;
    return n;
}

void Outbox::wake() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        woken_ = true;
    }
    cv_.notify_all();
}

std::optional<std::string> Outbox::answer(const std::string& key) const {
    fs::path p = fs::path(dir_) / "answers" / (key + ".json");
    std::error_code ec;
    if (key.empty() || !fs::exists(p, ec)) return std::nullopt;
    return read_file(p);
}

void Outbox::report(const std::string& key, const std::string& message) {
    Status cb;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        cb = status_;
    }
    if (cb) cb(key, message);
}

void Outbox::deliver(const std::string& key, const std::string& answer) {
    Delivered cb;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        cb = delivered_;
    }
    if (cb) cb(key, answer);
}

bool Outbox::ensure_login(const Settings& s, std::string& why) {
    if (!token_.empty()) return true;
    json body{{"login", s.login}, {"password", s.password}};
    Http h = request(s.server, "POST", "/login", "", "", body.dump());
    if (!h.error.empty()) {
        why = "无法连接进修校服务器（" + s.server + "）：" + h.error;
        return false;
    }
    json j = json::parse(h.body, nullptr, false);
    if (h.status != 200 || !j.is_object() || !j.contains("token") || !j["token"].is_string()) {
        why = "登录进修校服务器失败：" + error_message(h) + "。请在“继续教育 → 设置”中检查账号和密码。";
        return false;
    }
    if (j.value("must_change_password", false)) {
        why = "这个账号需要先修改初始密码，请联系进修校或在服务器网页上修改后，再在“设置”中填写新密码。";
        return false;
    }
    token_ = j["token"].get<std::string>();
    return true;
}

Outbox::Outcome Outbox::send(const std::string& key, const std::string& body, bool is_fetch, long fetch_id) {
    Settings s = load_settings();
    if (!s.complete()) {
        report(key, "尚未设置进修校服务器地址和账号：请打开“继续教育 → 设置”。名册已保存在待发送队列中。");
        return Outcome::Retry;
    }
    for (int attempt = 0; attempt < 2; ++attempt) {
        std::string why;
        if (!ensure_login(s, why)) {
            report(key, why + " 名册已保存，稍后自动重试。");
            return Outcome::Retry;
        }
        Http h = is_fetch ? request(s.server, "GET", "/submissions/" + std::to_string(fetch_id), token_, "", "")
                          : request(s.server, "POST", "/submissions", token_, key, body);
        if (!h.error.empty()) {
            report(key, "无法连接进修校服务器：" + h.error + "。名册已保存，稍后自动重试。");
            return Outcome::Retry;
        }
        if (h.status == 200 || h.status == 201) {
            std::error_code ec;
            write_durably(fs::path(dir_) / "answers" / (key + ".json"), h.body);
            if (!is_fetch) fs::remove(fs::path(dir_) / "outbox" / (key + ".json"), ec);
            deliver(key, h.body);
            return Outcome::Delivered;
        }
        if (h.status == 401) {  // the session ran out: log in again once
            token_.clear();
            continue;
        }
        if (h.status == 409 || h.status == 429 || h.status == 408 || h.status >= 500) {
            report(key, "进修校服务器暂时无法处理（" + error_message(h) + "），稍后自动重试。");
            return Outcome::Retry;
        }
        if (h.status == 403 && error_code(h) == "PASSWORD_CHANGE_REQUIRED") {
            token_.clear();
            report(key, error_message(h));
            return Outcome::Retry;
        }
        // Refused for good (the roster itself): keep it, say why.
        std::error_code ec;
        if (!is_fetch) {
            write_durably(fs::path(dir_) / "failed" / (key + ".txt"), error_message(h) + "\n");
            fs::rename(fs::path(dir_) / "outbox" / (key + ".json"), fs::path(dir_) / "failed" / (key + ".json"), ec);
        }
        report(key, "进修校服务器拒收：" + error_message(h));
        return Outcome::Failed;
    }
    report(key, "登录进修校服务器失败，请检查“设置”中的账号和密码。");
    return Outcome::Retry;
}

void Outbox::run() {
    using namespace std::chrono;
    seconds backoff(2);
    const seconds longest(300);
    for (;;) {
        std::vector<fs::path> files;
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(fs::path(dir_) / "outbox", ec))
            if (e.path().extension() == ".json") files.push_back(e.path());
        std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
            std::error_code e1, e2;
            return fs::last_write_time(a, e1) < fs::last_write_time(b, e2);
        });
        std::deque<std::pair<long, std::string>> fetches;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (stop_) return;
            fetches.swap(fetches_);
            woken_ = false;
        }
        bool retry = false;
        for (const auto& f : files) {
            std::string key = f.stem().string();
            report(key, "正在提交名册到进修校…");
            if (send(key, read_file(f), false, 0) == Outcome::Retry) {
                retry = true;
                break;
            }
        }
        while (!retry && !fetches.empty()) {
            auto [id, key] = fetches.front();
            if (send(key, "", true, id) == Outcome::Retry) {
                retry = true;
                break;
            }
            fetches.pop_front();
        }
        std::unique_lock<std::mutex> lock(mutex_);
        for (auto& f : fetches) fetches_.push_back(f);  // not done: try again with the rest
        if (stop_) return;
        if (retry) {
            cv_.wait_for(lock, backoff, [this] { return stop_ || woken_; });
            backoff = std::min(backoff * 2, longest);
        } else {
            backoff = seconds(2);
            cv_.wait_for(lock, seconds(60), [this] { return stop_ || woken_; });
        }
    }
}

}  // namespace jxjy::addin
