#pragma once
// Submissions on their way to the county. A submission is written to the
// outbox in the user's profile (synced to disk) before anything is sent; a
// background thread delivers it to jxjyd with its Idempotency-Key, retrying
// with backoff while the server cannot be reached — also after the office is
// restarted — so the county receives it exactly once. Nothing here touches
// UNO: answers are handed to a callback the extension turns into cell updates
// on the office's main thread.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace jxjy::addin {

// 设置: where and as whom to submit. Kept in <profile>/jxjy/settings.json
// (readable by the user only), never in a document.
struct Settings {
    std::string server;  // "http://127.0.0.1:8620"
    std::string login;   // the unit's account
    std::string password;
    bool complete() const { return !server.empty() && !login.empty() && !password.empty(); }
};
Settings load_settings();
bool save_settings(const Settings& s);

class Outbox {
public:
    // key, the county's JSON answer
    using Delivered = std::function<void(const std::string& key, const std::string& answer)>;
    // key ("" for the outbox as a whole), a line for the status bar
    using Status = std::function<void(const std::string& key, const std::string& message)>;

    static Outbox& instance();  // started on first use, in <profile>/jxjy
    ~Outbox();

    // Stores the roster (JSON) durably and wakes the sender; returns its key.
    std::string enqueue(const std::string& roster_json);
    // Asks for a stored submission again (获取验审结果); answered like a delivery under `key`.
    void fetch(long submission_id, const std::string& key);
    int pending() const;
    void wake();
    std::optional<std::string> answer(const std::string& key) const;

    void set_callbacks(Delivered delivered, Status status);

private:
    explicit Outbox(std::string dir);
    void run();
    enum class Outcome { Delivered, Retry, Failed };
    Outcome send(const std::string& key, const std::string& body, bool is_fetch, long fetch_id);
    bool ensure_login(const Settings& s, std::string& why);
    void report(const std::string& key, const std::string& message);
    void deliver(const std::string& key, const std::string& answer);

    std::string dir_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::pair<long, std::string>> fetches_;
    bool stop_ = false, woken_ = false;
    std::string token_;
    Delivered delivered_;
    Status status_;
    std::thread thread_;
};

}  // namespace jxjy::addin
