// The Calc extension end to end: jxjy.oxt installed into a throwaway profile of
// real headless LibreOffice, driven through UNO from this C++ client, with a
// real jxjyd on loopback for the submissions.

#include <com/sun/star/beans/NamedValue.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/configuration/theDefaultProvider.hpp>
#include <com/sun/star/container/XIndexAccess.hpp>
#include <com/sun/star/container/XNameAccess.hpp>
#include <com/sun/star/document/XDocumentPropertiesSupplier.hpp>
#include <com/sun/star/document/XUndoManagerSupplier.hpp>
#include <com/sun/star/frame/XController.hpp>
#include <com/sun/star/frame/XDispatchProvider.hpp>
#include <com/sun/star/frame/XFrame.hpp>
#include <com/sun/star/frame/XStorable.hpp>
#include <com/sun/star/sheet/XCellRangeData.hpp>
#include <com/sun/star/sheet/XSheetAnnotationAnchor.hpp>
#include <com/sun/star/sheet/XSheetAnnotations.hpp>
#include <com/sun/star/sheet/XSheetAnnotationsSupplier.hpp>
#include <com/sun/star/sheet/XSpreadsheet.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/table/XCell.hpp>
#include <com/sun/star/text/XSimpleText.hpp>
#include <com/sun/star/text/XTextRange.hpp>
#include <com/sun/star/util/URL.hpp>
#include <com/sun/star/util/URLTransformer.hpp>
#include <com/sun/star/util/theMacroExpander.hpp>
#include <com/sun/star/util/thePathSettings.hpp>
#include <org/jxjy/XJxjyRoster.hpp>
#include <rtl/uri.hxx>

#include <memory>
#include <set>

#include "../daemon/harness.h"
#include "jxjy/text.h"
#include "office.h"

using namespace jxjy::e2e;
namespace sheet = css::sheet;

namespace {

constexpr sal_Int32 kErrorFill = 0xFFC7CE;
constexpr sal_Int32 kWarningFill = 0xFFEB9C;

Office& office() {
    static Office the_office(JXJY_OXT);
    return the_office;
}

uno::Reference<org::jxjy::XJxjyRoster> roster_service() {
    return uno::Reference<org::jxjy::XJxjyRoster>(office().create("org.jxjy.Roster"), uno::UNO_QUERY_THROW);
}

// A new roster document from the official template, with the live checks attached.
struct Roster {
    uno::Reference<css::frame::XModel> model;
    uno::Reference<sheet::XSpreadsheet> sheet;

    Roster() {
        model = office().open(JXJY_TEMPLATE_OTS, /*as_template=*/true);
        uno::Reference<sheet::XSpreadsheetDocument> doc(model, uno::UNO_QUERY_THROW);
        uno::Reference<css::container::XIndexAccess> sheets(doc->getSheets(), uno::UNO_QUERY_THROW);
        sheet.set(sheets->getByIndex(0), uno::UNO_QUERY_THROW);
        auto service = roster_service();
        REQUIRE(eventually([&] { return !service->statusText(model).isEmpty(); }, 20));
    }
    ~Roster() { Office::close(model); }

