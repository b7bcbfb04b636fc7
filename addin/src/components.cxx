// The extension's UNO components and their factory:
//   org.jxjy.CalcFunctions — JXJY_VERDICT and JXJY_CHECKID (functions.cxx);
//   org.jxjy.Dispatcher    — the vnd.jxjy: commands of the 继续教育 menu and toolbar;
//   org.jxjy.DocumentJob   — attaches live checks when a roster is opened or created;
//   org.jxjy.Roster        — status and outbox for tools and tests (XJxjyRoster).

#include <com/sun/star/beans/NamedValue.hpp>
#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/deployment/PackageInformationProvider.hpp>
#include <com/sun/star/frame/Desktop.hpp>
#include <com/sun/star/frame/DispatchDescriptor.hpp>
#include <com/sun/star/frame/XController.hpp>
#include <com/sun/star/frame/XDispatch.hpp>
#include <com/sun/star/frame/XDispatchProvider.hpp>
#include <com/sun/star/frame/XFrame.hpp>
#include <com/sun/star/lang/XInitialization.hpp>
#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/task/XJob.hpp>
#include <com/sun/star/util/URL.hpp>
#include <cppuhelper/implbase2.hxx>
#include <cppuhelper/implbase3.hxx>
#include <cppuhelper/implbase4.hxx>
#include <cppuhelper/implementationentry.hxx>
#include <cppuhelper/supportsservice.hxx>
#include <org/jxjy/XJxjyRoster.hpp>

#include <mutex>
#include <variant>

#include "common.h"
#include "dialogs.h"
#include "jxjy/text.h"
#include "main_thread.h"
#include "outbox.h"
#include "roster_doc.h"

using namespace com::sun::star;
using rtl::OUString;

namespace jxjy::addin {
uno::Reference<uno::XInterface> SAL_CALL create_calc_functions(const uno::Reference<uno::XComponentContext>& ctx);
}

using namespace jxjy::addin;

