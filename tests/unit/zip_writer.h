#pragma once
// Builds zip archives in memory for tests, including the malformed and
// hostile ones no office program would write.

#include <zlib.h>

#include <cstdint>
#include <string>
#include <vector>

namespace jxjy::test {

struct ZipPart {
    std::string name;
    std::string data;
    bool deflate = true;
    long declared_size = -1;  // override the uncompressed size in the headers
    std::uint16_t flags = 0;
};

inline std::string deflate_raw(const std::string& in) {
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, in.size()) + 16, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

class ZipWriter {
public:
    void put16(std::string& s, unsigned v) {
        s.push_back(static_cast<char>(v & 0xFF));
        s.push_back(static_cast<char>((v >> 8) & 0xFF));
    }
    void put32(std::string& s, std::uint32_t v) {
        put16(s, v & 0xFFFF);
        put16(s, v >> 16);
    }

    // Adds an entry; returns the offset of its local header.
    std::uint32_t add(const ZipPart& p) {
        std::string body = p.deflate ? deflate_raw(p.data) : p.data;
        auto crc = static_cast<std::uint32_t>(
            crc32(0, reinterpret_cast<const Bytef*>(p.data.data()), static_cast<uInt>(p.data.size())));
        std::uint32_t size = p.declared_size >= 0 ? static_cast<std::uint32_t>(p.declared_size)
                                                  : static_cast<std::uint32_t>(p.data.size());
        auto offset = static_cast<std::uint32_t>(out_.size());
        put32(out_, 0x04034b50);
        put16(out_, 20);
        put16(out_, p.flags);
        put16(out_, p.deflate ? 8 : 0);
        put32(out_, 0);
        put32(out_, crc);
        put32(out_, static_cast<std::uint32_t>(body.size()));
        put32(out_, size);
        put16(out_, static_cast<unsigned>(p.name.size()));
        put16(out_, 0);
        out_ += p.name;
        out_ += body;
        central(p, crc, static_cast<std::uint32_t>(body.size()), size, offset);
        return offset;
    }

    // A second directory entry pointing at an existing local header.
    void alias(const ZipPart& p, std::uint32_t offset, std::uint32_t compressed) {
        auto crc = static_cast<std::uint32_t>(
            crc32(0, reinterpret_cast<const Bytef*>(p.data.data()), static_cast<uInt>(p.data.size())));
        central(p, crc, compressed, static_cast<std::uint32_t>(p.data.size()), offset);
    }

    std::string finish() {
        std::string out = out_;
        auto cd_off = static_cast<std::uint32_t>(out.size());
        out += cd_;
        put32(out, 0x06054b50);
        put16(out, 0);
        put16(out, 0);
        put16(out, count_ & 0xFFFF);
        put16(out, count_ & 0xFFFF);
        put32(out, static_cast<std::uint32_t>(cd_.size()));
        put32(out, cd_off);
        put16(out, 0);
        return out;
    }

private:
    void central(const ZipPart& p, std::uint32_t crc, std::uint32_t compressed, std::uint32_t size,
                 std::uint32_t offset) {
        put32(cd_, 0x02014b50);
        put16(cd_, 20);
        put16(cd_, 20);
        put16(cd_, p.flags);
        put16(cd_, p.deflate ? 8 : 0);
        put32(cd_, 0);
        put32(cd_, crc);
        put32(cd_, compressed);
        put32(cd_, size);
        put16(cd_, static_cast<unsigned>(p.name.size()));
        put16(cd_, 0);
        put16(cd_, 0);
        put16(cd_, 0);
        put16(cd_, 0);
        put32(cd_, 0);
        put32(cd_, offset);
        cd_ += p.name;
        ++count_;
    }

    std::string out_;
    std::string cd_;
    unsigned count_ = 0;
};

}  // namespace jxjy::test
