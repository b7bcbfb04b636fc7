#pragma once
// A small, hardened streaming XML scanner for the parts of .xlsx and .ods
// files. It accepts the well-formed UTF-8 XML office programs write and
// refuses the rest: any DOCTYPE (so no entity tricks, internal or external),
// nesting deeper than the limit, oversized tags or text, mismatched tags.
// Element and attribute names reach the handler without their namespace
// prefix ("table:table-row" -> "table-row").

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jxjy/limits.h"
#include "jxjy/result.h"

namespace jxjy::xml {

// The attributes of one start tag; values are decoded and NUL-terminated.
class Attributes {
public:
    const char* get(std::string_view local_name) const;

private:
    friend class Parser;
    std::vector<std::pair<std::string_view, std::size_t>> index_;  // local name -> offset in values_
    std::string values_;
};

std::string_view local_name(std::string_view qualified);

struct Handler {
    virtual ~Handler() = default;
    virtual void start(std::string_view name, const Attributes& attrs) = 0;
    virtual void end(std::string_view name) = 0;
    virtual void text(std::string_view data) = 0;
    // Set by the handler to stop parsing with an error of its own.
    std::optional<Error> failure;
};

class Parser {
public:
    Parser(Handler& handler, const FileLimits& limits) : handler_(handler), limits_(limits) {}

    // Feeds the next chunk; `last` on the final one. Stops at the first error.
    Result<bool> feed(const char* data, std::size_t n, bool last, const std::string& part);

private:
    // Scans complete tokens in buf_ from pos_; returns false on error.
    bool scan(bool last);
    bool tag(std::size_t open, bool last, std::size_t& next);
    bool special(std::size_t open, bool last, std::size_t& next);
    bool decode(std::string_view raw, std::string& out);
    bool flush_text(std::string_view raw);
    bool fail(const std::string& code, const std::string& message);

    Handler& handler_;
    const FileLimits& limits_;
    std::string part_;
    std::string buf_;
    std::size_t pos_ = 0;
    std::vector<std::string> stack_;  // open elements (qualified names)
    bool seen_root_ = false;
    bool root_closed_ = false;
    bool started_ = false;
    Attributes attrs_;
    std::string text_;
    std::optional<Error> error_;
};

}  // namespace jxjy::xml
