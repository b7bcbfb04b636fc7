#pragma once
// Every limit applied to untrusted spreadsheet files, in one place. Defaults
// fit any real roster (a county has a few thousand teachers) with a wide
// margin; callers may tighten or loosen them.

#include <cstddef>
#include <cstdint>

namespace jxjy {

struct FileLimits {
    std::uint64_t max_file_bytes = 64ull << 20;           // the workbook as stored
    std::size_t max_zip_entries = 4096;                   // entries in the archive
    std::uint64_t max_entry_bytes = 256ull << 20;         // inflated size of one entry, counted while inflating
    std::uint64_t max_total_bytes = 512ull << 20;         // inflated bytes over all entries read
    std::uint64_t max_ratio = 200;                        // inflated : compressed, checked past ratio_floor
    std::uint64_t ratio_floor_bytes = 1ull << 20;         // small entries may compress very well
    int max_xml_depth = 64;                               // element nesting
    std::size_t max_shared_strings = 2'000'000;           // xlsx sharedStrings.xml entries
    std::uint64_t max_shared_string_bytes = 64ull << 20;  // their total text
    std::size_t max_cell_text_bytes = 32 * 1024;          // one cell's text
    long max_rows = 1'048'576;                            // highest row number accepted
    int max_columns = 256;                                // cells beyond this column are refused
    std::uint64_t max_cells = 20'000'000;                 // cells materialised, repeats included
};

}  // namespace jxjy
