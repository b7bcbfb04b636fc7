#pragma once
// Real headless LibreOffice for the extension's end-to-end tests: the built
// jxjy.oxt installed with unopkg into a throwaway profile, soffice started on
// a private pipe, and a C++ UNO client connected to it. One office serves all
// the tests of a run (and the UNO benchmark); each opens its own document.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/bridge/UnoUrlResolver.hpp>
#include <com/sun/star/frame/Desktop.hpp>
#include <com/sun/star/frame/DispatchHelper.hpp>
#include <com/sun/star/frame/XComponentLoader.hpp>
#include <com/sun/star/frame/XController.hpp>
#include <com/sun/star/frame/XDispatchProvider.hpp>
#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/lang/XMultiComponentFactory.hpp>
#include <com/sun/star/util/XCloseable.hpp>
#include <cppuhelper/bootstrap.hxx>
#include <rtl/bootstrap.hxx>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace jxjy::e2e {

namespace css = com::sun::star;
namespace uno = css::uno;
using rtl::OUString;

inline std::string utf8(const OUString& s) {
    return rtl::OUStringToOString(s, RTL_TEXTENCODING_UTF8).getStr();
}
inline OUString ustr(const std::string& s) {
    return OUString::fromUtf8(rtl::OString(s.data(), static_cast<sal_Int32>(s.size())));
}

inline css::beans::PropertyValue prop(const char* name, const uno::Any& value) {
    return css::beans::PropertyValue(OUString::createFromAscii(name), 0, value, css::beans::PropertyState_DIRECT_VALUE);
}

template <class T>
uno::Sequence<T> seq(std::initializer_list<T> items) {
    uno::Sequence<T> out(static_cast<sal_Int32>(items.size()));
    sal_Int32 i = 0;
    for (const auto& item : items) out[i++] = item;
    return out;
}

// Polls `done` until it holds or `seconds` pass.
inline bool eventually(const std::function<bool()>& done, double seconds = 20) {
    auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return done();
}