    uno::Reference<css::table::XCell> cell(int col, int row) const { return sheet->getCellByPosition(col, row - 1); }
    // As a person types into the template: IDs, names and months stay text in
    // its text-formatted columns; 序号 and the figures are numbers.
    static bool numeric_column(int col) { return col == 0 || (col >= 6 && col <= 9) || col == 11 || col == 12; }
    static uno::Any value(int col, const std::string& text) {
        if (text.empty()) return uno::Any(OUString());
        if (numeric_column(col)) {
            try {
                std::size_t used = 0;
                double v = std::stod(text, &used);
                if (used == text.size()) return uno::Any(v);
            } catch (const std::exception&) {
            }
        }
        return uno::Any(ustr(text));
    }
    void type(int col, int row, const std::string& text) const {
        uno::Any v = value(col, text);
        double number = 0;
        if (v >>= number)
            cell(col, row)->setValue(number);
        else
            uno::Reference<css::text::XTextRange>(cell(col, row), uno::UNO_QUERY_THROW)->setString(ustr(text));
    }
    void type_row(int row, const std::vector<std::string>& cells) const {
        uno::Sequence<uno::Sequence<uno::Any>> line(1);
        line[0].realloc(static_cast<sal_Int32>(cells.size()));
        for (std::size_t i = 0; i < cells.size(); ++i)
            line[0][static_cast<sal_Int32>(i)] = value(static_cast<int>(i), cells[i]);
        uno::Reference<sheet::XCellRangeData> range(
            sheet->getCellRangeByPosition(0, row - 1, static_cast<sal_Int32>(cells.size()) - 1, row - 1),
            uno::UNO_QUERY_THROW);
        range->setDataArray(line);
    }
    std::string text(int col, int row) const {
        return utf8(uno::Reference<css::text::XTextRange>(cell(col, row), uno::UNO_QUERY_THROW)->getString());
    }
    sal_Int32 fill(int col, int row) const {
        sal_Int32 colour = -1;
        uno::Reference<css::beans::XPropertySet>(cell(col, row), uno::UNO_QUERY_THROW)
            ->getPropertyValue("CellBackColor") >>= colour;
        return colour;
    }
    std::string note(int col, int row) const {
        uno::Reference<sheet::XSheetAnnotationAnchor> anchor(cell(col, row), uno::UNO_QUERY_THROW);
        return utf8(uno::Reference<css::text::XSimpleText>(anchor->getAnnotation(), uno::UNO_QUERY_THROW)->getString());
    }
    std::string status() const { return utf8(roster_service()->statusText(model)); }
    std::string property(const char* name) const {
        uno::Reference<css::document::XDocumentPropertiesSupplier> s(model, uno::UNO_QUERY_THROW);
        uno::Reference<css::beans::XPropertySet> props(s->getDocumentProperties()->getUserDefinedProperties(),
                                                       uno::UNO_QUERY_THROW);
        if (!props->getPropertySetInfo()->hasPropertyByName(OUString::createFromAscii(name))) return {};
        OUString v;
        props->getPropertyValue(OUString::createFromAscii(name)) >>= v;
        return utf8(v);
    }
};

// The notice's sample teacher, 合格 in every respect, with the given ID.
std::vector<std::string> teacher(int seq, const std::string& id, const std::string& external_hours = "96") {
    double ext = std::stod(external_hours);
    return {std::to_string(seq),
            id,
            "样例",
            "男",
            "1979-06",
            "2000-06",
            "80",
            "8",
            external_hours,
            jxjy::text::format_number(ext / 10),
            "合格",
            jxjy::text::format_number(80 + ext),
            jxjy::text::format_number(8 + ext / 10),
            "合格"};
}

constexpr int kId = 1, kGender = 3, kExternalHours = 8, kTotalHours = 11, kVerdict = 13,
              kFirstRow = 6;  // the template's first data row

}  // namespace

CATCH_TRANSLATE_EXCEPTION(const css::uno::Exception& e) {
    return "UNO exception: " + utf8(e.Message);
}

TEST_CASE("calc: a bad ID is highlighted with its reason, fixing it clears both", "[e2e][calc]") {
    Roster r;
    r.type_row(kFirstRow, teacher(1, "004002006"));
    REQUIRE(eventually([&] { return r.status().find("未发现问题") != std::string::npos; }, 5));
    const sal_Int32 plain = r.fill(kId, kFirstRow);  // the template's own fill
    CHECK(plain != kErrorFill);

    r.type(kId, kFirstRow, "o04002006");
    CHECK(r.fill(kId, kFirstRow) == kErrorFill);
    // The note follows the edit on the main thread, a moment later.
    CHECK(
        eventually([&] { return r.note(kId, kFirstRow).find("004002006") != std::string::npos; }, 5));  // the likely ID
    CHECK(r.status().find("1 个错误") != std::string::npos);

    r.type(kId, kFirstRow, "004002006");
    CHECK(r.fill(kId, kFirstRow) == plain);
    CHECK(eventually([&] { return r.note(kId, kFirstRow).empty(); }, 5));
    CHECK(r.status().find("未发现问题") != std::string::npos);

    r.type(kGender, kFirstRow, "M");
    CHECK(r.fill(kGender, kFirstRow) == kErrorFill);
    CHECK(eventually([&] { return !r.note(kGender, kFirstRow).empty(); }, 5));
}

