#pragma once
// A small streaming JSON writer for the hot paths (a 300-row roster's result,
// a 100,000-row listing): appends to one string, no document tree. Strings are
// escaped per RFC 8259; invalid UTF-8 is replaced with U+FFFD.

#include <string>
#include <string_view>
#include <vector>

namespace jxjy {

class JsonWriter {
public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view k);
    JsonWriter& value(std::string_view s);
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(long long v);
    JsonWriter& value(long v) { return value(static_cast<long long>(v)); }
    JsonWriter& value(int v) { return value(static_cast<long long>(v)); }
    JsonWriter& value(double v);  // shortest text that reads back to the same double
    JsonWriter& value(bool v);
    JsonWriter& null();
    JsonWriter& raw(std::string_view json);  // an already serialised value

    std::string& str() { return out_; }
    std::string take() { return std::move(out_); }
    void reserve(std::size_t n) { out_.reserve(n); }

private:
    void separate();
    std::string out_;
    std::vector<bool> first_;  // per open container: no member written yet
    bool after_key_ = false;
};

}  // namespace jxjy