namespace {

template <class T>
uno::Sequence<T> seq(std::initializer_list<T> items) {
    uno::Sequence<T> out(static_cast<sal_Int32>(items.size()));
    sal_Int32 i = 0;
    for (const auto& item : items) out[i++] = item;
    return out;
}

// Answers from the county reach the documents they belong to, on the main thread.
void connect_outbox() {
    static std::once_flag once;
    std::call_once(once, [] {
        Outbox::instance().set_callbacks(
            [](const std::string& key, const std::string& answer) {
                run_on_main(
                    [key, answer] {
                        for (auto& doc : RosterDocument::all())
                            if (doc->pending_key() == key || key == "fetch-" + doc->submission_id())
                                doc->apply_answer(key, answer);
                    },
                    false);
            },
            [](const std::string& key, const std::string& line) {
                run_on_main(
                    [key, line] {
                        for (auto& doc : RosterDocument::all())
                            if (key.empty() || doc->pending_key() == key) doc->show_status(line);
                    },
                    false);
            });
    });
}

bool flag(const uno::Sequence<beans::PropertyValue>& args, const char* name) {
    for (const auto& a : args) {
        bool v = false;
        if (a.Name.equalsAscii(name) && (a.Value >>= v)) return v;
    }
    return false;
}

std::string text_arg(const uno::Sequence<beans::PropertyValue>& args, const char* name) {
    for (const auto& a : args) {
        OUString v;
        if (a.Name.equalsAscii(name) && (a.Value >>= v)) return utf8(v);
    }
    return {};
}

constexpr const char* kDispatcherName = "org.jxjy.Dispatcher";
constexpr const char* kJobName = "org.jxjy.DocumentJob";
constexpr const char* kRosterName = "org.jxjy.Roster";

class Dispatcher : public cppu::WeakImplHelper4<frame::XDispatchProvider, frame::XDispatch, lang::XInitialization,
                                                lang::XServiceInfo> {
public:
    explicit Dispatcher(const uno::Reference<uno::XComponentContext>& ctx) { remember_context(ctx); }

    void SAL_CALL initialize(const uno::Sequence<uno::Any>& args) override {
        for (const auto& a : args) {
            uno::Reference<frame::XFrame> f;
            if (a >>= f) frame_ = f;
        }
    }

    uno::Reference<frame::XDispatch> SAL_CALL queryDispatch(const util::URL& url, const OUString&, sal_Int32) override {
        if (url.Protocol == "vnd.jxjy:") return this;
        return nullptr;
    }
    uno::Sequence<uno::Reference<frame::XDispatch>> SAL_CALL
    queryDispatches(const uno::Sequence<frame::DispatchDescriptor>& requests) override {
        uno::Sequence<uno::Reference<frame::XDispatch>> out(requests.getLength());
        for (sal_Int32 i = 0; i < requests.getLength(); ++i)
            out[i] = queryDispatch(requests[i].FeatureURL, requests[i].FrameName, requests[i].SearchFlags);
        return out;
    }

    void SAL_CALL dispatch(const util::URL& url, const uno::Sequence<beans::PropertyValue>& args) override {
        std::string command = utf8(url.Path);
        uno::Reference<frame::XFrame> frame = frame_;
        run_on_main([command, args, frame] { run(command, args, frame); }, true);
    }
    void SAL_CALL addStatusListener(const uno::Reference<frame::XStatusListener>&, const util::URL&) override {}
    void SAL_CALL removeStatusListener(const uno::Reference<frame::XStatusListener>&, const util::URL&) override {}

    OUString SAL_CALL getImplementationName() override { return OUString::createFromAscii(kDispatcherName); }
    sal_Bool SAL_CALL supportsService(const OUString& name) override { return cppu::supportsService(this, name); }
    uno::Sequence<OUString> SAL_CALL getSupportedServiceNames() override {
        return seq<OUString>({OUString::createFromAscii(kDispatcherName), "com.sun.star.frame.ProtocolHandler"});
    }

private:
    static void run(const std::string& command, const uno::Sequence<beans::PropertyValue>& args,
                    const uno::Reference<frame::XFrame>& frame) {
        connect_outbox();
        const bool quiet = flag(args, "Quiet");
        uno::Reference<frame::XModel> model;
        if (frame.is() && frame->getController().is()) model = frame->getController()->getModel();
        if (command == "new") {
            new_roster();
            return;
        }
        if (command == "settings") {
            Settings s = load_settings();
            if (!text_arg(args, "Server").empty()) {  // set by a script or test, no dialog
                s.server = text_arg(args, "Server");
                s.login = text_arg(args, "Login");
                s.password = text_arg(args, "Password");
                save_settings(s);
            } else if (edit_settings(model, s)) {
                save_settings(s);
            }
            Outbox::instance().wake();
            return;
        }
        auto doc = RosterDocument::attach(model);
        if (!doc) {
            if (!quiet)
                show_message(model, "继续教育",
                             "当前工作表不是继续教育证书验证名册：找不到“继续教育编号”“姓名”等表头。"
                             "请用“继续教育 → 新建验证名册”创建名册，或打开按官方模板填写的文件。");
            return;
        }
        if (command == "check") {
            doc->check_all(quiet);
        } else if (command == "sort") {
            doc->sort_by_id();
        } else if (command == "totals") {
            auto writes = doc->fill_totals();
            if (quiet) return;
            std::string text = writes.empty() ? "合计与验审意见都已正确，无需修改。"
                                              : "已修改 " + std::to_string(writes.size()) + " 个单元格：\n";
            std::size_t shown = 0;
            for (const auto& w : writes) {
                if (++shown > 20) {
                    text += "……\n";
                    break;
                }
                std::string value = std::holds_alternative<double>(w.value)
                                        ? jxjy::text::format_number(std::get<double>(w.value))
                                        : std::get<std::string>(w.value);
                text += "第 " + std::to_string(w.at.first) + " 行 " +
                        schemas()->layout.column(w.column).display_name() + "：" +
                        (w.before.empty() ? "（空）" : w.before) + " → " + value + "\n";
            }
            show_message(model, "计算合计与验审意见", text);
        } else if (command == "submit") {
            doc->submit();
        } else if (command == "fetch") {
            doc->fetch();
        }
    }

    static void new_roster() {
        auto ctx = context();
        auto info = deployment::PackageInformationProvider::get(ctx);
        OUString url = info->getPackageLocation("org.jxjy.calc") + "/template/roster-2023.ots";
        auto desktop = frame::Desktop::create(ctx);
        desktop->loadComponentFromURL(url, "_blank", 0,
                                      seq<beans::PropertyValue>({beans::PropertyValue(
                                          "AsTemplate", 0, uno::Any(true), beans::PropertyState_DIRECT_VALUE)}));
    }

    uno::Reference<frame::XFrame> frame_;
};

class DocumentJob : public cppu::WeakImplHelper2<task::XJob, lang::XServiceInfo> {
public:
    explicit DocumentJob(const uno::Reference<uno::XComponentContext>& ctx) { remember_context(ctx); }

