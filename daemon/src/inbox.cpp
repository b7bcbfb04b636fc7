#include "inbox.h"

#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace jxjyd {
namespace {

namespace fs = std::filesystem;

std::string stamp(long long t) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
    return buf;
}

bool ignored(const std::string& name) {
    if (name.empty() || name[0] == '.' || name[0] == '~') return true;  // hidden, Office lock files (~$…)
    for (const char* suffix : {".part", ".tmp", ".crdownload", ".txt"})
        if (name.size() > std::strlen(suffix) &&
            name.compare(name.size() - std::strlen(suffix), std::strlen(suffix), suffix) == 0)
            return true;
    return false;
}

// Moves `from` to `dir/name`, never overwriting: adds -2, -3 … when taken.
fs::path move_into(const fs::path& from, const fs::path& dir, const std::string& name) {
    fs::create_directories(dir);
    fs::path to = dir / name;
    for (int n = 2; fs::exists(to); ++n)
        to = dir / (fs::path(name).stem().string() + "-" + std::to_string(n) + fs::path(name).extension().string());
    std::error_code ec;
    fs::rename(from, to, ec);
    if (ec) {  // another file system: copy, then remove
        fs::copy_file(from, to, ec);
        if (!ec) fs::remove(from, ec);
    }
    return to;
}

}  // namespace

Inbox::Inbox(Service& service, InboxConfig config) : service_(service), config_(std::move(config)) {
    for (const char* d : {"inbox", "outbox", "archive", "rejected"}) fs::create_directories(fs::path(config_.root) / d);
}

bool Inbox::settled(const std::string& path, std::uintmax_t size, long long mtime) {
    long long now = service_.now();
    auto it = seen_.find(path);
    if (it == seen_.end() || it->second.size != size || it->second.mtime != mtime) {
        seen_[path] = Seen{size, mtime, now};
        return false;
    }
    return now - it->second.since >= config_.settle_seconds;
}

std::string Inbox::unit_for(const std::string& folder, const std::string& filename) {
    if (!folder.empty()) return service_.store().unit(folder) ? folder : "";
    for (std::size_t i = 0; i < filename.size(); ++i) {
        if (filename[i] != '_' && filename[i] != '-' && filename[i] != '.') continue;
        std::string code = filename.substr(0, i);
        if (service_.store().unit(code)) return code;
    }
    return "";
}

void Inbox::reject(const std::string& path, const std::string& name, const std::string& reason, InboxStats& stats) {
    fs::path to = move_into(path, fs::path(config_.root) / "rejected", stamp(service_.now()) + "-" + name);
    std::ofstream(to.string() + ".txt")
        << "文件：" << name << "\n原因：" << reason << "\n"
        << "请改正后重新放入 inbox 文件夹（放在以单位代码命名的子文件夹中，或在文件名前加“单位代码_”）。\n";
    service_.audit("inbox", "submit", name, "rejected", reason);
    ++stats.rejected;
}

InboxStats Inbox::run_once() {
    InboxStats stats;
    const fs::path inbox = fs::path(config_.root) / "inbox";
    std::vector<std::pair<fs::path, std::string>> files;  // path, unit folder ("" at the top)
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(inbox, ec)) {
        if (e.is_regular_file())
            files.emplace_back(e.path(), "");
        else if (e.is_directory())
            for (const auto& f : fs::directory_iterator(e.path(), ec))
                if (f.is_regular_file()) files.emplace_back(f.path(), e.path().filename().string());
    }
    for (const auto& [path, folder] : files) {
        std::string name = path.filename().string();
        if (ignored(name)) continue;
        std::uintmax_t size = fs::file_size(path, ec);
        if (ec) continue;
        auto mtime = static_cast<long long>(fs::last_write_time(path, ec).time_since_epoch().count());
        if (!settled(path.string(), size, mtime)) {
            ++stats.waiting;
            continue;
        }
        seen_.erase(path.string());
        std::string unit = unit_for(folder, name);
        if (unit.empty()) {
            reject(path.string(), name,
                   folder.empty() ? "无法从文件名判断是哪个单位的名册。"
                                  : "子文件夹“" + folder + "”不是已登记的单位代码。",
                   stats);
            continue;
        }
        if (size > config_.max_file_bytes) {
            reject(path.string(), name, "文件过大（超过 " + std::to_string(config_.max_file_bytes >> 20) + " MB）。",
                   stats);
            continue;
        }
        std::ifstream in(path, std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        SubmitRequest req;
        req.unit_code = unit;
        req.media = "file";
        req.filename = name;
        req.body = bytes.str();
        req.source = "inbox";
        req.actor = "inbox";
        auto r = service_.submit(req);
        if (!r && http_status(r.error().code) >= 500) {  // the server's trouble, not the file's
            ++stats.deferred;
            stats.deferred_reason = r.error().message;
            continue;
        }
        if (!r) {
            reject(path.string(), name, r.error().message, stats);
            continue;
        }
        (r->replayed ? stats.duplicates : stats.ingested) += 1;
        auto workbook = service_.annotated_workbook(r->submission);
        if (workbook) {
            fs::path out = fs::path(config_.root) / "outbox" / unit;
            fs::create_directories(out);
            std::string answer = path.stem().string() + "-验审结果-v" + std::to_string(r->submission.version) + ".xlsx";
            std::ofstream(out / answer, std::ios::binary) << *workbook;
        }
        move_into(path, fs::path(config_.root) / "archive" / unit, stamp(service_.now()) + "-" + name);
    }
    return stats;
}

}  // namespace jxjyd
