#pragma once
// What the .xlsx and .ods sheet readers share: an XML part of a zip entry
// pulled chunk by chunk through the scanner, with the rows its handler
// completes queued for next().

#include <deque>
#include <string>

#include "jxjy/table.h"
#include "jxjy/zip.h"
#include "xml.h"

namespace jxjy {

class XmlSheetSource : public TableSource, protected xml::Handler {
public:
    Result<bool> next(TableRow& out) override {
        while (ready_.empty() && !finished_) {
            auto n = stream_.read(buf_, sizeof buf_);
            if (!n) return n.error();
            auto ok = parser_.feed(buf_, *n, *n == 0, part_);
            if (!ok) return ok.error();
            if (*n == 0) finished_ = true;
        }
        if (ready_.empty()) return false;
        out = std::move(ready_.front());
        ready_.pop_front();
        return true;
    }

protected:
    XmlSheetSource(ZipEntryStream stream, std::string part, const FileLimits& limits)
        : limits_(limits), stream_(std::move(stream)), part_(std::move(part)), parser_(*this, limits_) {}

    FileLimits limits_;
    std::deque<TableRow> ready_;  // rows the handler has completed

private:
    ZipEntryStream stream_;
    std::string part_;
    xml::Parser parser_;
    char buf_[65536];
    bool finished_ = false;
};

// Runs `handler` over a whole (bounded) entry of the archive.
inline Result<bool> parse_entry(ZipArchive& zip, const std::string& name, xml::Handler& handler,
                                const FileLimits& limits) {
    const ZipEntry* e = zip.find(name);
    if (!e) return make_error("ENTRY_MISSING", name);
    auto stream = zip.open_entry(*e);
    if (!stream) return stream.error();
    xml::Parser parser(handler, limits);
    char buf[65536];
    for (;;) {
        auto n = stream->read(buf, sizeof buf);
        if (!n) return n.error();
        auto ok = parser.feed(buf, *n, *n == 0, name);
        if (!ok) return ok.error();
        if (*n == 0) return true;
    }
}

}  // namespace jxjy
