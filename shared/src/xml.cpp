#include "xml.h"

#include <cstring>

namespace jxjy::xml {

std::string_view local_name(const char* qualified) {
    std::string_view s(qualified);
    auto colon = s.rfind(':');
    return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

const char* Attributes::get(std::string_view name) const {
    for (const XML_Char** a = atts_; a && *a; a += 2)
        if (local_name(a[0]) == name) return a[1];
    return nullptr;
}

Parser::Parser(Handler& handler, const FileLimits& limits)
    : p_(XML_ParserCreate("UTF-8")), handler_(handler), limits_(limits) {
    XML_SetUserData(p_, this);
    XML_SetElementHandler(p_, &Parser::on_start, &Parser::on_end);
    XML_SetCharacterDataHandler(p_, &Parser::on_text);
    XML_SetStartDoctypeDeclHandler(p_, &Parser::on_doctype);
    XML_SetEntityDeclHandler(p_, &Parser::on_entity);
    XML_SetParamEntityParsing(p_, XML_PARAM_ENTITY_PARSING_NEVER);
}

Parser::~Parser() {
    XML_ParserFree(p_);
}

void Parser::fail(Error e) {
    if (!error_) error_ = std::move(e);
    XML_StopParser(p_, XML_FALSE);
}

void Parser::on_start(void* self, const XML_Char* name, const XML_Char** atts) {
    auto* p = static_cast<Parser*>(self);
    if (++p->depth_ > p->limits_.max_xml_depth) {
        p->fail(make_error("FILE_HOSTILE", "表格文件的 XML 嵌套层数异常（超过 " +
                                               std::to_string(p->limits_.max_xml_depth) + " 层），拒绝读取。"));
        return;
    }
    p->handler_.start(local_name(name), Attributes(atts));
    if (p->handler_.failure) p->fail(*p->handler_.failure);
}

void Parser::on_end(void* self, const XML_Char* name) {
    auto* p = static_cast<Parser*>(self);
    --p->depth_;
    p->handler_.end(local_name(name));
    if (p->handler_.failure) p->fail(*p->handler_.failure);
}

void Parser::on_text(void* self, const XML_Char* s, int len) {
    auto* p = static_cast<Parser*>(self);
    p->handler_.text(std::string_view(s, static_cast<std::size_t>(len)));
    if (p->handler_.failure) p->fail(*p->handler_.failure);
}

void Parser::on_doctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    static_cast<Parser*>(self)->fail(make_error(
        "FILE_HOSTILE",
        "表格文件含有 DOCTYPE 声明（可能用于实体注入攻击），正常的 Excel/WPS/LibreOffice 文件不会这样，拒绝读取。"));
}

void Parser::on_entity(void* self, const XML_Char*, int, const XML_Char*, int, const XML_Char*, const XML_Char*,
                       const XML_Char*, const XML_Char*) {
    static_cast<Parser*>(self)->fail(make_error("FILE_HOSTILE", "表格文件声明了 XML 实体，拒绝读取。"));
}

Result<bool> Parser::feed(const char* data, std::size_t n, bool last, const std::string& part) {
    if (error_) return *error_;
    if (XML_Parse(p_, data, static_cast<int>(n), last ? XML_TRUE : XML_FALSE) == XML_STATUS_ERROR) {
        if (error_) return *error_;
        return make_error("FILE_CORRUPT", "表格文件的 " + part + " 不是有效的 XML（第 " +
                                              std::to_string(XML_GetCurrentLineNumber(p_)) + " 行：" +
                                              XML_ErrorString(XML_GetErrorCode(p_)) + "）。请重新保存后再提交。");
    }
    if (error_) return *error_;
    return true;
}

}  // namespace jxjy::xml
