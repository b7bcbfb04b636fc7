#include "dialogs.h"

#include <com/sun/star/awt/MessageBoxButtons.hpp>
#include <com/sun/star/awt/PushButtonType.hpp>
#include <com/sun/star/awt/Toolkit.hpp>
#include <com/sun/star/awt/XControl.hpp>
#include <com/sun/star/awt/XControlContainer.hpp>
#include <com/sun/star/awt/XControlModel.hpp>
#include <com/sun/star/awt/XDialog.hpp>
#include <com/sun/star/awt/XListBox.hpp>
#include <com/sun/star/awt/XMessageBoxFactory.hpp>
#include <com/sun/star/awt/XTextComponent.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/container/XNameContainer.hpp>
#include <com/sun/star/frame/XController.hpp>
#include <com/sun/star/frame/XFrame.hpp>
#include <com/sun/star/lang/XComponent.hpp>
#include <com/sun/star/lang/XMultiComponentFactory.hpp>
#include <com/sun/star/lang/XMultiServiceFactory.hpp>

#include "common.h"

using namespace com::sun::star;
using rtl::OUString;

namespace jxjy::addin {
namespace {

uno::Reference<awt::XWindowPeer> parent_of(const uno::Reference<frame::XModel>& model) {
    try {
        auto controller = model.is() ? model->getCurrentController() : nullptr;
        if (controller.is() && controller->getFrame().is())
            return uno::Reference<awt::XWindowPeer>(controller->getFrame()->getContainerWindow(), uno::UNO_QUERY);
    } catch (const uno::Exception&) {
    }
    return nullptr;
}

// A dialog model with controls added by name; sizes in dialog units.
class Form {
public:
    Form(const std::string& title, int width, int height) {
        auto ctx = context();
        model_.set(ctx->getServiceManager()->createInstanceWithContext("com.sun.star.awt.UnoControlDialogModel", ctx),
                   uno::UNO_QUERY_THROW);
        set(model_, "Title", uno::Any(ustr(title)));
        set(model_, "Width", uno::Any(sal_Int32(width)));
        set(model_, "Height", uno::Any(sal_Int32(height)));
        set(model_, "PositionX", uno::Any(sal_Int32(60)));
        set(model_, "PositionY", uno::Any(sal_Int32(60)));
    }

    uno::Reference<beans::XPropertySet> add(const char* kind, const char* name, int x, int y, int w, int h) {
        uno::Reference<lang::XMultiServiceFactory> factory(model_, uno::UNO_QUERY_THROW);
        uno::Reference<beans::XPropertySet> control(factory->createInstance(OUString::createFromAscii(kind)),
                                                    uno::UNO_QUERY_THROW);
        set(control, "PositionX", uno::Any(sal_Int32(x)));
        set(control, "PositionY", uno::Any(sal_Int32(y)));
        set(control, "Width", uno::Any(sal_Int32(w)));
        set(control, "Height", uno::Any(sal_Int32(h)));
        uno::Reference<container::XNameContainer>(model_, uno::UNO_QUERY_THROW)
            ->insertByName(OUString::createFromAscii(name), uno::Any(control));
        return control;
    }

    void label(const char* name, const std::string& text, int x, int y, int w) {
        set(add("com.sun.star.awt.UnoControlFixedTextModel", name, x, y, w, 10), "Label", uno::Any(ustr(text)));
    }
    void edit(const char* name, const std::string& text, int x, int y, int w, bool secret = false) {
        auto e = add("com.sun.star.awt.UnoControlEditModel", name, x, y, w, 12);
        set(e, "Text", uno::Any(ustr(text)));
        if (secret) set(e, "EchoChar", uno::Any(sal_Int16('*')));
    }
    void button(const char* name, const std::string& text, awt::PushButtonType type, int x, int y) {
        auto b = add("com.sun.star.awt.UnoControlButtonModel", name, x, y, 50, 14);
        set(b, "Label", uno::Any(ustr(text)));
        set(b, "PushButtonType", uno::Any(sal_Int16(type)));
    }

