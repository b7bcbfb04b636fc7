#include "jxjy/csv.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iconv.h>

#include "jxjy/text.h"

namespace jxjy {
namespace {

bool has_prefix(const std::string& s, std::string_view p) { return s.compare(0, p.size(), p) == 0; }

// Refuses what is plainly not a CSV, saying what the file is and what to do.
std::optional<Error> sniff_non_csv(const std::string& head) {
    if (head.empty()) return make_error("FILE_EMPTY", "文件是空的，没有任何内容。");
    if (has_prefix(head, "PK\x03\x04") || has_prefix(head, "PK\x05\x06"))
        return make_error("FILE_WRONG_TYPE",
                          "这个文件实际上是 Excel/WPS (.xlsx) 或 LibreOffice (.ods) 表格，而不是 CSV 文本。"
                          "请把文件扩展名改为 .xlsx 或 .ods，或在表格软件中“另存为 CSV”。");
    if (has_prefix(head, "\xD0\xCF\x11\xE0"))
        return make_error("FILE_LEGACY_XLS",
                          "这是旧版 Excel 97-2003 (.xls) 文件，或是加密的表格。请在 Excel/WPS 中去掉密码并“另存为” .xlsx 或 CSV 后再提交。");
    if (has_prefix(head, "%PDF")) return make_error("FILE_WRONG_TYPE", "这是 PDF 文件，不是名册表格。请提交 .xlsx、.ods 或 .csv 格式的电子表格。");
    return std::nullopt;
}

// UTF-16 without a BOM: every other byte NUL in ASCII-heavy text.
const char* guess_utf16(const std::string& head) {
    std::size_t even = 0;
    std::size_t odd = 0;
    std::size_t n = std::min<std::size_t>(head.size(), 4096);
    for (std::size_t i = 0; i < n; ++i)
        if (head[i] == '\0') (i % 2 ? odd : even) += 1;
    if (odd > n / 4 && even == 0) return "UTF-16LE";
    if (even > n / 4 && odd == 0) return "UTF-16BE";
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
    raw_.resize(limits_.chunk_bytes);
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
        return make_error("FILE_BINARY", "文件含有二进制数据，不是 CSV 文本文件。请提交名册的 .xlsx、.ods 或 .csv 文件。");
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
    row.cells.clear();
    std::string field;
    bool quoted = false;      // inside quotes
    bool was_quoted = false;  // the field began with a quote
    bool any = false;         // something of this record was read
    std::size_t record_bytes = 0;
    auto finish_field = [&]() -> bool {
        if (row.cells.size() >= limits_.max_fields) return false;
        row.cells.push_back(field.empty() ? Cell{} : Cell::of_text(std::move(field)));
        field.clear();
        was_quoted = false;
        return true;
    };
    auto too_big = [&]() {
        return make_error("RECORD_TOO_LARGE", "第 " + std::to_string(record_ + 1) +
                                                  " 行过长或列数过多（可能是引号没有配对），文件可能已损坏。");
    };
    for (;;) {
        if (pos_ >= buf_.size()) {
            if (!refill()) {
                if (!any) return false;
                if (!finish_field()) return too_big();
                row.row = ++record_;
                return true;
            }
        }
        char c = buf_[pos_++];
        any = true;
        if (++record_bytes > limits_.max_record_bytes) return too_big();
        if (quoted) {
            if (c == '"') {
                if (pos_ >= buf_.size()) refill();
                if (pos_ < buf_.size() && buf_[pos_] == '"') {
                    field.push_back('"');
                    ++pos_;
                } else {
                    quoted = false;
                }
            } else {
                field.push_back(c);
            }
            continue;
        }
        if (c == '"' && field.empty() && !was_quoted) {
            quoted = was_quoted = true;
        } else if (c == separator_) {
            if (!finish_field()) return too_big();
        } else if (c == '\n' || c == '\r') {
            if (c == '\r') {
                if (pos_ >= buf_.size()) refill();
                if (pos_ < buf_.size() && buf_[pos_] == '\n') ++pos_;
            }
            if (!finish_field()) return too_big();
            row.row = ++record_;
            return true;
        } else {
            field.push_back(c);
        }
    }
}

}  // namespace jxjy
