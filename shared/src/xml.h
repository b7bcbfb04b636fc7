#pragma once
// A hardened streaming XML parser (expat) for the parts of .xlsx and .ods
// files: any DOCTYPE is refused (so no entity tricks), nesting depth and text
// sizes are capped. Element and attribute names are given without their
// namespace prefix ("table:table-row" -> "table-row").

#include <expat.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "jxjy/limits.h"
#include "jxjy/result.h"

namespace jxjy::xml {

// Attributes of a start tag, looked up by local name.
class Attributes {
public:
    explicit Attributes(const XML_Char** atts) : atts_(atts) {}
    const char* get(std::string_view local_name) const;

private:
    const XML_Char** atts_;
};

std::string_view local_name(const char* qualified);

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
    Parser(Handler& handler, const FileLimits& limits);
    ~Parser();
    Parser(const Parser&) = delete;
    Parser& operator=(const Parser&) = delete;

    // Feeds the next chunk; `last` on the final one. Stops at the first error.
    Result<bool> feed(const char* data, std::size_t n, bool last, const std::string& part);

private:
    static void on_start(void* self, const XML_Char* name, const XML_Char** atts);
    static void on_end(void* self, const XML_Char* name);
    static void on_text(void* self, const XML_Char* s, int len);
    static void on_doctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int);
    static void on_entity(void* self, const XML_Char*, int, const XML_Char*, int, const XML_Char*, const XML_Char*,
                          const XML_Char*, const XML_Char*);
    void fail(Error e);

    XML_Parser p_;
    Handler& handler_;
    const FileLimits& limits_;
    int depth_ = 0;
    std::optional<Error> error_;
};

}  // namespace jxjy::xml
