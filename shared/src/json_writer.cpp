#include "jxjy/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "jxjy/text.h"

namespace jxjy {

void JsonWriter::separate() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (!first_.empty()) {
        if (!first_.back()) out_.push_back(',');
        first_.back() = false;
    }
}

JsonWriter& JsonWriter::begin_object() {
    separate();
    out_.push_back('{');
    first_.push_back(true);
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    out_.push_back('}');
    first_.pop_back();
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    separate();
    out_.push_back('[');
    first_.push_back(true);
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    out_.push_back(']');
    first_.pop_back();
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
    value(k);
    out_.push_back(':');
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
    separate();
    out_.push_back('"');
    static const char* hex = "0123456789abcdef";
    for (std::size_t i = 0; i < s.size();) {
        // Copy the run of bytes that need nothing, in one append.
        std::size_t run = i;
        while (run < s.size()) {
            auto c = static_cast<unsigned char>(s[run]);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
            ++run;
        }
        if (run > i) {
            out_.append(s, i, run - i);
            i = run;
            if (i == s.size()) break;
        }
        auto b = static_cast<unsigned char>(s[i]);
        if (b >= 0x80) {
            std::size_t start = i;
            char32_t cp = text::next_code_point(s, i);
            if (cp == 0xFFFD && s.compare(start, 3, "\xEF\xBF\xBD") != 0)
                out_ += "\xEF\xBF\xBD";
            else
                out_.append(s, start, i - start);
            continue;
        }
        ++i;
        switch (b) {
            case '"':
                out_ += "\\\"";
                break;
            case '\\':
                out_ += "\\\\";
                break;
            case '\n':
                out_ += "\\n";
                break;
            case '\r':
                out_ += "\\r";
                break;
            case '\t':
                out_ += "\\t";
                break;
            default:
                if (b < 0x20) {
                    out_ += "\\u00";
                    out_.push_back(hex[b >> 4]);
                    out_.push_back(hex[b & 15]);
                } else {
                    out_.push_back(static_cast<char>(b));
                }
        }
    }
    out_.push_back('"');
    return *this;
}

JsonWriter& JsonWriter::value(long long v) {
    separate();
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, r.ptr);
    return *this;
}

JsonWriter& JsonWriter::value(double v) {
    if (!std::isfinite(v)) return null();
    separate();
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
    out_.append(buf, r.ptr);
    return *this;
}

JsonWriter& JsonWriter::value(bool v) {
    separate();
    out_ += v ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null() {
    separate();
    out_ += "null";
    return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
    separate();
    out_.append(json);
    return *this;
}

}  // namespace jxjy
