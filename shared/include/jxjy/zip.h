#pragma once
// A defensive reader for the zip container of .xlsx and .ods files. Every
// archive is untrusted: sizes are counted while inflating (declared sizes
// lie), entries may not overlap, encryption and exotic methods are refused,
// and entry names are only ever compared, never used as paths.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "jxjy/limits.h"
#include "jxjy/result.h"

namespace jxjy {

class ZipArchive;

// Pulls the inflated bytes of one entry.
class ZipEntryStream {
public:
    ~ZipEntryStream();
    ZipEntryStream(ZipEntryStream&&) noexcept;
    ZipEntryStream& operator=(ZipEntryStream&&) = delete;

    // Fills up to `n` bytes; 0 at the end. Errors on corruption or a limit.
    Result<std::size_t> read(char* out, std::size_t n);

private:
    friend class ZipArchive;
    struct State;
    explicit ZipEntryStream(std::unique_ptr<State> s);
    std::unique_ptr<State> s_;
};

struct ZipEntry {
    std::string name;
    std::uint16_t method = 0;  // 0 stored, 8 deflate
    std::uint32_t crc = 0;
    std::uint64_t compressed = 0;
    std::uint64_t declared_size = 0;  // as claimed; never trusted
    std::uint64_t data_offset = 0;    // of the compressed bytes
};

class ZipArchive {
public:
    // `bytes` is the whole file. Fails on anything that is not a plain zip.
    static Result<ZipArchive> open(std::string bytes, FileLimits limits = {});

    const std::vector<ZipEntry>& entries() const { return entries_; }
    const ZipEntry* find(const std::string& name) const;

    // A stream over one entry's inflated bytes; counts against the archive's
    // total-bytes limit.
    Result<ZipEntryStream> open_entry(const ZipEntry& entry);

    // Reads a whole (small) entry, bounded by `max_bytes`.
    Result<std::string> read_all(const std::string& name, std::uint64_t max_bytes);

private:
    ZipArchive() = default;
    std::shared_ptr<const std::string> bytes_;
    std::vector<ZipEntry> entries_;
    FileLimits limits_;
    std::shared_ptr<std::uint64_t> total_inflated_;
};

}  // namespace jxjy
