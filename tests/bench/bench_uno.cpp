// What the Calc extension costs a person typing: a 10,000-row roster made
// from the official template in real headless LibreOffice, single-cell edits
// timed through UNO with and without jxjy.oxt installed, and the full check
// (校验名册). A benchmark, not a test: run it by hand and report the figures.
//   ./build/tests/bench/jxjy_bench_uno [rows] [edits]

#include <com/sun/star/container/XIndexAccess.hpp>
#include <com/sun/star/sheet/XCellRangeData.hpp>
#include <com/sun/star/sheet/XSpreadsheet.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/table/XCell.hpp>
#include <com/sun/star/text/XTextRange.hpp>
#include <org/jxjy/XJxjyRoster.hpp>

#include <algorithm>
#include <cstdio>
#include <random>

#include "../e2e/office.h"

using namespace jxjy::e2e;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kFirstRow = 6;

std::string id_of(int i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%09d", 4000000 + i);
    return buf;
}

struct Figures {
    double median_ms = 0, p99_ms = 0;
};

Figures summarise(std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

double since_ms(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

struct Run {
    Figures edit;        // a wrong ID typed, then put right, back to back: a note comes and goes
    Figures paced_edit;  // the same, 50 ms apart as a fast typist: the note is written between edits
    Figures plain_edit;  // a name changed to another valid name: nothing to paint
    std::vector<double> full_check_ms;
};

Run measure(const std::string& oxt, int rows, int edits) {
    Office office(oxt);
    auto model = office.open(JXJY_TEMPLATE_OTS, true);
    uno::Reference<css::sheet::XSpreadsheetDocument> doc(model, uno::UNO_QUERY_THROW);
    uno::Reference<css::sheet::XSpreadsheet> sheet(
        uno::Reference<css::container::XIndexAccess>(doc->getSheets(), uno::UNO_QUERY_THROW)->getByIndex(0),
        uno::UNO_QUERY_THROW);
    // The roster, written in one call.
    uno::Sequence<uno::Sequence<uno::Any>> data(rows);
    for (int i = 0; i < rows; ++i) {
        data[i] = uno::Sequence<uno::Any>(14);
        auto* c = data[i].getArray();
        c[0] <<= double(i + 1);
        c[1] <<= ustr(id_of(i));
        c[2] <<= ustr("样例");
        c[3] <<= ustr(i % 2 ? "女" : "男");
        c[4] <<= ustr("1979-06");
        c[5] <<= ustr("2000-06");
        c[6] <<= 80.0;
        c[7] <<= 8.0;
        c[8] <<= 96.0;
        c[9] <<= 9.6;
        c[10] <<= ustr("合格");
        c[11] <<= 176.0;
        c[12] <<= 17.6;
        c[13] <<= ustr("合格");
    }
    uno::Reference<css::sheet::XCellRangeData>(
        sheet->getCellRangeByPosition(0, kFirstRow - 1, 13, kFirstRow + rows - 2), uno::UNO_QUERY_THROW)
        ->setDataArray(data);
    Run run;
    if (!oxt.empty()) {
        auto service = uno::Reference<org::jxjy::XJxjyRoster>(office.create("org.jxjy.Roster"), uno::UNO_QUERY_THROW);
        eventually([&] { return !service->statusText(model).isEmpty(); }, 30);
        for (int k = 0; k < 5; ++k) {
            auto t = Clock::now();
            office.dispatch(model, "vnd.jxjy:check", seq<css::beans::PropertyValue>({prop("Quiet", uno::Any(true))}));
            run.full_check_ms.push_back(since_ms(t));
        }
        std::printf("  status after the full check: %s\n", utf8(service->statusText(model)).c_str());
    }
    // Edits as a person makes them: a wrong ID, then the right one, anywhere in the roster.
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> pick(0, rows - 1);
    std::vector<double> ms;
    for (int k = 0; k < edits; ++k) {
        int i = pick(rng);
        auto cell = sheet->getCellByPosition(1, kFirstRow - 1 + i);
        uno::Reference<css::text::XTextRange> text(cell, uno::UNO_QUERY_THROW);
        auto t = Clock::now();
        text->setString(ustr("o" + id_of(i).substr(1)));
        ms.push_back(since_ms(t));
        t = Clock::now();
        text->setString(ustr(id_of(i)));
        ms.push_back(since_ms(t));
    }
    run.edit = summarise(ms);
    ms.clear();
    for (int k = 0; k < edits; ++k) {
        int i = pick(rng);
        uno::Reference<css::text::XTextRange> text(sheet->getCellByPosition(1, kFirstRow - 1 + i),
                                                   uno::UNO_QUERY_THROW);
        for (const std::string& value : {"o" + id_of(i).substr(1), id_of(i)}) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            auto t = Clock::now();
            text->setString(ustr(value));
            ms.push_back(since_ms(t));
        }
    }
    run.paced_edit = summarise(ms);
    std::vector<double> names;
    for (int k = 0; k < edits; ++k) {
        auto cell = sheet->getCellByPosition(2, kFirstRow - 1 + pick(rng));
        uno::Reference<css::text::XTextRange> text(cell, uno::UNO_QUERY_THROW);
        auto t = Clock::now();
        text->setString(ustr(k % 2 ? "样例" : "张三"));
        names.push_back(since_ms(t));
    }
    run.plain_edit = summarise(names);
    Office::close(model);
    return run;
}

}  // namespace

int main(int argc, char** argv) {
    const int rows = argc > 1 ? std::atoi(argv[1]) : 10000;
    const int edits = argc > 2 ? std::atoi(argv[2]) : 250;
    try {
        std::printf("roster of %d rows, %d single-cell edits each way\n", rows, edits * 2);
        std::fflush(stdout);
        Run plain = measure("", rows, edits);
        Run with = measure(JXJY_OXT, rows, edits);
        auto line = [](const char* what, const Figures& off, const Figures& on) {
            std::printf(
                "%s: without %.3f / %.3f ms, with jxjy.oxt %.3f / %.3f ms, added %.3f / %.3f ms (median / p99)\n", what,
                off.median_ms, off.p99_ms, on.median_ms, on.p99_ms, on.median_ms - off.median_ms,
                on.p99_ms - off.p99_ms);
        };
        line("edit making or clearing a finding, back to back", plain.edit, with.edit);
        line("edit making or clearing a finding, 50 ms apart ", plain.paced_edit, with.paced_edit);
        line("edit with nothing to report                   ", plain.plain_edit, with.plain_edit);
        auto check = summarise(with.full_check_ms);
        std::printf("full check (校验名册, %zu runs): median %.1f ms, max %.1f ms\n", with.full_check_ms.size(),
                    check.median_ms, *std::max_element(with.full_check_ms.begin(), with.full_check_ms.end()));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "benchmark failed: %s\n", e.what());
        return 1;
    } catch (const uno::Exception& e) {
        std::fprintf(stderr, "benchmark failed: %s\n", utf8(e.Message).c_str());
        return 1;
    }
    return 0;
}