    // Runs the dialog; true for 确定.
    bool run(const uno::Reference<frame::XModel>& doc) {
        auto ctx = context();
        control_.set(ctx->getServiceManager()->createInstanceWithContext("com.sun.star.awt.UnoControlDialog", ctx),
                     uno::UNO_QUERY_THROW);
        control_->setModel(uno::Reference<awt::XControlModel>(model_, uno::UNO_QUERY_THROW));
        uno::Reference<awt::XToolkit> toolkit(awt::Toolkit::create(ctx), uno::UNO_QUERY_THROW);
        control_->createPeer(toolkit, parent_of(doc));
        return uno::Reference<awt::XDialog>(control_, uno::UNO_QUERY_THROW)->execute() == 1;
    }

    uno::Reference<awt::XControl> control(const char* name) const {
        return uno::Reference<awt::XControlContainer>(control_, uno::UNO_QUERY_THROW)
            ->getControl(OUString::createFromAscii(name));
    }
    std::string text(const char* name) const {
        return utf8(uno::Reference<awt::XTextComponent>(control(name), uno::UNO_QUERY_THROW)->getText());
    }

    ~Form() {
        try {
            if (control_.is()) uno::Reference<lang::XComponent>(control_, uno::UNO_QUERY_THROW)->dispose();
        } catch (const uno::Exception&) {
        }
    }

private:
    static void set(const uno::Reference<beans::XPropertySet>& p, const char* name, const uno::Any& v) {
        p->setPropertyValue(OUString::createFromAscii(name), v);
    }
    uno::Reference<beans::XPropertySet> model_;
    uno::Reference<awt::XControl> control_;
};

}  // namespace

void show_message(const uno::Reference<frame::XModel>& model, const std::string& title, const std::string& text) {
    try {
        uno::Reference<awt::XMessageBoxFactory> factory(awt::Toolkit::create(context()), uno::UNO_QUERY_THROW);
        auto box = factory->createMessageBox(parent_of(model), awt::MessageBoxType_INFOBOX,
                                             awt::MessageBoxButtons::BUTTONS_OK, ustr(title), ustr(text));
        box->execute();
    } catch (const uno::Exception&) {
    }
}

int choose_from_list(const uno::Reference<frame::XModel>& model, const std::string& title,
                     const std::vector<std::string>& lines) {
    try {
        Form form(title, 330, 200);
        auto list = form.add("com.sun.star.awt.UnoControlListBoxModel", "findings", 6, 6, 318, 166);
        uno::Sequence<OUString> items(static_cast<sal_Int32>(lines.size()));
        for (std::size_t i = 0; i < lines.size(); ++i) items[static_cast<sal_Int32>(i)] = ustr(lines[i]);
        list->setPropertyValue("StringItemList", uno::Any(items));
        form.button("ok", "转到单元格", awt::PushButtonType_OK, 218, 180);
        form.button("cancel", "关闭", awt::PushButtonType_CANCEL, 274, 180);
        if (!form.run(model)) return -1;
        return uno::Reference<awt::XListBox>(form.control("findings"), uno::UNO_QUERY_THROW)->getSelectedItemPos();
    } catch (const uno::Exception&) {
        return -1;
    }
}

bool edit_settings(const uno::Reference<frame::XModel>& model, Settings& settings) {
    try {
        Form form("继续教育 — 设置", 260, 112);
        form.label("l1", "进修校服务器地址", 6, 8, 80);
        form.edit("server", settings.server, 90, 6, 164);
        form.label("l2", "单位账号", 6, 26, 80);
        form.edit("login", settings.login, 90, 24, 164);
        form.label("l3", "密码", 6, 44, 80);
        form.edit("password", settings.password, 90, 42, 164, true);
        form.label("l4", "账号和密码只保存在本机的 LibreOffice 用户配置中，不写入名册文件。", 6, 62, 248);
        form.button("ok", "确定", awt::PushButtonType_OK, 148, 92);
        form.button("cancel", "取消", awt::PushButtonType_CANCEL, 204, 92);
        if (!form.run(model)) return false;
        settings.server = form.text("server");
        settings.login = form.text("login");
        settings.password = form.text("password");
        return true;
    } catch (const uno::Exception&) {
        return false;
    }
}

}  // namespace jxjy::addin
