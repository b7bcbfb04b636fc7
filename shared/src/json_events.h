#pragma once
// A strict JSON reader (RFC 8259) that hands each value to a handler as it
// is read, without building a document. It is on the daemon's hot path: every
// submission from the Calc extension is a JSON roster of a few hundred rows.
//
// The handler provides
//   bool null(); bool boolean(bool); bool integer(double); bool real(double);
//   bool string(std::string&); bool key(std::string&);
//   bool start_object(); bool end_object(); bool start_array(); bool end_array();
// each returning false to stop. `integer` is a number written without a
// fraction or exponent (that fits 64 bits); `real` any other number.
// Strings are checked to be UTF-8, escapes decoded; lone surrogates, control
// characters, trailing commas, comments and anything after the value are
// syntax errors.

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "jxjy/text.h"

namespace jxjy::json_events {

enum class Outcome { Ok, Stopped, SyntaxError, TooDeep };

constexpr int kMaxDepth = 256;

template <class Handler>
class Reader {
public:
    Reader(std::string_view in, Handler& h) : p_(in.data()), end_(in.data() + in.size()), h_(h) {}

    Outcome run() {
        skip_space();
        if (p_ == end_) return Outcome::SyntaxError;
        Outcome o = value();
        if (o != Outcome::Ok) return o;
        skip_space();
        return p_ == end_ ? Outcome::Ok : Outcome::SyntaxError;
    }

private:
    // Objects and arrays are read with an explicit stack, not recursion: depth
    // costs no C++ stack whatever the input.
    Outcome value() {
        std::vector<char> open;  // '{' or '['
        for (;;) {
            // A value at the current position.
            skip_space();
            if (p_ == end_) return Outcome::SyntaxError;
            char c = *p_;
            if (c == '{' || c == '[') {
                if (static_cast<int>(open.size()) >= kMaxDepth) return Outcome::TooDeep;
                ++p_;
                if (!(c == '{' ? h_.start_object() : h_.start_array())) return Outcome::Stopped;
                open.push_back(c);
                skip_space();
                if (p_ < end_ && *p_ == (c == '{' ? '}' : ']')) {  // empty
                    ++p_;
                    open.pop_back();
                    if (!(c == '{' ? h_.end_object() : h_.end_array())) return Outcome::Stopped;
                } else if (c == '{') {
                    Outcome k = member_key();
                    if (k != Outcome::Ok) return k;
                    continue;
                } else {
                    continue;
                }
            } else {
                Outcome s = scalar();
                if (s != Outcome::Ok) return s;
            }
            // After a value: a comma, or the end of its container(s).
            for (;;) {
                if (open.empty()) return Outcome::Ok;
                skip_space();
                if (p_ == end_) return Outcome::SyntaxError;
                char close = open.back() == '{' ? '}' : ']';
                if (*p_ == ',') {
                    ++p_;
                    if (open.back() == '{') {
                        Outcome k = member_key();
                        if (k != Outcome::Ok) return k;
                    }
                    break;  // the next value
                }
                if (*p_ != close) return Outcome::SyntaxError;
                ++p_;
                open.pop_back();
                if (!(close == '}' ? h_.end_object() : h_.end_array())) return Outcome::Stopped;
            }
        }
    }

    Outcome member_key() {
        skip_space();
        if (p_ == end_ || *p_ != '"') return Outcome::SyntaxError;
        if (!read_string()) return Outcome::SyntaxError;
        skip_space();
        if (p_ == end_ || *p_ != ':') return Outcome::SyntaxError;
        ++p_;
        return h_.key(text_) ? Outcome::Ok : Outcome::Stopped;
    }

    Outcome scalar() {
        switch (*p_) {
            case '"':
                if (!read_string()) return Outcome::SyntaxError;
                return h_.string(text_) ? Outcome::Ok : Outcome::Stopped;
            case 't':
                if (!literal("true")) return Outcome::SyntaxError;
                return h_.boolean(true) ? Outcome::Ok : Outcome::Stopped;
            case 'f':
                if (!literal("false")) return Outcome::SyntaxError;
                return h_.boolean(false) ? Outcome::Ok : Outcome::Stopped;
            case 'n':
                if (!literal("null")) return Outcome::SyntaxError;
                return h_.null() ? Outcome::Ok : Outcome::Stopped;
            default:
                return number();
        }
    }

    bool literal(std::string_view word) {
        if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word)
            return false;
        p_ += word.size();
        return true;
    }

    static bool digit(char c) { return c >= '0' && c <= '9'; }

