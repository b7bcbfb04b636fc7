#include "xml.h"

#include "jxjy/text.h"

#include <cstring>

namespace jxjy::xml {
namespace {

constexpr std::size_t kMaxTagBytes = 1 << 20;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool is_name_char(char c) {
    auto b = static_cast<unsigned char>(c);
    return b >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' ||
           c == '_' || c == '-' || c == '.';
}

}  // namespace

std::string_view local_name(std::string_view s) {
    auto colon = s.rfind(':');
    return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

const char* Attributes::get(std::string_view name) const {
    // The first byte decides most comparisons without a call to memcmp.
    for (const auto& [n, off] : index_)
        if (n.size() == name.size() && (n.empty() || n[0] == name[0]) && n == name) return values_.c_str() + off;
    return nullptr;
}

bool Parser::fail(const std::string& code, const std::string& message) {
    if (!error_) error_ = make_error(code, message);
    return false;
}

// Decodes the five predefined entities and character references; anything
// else after '&' is an error (entities can only come from a DOCTYPE).
bool Parser::decode(std::string_view raw, std::string& out) {
    std::size_t i = 0;
    while (i < raw.size()) {
        std::size_t amp = raw.find('&', i);
        if (amp == std::string_view::npos) {
            out.append(raw.substr(i));
            break;
        }
        out.append(raw.substr(i, amp - i));
        std::size_t semi = raw.find(';', amp);
        if (semi == std::string_view::npos || semi - amp > 12)
            return fail("FILE_CORRUPT", "表格文件的 " + part_ + " 中有无效的 & 转义。");
        std::string_view ent = raw.substr(amp + 1, semi - amp - 1);
        if (ent == "amp")
            out.push_back('&');
        else if (ent == "lt")
            out.push_back('<');
        else if (ent == "gt")
            out.push_back('>');
        else if (ent == "quot")
            out.push_back('"');
        else if (ent == "apos")
            out.push_back('\'');
        else if (ent.size() >= 2 && ent[0] == '#') {
            bool hex = ent[1] == 'x';
            std::string digits(ent.substr(hex ? 2 : 1));
            char* end = nullptr;
            unsigned long cp = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
            if (digits.empty() || *end != '\0' || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                return fail("FILE_CORRUPT", "表格文件的 " + part_ + " 中有无效的字符引用。");
            text::append_utf8(out, static_cast<char32_t>(cp));
        } else {
            return fail("FILE_HOSTILE", "表格文件引用了未声明的 XML 实体“" + std::string(ent) + "”，拒绝读取。");
        }
        i = semi + 1;
    }
    return true;
}

bool Parser::flush_text(std::string_view raw) {
    if (raw.empty()) return true;
    if (stack_.empty()) {  // only whitespace may stand outside the root
        for (char c : raw)
            if (!is_space(c))
                return fail("FILE_CORRUPT", "表格文件的 " + part_ + " 不是有效的 XML（根元素之外有文字）。");
        return true;
    }
    if (raw.size() > limits_.max_cell_text_bytes * 4)
        return fail("FILE_HOSTILE", "表格文件异常：" + part_ + " 中有过长的文字，拒绝读取。");
    if (raw.find('&') == std::string_view::npos) {
        handler_.text(raw);  // nothing to decode: no copy
    } else {
        text_.clear();
        if (!decode(raw, text_)) return false;
        handler_.text(text_);
    }
    return !handler_.failure || fail(handler_.failure->code, handler_.failure->message);
}

// <!-- -->, <![CDATA[ ]]>, <? ?>, <!DOCTYPE: sets `next` past the token, or
// leaves it at npos when the token is not complete yet.
bool Parser::special(std::size_t open, bool last, std::size_t& next) {
    std::string_view rest(buf_.data() + open, buf_.size() - open);
    auto need = [&](std::string_view terminator, std::size_t skip) {
        std::size_t end = rest.find(terminator, skip);
        if (end == std::string_view::npos) {
            next = std::string_view::npos;
            if (last) return fail("FILE_CORRUPT", "表格文件的 " + part_ + " 不完整。");
            if (rest.size() > kMaxTagBytes)
                return fail("FILE_HOSTILE", "表格文件异常：" + part_ + " 中有过长的标记，拒绝读取。");
            return true;
        }
        next = open + end + terminator.size();
        return true;
    };
    if (rest.size() < 9 && !last && std::string_view("<![CDATA[").substr(0, rest.size()) == rest) {
        next = std::string_view::npos;  // cannot tell yet
        return true;
    }
    if (rest.compare(0, 4, "<!--") == 0) return need("-->", 4);
    if (rest.compare(0, 2, "<?") == 0) {
        if (!need("?>", 2)) return false;
        if (next != std::string_view::npos) {
            std::string_view pi = rest.substr(0, next - open);
            auto enc = pi.find("encoding");
            if (enc != std::string_view::npos) {
                std::string_view v = pi.substr(enc);
                bool utf8 = v.find("UTF-8") != std::string_view::npos || v.find("utf-8") != std::string_view::npos;
                if (!utf8) return fail("FILE_CORRUPT", "表格文件的 " + part_ + " 不是 UTF-8 编码，无法读取。");
            }
        }
        return true;
    }
    if (rest.compare(0, 9, "<![CDATA[") == 0) {
        if (!need("]]>", 9)) return false;
        if (next == std::string_view::npos) return true;
        if (stack_.empty()) return fail("FILE_CORRUPT", "表格文件的 " + part_ + " 不是有效的 XML。");
        handler_.text(rest.substr(9, next - open - 12));
        return !handler_.failure || fail(handler_.failure->code, handler_.failure->message);
    }
    if (rest.size() < 9 && !last) {
        next = std::string_view::npos;
        return true;
    }
    if (rest.compare(0, 9, "<!DOCTYPE") == 0)
        return fail(
            "FILE_HOSTILE",
            "表格文件含有 DOCTYPE 声明（可能用于实体注入攻击），正常的 Excel/WPS/LibreOffice 文件不会这样，拒绝读取。");
    return fail("FILE_CORRUPT", "表格文件的 " + part_ + " 不是有效的 XML。");
}

// A tag starting at buf_[open] == '<', read in one pass: sets `next` past its
// '>', or leaves it at npos when the buffer ends inside the tag.
bool Parser::tag(std::size_t open, bool last, std::size_t& next) {
    next = std::string::npos;
    const char* const base = buf_.data();
    const char* p = base + open + 1;
    const char* const end = base + buf_.size();
    auto incomplete = [&] {
        if (last) return fail("FILE_CORRUPT", "表格文件的 " + part_ + " 不完整。");
        if (buf_.size() - open > kMaxTagBytes)
            return fail("FILE_HOSTILE", "表格文件异常：" + part_ + " 中有过长的标签，拒绝读取。");
        return true;  // wait for more
    };
    auto invalid = [&](const char* why) {
        return fail("FILE_CORRUPT", "表格文件的 " + part_ + " 不是有效的 XML（" + why + "）。");
    };
    if (p < end && *p == '/') {  // end tag
        const char* gt = static_cast<const char*>(std::memchr(p, '>', static_cast<std::size_t>(end - p)));
        if (!gt) return incomplete();
        std::string_view name(p + 1, static_cast<std::size_t>(gt - p - 1));
        if (name.find('<') != std::string_view::npos) return invalid("标签不完整");
        while (!name.empty() && is_space(name.back())) name.remove_suffix(1);
        if (stack_.empty() || stack_.back() != name) return invalid("标签不匹配");
        stack_.pop_back();
        if (stack_.empty()) root_closed_ = true;
        handler_.end(local_name(name));
        if (handler_.failure) return fail(handler_.failure->code, handler_.failure->message);
        next = static_cast<std::size_t>(gt + 1 - base);
        return true;
    }
    const char* name_start = p;
    while (p < end && is_name_char(*p)) ++p;
    if (p == end) return incomplete();
    std::string_view name(name_start, static_cast<std::size_t>(p - name_start));
    if (name.empty()) return invalid("空的标签名");
    if (root_closed_) return invalid("有多个根元素");
    attrs_.index_.clear();
    attrs_.values_.clear();
    bool empty = false;
    for (;;) {
        while (p < end && is_space(*p)) ++p;
        if (p == end) return incomplete();
        if (*p == '>') break;
        if (*p == '/') {
            if (p + 1 == end) return incomplete();
            if (p[1] != '>') return invalid("属性无效");
            empty = true;
            ++p;
            break;
        }
        if (p == name_start + name.size()) return invalid("属性无效");  // no space between name and attribute
        const char* an = p;
        while (p < end && is_name_char(*p)) ++p;
        if (p == end) return incomplete();
        if (p == an) return invalid("属性无效");
        std::string_view attr(an, static_cast<std::size_t>(p - an));
        while (p < end && is_space(*p)) ++p;
        if (p == end) return incomplete();
        if (*p != '=') return invalid("属性缺少值");
        ++p;
        while (p < end && is_space(*p)) ++p;
        if (p == end) return incomplete();
        if (*p != '"' && *p != '\'') return invalid("属性值缺少引号");
        const char q = *p++;
        const char* close = static_cast<const char*>(std::memchr(p, q, static_cast<std::size_t>(end - p)));
        if (!close) return incomplete();
        std::string_view raw(p, static_cast<std::size_t>(close - p));
        p = close + 1;
        // Values are short ("B5", "s", "3"): one loop looks for both '<' and '&'.
        bool escaped = false;
        for (char c : raw) {
            if (c == '<') return invalid("属性值中有 <");
            escaped = escaped || c == '&';
        }
        if (attrs_.index_.size() >= 256) return fail("FILE_HOSTILE", "表格文件异常：标签的属性过多，拒绝读取。");
        std::size_t off = attrs_.values_.size();
        if (!escaped)
            attrs_.values_.append(raw);
        else if (!decode(raw, attrs_.values_))
            return false;
        attrs_.values_.push_back('\0');
        // A view into buf_: valid until the next feed, after the handler has returned.
        attrs_.index_.emplace_back(local_name(attr), off);
    }
    if (static_cast<int>(stack_.size()) >= limits_.max_xml_depth)
        return fail("FILE_HOSTILE",
                    "表格文件的 XML 嵌套层数异常（超过 " + std::to_string(limits_.max_xml_depth) + " 层），拒绝读取。");
    seen_root_ = true;
    std::string_view local = local_name(name);
    handler_.start(local, attrs_);
    if (handler_.failure) return fail(handler_.failure->code, handler_.failure->message);
    if (empty) {
        if (stack_.empty()) root_closed_ = true;
        handler_.end(local);
        if (handler_.failure) return fail(handler_.failure->code, handler_.failure->message);
    } else {
        stack_.emplace_back(name);
    }
    next = static_cast<std::size_t>(p + 1 - base);
    return true;
}

bool Parser::scan(bool last) {
    for (;;) {
        std::size_t lt = buf_.find('<', pos_);
        std::size_t text_end = lt == std::string::npos ? buf_.size() : lt;
        if (lt == std::string::npos && !last) {
            // Keep an incomplete entity for the next chunk, deliver the rest.
            std::size_t amp = buf_.rfind('&');
            if (amp != std::string::npos && amp >= pos_ && buf_.find(';', amp) == std::string::npos) text_end = amp;
        }
        if (!flush_text(std::string_view(buf_.data() + pos_, text_end - pos_))) return false;
        pos_ = text_end;
        if (lt == std::string::npos) break;
        std::size_t next = std::string::npos;
        if (lt + 1 < buf_.size() && (buf_[lt + 1] == '!' || buf_[lt + 1] == '?')) {
            if (!special(lt, last, next)) return false;
            if (next == std::string::npos) break;
        } else {
            if (!tag(lt, last, next)) return false;
            if (next == std::string::npos) break;
        }
        pos_ = next;
    }
    if (last) {
        if (pos_ < buf_.size()) return fail("FILE_CORRUPT", "表格文件的 " + part_ + " 不完整。");
        if (!seen_root_ || !stack_.empty()) return fail("FILE_CORRUPT", "表格文件的 " + part_ + " 不完整。");
    }
    return true;
}

Result<bool> Parser::feed(const char* data, std::size_t n, bool last, const std::string& part) {
    if (error_) return *error_;
    if (part_ != part) part_ = part;
    // Drop consumed bytes only when they are most of the buffer: moving the
    // remainder on every chunk costs more than it saves.
    if (pos_ > buf_.size() / 2) {
        buf_.erase(0, pos_);
        pos_ = 0;
    }
    buf_.append(data, n);
    if (!started_) {
        if (buf_.size() < 3 && !last) return true;
        if (buf_.compare(0, 3, "\xEF\xBB\xBF") == 0) buf_.erase(0, 3);  // a byte-order mark some writers add
        started_ = true;
    }
    if (!scan(last)) return *error_;
    return true;
}

}  // namespace jxjy::xml