TEST_CASE("calc: Ctrl+Z undoes the user's edit, not the highlight", "[e2e][calc]") {
    Roster r;
    r.type_row(kFirstRow, teacher(1, "004002006"));
    const sal_Int32 plain = r.fill(kId, kFirstRow);
    r.type(kId, kFirstRow, "o04002006");
    REQUIRE(r.fill(kId, kFirstRow) == kErrorFill);
    REQUIRE(eventually([&] { return !r.note(kId, kFirstRow).empty(); }, 5));
    uno::Reference<css::document::XUndoManagerSupplier> undo(r.model, uno::UNO_QUERY_THROW);
    auto titles = undo->getUndoManager()->getAllUndoActionTitles();
    std::string listed;
    for (const auto& t : titles) listed += utf8(t) + " | ";
    INFO("undo stack: " << listed);
    undo->getUndoManager()->undo();
    CHECK(r.text(kId, kFirstRow) == "004002006");
    CHECK(r.fill(kId, kFirstRow) == plain);
    CHECK(eventually([&] { return r.note(kId, kFirstRow).empty(); }, 5));
    // Our fills and notes never became undo steps of their own.
    for (const auto& t : titles) CHECK(utf8(t).find("批注") == std::string::npos);
}

TEST_CASE("calc: 4002006 typed as a number is read as 004002006 with a warning", "[e2e][calc]") {
    Roster r;
    r.type_row(kFirstRow, teacher(1, "004002006"));
    r.cell(kId, kFirstRow)->setValue(4002006);
    CHECK(r.fill(kId, kFirstRow) == kWarningFill);
    CHECK(eventually([&] { return r.note(kId, kFirstRow).find("004002006") != std::string::npos; }, 5));
    CHECK(r.status().find("1 个警告") != std::string::npos);
}

TEST_CASE("calc: 按编号排序 sorts the rows by ID and renumbers 序号, blank rows last", "[e2e][calc]") {
    Roster r;
    const std::vector<std::string> ids{"004002009", "004002001", "004002005", "004002003"};
    for (std::size_t i = 0; i < ids.size(); ++i)
        r.type_row(kFirstRow + static_cast<int>(i) * 2, teacher(static_cast<int>(i) * 2 + 1, ids[i]));
    // Rows out of order are a warning before the sort.
    CHECK(r.status().find("个警告") != std::string::npos);
    office().dispatch(r.model, "vnd.jxjy:sort");
    const std::vector<std::string> sorted{"004002001", "004002003", "004002005", "004002009"};
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        CHECK(r.text(kId, kFirstRow + static_cast<int>(i)) == sorted[i]);
        CHECK(r.text(0, kFirstRow + static_cast<int>(i)) == std::to_string(i + 1));
        CHECK(r.text(2, kFirstRow + static_cast<int>(i)) == "样例");  // whole rows moved
    }
    CHECK(r.text(kId, kFirstRow + 4).empty());
    CHECK(r.text(0, kFirstRow + 4) == "5");  // numbered blank rows stay, renumbered
    CHECK(r.status().find("未发现问题") != std::string::npos);
}

TEST_CASE("calc: 计算合计与验审意见 fills totals and verdicts from the rule", "[e2e][calc]") {
    Roster r;
    auto row = teacher(1, "004002006", "30");
    row[kTotalHours] = "";
    row[kVerdict] = "合格";
    const sal_Int32 plain = r.fill(kVerdict, kFirstRow);
    r.type_row(kFirstRow, row);
    CHECK(r.fill(kVerdict, kFirstRow) == kErrorFill);  // 合格 declared, the rule says 不合格
    office().dispatch(r.model, "vnd.jxjy:totals", seq<css::beans::PropertyValue>({prop("Quiet", uno::Any(true))}));
    CHECK(r.text(kTotalHours, kFirstRow) == "110");
    CHECK(r.text(kVerdict, kFirstRow) == "不合格");
    CHECK(r.fill(kVerdict, kFirstRow) == plain);
}

TEST_CASE("calc: the Calc functions compute in formulas", "[e2e][calc]") {
    Roster r;
    r.cell(20, 2)->setFormula("=JXJY_CHECKID(\"o04002006\")");
    CHECK(r.text(20, 2).find("004002006") != std::string::npos);
    r.cell(21, 2)->setFormula(ustr("=JXJY_VERDICT(\"合格\";96;10;176;18)"));
    CHECK(r.text(21, 2) == "合格");
    r.cell(22, 2)->setFormula(ustr("=JXJY_VERDICT(\"合格\";60;6;140;14)"));
    CHECK(r.text(22, 2) == "不合格");
}

