#pragma once
// Streaming CSV: UTF-8 (with or without BOM), GB18030/GBK as Excel on a
// Chinese Windows saves it, UTF-16 ("Unicode text"); comma, semicolon or tab
// separated; RFC 4180 quoting. Memory stays bounded by one chunk plus one record.

#include <istream>
#include <memory>
#include <string>

#include "jxjy/table.h"

namespace jxjy {

struct CsvLimits {
    std::size_t sniff_bytes = 64 * 1024;  // read first to recognise the format and encoding
    std::size_t chunk_bytes = 64 * 1024;
    std::size_t max_record_bytes = 1 << 20;
    std::size_t max_fields = 4096;
};

class CsvSource : public TableSource {
public:
    // Opens and sniffs the file: refuses empty, binary, zip (xlsx/ods), legacy
    // .xls and PDF files with a message saying what to do.
    static Result<std::unique_ptr<CsvSource>> open(const std::string& path, CsvLimits limits = {});
    static Result<std::unique_ptr<CsvSource>> from_stream(std::unique_ptr<std::istream> in, CsvLimits limits = {});

    ~CsvSource() override;
    Result<bool> next(TableRow& row) override;

    const std::string& encoding() const { return encoding_; }  // "UTF-8", "GB18030", "UTF-16LE"…
    char separator() const { return separator_; }

private:
    CsvSource(std::unique_ptr<std::istream> in, CsvLimits limits);
    Result<bool> start();
    bool refill();          // decodes the next chunk into buf_; false at end of input
    std::string convert();  // raw_ -> UTF-8 through iconv, keeping an incomplete tail

    std::unique_ptr<std::istream> in_;
    CsvLimits limits_;
    std::string encoding_ = "UTF-8";
    char separator_ = ',';
    void* iconv_ = nullptr;  // iconv_t when not UTF-8
    std::string raw_;        // undecoded bytes carried over between chunks
    std::string buf_;        // decoded UTF-8
    std::size_t pos_ = 0;
    bool eof_ = false;
    int record_ = 0;
};

}  // namespace jxjy