class Office {
public:
    // `oxt` empty: a stock office without the extension (for comparisons).
    // `reuse`: the folder of an earlier office (kept with keep_profile()), as
    // when a person closes LibreOffice and starts it again.
    explicit Office(const std::string& oxt, const std::filesystem::path& reuse = {}) {
        owned_ = reuse.empty();
        dir_ = owned_ ? std::filesystem::temp_directory_path() /
                            ("jxjy-office-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++))
                      : reuse;
        if (owned_) {
            std::filesystem::remove_all(dir_);
            std::filesystem::create_directories(dir_);
        }
        pipe_ = "jxjy_e2e_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++);
        std::string profile = "-env:UserInstallation=file://" + (dir_ / "profile").string();
        std::string cache = "-env:UNO_SHARED_PACKAGES_CACHE=file://" + (dir_ / "cache").string();
        if (!oxt.empty() && owned_) {
            std::string cmd = "/usr/lib/libreoffice/program/unopkg add --shared '" + profile + "' '" + cache + "' '" +
                              oxt + "' > '" + (dir_ / "unopkg.log").string() + "' 2>&1";
            if (std::system(cmd.c_str()) != 0)
                throw std::runtime_error("unopkg add failed: see " + (dir_ / "unopkg.log").string());
        }
        pid_ = ::fork();
        if (pid_ == 0) {
            std::string accept = "--accept=pipe,name=" + pipe_ + ";urp;StarOffice.ComponentContext";
            std::string log = (dir_ / "soffice.log").string();
            std::freopen(log.c_str(), "w", stdout);
            std::freopen(log.c_str(), "a", stderr);
            ::execl("/usr/lib/libreoffice/program/soffice", "soffice", "--headless", "--invisible", "--nologo",
                    "--norestore", "--nodefault", "--nolockcheck", profile.c_str(), cache.c_str(), accept.c_str(),
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        connect();
    }

    ~Office() {
        try {
            if (desktop_.is()) desktop_->terminate();
        } catch (const uno::Exception&) {
        }
        int status = 0;
        for (int i = 0; i < 100 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (::waitpid(pid_, &status, WNOHANG) == 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
        }
        std::error_code ec;
        if (owned_ && !std::getenv("JXJY_KEEP_OFFICE")) std::filesystem::remove_all(dir_, ec);
    }

    // The profile outlives this office; the caller removes it.
    void keep_profile() { owned_ = false; }

    uno::Reference<uno::XComponentContext> context() const { return remote_; }
    uno::Reference<css::frame::XDesktop2> desktop() const { return desktop_; }
    std::filesystem::path dir() const { return dir_; }
    // The extension's files in the user profile.
    std::filesystem::path profile_jxjy() const { return dir_ / "profile" / "user" / "jxjy"; }

    uno::Reference<uno::XInterface> create(const char* service) const {
        return remote_->getServiceManager()->createInstanceWithContext(OUString::createFromAscii(service), remote_);
    }

    // Opens a file (hidden); `as_template` makes a new untitled document from it.
    uno::Reference<css::frame::XModel> open(const std::string& path, bool as_template = false) const {
        OUString url = ustr("file://" + path);
        auto component =
            desktop_->loadComponentFromURL(url, "_blank", 0,
                                           seq<css::beans::PropertyValue>({prop("Hidden", uno::Any(true)),
                                                                           prop("AsTemplate", uno::Any(as_template))}));
        return uno::Reference<css::frame::XModel>(component, uno::UNO_QUERY_THROW);
    }

    // Runs a command of the document's frame, e.g. "vnd.jxjy:sort" or ".uno:Undo".
    void dispatch(const uno::Reference<css::frame::XModel>& doc, const std::string& url,
                  const uno::Sequence<css::beans::PropertyValue>& args = {}) const {
        auto helper = css::frame::DispatchHelper::create(remote_);
        uno::Reference<css::frame::XDispatchProvider> frame(doc->getCurrentController()->getFrame(),
                                                            uno::UNO_QUERY_THROW);
        helper->executeDispatch(frame, ustr(url), "", 0, args);
    }

    static void close(const uno::Reference<css::frame::XModel>& doc) {
        try {
            uno::Reference<css::util::XCloseable>(doc, uno::UNO_QUERY_THROW)->close(true);
        } catch (const uno::Exception&) {
        }
    }

private:
    static int& counter() {
        static int n = 0;
        return n;
    }

    void connect() {
        ::setenv("URE_BOOTSTRAP", "vnd.sun.star.pathname:/usr/lib/libreoffice/program/fundamentalrc", 1);
        // The client must know the extension's own types to call them over the bridge.
        static const uno::Reference<uno::XComponentContext> local = [] {
            rtl::Bootstrap::set("URE_MORE_TYPES", ustr("<$ORIGIN/types>* file://" JXJY_ADDIN_TYPES));
            return cppu::defaultBootstrap_InitialComponentContext();
        }();
        auto resolver = css::bridge::UnoUrlResolver::create(local);
        OUString url = ustr("uno:pipe,name=" + pipe_ + ";urp;StarOffice.ComponentContext");
        for (int attempt = 0; attempt < 600 && !remote_.is(); ++attempt) {
            try {
                remote_.set(resolver->resolve(url), uno::UNO_QUERY);
            } catch (const uno::Exception&) {
                int status = 0;
                if (::waitpid(pid_, &status, WNOHANG) == pid_)
                    throw std::runtime_error("soffice exited at start-up: see " + dir_.string());
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        }
        if (!remote_.is()) throw std::runtime_error("soffice did not answer on pipe " + pipe_);
        desktop_ = css::frame::Desktop::create(remote_);
    }

    std::filesystem::path dir_;
    bool owned_ = true;
    std::string pipe_;
    pid_t pid_ = -1;
    uno::Reference<uno::XComponentContext> remote_;
    uno::Reference<css::frame::XDesktop2> desktop_;
};

}  // namespace jxjy::e2e