namespace {

constexpr const char* kUnitPassword = "Str0ng-Pass-e2e-77";

// 泸县二中 with its account (password kUnitPassword) and the county's records:
// the second teacher has 60 学时 outside, not the 96 the rosters declare.
void county_with_erzhong(jxjyd::test::Server& server) {
    REQUIRE(server.store->add_unit(jxjyd::Unit{"erzhong", "泸县二中", "direct", ""}));
    auto initial = server.service->create_account("test", "erzhong", "erzhong", "unit");
    REQUIRE(initial);
    auto login = server.post_json("/api/v1/login", {{"login", "erzhong"}, {"password", *initial}});
    REQUIRE(server
                .post_json("/api/v1/password", {{"old_password", *initial}, {"new_password", kUnitPassword}},
                           login.j["token"].get<std::string>())
                .status == 200);
    std::vector<jxjy::RegistryEntry> teachers{{"004002006", "样例", "erzhong", "erzhong", false},
                                              {"004002007", "样例", "erzhong", "erzhong", false}};
    REQUIRE(server.store->upsert_teachers(teachers));
    REQUIRE(
        server.store->replace_official(2023,
                                       {{jxjy::OfficialRecord{"004002006", "样例", 80, 8, 96, 9.6, true}, "erzhong"},
                                        {jxjy::OfficialRecord{"004002007", "样例", 80, 8, 60, 6, true}, "erzhong"}},
                                       server.clock));
}

std::size_t submissions_of_erzhong(jxjyd::test::Server& server) {
    auto token = server.post_json("/api/v1/login", {{"login", "erzhong"}, {"password", kUnitPassword}});
    auto list = server.get("/api/v1/submissions", token.j["token"].get<std::string>());
    REQUIRE(list.status == 200);
    return list.j["submissions"].size();
}

void use_server(const Office& office, const uno::Reference<css::frame::XModel>& model, unsigned short port) {
    office.dispatch(model, "vnd.jxjy:settings",
                    seq<css::beans::PropertyValue>(
                        {prop("Server", uno::Any(ustr("http://127.0.0.1:" + std::to_string(port)))),
                         prop("Login", uno::Any(ustr("erzhong"))), prop("Password", uno::Any(ustr(kUnitPassword)))}));
}

}  // namespace

TEST_CASE("calc: submit to jxjyd — verdicts come back, offline it waits and is delivered once", "[e2e][calc][submit]") {
    using namespace jxjyd::test;
    Server server;
    county_with_erzhong(server);
    Roster r;
    use_server(office(), r.model, server.api->port());
    r.type_row(kFirstRow, teacher(1, "004002006", "96"));
    r.type_row(kFirstRow + 1, teacher(2, "004002007", "96"));
    REQUIRE(r.status().find("未发现问题") != std::string::npos);

    auto service = roster_service();
    office().dispatch(r.model, "vnd.jxjy:submit");
    REQUIRE(eventually([&] { return !r.property("JxjySubmission").empty(); }, 30));
    CHECK(service->pendingSubmissions() == 0);
    CHECK(r.text(kVerdict, kFirstRow) == "合格");
    CHECK(r.text(kVerdict, kFirstRow + 1) == "不合格");  // the county's figures decide
    CHECK(r.fill(kExternalHours, kFirstRow + 1) == kErrorFill);
    CHECK(eventually([&] { return r.note(kExternalHours, kFirstRow + 1).find("60") != std::string::npos; }, 5));
    const std::string first_id = r.property("JxjySubmission");

    // jxjyd goes away: the submission waits in the outbox.
    const unsigned short port = server.api->port();
    server.api->stop();
    server.api.reset();
    office().dispatch(r.model, "vnd.jxjy:submit");
    REQUIRE(eventually([&] { return service->pendingSubmissions() == 1; }, 10));
    std::this_thread::sleep_for(std::chrono::seconds(3));  // retries fail meanwhile
    CHECK(service->pendingSubmissions() == 1);
    CHECK(r.property("JxjySubmission") == first_id);

    // Back again: delivered, exactly once, and the verdicts arrive.
    jxjyd::HttpConfig hc;
    hc.port = port;
    server.api = std::make_unique<jxjyd::ApiServer>(*server.service, hc);
    server.api->start();
    service->retryNow();
    REQUIRE(eventually([&] { return r.property("JxjySubmission") != first_id; }, 30));
    CHECK(service->pendingSubmissions() == 0);
    service->retryNow();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(submissions_of_erzhong(server) == 2);  // two submits, two versions: none lost, none doubled
    CHECK(r.text(kVerdict, kFirstRow + 1) == "不合格");
}

