#include "common.h"

#include <dlfcn.h>
#include <com/sun/star/util/PathSubstitution.hpp>
#include <osl/file.hxx>

#include <filesystem>
#include <memory>
#include <mutex>

using namespace com::sun::star;

namespace jxjy::addin {

std::string utf8(const rtl::OUString& s) {
    return rtl::OUStringToOString(s, RTL_TEXTENCODING_UTF8).getStr();
}

rtl::OUString ustr(const std::string& s) {
    return rtl::OUString::fromUtf8(rtl::OString(s.data(), static_cast<sal_Int32>(s.size())));
}

const Schemas* schemas() {
    static std::once_flag once;
    static std::unique_ptr<Schemas> loaded;
    std::call_once(once, [] {
        Dl_info info{};
        if (!dladdr(reinterpret_cast<void*>(&schemas), &info) || !info.dli_fname) return;
        std::string dir(info.dli_fname);
        dir = dir.substr(0, dir.rfind('/'));
        auto r = load_schemas(dir + "/schemas");
        if (r) loaded = std::make_unique<Schemas>(std::move(*r));
    });
    return loaded.get();
}

Cell cell_of(const uno::Any& value) {
    switch (value.getValueTypeClass()) {
        case uno::TypeClass_DOUBLE:
            return Cell::of_number(*static_cast<const double*>(value.getValue()));
        case uno::TypeClass_STRING: {
            rtl::OUString s;
            value >>= s;
            return s.isEmpty() ? Cell{} : Cell::of_text(utf8(s));
        }
        default:
            return Cell{};
    }
}

namespace {
std::mutex context_mutex;
uno::Reference<uno::XComponentContext> the_context;
}  // namespace

void remember_context(const uno::Reference<uno::XComponentContext>& ctx) {
    std::lock_guard<std::mutex> lock(context_mutex);
    if (!the_context.is() && ctx.is()) the_context = ctx;
}

uno::Reference<uno::XComponentContext> context() {
    std::lock_guard<std::mutex> lock(context_mutex);
    return the_context;
}

std::string profile_dir() {
    static std::once_flag once;
    static std::string dir;
    std::call_once(once, [] {
        try {
            auto subst = util::PathSubstitution::create(context());
            rtl::OUString url = subst->substituteVariables("$(user)", true), path;
            if (osl::FileBase::getSystemPathFromFileURL(url, path) == osl::FileBase::E_None) dir = utf8(path) + "/jxjy";
        } catch (const uno::Exception&) {
        }
        if (dir.empty()) {
            const char* home = std::getenv("HOME");
            dir = std::string(home ? home : "/tmp") + "/.jxjy";
        }
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
    });
    return dir;
}

}  // namespace jxjy::addin
