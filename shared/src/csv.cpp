#include "jxjy/csv.h"

#include <iconv.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "jxjy/text.h"

namespace jxjy {
namespace {

bool has_prefix(const std::string& s, std::string_view p) {
    return s.compare(0, p.size(), p) == 0;
}

// Refuses what is plainly not a CSV, saying what the file is and what to do.
std::optional<Error> sniff_non_csv(const std::string& head) {
    if (head.empty()) return make_error("FILE_EMPTY", "文件是空的，没有任何内容。");
    if (has_prefix(head, "PK\x03\x04") || has_prefix(head, "PK\x05\x06"))
        return make_error("FILE_WRONG_TYPE",
                          "这个文件实际上是 Excel/WPS (.xlsx) 或 LibreOffice (.ods) 表格，而不是 CSV 文本。"
                          "请把文件扩展名改为 .xlsx 或 .ods，或在表格软件中“另存为 CSV”。");
    if (has_prefix(head, "\xD0\xCF\x11\xE0"))
        return make_error("FILE_LEGACY_XLS",
                          "这是旧版 Excel 97-2003 (.xls) 文件，或是加密的表格。请在 Excel/WPS 中去掉密码并“另存为” "
                          ".xlsx 或 CSV 后再提交。");
    if (has_prefix(head, "%PDF"))
        return make_error("FILE_WRONG_TYPE",
                          "这是 PDF 文件，不是名册表格。请提交 .xlsx、.ods 或 .csv 格式的电子表格。");
    return std::nullopt;
}

// UTF-16 without a BOM: read as 16-bit units, real text has no control
// characters but tab and line breaks, and its ASCII (separators, digits) shows
// as units with a zero high byte. Binary data fails one or the other.
bool plausible_utf16(const std::string& head, bool little_endian) {
    std::size_t units = std::min<std::size_t>(head.size(), 8192) / 2;
    std::size_t ascii = 0;
    for (std::size_t k = 0; k < units; ++k) {
        auto lo = static_cast<unsigned char>(head[2 * k + (little_endian ? 0 : 1)]);
        auto hi = static_cast<unsigned char>(head[2 * k + (little_endian ? 1 : 0)]);
        unsigned unit = (hi << 8) | lo;
        if (unit < 0x20 && unit != '\t' && unit != '\n' && unit != '\r') return false;
        if (hi == 0) ++ascii;
    }
    return units > 0 && ascii * 8 >= units;
}

const char* guess_utf16(const std::string& head) {
    if (head.find('\0') == std::string::npos) return nullptr;
    if (plausible_utf16(head, true)) return "UTF-16LE";
    if (plausible_utf16(head, false)) return "UTF-16BE";
    return nullptr;
}

char guess_separator(std::string_view s) {
    std::size_t comma = 0;
    std::size_t tab = 0;
    std::size_t semi = 0;
    bool quoted = false;
    for (char c : s) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        comma += c == ',';
        tab += c == '\t';
        semi += c == ';';
    }
    if (tab > comma && tab >= semi) return '\t';
    if (semi > comma && semi > tab) return ';';
    return ',';
}

}  // namespace

CsvSource::CsvSource(std::unique_ptr<std::istream> in, CsvLimits limits) : in_(std::move(in)), limits_(limits) {}

CsvSource::~CsvSource() {
    if (iconv_) iconv_close(static_cast<iconv_t>(iconv_));
}

Result<std::unique_ptr<CsvSource>> CsvSource::open(const std::string& path, CsvLimits limits) {
    auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*in) return make_error("FILE_UNREADABLE", "无法打开文件 " + path + "：" + std::strerror(errno));
    return from_stream(std::move(in), limits);
}

Result<std::unique_ptr<CsvSource>> CsvSource::from_stream(std::unique_ptr<std::istream> in, CsvLimits limits) {
    std::unique_ptr<CsvSource> src(new CsvSource(std::move(in), limits));
    auto started = src->start();
    if (!started) return started.error();
    return src;
}

Result<bool> CsvSource::start() {
    raw_.resize(std::max<std::size_t>(limits_.sniff_bytes, 4));
    in_->read(raw_.data(), static_cast<std::streamsize>(raw_.size()));
    raw_.resize(static_cast<std::size_t>(in_->gcount()));
    eof_ = !*in_;
    if (auto err = sniff_non_csv(raw_)) return *err;

    const char* from = nullptr;
    if (has_prefix(raw_, "\xEF\xBB\xBF")) {
        raw_.erase(0, 3);
    } else if (has_prefix(raw_, "\xFF\xFE")) {
        raw_.erase(0, 2);
        from = "UTF-16LE";
    } else if (has_prefix(raw_, "\xFE\xFF")) {
        raw_.erase(0, 2);
        from = "UTF-16BE";
    } else if (const char* u16 = guess_utf16(raw_)) {
        from = u16;
    } else if (raw_.find('\0') != std::string::npos) {
        return make_error("FILE_BINARY",
                          "文件含有二进制数据，不是 CSV 文本文件。请提交名册的 .xlsx、.ods 或 .csv 文件。");
    } else if (!text::is_valid_utf8(raw_, /*allow_truncated_tail=*/!eof_)) {
        from = "GB18030";  // a superset of GBK and GB2312
    }
    if (from) {
        iconv_t cd = iconv_open("UTF-8", from);
        if (cd == reinterpret_cast<iconv_t>(-1))
            return make_error("ENCODING_UNSUPPORTED", std::string("系统不支持 ") + from + " 编码的转换。");
        iconv_ = cd;
        encoding_ = from;
    }
    if (!refill() && buf_.empty()) return make_error("FILE_EMPTY", "文件是空的，没有任何内容。");
    separator_ = guess_separator(buf_);
    return true;
}