    Outcome number() {
        const char* start = p_;
        if (p_ < end_ && *p_ == '-') ++p_;
        if (p_ == end_ || !digit(*p_)) return Outcome::SyntaxError;
        if (*p_ == '0')
            ++p_;
        else
            while (p_ < end_ && digit(*p_)) ++p_;
        bool whole = true;
        if (p_ < end_ && *p_ == '.') {
            whole = false;
            ++p_;
            if (p_ == end_ || !digit(*p_)) return Outcome::SyntaxError;
            while (p_ < end_ && digit(*p_)) ++p_;
        }
        if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
            whole = false;
            ++p_;
            if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
            if (p_ == end_ || !digit(*p_)) return Outcome::SyntaxError;
            while (p_ < end_ && digit(*p_)) ++p_;
        }
        if (whole) {
            std::int64_t i = 0;
            auto [ptr, ec] = std::from_chars(start, p_, i);
            if (ec == std::errc() && ptr == p_)
                return h_.integer(static_cast<double>(i)) ? Outcome::Ok : Outcome::Stopped;
            if (*start != '-') {
                std::uint64_t u = 0;
                auto [uptr, uec] = std::from_chars(start, p_, u);
                if (uec == std::errc() && uptr == p_)
                    return h_.integer(static_cast<double>(u)) ? Outcome::Ok : Outcome::Stopped;
            }
            // Too large for 64 bits: a real number, as other readers take it.
        }
        double d = 0;
        auto [ptr, ec] = std::from_chars(start, p_, d);
        if (ec == std::errc::result_out_of_range) {
            // 1e-999 is 0 as near as a double gets; 1e999 is no number we can hold.
            d = std::strtod(std::string(start, p_).c_str(), nullptr);
            if (std::isinf(d)) return Outcome::SyntaxError;
        } else if (ec != std::errc() || ptr != p_) {
            return Outcome::SyntaxError;
        }
        return h_.real(d) ? Outcome::Ok : Outcome::Stopped;
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    bool read_hex4(unsigned& out) {
        if (end_ - p_ < 4) return false;
        out = 0;
        for (int i = 0; i < 4; ++i) {
            int v = hex(p_[i]);
            if (v < 0) return false;
            out = out * 16 + static_cast<unsigned>(v);
        }
        p_ += 4;
        return true;
    }

    // One UTF-8 sequence starting at p_ (not ASCII), copied when well formed.
    bool utf8_sequence() {
        auto b0 = static_cast<unsigned char>(*p_);
        int len = 0;
        char32_t min = 0, cp = 0;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            len = 2, min = 0x80, cp = b0 & 0x1F;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            len = 3, min = 0x800, cp = b0 & 0x0F;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            len = 4, min = 0x10000, cp = b0 & 0x07;
        } else {
            return false;
        }
        if (end_ - p_ < len) return false;
        for (int i = 1; i < len; ++i) {
            auto b = static_cast<unsigned char>(p_[i]);
            if ((b & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (b & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        text_.append(p_, static_cast<std::size_t>(len));
        p_ += len;
        return true;
    }

    // p_ at the opening quote; leaves the decoded text in text_.
    bool read_string() {
        ++p_;
        text_.clear();
        for (;;) {
            // The common case: a run of plain ASCII.
            const char* run = p_;
            while (p_ < end_) {
                auto b = static_cast<unsigned char>(*p_);
                if (b == '"' || b == '\\' || b < 0x20 || b >= 0x80) break;
                ++p_;
            }
            text_.append(run, static_cast<std::size_t>(p_ - run));
            if (p_ == end_) return false;
            auto b = static_cast<unsigned char>(*p_);
            if (b == '"') {
                ++p_;
                return true;
            }
            if (b < 0x20) return false;
            if (b >= 0x80) {
                if (!utf8_sequence()) return false;
                continue;
            }
            // An escape.
            ++p_;
            if (p_ == end_) return false;
            char e = *p_++;
            switch (e) {
                case '"':
                    text_.push_back('"');
                    break;
                case '\\':
                    text_.push_back('\\');
                    break;
                case '/':
                    text_.push_back('/');
                    break;
                case 'b':
                    text_.push_back('\b');
                    break;
                case 'f':
                    text_.push_back('\f');
                    break;
                case 'n':
                    text_.push_back('\n');
                    break;
                case 'r':
                    text_.push_back('\r');
                    break;
                case 't':
                    text_.push_back('\t');
                    break;
                case 'u': {
                    unsigned u = 0;
                    if (!read_hex4(u)) return false;
                    char32_t cp = u;
                    if (u >= 0xDC00 && u <= 0xDFFF) return false;  // a low surrogate alone
                    if (u >= 0xD800 && u <= 0xDBFF) {
                        unsigned low = 0;
                        if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
                        p_ += 2;
                        if (!read_hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
                        cp = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                    }
                    text::append_utf8(text_, cp);
                    break;
                }
                default:
                    return false;
            }
        }
    }

    void skip_space() {
        while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
    }

    const char* p_;
    const char* end_;
    Handler& h_;
    std::string text_;
};

template <class Handler>
Outcome read(std::string_view in, Handler& h) {
    return Reader<Handler>(in, h).run();
}

// A handler that takes every value: only the syntax is judged.
struct AnyValue {
    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool integer(double) { return true; }
    bool real(double) { return true; }
    bool string(std::string&) { return true; }
    bool key(std::string&) { return true; }
    bool start_object() { return true; }
    bool end_object() { return true; }
    bool start_array() { return true; }
    bool end_array() { return true; }
};

inline Outcome check_syntax(std::string_view in) {
    AnyValue any;
    return read(in, any);
}

}  // namespace jxjy::json_events
