#pragma once
// Small translations between UNO and jxjy::core shared by the extension's
// components: strings, the rules' data packaged in the .oxt, the user's
// profile folder.

#include <com/sun/star/uno/Any.hxx>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <rtl/ustring.hxx>

#include <string>

#include "jxjy/cell.h"
#include "jxjy/schema.h"

namespace jxjy::addin {

std::string utf8(const rtl::OUString& s);
rtl::OUString ustr(const std::string& s);

// The schemas folder packaged beside the extension's library; null when it is
// missing (a broken install).
const Schemas* schemas();
inline constexpr const char* kSchemasMissing = "找不到继续教育扩展的规则文件，请重新安装扩展。";

// A value from getDataArray as a core cell: a double is a numeric cell, a
// string a text cell, anything else empty.
Cell cell_of(const css::uno::Any& value);

// The component context of the office, set by the first component created.
void remember_context(const css::uno::Reference<css::uno::XComponentContext>& ctx);
css::uno::Reference<css::uno::XComponentContext> context();

// <user profile>/jxjy as a file-system path (created on first use).
std::string profile_dir();

}  // namespace jxjy::addin