bool CsvSource::refill() {
    buf_.erase(0, pos_);  // drop what has been consumed
    pos_ = 0;
    for (;;) {
        if (raw_.empty() || iconv_) {
            // Read more when nothing is pending, or when the pending bytes are an
            // incomplete character that the next chunk completes.
            if (!eof_) {
                std::size_t had = raw_.size();
                raw_.resize(had + limits_.chunk_bytes);
                in_->read(raw_.data() + had, static_cast<std::streamsize>(limits_.chunk_bytes));
                raw_.resize(had + static_cast<std::size_t>(in_->gcount()));
                eof_ = !*in_;
            }
            if (raw_.empty()) return false;
        }
        if (!iconv_) {
            buf_ += raw_;
            raw_.clear();
            return true;
        }
        std::string out = convert();
        if (!out.empty()) {
            buf_ += out;
            return true;
        }
        if (eof_) {
            raw_.clear();  // an incomplete final character
            return false;
        }
    }
}

std::string CsvSource::convert() {
    std::string out(raw_.size() * 2 + 16, '\0');
    char* inp = raw_.data();
    std::size_t inleft = raw_.size();
    char* outp = out.data();
    std::size_t outleft = out.size();
    auto grow = [&](std::size_t need) {
        std::size_t used = static_cast<std::size_t>(outp - out.data());
        out.resize(out.size() + need);
        outp = out.data() + used;
        outleft = out.size() - used;
    };
    while (inleft > 0) {
        std::size_t r = iconv(static_cast<iconv_t>(iconv_), &inp, &inleft, &outp, &outleft);
        if (r != static_cast<std::size_t>(-1)) break;
        if (errno == E2BIG) {
            grow(out.size());
        } else if (errno == EINVAL && !eof_) {
            break;  // a character cut at the chunk end: keep its bytes for the next read
        } else {
            // A byte that is not valid in the encoding: replace it and go on.
            ++inp;
            --inleft;
            if (outleft < 3) grow(16);
            std::memcpy(outp, "\xEF\xBF\xBD", 3);
            outp += 3;
            outleft -= 3;
        }
    }
    out.resize(static_cast<std::size_t>(outp - out.data()));
    raw_.erase(0, raw_.size() - inleft);
    return out;
}

Result<bool> CsvSource::next(TableRow& row) {
    // Cells of `row` are reused from the previous call so that steady-state
    // reading allocates nothing.
    std::size_t n = 0;
    auto current = [&]() -> Cell& {
        if (n == row.cells.size()) row.cells.emplace_back();
        return row.cells[n];
    };
    current().text.clear();
    bool quoted = false;      // inside quotes
    bool was_quoted = false;  // the field began with a quote
    bool any = false;         // something of this record was read
    std::size_t record_bytes = 0;
    auto finish_field = [&]() -> bool {
        Cell& c = current();
        c.kind = c.text.empty() ? Cell::Kind::Empty : Cell::Kind::Text;
        c.number = 0;
        if (++n >= limits_.max_fields) return false;
        was_quoted = false;
        current().text.clear();
        return true;
    };
    auto end_record = [&]() {
        row.cells.resize(n);
        row.row = ++record_;
    };
    auto too_big = [&]() {
        return make_error("RECORD_TOO_LARGE", "第 " + std::to_string(record_ + 1) +
                                                  " 行过长或列数过多（可能是引号没有配对），文件可能已损坏。");
    };
    const char sep = separator_;
    for (;;) {
        if (pos_ >= buf_.size() && !refill()) {
            if (!any) return false;
            if (!finish_field()) return too_big();
            end_record();
            return true;
        }
        any = true;
        // Copy the run of ordinary bytes in one go.
        std::size_t start = pos_;
        const std::size_t size = buf_.size();
        if (quoted) {
            while (pos_ < size && buf_[pos_] != '"') ++pos_;
        } else {
            while (pos_ < size) {
                char c = buf_[pos_];
                if (c == sep || c == '"' || c == '\n' || c == '\r') break;
                ++pos_;
            }
        }
        if (pos_ > start) {
            record_bytes += pos_ - start;
            if (record_bytes > limits_.max_record_bytes) return too_big();
            current().text.append(buf_, start, pos_ - start);
        }
        if (pos_ >= size) continue;
        char c = buf_[pos_++];
        if (++record_bytes > limits_.max_record_bytes) return too_big();
        if (quoted) {  // c is a quote: doubled, or the end of the quoted part
            if (pos_ >= buf_.size()) refill();
            if (pos_ < buf_.size() && buf_[pos_] == '"') {
                current().text.push_back('"');
                ++pos_;
            } else {
                quoted = false;
            }
        } else if (c == '"') {
            if (current().text.empty() && !was_quoted)
                quoted = was_quoted = true;
            else
                current().text.push_back(c);  // a stray quote inside a field is kept
        } else if (c == sep) {
            if (!finish_field()) return too_big();
        } else {  // line break
            if (c == '\r') {
                if (pos_ >= buf_.size()) refill();
                if (pos_ < buf_.size() && buf_[pos_] == '\n') ++pos_;
            }
            if (!finish_field()) return too_big();
            end_record();
            return true;
        }
    }
}

}  // namespace jxjy
