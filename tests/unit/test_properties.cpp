// Property tests over generated rosters, with fixed seeds so failures repeat.

#include <algorithm>
#include <cstdio>
#include <random>
#include <set>

#include "jxjy/text.h"
#include "support.h"

using namespace jxjy;
using namespace jxjy::test;

namespace {

struct Gen {
    std::mt19937 rng;
    explicit Gen(unsigned seed) : rng(seed) {}
    int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
    double credits_for(double hours) { return std::round(hours / uniform(8, 12) * 2) / 2; }  // in halves

    std::string id(int v) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%09d", v);
        return buf;
    }
    std::string month(int y, int m) { return YearMonth{y, m}.str(); }

    // A row that satisfies every rule; `qualified` decides which side of the rule.
    RawRow row(int line, const std::string& id_text, bool qualified) {
        static const char* const kSurnames[] = {"张", "王", "李", "赵", "刘", "陈", "杨", "黄", "欧阳"};
        static const char* const kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋"};
        std::string name = std::string(kSurnames[uniform(0, 8)]) + kGiven[uniform(0, 9)];
        if (uniform(0, 1)) name += kGiven[uniform(0, 9)];
        int by = uniform(1960, 2000);
        int bm = uniform(1, 12);
        int hy = std::min(by + uniform(18, 30), 2023);
        int hm = hy == 2023 ? uniform(1, 8) : uniform(1, 12);
        double sh = uniform(10, 120);
        double eh = qualified ? uniform(70, 150) : uniform(10, 60);
        double sc = std::max(1.0, credits_for(sh));
        double ec = qualified ? std::max(7.0, credits_for(eh)) : std::min(6.5, std::max(1.0, credits_for(eh)));
        if (qualified && sh + eh < 120 && sc + ec < 12) sh = 120 - eh, sc = std::max(sc, credits_for(sh));
        bool pub = qualified || uniform(0, 1);
        Figures f{pub, sh, sc, eh, ec};
        Verdict v = compute_verdict(f, policy2023());
        return text_row({std::to_string(line - 4), id_text, name, uniform(0, 1) ? "男" : "女", month(by, bm),
                         month(hy, hm), text::format_number(sh), text::format_number(sc), text::format_number(eh),
                         text::format_number(ec), pub ? "合格" : "不合格", text::format_number(sh + eh),
                         text::format_number(sc + ec), std::string(verdict_text(v))},
                        line);
    }

    std::vector<RawRow> roster(int n) {
        std::set<int> ids;
        while (static_cast<int>(ids.size()) < n) ids.insert(uniform(1, 999999999));
        std::vector<RawRow> rows;
        int line = 5;
        for (int v : ids) rows.push_back(row(line++, id(v), uniform(0, 3) != 0));
        return rows;
    }
};

}  // namespace

TEST_CASE("random valid rosters pass with no finding", "[unit][property]") {
    for (unsigned seed = 1; seed <= 40; ++seed) {
        Gen g(seed);
        auto rows = g.roster(g.uniform(1, 200));
        auto r = check(rows);
        INFO("seed " << seed);
        if (!r.diagnostics.empty()) INFO(r.diagnostics[0].message);
        CHECK(r.diagnostics.empty());
        CHECK(r.summary.rows == static_cast<long>(rows.size()));
        CHECK(r.summary.qualified + r.summary.unqualified == r.summary.rows);
    }
}

TEST_CASE("raising any hour or credit never turns 合格 into 不合格", "[unit][property]") {
    const Policy& p = policy2023();
    Gen g(7);
    int qualified_seen = 0;
    for (int i = 0; i < 20000; ++i) {
        Figures f{g.uniform(0, 4) != 0, double(g.uniform(0, 150)), g.uniform(0, 300) / 10.0, double(g.uniform(0, 150)),
                  g.uniform(0, 300) / 10.0};
        Verdict before = compute_verdict(f, p);
        Figures raised = f;
        double delta = g.uniform(1, 100) / 4.0;
        switch (g.uniform(0, 3)) {
            case 0:
                raised.school_hours += delta;
                break;
            case 1:
                raised.school_credits += delta;
                break;
            case 2:
                raised.external_hours += delta;
                break;
            default:
                raised.external_credits += delta;
                break;
        }
        if (before == Verdict::Qualified) {
            ++qualified_seen;
            REQUIRE(compute_verdict(raised, p) == Verdict::Qualified);
        }
    }
    CHECK(qualified_seen > 1000);  // the property was exercised, not vacuous

    // The same through whole rows: the validator's verdict moves the same way.
    for (unsigned seed = 1; seed <= 200; ++seed) {
        Gen row_gen(seed);
        RawRow r = row_gen.row(5, "004002006", true);
        auto base = check({r});
        REQUIRE(base.rows[0].computed == Verdict::Qualified);
        RawRow more =
            with(r, Column::ExternalHours, text::format_number(*text::parse_number(r[Column::ExternalHours].text) + 5));
        CHECK(check({more}).rows[0].computed == Verdict::Qualified);
    }
}

TEST_CASE("any permutation, once sorted, is ascending and keeps every row", "[unit][property]") {
    for (unsigned seed = 1; seed <= 30; ++seed) {
        Gen g(seed);
        auto rows = g.roster(g.uniform(2, 300));
        // Some rows with bad IDs and duplicates too.
        rows.push_back(with(rows[0], Column::Id, "bad"));
        rows.push_back(rows[1]);
        std::shuffle(rows.begin(), rows.end(), g.rng);
        for (std::size_t i = 0; i < rows.size(); ++i) rows[i].sheet_row = static_cast<int>(i) + 5;
        auto checked = check(rows).rows;
        auto order = sort_order(checked);
        REQUIRE(order.size() == checked.size());
        std::vector<std::size_t> sorted_idx = order;
        std::sort(sorted_idx.begin(), sorted_idx.end());
        for (std::size_t i = 0; i < sorted_idx.size(); ++i) REQUIRE(sorted_idx[i] == i);  // a permutation

        std::vector<RawRow> resorted;
        for (std::size_t i : order) resorted.push_back(rows[i]);
        for (std::size_t i = 0; i < resorted.size(); ++i) resorted[i].sheet_row = static_cast<int>(i) + 5;
        auto again = check(resorted);
        for (const auto& d : again.diagnostics) CHECK(d.code != Code::IdOrder);
        bool seen_invalid = false;
        for (std::size_t i = 0; i < again.rows.size(); ++i) {
            if (!again.rows[i].id_valid)
                seen_invalid = true;
            else
                CHECK_FALSE(seen_invalid);  // invalid IDs come last
            if (i > 0 && again.rows[i].id_valid && again.rows[i - 1].id_valid)
                CHECK(again.rows[i - 1].id_value <= again.rows[i].id_value);
        }
    }
}
