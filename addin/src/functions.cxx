// The Calc add-in functions JXJY_VERDICT and JXJY_CHECKID: a thin UNO layer
// that turns Calc's arguments into jxjy::core types and back. The rules and
// their data (schemas/, packaged in the .oxt next to this library) are the
// same the CLI and the county's daemon use.

#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/sheet/XAddIn.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/implbase2.hxx>
#include <cppuhelper/supportsservice.hxx>
#include <org/jxjy/XJxjyFunctions.hpp>

#include <cmath>
#include <string>

#include "common.h"
#include "jxjy/schema.h"
#include "jxjy/text.h"
#include "jxjy/validate.h"

using namespace com::sun::star;
using rtl::OUString;

using namespace jxjy::addin;

namespace {

constexpr const char* kImplementationName = "org.jxjy.CalcFunctions";

class CalcFunctions : public cppu::WeakImplHelper2<org::jxjy::XJxjyFunctions, lang::XServiceInfo> {
public:
    explicit CalcFunctions(const uno::Reference<uno::XComponentContext>&) {}

    OUString SAL_CALL jxjyVerdict(const OUString& publicCourse, double externalHours, double externalCredits,
                                  double totalHours, double totalCredits) override {
        const jxjy::Schemas* s = schemas();
        if (!s) return ustr(kSchemasMissing);
        std::string pub = jxjy::text::fold(utf8(publicCourse), true);
        auto passed = jxjy::parse_verdict(pub);
        if (!passed) return ustr("公需科目只能填写“合格”或“不合格”");
        if (externalHours < 0 || externalCredits < 0 || totalHours < externalHours - 1e-9 ||
            totalCredits < externalCredits - 1e-9)
            return ustr("学时学分有误：总数不能小于校外研培的数");
        jxjy::Figures f{*passed == jxjy::Verdict::Qualified, totalHours - externalHours, totalCredits - externalCredits,
                        externalHours, externalCredits};
        return ustr(std::string(jxjy::verdict_text(jxjy::compute_verdict(f, *s->policy(0)))));
    }

    OUString SAL_CALL jxjyCheckId(const uno::Any& id) override {
        const jxjy::Schemas* s = schemas();
        if (!s) return ustr(kSchemasMissing);
        jxjy::Cell cell;
        double number = 0;
        OUString text;
        if (id >>= number)
            cell = jxjy::Cell::of_number(number);
        else if (id >>= text)
            cell = text.isEmpty() ? jxjy::Cell{} : jxjy::Cell::of_text(utf8(text));
        jxjy::RowChecker rules(s->layout, *s->policy(0), s->catalog);
        auto finding = rules.id_finding(cell);
        return finding ? ustr(finding->message) : OUString();
    }

    OUString SAL_CALL getImplementationName() override { return OUString::createFromAscii(kImplementationName); }
    sal_Bool SAL_CALL supportsService(const OUString& name) override { return cppu::supportsService(this, name); }
    uno::Sequence<OUString> SAL_CALL getSupportedServiceNames() override {
        uno::Sequence<OUString> names(2);
        names[0] = OUString::createFromAscii(kImplementationName);
        names[1] = "com.sun.star.sheet.AddIn";
        return names;
    }
};

}  // namespace

namespace jxjy::addin {
uno::Reference<uno::XInterface> SAL_CALL create_calc_functions(const uno::Reference<uno::XComponentContext>& ctx) {
    return static_cast<cppu::OWeakObject*>(new CalcFunctions(ctx));
}
}  // namespace jxjy::addin