TEST_CASE("calc: a submission still waiting when LibreOffice closes goes out at its next start, once",
          "[e2e][calc][submit]") {
    using namespace jxjyd::test;
    Server server;
    county_with_erzhong(server);
    const unsigned short port = server.api->port();
    server.api->stop();  // the county's server cannot be reached today
    server.api.reset();

    auto first = std::make_unique<Office>(JXJY_OXT);
    first->keep_profile();
    const std::filesystem::path profile = first->dir();
    const std::string saved = (profile / "二中名册.ods").string();
    {
        auto model = first->open(JXJY_TEMPLATE_OTS, /*as_template=*/true);
        auto service = uno::Reference<org::jxjy::XJxjyRoster>(first->create("org.jxjy.Roster"), uno::UNO_QUERY_THROW);
        REQUIRE(eventually([&] { return !service->statusText(model).isEmpty(); }, 20));
        use_server(*first, model, port);
        uno::Reference<sheet::XSpreadsheetDocument> doc(model, uno::UNO_QUERY_THROW);
        uno::Reference<sheet::XSpreadsheet> sheet(
            uno::Reference<css::container::XIndexAccess>(doc->getSheets(), uno::UNO_QUERY_THROW)->getByIndex(0),
            uno::UNO_QUERY_THROW);
        for (int i = 0; i < 2; ++i) {
            auto row = teacher(i + 1, i == 0 ? "004002006" : "004002007");
            uno::Sequence<uno::Sequence<uno::Any>> line(1);
            line[0].realloc(static_cast<sal_Int32>(row.size()));
            for (std::size_t c = 0; c < row.size(); ++c)
                line[0][static_cast<sal_Int32>(c)] = Roster::value(static_cast<int>(c), row[c]);
            uno::Reference<sheet::XCellRangeData>(
                sheet->getCellRangeByPosition(0, kFirstRow - 1 + i, static_cast<sal_Int32>(row.size()) - 1,
                                              kFirstRow - 1 + i),
                uno::UNO_QUERY_THROW)
                ->setDataArray(line);
        }
        first->dispatch(model, "vnd.jxjy:submit");
        REQUIRE(eventually([&] { return service->pendingSubmissions() == 1; }, 10));
        // The admin saves the roster and closes LibreOffice for the day.
        uno::Reference<css::frame::XStorable>(model, uno::UNO_QUERY_THROW)
            ->storeAsURL(ustr("file://" + saved), seq<css::beans::PropertyValue>({}));
        Office::close(model);
    }
    first.reset();
    CHECK(std::filesystem::exists(saved));

    // The next morning the server is back; LibreOffice starts with no document open.
    jxjyd::HttpConfig hc;
    hc.port = port;
    server.api = std::make_unique<jxjyd::ApiServer>(*server.service, hc);
    server.api->start();
    {
        Office second(JXJY_OXT, profile);
        REQUIRE(eventually([&] { return submissions_of_erzhong(server) == 1; }, 30));
        auto service = uno::Reference<org::jxjy::XJxjyRoster>(second.create("org.jxjy.Roster"), uno::UNO_QUERY_THROW);
        REQUIRE(eventually([&] { return service->pendingSubmissions() == 0; }, 10));
        // Opening the roster brings the county's verdicts into it.
        auto model = second.open(saved);
        uno::Reference<css::document::XDocumentPropertiesSupplier> props(model, uno::UNO_QUERY_THROW);
        uno::Reference<css::beans::XPropertySet> user(props->getDocumentProperties()->getUserDefinedProperties(),
                                                      uno::UNO_QUERY_THROW);
        CHECK(eventually([&] { return user->getPropertySetInfo()->hasPropertyByName("JxjySubmission"); }, 20));
        uno::Reference<sheet::XSpreadsheetDocument> doc(model, uno::UNO_QUERY_THROW);
        uno::Reference<sheet::XSpreadsheet> sheet(
            uno::Reference<css::container::XIndexAccess>(doc->getSheets(), uno::UNO_QUERY_THROW)->getByIndex(0),
            uno::UNO_QUERY_THROW);
        auto text = [&](int col, int row) {
            return utf8(
                uno::Reference<css::text::XTextRange>(sheet->getCellByPosition(col, row - 1), uno::UNO_QUERY_THROW)
                    ->getString());
        };
        CHECK(eventually([&] { return text(kVerdict, kFirstRow + 1) == "不合格"; }, 10));  // the county's figures
        CHECK(text(kVerdict, kFirstRow) == "合格");
        service->retryNow();
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        CHECK(submissions_of_erzhong(server) == 1);  // delivered once, not again at each start
        Office::close(model);
    }
    std::error_code ec;
    std::filesystem::remove_all(profile, ec);
}