    uno::Any SAL_CALL execute(const uno::Sequence<beans::NamedValue>& args) override {
        connect_outbox();
        uno::Reference<frame::XModel> model;
        std::string event;
        for (const auto& a : args) {
            if (a.Name != "Environment") continue;
            uno::Sequence<beans::NamedValue> env;
            a.Value >>= env;
            for (const auto& e : env) {
                if (e.Name == "Model") e.Value >>= model;
                OUString name;
                if (e.Name == "EventName" && (e.Value >>= name)) event = utf8(name);
            }
        }
        Outbox::instance().wake();  // at start-up: submissions left from the last session go out
        if (!model.is()) return uno::Any();
        if (event == "OnUnload" || event == "OnPrepareUnload") {
            frame::XModel* key = model.get();
            run_on_main([key] { RosterDocument::detach(key); }, false);
        } else {
            // After the load has finished on its own thread, on the main one.
            run_on_main([model] { RosterDocument::attach(model); }, false);
        }
        return uno::Any();
    }

    OUString SAL_CALL getImplementationName() override { return OUString::createFromAscii(kJobName); }
    sal_Bool SAL_CALL supportsService(const OUString& name) override { return cppu::supportsService(this, name); }
    uno::Sequence<OUString> SAL_CALL getSupportedServiceNames() override {
        return seq<OUString>({OUString::createFromAscii(kJobName), "com.sun.star.task.Job"});
    }
};

class RosterService : public cppu::WeakImplHelper2<org::jxjy::XJxjyRoster, lang::XServiceInfo> {
public:
    explicit RosterService(const uno::Reference<uno::XComponentContext>& ctx) { remember_context(ctx); }

    OUString SAL_CALL statusText(const uno::Reference<frame::XModel>& model) override {
        std::string text;
        run_on_main(
            [&] {
                if (auto doc = RosterDocument::find(model)) text = doc->status_text();
            },
            true);
        return ustr(text);
    }
    sal_Int32 SAL_CALL pendingSubmissions() override { return Outbox::instance().pending(); }
    void SAL_CALL retryNow() override {
        connect_outbox();
        Outbox::instance().wake();
    }

    OUString SAL_CALL getImplementationName() override { return OUString::createFromAscii(kRosterName); }
    sal_Bool SAL_CALL supportsService(const OUString& name) override { return cppu::supportsService(this, name); }
    uno::Sequence<OUString> SAL_CALL getSupportedServiceNames() override {
        return seq<OUString>({OUString::createFromAscii(kRosterName)});
    }
};

template <class T>
uno::Reference<uno::XInterface> SAL_CALL create(const uno::Reference<uno::XComponentContext>& ctx) {
    return static_cast<cppu::OWeakObject*>(new T(ctx));
}

OUString SAL_CALL functions_name() {
    return "org.jxjy.CalcFunctions";
}
uno::Sequence<OUString> SAL_CALL functions_services() {
    return seq<OUString>({"org.jxjy.CalcFunctions", "com.sun.star.sheet.AddIn"});
}
OUString SAL_CALL dispatcher_name() {
    return OUString::createFromAscii(kDispatcherName);
}
uno::Sequence<OUString> SAL_CALL dispatcher_services() {
    return seq<OUString>({"com.sun.star.frame.ProtocolHandler"});
}
OUString SAL_CALL job_name() {
    return OUString::createFromAscii(kJobName);
}
uno::Sequence<OUString> SAL_CALL job_services() {
    return seq<OUString>({"com.sun.star.task.Job"});
}
OUString SAL_CALL roster_name() {
    return OUString::createFromAscii(kRosterName);
}
uno::Sequence<OUString> SAL_CALL roster_services() {
    return seq<OUString>({OUString::createFromAscii(kRosterName)});
}

const cppu::ImplementationEntry kEntries[] = {
    {create_calc_functions, functions_name, functions_services, cppu::createSingleComponentFactory, nullptr, 0},
    {create<Dispatcher>, dispatcher_name, dispatcher_services, cppu::createSingleComponentFactory, nullptr, 0},
    {create<DocumentJob>, job_name, job_services, cppu::createSingleComponentFactory, nullptr, 0},
    {create<RosterService>, roster_name, roster_services, cppu::createSingleComponentFactory, nullptr, 0},
    {nullptr, nullptr, nullptr, nullptr, nullptr, 0}};

}  // namespace

extern "C" SAL_DLLPUBLIC_EXPORT void* SAL_CALL component_getFactory(const char* name, void* service_manager,
                                                                    void* registry) {
    return cppu::component_getFactoryHelper(name, service_manager, registry, kEntries);
}
