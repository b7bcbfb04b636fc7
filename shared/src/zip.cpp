#include "jxjy/zip.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace jxjy {
namespace {

constexpr std::uint32_t kLocalSig = 0x04034b50;
constexpr std::uint32_t kCentralSig = 0x02014b50;
constexpr std::uint32_t kEndSig = 0x06054b50;
constexpr std::size_t kEndSize = 22;
constexpr std::size_t kCentralSize = 46;
constexpr std::size_t kLocalSize = 30;

Error corrupt(const std::string& detail) {
    return make_error("FILE_CORRUPT",
                      "表格文件已损坏或不完整（" + detail + "）。请在 Excel/WPS/LibreOffice 中重新保存后再提交。");
}

Error too_large(const std::string& detail) {
    return make_error("FILE_TOO_LARGE",
                      "表格文件超出了允许的大小（" + detail + "），可能不是正常的名册。请只保留名册工作表后重新保存。");
}

struct Reader {
    const std::string& b;
    bool in_range(std::uint64_t off, std::uint64_t len) const { return off <= b.size() && len <= b.size() - off; }
    std::uint16_t u16(std::uint64_t off) const {
        return static_cast<std::uint16_t>(static_cast<unsigned char>(b[off]) |
                                          (static_cast<unsigned char>(b[off + 1]) << 8));
    }
    std::uint32_t u32(std::uint64_t off) const {
        return static_cast<std::uint32_t>(u16(off)) | (static_cast<std::uint32_t>(u16(off + 2)) << 16);
    }
};

}  // namespace

struct ZipEntryStream::State {
    std::shared_ptr<const std::string> bytes;
    ZipEntry entry;
    FileLimits limits;
    std::shared_ptr<std::uint64_t> total;
    z_stream z{};
    bool z_ready = false;
    bool done = false;
    std::uint64_t consumed = 0;  // compressed bytes fed
    std::uint64_t produced = 0;  // inflated bytes returned
    std::uint32_t crc = 0;

    ~State() {
        if (z_ready) inflateEnd(&z);
    }
};

ZipEntryStream::ZipEntryStream(std::unique_ptr<State> s) : s_(std::move(s)) {}
ZipEntryStream::ZipEntryStream(ZipEntryStream&&) noexcept = default;
ZipEntryStream::~ZipEntryStream() = default;

Result<std::size_t> ZipEntryStream::read(char* out, std::size_t n) {
    State& s = *s_;
    if (s.done || n == 0) return std::size_t{0};
    const char* data = s.bytes->data() + s.entry.data_offset;
    std::size_t got = 0;
    if (s.entry.method == 0) {
        std::uint64_t left = s.entry.compressed - s.consumed;
        got = static_cast<std::size_t>(std::min<std::uint64_t>(left, n));
        std::memcpy(out, data + s.consumed, got);
        s.consumed += got;
        if (s.consumed == s.entry.compressed) s.done = true;
    } else {
        s.z.next_out = reinterpret_cast<Bytef*>(out);
        s.z.avail_out = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
        while (s.z.avail_out > 0 && !s.done) {
            if (s.z.avail_in == 0) {
                std::uint64_t left = s.entry.compressed - s.consumed;
                if (left == 0) return corrupt("压缩数据提前结束");
                auto chunk = static_cast<uInt>(std::min<std::uint64_t>(left, 1u << 20));
                s.z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data + s.consumed));
                s.z.avail_in = chunk;
                s.consumed += chunk;
            }
            int rc = inflate(&s.z, Z_NO_FLUSH);
            if (rc == Z_STREAM_END) {
                s.done = true;
            } else if (rc != Z_OK) {
                return corrupt("无法解压 " + s.entry.name);
            }
        }
        got = n - s.z.avail_out;
    }
    s.produced += got;
    *s.total += got;
    s.crc = static_cast<std::uint32_t>(crc32(s.crc, reinterpret_cast<const Bytef*>(out), static_cast<uInt>(got)));
    if (s.produced > s.limits.max_entry_bytes) return too_large(s.entry.name + " 解压后过大");
    if (*s.total > s.limits.max_total_bytes) return too_large("解压后总量过大");
    if (s.produced > s.limits.ratio_floor_bytes &&
        s.produced / std::max<std::uint64_t>(s.consumed, 1) > s.limits.max_ratio)
        return too_large(s.entry.name + " 的压缩比异常，疑似压缩炸弹");
    if (s.produced > s.entry.declared_size) return too_large(s.entry.name + " 的实际大小超过了声明的大小");
    if (s.done && s.produced != s.entry.declared_size) return corrupt(s.entry.name + " 的大小与声明不符");
    if (s.done && s.crc != s.entry.crc) return corrupt(s.entry.name + " 校验和不符");
    return got;
}