namespace {

uno::Reference<css::container::XNameAccess> config_node(const std::string& path) {
    auto provider = css::configuration::theDefaultProvider::get(office().context());
    uno::Sequence<uno::Any> args(1);
    args[0] <<= css::beans::NamedValue("nodepath", uno::Any(ustr(path)));
    return uno::Reference<css::container::XNameAccess>(
        provider->createInstanceWithArguments("com.sun.star.configuration.ConfigurationAccess", args),
        uno::UNO_QUERY_THROW);
}

// The commands of a menu or toolbar node, each checked to reach a dispatcher in `frame`.
std::set<std::string> commands(const uno::Reference<css::container::XNameAccess>& entries,
                               const uno::Reference<css::frame::XDispatchProvider>& frame) {
    std::set<std::string> found;
    auto parser = css::util::URLTransformer::create(office().context());
    const auto names = entries->getElementNames();
    for (const auto& name : names) {
        uno::Reference<css::container::XNameAccess> entry(entries->getByName(name), uno::UNO_QUERY_THROW);
        OUString url;
        entry->getByName("URL") >>= url;
        if (url == "private:separator") continue;
        css::util::URL parsed;
        parsed.Complete = url;
        parser->parseStrict(parsed);
        INFO(utf8(url));
        CHECK(frame->queryDispatch(parsed, "_self", 0).is());
        found.insert(utf8(url));
    }
    return found;
}

}  // namespace

TEST_CASE("calc: the 继续教育 menu and toolbar are installed and every entry reaches its command", "[e2e][calc]") {
    Roster r;
    uno::Reference<css::frame::XDispatchProvider> frame(r.model->getCurrentController()->getFrame(),
                                                        uno::UNO_QUERY_THROW);
    auto menu = config_node("/org.openoffice.Office.Addons/AddonUI/OfficeMenuBar/org.jxjy.menu");
    OUString context;
    menu->getByName("Context") >>= context;
    CHECK(context == "com.sun.star.sheet.SpreadsheetDocument");  // in Calc only
    uno::Reference<css::container::XNameAccess> submenu(menu->getByName("Submenu"), uno::UNO_QUERY_THROW);
    const auto in_menu = commands(submenu, frame);
    for (const char* c : {"vnd.jxjy:new", "vnd.jxjy:check", "vnd.jxjy:sort", "vnd.jxjy:totals", "vnd.jxjy:submit",
                          "vnd.jxjy:fetch", "vnd.jxjy:settings"})
        CHECK(in_menu.count(c) == 1);
    auto toolbar = config_node("/org.openoffice.Office.Addons/AddonUI/OfficeToolBar/org.jxjy.toolbar");
    const auto on_toolbar = commands(toolbar, frame);
    CHECK(on_toolbar.count("vnd.jxjy:check") == 1);
    CHECK(on_toolbar.count("vnd.jxjy:submit") == 1);
    // The official template is among 文件 → 模板's folders.
    uno::Reference<css::beans::XPropertySet> paths(css::util::thePathSettings::get(office().context()),
                                                   uno::UNO_QUERY_THROW);
    uno::Sequence<OUString> internal;
    paths->getPropertyValue("Template_internal") >>= internal;
    bool has_template = false;
    for (const auto& url : internal) {
        OUString expanded = url;
        if (expanded.startsWith("vnd.sun.star.expand:", &expanded))
            expanded = css::util::theMacroExpander::get(office().context())
                           ->expandMacros(rtl::Uri::decode(expanded, rtl_UriDecodeWithCharset, RTL_TEXTENCODING_UTF8));
        std::string path = utf8(expanded);
        if (path.rfind("file://", 0) == 0) path = path.substr(7);
        has_template = has_template || std::filesystem::exists(path + "/roster-2023.ots");
    }
    CHECK(has_template);
}
