#include "jxjy/text.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace jxjy::text {
namespace {

constexpr char32_t kInvalid = 0xFFFD;

bool is_space_cp(char32_t c) {
    return c == U' ' || c == U'\t' || c == U'\r' || c == U'\n' || c == U'\v' || c == U'\f' || c == 0x3000 ||
           c == 0x00A0 || c == 0x2002 || c == 0x2003 || c == 0x2009 || c == 0x202F;
}

bool is_zero_width(char32_t c) {
    return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF;
}

}  // namespace

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

namespace {

// True when `s` holds nothing fold or trim would change: no ASCII space or
// control byte, and no lead byte of the characters they act on (U+00A0,
// U+2000..U+206F, U+3000..U+303F, U+FF00..U+FFFF). CJK ideographs pass.
bool nothing_to_fold(std::string_view s) {
    for (char ch : s) {
        auto b = static_cast<unsigned char>(ch);
        if (b <= 0x20 || b == 0xC2 || b == 0xE2 || b == 0xE3 || b == 0xEF) return false;
    }
    return true;
}

}  // namespace

char32_t next_code_point(std::string_view s, std::size_t& i) {
    auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    int len = 0;
    char32_t cp = 0;
    if ((b0 & 0xE0) == 0xC0) {
        len = 2;
        cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3;
        cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4;
        cp = b0 & 0x07;
    } else {
        ++i;
        return kInvalid;
    }
    if (i + static_cast<std::size_t>(len) > s.size()) {
        i = s.size();
        return kInvalid;
    }
    for (int k = 1; k < len; ++k) {
        auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((b & 0xC0) != 0x80) {
            i += static_cast<std::size_t>(k);
            return kInvalid;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    i += static_cast<std::size_t>(len);
    static constexpr char32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kInvalid;
    return cp;
}

std::string_view trim(std::string_view s) {
    if (s.empty()) return s;
    auto edge = [](unsigned char b) { return b <= 0x20 || b >= 0x80; };
    if (!edge(static_cast<unsigned char>(s.front())) && !edge(static_cast<unsigned char>(s.back()))) return s;
    std::size_t begin = 0;
    std::size_t end = s.size();
    while (begin < end) {
        std::size_t i = begin;
        char32_t c = next_code_point(s, i);
        if (!is_space_cp(c) && !is_zero_width(c)) break;
        begin = i;
    }
    while (end > begin) {
        // Step back to the start of the last code point.
        std::size_t start = end - 1;
        while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
        std::size_t i = start;
        char32_t c = next_code_point(s, i);
        if (!is_space_cp(c) && !is_zero_width(c)) break;
        end = start;
    }
    return s.substr(begin, end - begin);
}

std::string fold(std::string_view s, bool drop_spaces, bool* changed) {
    std::string scratch;
    std::string_view v = fold_view(s, drop_spaces, scratch, changed);
    return v.data() == scratch.data() ? std::move(scratch) : std::string(v);
}

std::string_view fold_view(std::string_view s, bool drop_spaces, std::string& out, bool* changed) {
    if (nothing_to_fold(s)) {
        if (changed) *changed = false;
        return s;
    }
    std::string_view t = trim(s);
    bool differs = t.size() != s.size();
    if (nothing_to_fold(t)) {
        if (changed) *changed = differs;
        return t;
    }
    out.clear();
    out.reserve(t.size());
    for (std::size_t i = 0; i < t.size();) {
        char32_t c = next_code_point(t, i);
        if (is_zero_width(c)) {
            differs = true;
            continue;
        }
        if (is_space_cp(c)) {
            if (drop_spaces || c != U' ') differs = true;
            if (!drop_spaces) out.push_back(' ');
            continue;
        }
        if (c >= 0xFF01 && c <= 0xFF5E) {
            c -= 0xFEE0;
            differs = true;
        }
        append_utf8(out, c);
    }
    if (changed) *changed = differs;
    return out;
}

std::string strip_spaces(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        std::size_t start = i;
        char32_t c = next_code_point(s, i);
        if (is_space_cp(c) || is_zero_width(c)) continue;
        out.append(s.substr(start, i - start));
    }
    return out;
}

bool is_valid_utf8(std::string_view s, bool allow_truncated_tail) {
    std::size_t i = 0;
    while (i < s.size()) {
        auto b0 = static_cast<unsigned char>(s[i]);
        if (b0 < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : (b0 & 0xF8) == 0xF0 ? 4 : 0;
        if (len == 0) return false;
        if (i + len > s.size()) {
            if (!allow_truncated_tail) return false;
            for (std::size_t k = i + 1; k < s.size(); ++k)
                if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80) return false;
            return true;
        }
        std::size_t j = i;
        if (next_code_point(s, j) == kInvalid) return false;
        i = j;
    }
    return true;
}

std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (char ch : s)
        if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
    return n;
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

std::optional<double> parse_number(std::string_view s) {
    if (s.empty() || s.size() > 64) return std::nullopt;
    if (s.size() <= 15) {  // the common case, a whole number: no need for from_chars
        std::int64_t v = 0;
        bool digits = true;
        for (char ch : s) {
            if (ch < '0' || ch > '9') {
                digits = false;
                break;
            }
            v = v * 10 + (ch - '0');
        }
        if (digits) return static_cast<double>(v);
        // d.ddd: both parts are exact integers, so one division is correctly
        // rounded, as from_chars would be.
        std::size_t dot = s.find('.');
        if (dot != std::string_view::npos && dot > 0 && dot + 1 < s.size() && s.size() - dot - 1 <= 6) {
            std::int64_t num = 0;
            std::int64_t den = 1;
            bool ok = true;
            for (std::size_t i = 0; i < s.size() && ok; ++i) {
                if (i == dot) continue;
                ok = s[i] >= '0' && s[i] <= '9';
                num = num * 10 + (s[i] - '0');
                if (i > dot) den *= 10;
            }
            if (ok) return static_cast<double>(num) / static_cast<double>(den);
        }
    }
    bool negative = false;
    if (s.front() == '+' || s.front() == '-') {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    bool digit_seen = false;
    for (char ch : s) {
        if (ch >= '0' && ch <= '9') {
            digit_seen = true;
        } else if (ch != '.' && ch != 'e' && ch != 'E' && ch != '-' && ch != '+') {
            return std::nullopt;
        }
    }
    if (!digit_seen || s.front() == 'e' || s.front() == 'E') return std::nullopt;
    double v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return negative ? -v : v;
}

std::string format_number(double v) {
    if (std::isfinite(v) && std::fabs(v) < 1e15 && v == std::floor(v)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f", v);
        return buf;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

}  // namespace jxjy::text