Result<ZipArchive> ZipArchive::open(std::string bytes, FileLimits limits) {
    if (bytes.size() > limits.max_file_bytes)
        return too_large("文件超过 " + std::to_string(limits.max_file_bytes >> 20) + " MB");
    Reader r{bytes};
    if (bytes.size() < kEndSize) return corrupt("文件太短");
    // The end record is within the last 64 KiB + 22 bytes (its comment is at most 65535).
    std::uint64_t lowest = bytes.size() > kEndSize + 0xFFFF ? bytes.size() - kEndSize - 0xFFFF : 0;
    std::uint64_t end = bytes.size() - kEndSize;
    bool found = false;
    for (std::uint64_t off = end + 1; off-- > lowest;) {
        if (r.u32(off) == kEndSig) {
            end = off;
            found = true;
            break;
        }
    }
    if (!found) return corrupt("找不到 zip 目录");
    std::uint16_t disk = r.u16(end + 4);
    std::uint16_t count = r.u16(end + 10);
    std::uint32_t cd_size = r.u32(end + 12);
    std::uint32_t cd_off = r.u32(end + 16);
    if (disk != 0) return corrupt("分卷压缩文件");
    if (count == 0xFFFF || cd_off == 0xFFFFFFFF) return too_large("ZIP64 格式");
    // The count is 16 bits: 100,000 entries read as 34,464. Say the limit, not the count;
    // a count that wrapped below the limit is caught after the loop.
    const std::string too_many = "压缩包内的文件超过 " + std::to_string(limits.max_zip_entries) + " 个";
    if (count > limits.max_zip_entries) return too_large(too_many);
    if (!r.in_range(cd_off, cd_size)) return corrupt("目录位置越界");

    ZipArchive a;
    a.limits_ = limits;
    a.total_inflated_ = std::make_shared<std::uint64_t>(0);
    std::vector<std::pair<std::uint64_t, std::uint64_t>> spans;  // [start, end) of each entry's bytes
    std::uint64_t p = cd_off;
    for (std::uint16_t i = 0; i < count; ++i) {
        if (!r.in_range(p, kCentralSize) || r.u32(p) != kCentralSig) return corrupt("目录项损坏");
        std::uint16_t flags = r.u16(p + 8);
        ZipEntry e;
        e.method = r.u16(p + 10);
        e.crc = r.u32(p + 16);
        e.compressed = r.u32(p + 20);
        e.declared_size = r.u32(p + 24);
        std::uint16_t name_len = r.u16(p + 28);
        std::uint16_t extra_len = r.u16(p + 30);
        std::uint16_t comment_len = r.u16(p + 32);
        std::uint64_t local = r.u32(p + 42);
        if (!r.in_range(p + kCentralSize, std::uint64_t{name_len} + extra_len + comment_len))
            return corrupt("目录项越界");
        e.name.assign(bytes, p + kCentralSize, name_len);
        // Names are only compared, never used as paths; still, a workbook has
        // no business holding traversal or absolute names.
        if (e.name.find("..") != std::string::npos || e.name.empty() || e.name.front() == '/' ||
            e.name.find('\\') != std::string::npos || e.name.find(':') != std::string::npos ||
            e.name.find('\0') != std::string::npos)
            return make_error("FILE_HOSTILE", "表格文件异常：压缩包内含有可疑的文件名“" + e.name + "”，拒绝读取。");
        p += kCentralSize + name_len + extra_len + comment_len;
        if (flags & 0x1)
            return make_error(
                "FILE_ENCRYPTED",
                "表格文件设置了密码（已加密），无法读取。请在 Excel/WPS 中取消密码保护后重新保存再提交。");
        if (e.method != 0 && e.method != 8) return corrupt(e.name + " 使用了不支持的压缩方式");
        if (e.compressed == 0xFFFFFFFF || e.declared_size == 0xFFFFFFFF || local == 0xFFFFFFFF)
            return too_large("ZIP64 格式");
        if (!r.in_range(local, kLocalSize) || r.u32(local) != kLocalSig) return corrupt(e.name + " 的本地头损坏");
        std::uint64_t data = local + kLocalSize + r.u16(local + 26) + r.u16(local + 28);
        if (!r.in_range(data, e.compressed)) return corrupt(e.name + " 的数据越界");
        e.data_offset = data;
        spans.emplace_back(local, data + e.compressed);
        a.entries_.push_back(std::move(e));
    }
    if (p < std::uint64_t{cd_off} + cd_size && r.in_range(p, 4) && r.u32(p) == kCentralSig) return too_large(too_many);
    // Entries that share bytes are the trick of "overlapping" zip bombs.
    std::sort(spans.begin(), spans.end());
    for (std::size_t i = 1; i < spans.size(); ++i)
        if (spans[i].first < spans[i - 1].second) return too_large("压缩包内的文件相互重叠，疑似压缩炸弹");
    a.bytes_ = std::make_shared<const std::string>(std::move(bytes));
    return a;
}

const ZipEntry* ZipArchive::find(const std::string& name) const {
    for (const auto& e : entries_)
        if (e.name == name) return &e;
    return nullptr;
}

Result<ZipEntryStream> ZipArchive::open_entry(const ZipEntry& entry) {
    auto s = std::make_unique<ZipEntryStream::State>();
    s->bytes = bytes_;
    s->entry = entry;
    s->limits = limits_;
    s->total = total_inflated_;
    if (entry.method == 8) {
        if (inflateInit2(&s->z, -MAX_WBITS) != Z_OK) return corrupt("无法初始化解压");
        s->z_ready = true;
    }
    if (entry.compressed == 0) s->done = true;
    return ZipEntryStream(std::move(s));
}

Result<std::string> ZipArchive::read_all(const std::string& name, std::uint64_t max_bytes) {
    const ZipEntry* e = find(name);
    if (!e) return make_error("ENTRY_MISSING", name);
    auto stream = open_entry(*e);
    if (!stream) return stream.error();
    std::string out;
    char buf[16384];
    for (;;) {
        auto n = stream->read(buf, sizeof buf);
        if (!n) return n.error();
        if (*n == 0) break;
        out.append(buf, *n);
        if (out.size() > max_bytes) return too_large(name + " 过大");
    }
    return out;
}

}  // namespace jxjy
