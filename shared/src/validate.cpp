#include "jxjy/validate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "jxjy/text.h"

namespace jxjy {
namespace {

constexpr double kEpsilon = 1e-9;
constexpr std::string_view kQualified = "合格";
constexpr std::string_view kUnqualified = "不合格";

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

std::string pad_id(std::uint64_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%09llu", static_cast<unsigned long long>(v));
    return buf;
}

std::uint32_t id_number(std::string_view id) {
    std::uint32_t v = 0;
    for (char c : id) v = v * 10 + static_cast<std::uint32_t>(c - '0');
    return v;
}

// The text a person sees in the cell, for messages. A date cell is named as
// such: its display ("1979-06") hides that it holds a date, not text.
std::string shown(const Cell& c) {
    if (c.kind == Cell::Kind::Date) {
        std::string_view display = text::trim(c.text);
        bool serial_only = display.empty() || text::parse_number(display).has_value();
        auto month = month_from_serial(c.number);
        std::string base = !serial_only ? std::string(display) : month ? month->str() : text::format_number(c.number);
        return base + "（日期格式）";
    }
    if (c.kind == Cell::Kind::Number) return c.text.empty() ? text::format_number(c.number) : c.text;
    return std::string(text::trim(c.text));
}

bool is_name_char(char32_t c) {
    return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F) ||
           (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || c == 0x00B7 || c == 0x2022 || c == 0x30FB ||
           c == U'.' || c == U' ' || c == U'-';
}

bool has_latin(std::string_view s) {
    for (char c : s)
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    return false;
}

struct NumberReading {
    enum class Status { Empty, Ok, Invalid } status = Status::Empty;
    double value = 0;
};

NumberReading read_number(const Cell& c) {
    if (c.kind == Cell::Kind::Number) {
        if (!std::isfinite(c.number) || c.number < 0) return {NumberReading::Status::Invalid, 0};
        return {NumberReading::Status::Ok, c.number};
    }
    if (c.kind == Cell::Kind::Date) return {NumberReading::Status::Invalid, 0};
    std::string scratch;
    std::string_view s = text::fold_view(c.text, /*drop_spaces=*/true, scratch);
    if (s.empty()) return {};
    auto v = text::parse_number(s);
    if (!v || *v < 0) return {NumberReading::Status::Invalid, 0};
    return {NumberReading::Status::Ok, *v};
}

std::optional<long> read_seq(const Cell& c) {
    if (c.kind == Cell::Kind::Number && c.number == std::floor(c.number) && std::fabs(c.number) < 1e9)
        return static_cast<long>(c.number);
    std::string scratch;
    std::string_view s = text::fold_view(c.text, true, scratch);
    if (!s.empty() && s.size() < 10 && all_digits(s)) return static_cast<long>(*text::parse_number(s));
    return std::nullopt;
}

std::string fmt(double v) {
    return text::format_number(v);
}

}  // namespace

bool is_blank(const RawRow& row) {
    for (std::size_t i = 1; i < kColumnCount; ++i)
        if (!row.cells[i].empty()) return false;
    return true;
}

std::string_view verdict_text(Verdict v) {
    return v == Verdict::Qualified ? kQualified : kUnqualified;
}

std::optional<Verdict> parse_verdict(std::string_view s) {
    if (s == kQualified) return Verdict::Qualified;
    if (s == kUnqualified) return Verdict::Unqualified;
    return std::nullopt;
}

namespace {
bool external_ok(const Figures& f, const Policy& p) {
    return f.external_hours + kEpsilon >= p.external_min_hours ||
           f.external_credits + kEpsilon >= p.external_min_credits;
}
bool total_ok(const Figures& f, const Policy& p) {
    return f.school_hours + f.external_hours + kEpsilon >= p.total_min_hours ||
           f.school_credits + f.external_credits + kEpsilon >= p.total_min_credits;
}
bool public_ok(const Figures& f, const Policy& p) {
    return !p.public_course_required || f.public_course_passed;
}
}  // namespace

Verdict compute_verdict(const Figures& f, const Policy& p) {
    return public_ok(f, p) && external_ok(f, p) && total_ok(f, p) ? Verdict::Qualified : Verdict::Unqualified;
}

std::string unqualified_reason(const Figures& f, const Policy& p) {
    std::string out;
    auto add = [&out](const std::string& s) {
        if (!out.empty()) out += "；";
        out += s;
    };
    if (!public_ok(f, p)) add("公需科目不合格");
    if (!external_ok(f, p))
        add("校外研培与网络研培 " + fmt(f.external_hours) + " 学时、" + fmt(f.external_credits) + " 学分，未达到 " +
            fmt(p.external_min_hours) + " 学时或 " + fmt(p.external_min_credits) + " 学分");
    if (!total_ok(f, p))
        add("总学时 " + fmt(f.school_hours + f.external_hours) + "、总学分 " +
            fmt(f.school_credits + f.external_credits) + "，未达到 " + fmt(p.total_min_hours) + " 学时或 " +
            fmt(p.total_min_credits) + " 学分");
    if (!out.empty()) out += "。";
    return out;
}

std::string render_message(std::string_view pattern, const std::vector<MessageArg>& args) {
    std::string out;
    out.reserve(pattern.size() + 32);
    std::size_t i = 0;
    while (i < pattern.size()) {
        std::size_t open = pattern.find('{', i);
        if (open == std::string_view::npos) break;
        std::size_t close = pattern.find('}', open);
        if (close == std::string_view::npos) break;
        out.append(pattern.substr(i, open - i));
        std::string_view name = pattern.substr(open + 1, close - open - 1);
        bool found = false;
        for (const auto& [k, v] : args)
            if (k == name) {
                out += v;
                found = true;
                break;
            }
        if (!found) out.append(pattern.substr(open, close - open + 1));
        i = close + 1;
    }
    out.append(pattern.substr(i));
    return out;
}

Diagnostic RowChecker::make(int row, Column column, Code code, std::initializer_list<MessageArg> args) const {
    const CatalogEntry& e = catalog_.entry(code);
    std::string_view pattern = e.message;
    std::vector<MessageArg> all(args);
    bool has_hint = false;
    for (const auto& [k, v] : args) {
        if (k == "value" && v.empty() && !e.message_empty.empty()) pattern = e.message_empty;
        has_hint = has_hint || k == "hint";
    }
    all.emplace_back("field", layout_.column(column).display_name());
    if (!has_hint) all.emplace_back("hint", std::string());
    return Diagnostic{row, column, code, e.severity, render_message(pattern, all)};
}

std::optional<std::string> likely_id(std::string_view folded) {
    std::string out;
    for (std::size_t i = 0; i < folded.size();) {
        char32_t c = text::next_code_point(folded, i);
        if (c >= U'0' && c <= U'9')
            out.push_back(static_cast<char>(c));
        else if (c == U'o' || c == U'O' || c == 0x3007)
            out.push_back('0');
        else if (c == U'l' || c == U'I' || c == U'i' || c == U'|')
            out.push_back('1');
        else if (c == U'-' || c == U'_' || c == U'.')
            continue;
        else
            return std::nullopt;
    }
    if (out.size() == 9 && all_digits(out)) return out;
    return std::nullopt;
}

void RowChecker::check_id(const RawRow& row, CheckedRow& r, std::vector<Diagnostic>& out) const {
    const Cell& c = row[Column::Id];
    const int line = row.sheet_row;
    auto accept = [&](std::string id, bool warn) {
        r.id_valid = true;
        r.id_value = id_number(id);
        if (warn) out.push_back(make(line, Column::Id, Code::IdNormalized, {{"value", shown(c)}, {"normalized", id}}));
        r.id = std::move(id);
    };
    if (c.kind == Cell::Kind::Number || c.kind == Cell::Kind::Date) {
        r.id = shown(c);
        if (c.number >= 0 && c.number < 1e9 && c.number == std::floor(c.number))
            accept(pad_id(static_cast<std::uint64_t>(c.number)), true);
        else
            out.push_back(make(line, Column::Id, Code::IdFormat, {{"value", r.id}}));
        return;
    }
    bool changed = false;
    std::string s = text::fold(c.text, /*drop_spaces=*/true, &changed);
    if (!s.empty() && s.front() == '\'') s.erase(0, 1);  // Excel's "treat as text" prefix
    r.id = s;
    if (s.empty()) {
        out.push_back(make(line, Column::Id, Code::IdMissing, {}));
        return;
    }
    if (all_digits(s)) {
        if (s.size() == 9) return accept(s, changed);
        if (s.size() < 9 && s.front() != '0') return accept(pad_id(std::stoull(s)), true);
        std::string hint = s.size() > 9 ? "多了 " + std::to_string(s.size() - 9) + " 位。"
                                        : "少了 " + std::to_string(9 - s.size()) + " 位。";
        out.push_back(make(line, Column::Id, Code::IdFormat, {{"value", shown(c)}, {"hint", hint}}));
        return;
    }
    // 4.002006E+06 or 4002006.0: a number the spreadsheet wrote out as text.
    if (auto v = text::parse_number(s); v && *v >= 1 && *v < 1e9 && *v == std::floor(*v))
        return accept(pad_id(static_cast<std::uint64_t>(*v)), true);
    std::string hint;
    if (auto guess = likely_id(s)) hint = "编号中含有字母，可能应为 " + *guess + "。";
    out.push_back(make(line, Column::Id, Code::IdFormat, {{"value", shown(c)}, {"hint", hint}}));
}

void RowChecker::check_name(const RawRow& row, CheckedRow& r, std::vector<Diagnostic>& out) const {
    std::string s = text::fold(row[Column::Name].text, /*drop_spaces=*/false);
    if (row[Column::Name].kind == Cell::Kind::Number) s = shown(row[Column::Name]);
    // People pad two-character names with spaces to line them up: 张  三.
    if (!has_latin(s)) s = text::strip_spaces(s);
    r.name = s;
    if (s.empty()) {
        out.push_back(make(row.sheet_row, Column::Name, Code::NameMissing, {}));
        return;
    }
    std::size_t n = text::code_points(s);
    bool ok = n >= 2 && n <= 30;
    for (std::size_t i = 0; ok && i < s.size();) ok = is_name_char(text::next_code_point(s, i));
    if (!ok) out.push_back(make(row.sheet_row, Column::Name, Code::NameInvalid, {{"value", s}}));
}

void RowChecker::check_dates(const RawRow& row, std::vector<Diagnostic>& out) const {
    std::optional<YearMonth> months[2];
    const Column cols[2] = {Column::Birth, Column::Hire};
    for (int k = 0; k < 2; ++k) {
        const Cell& c = row[cols[k]];
        MonthReading m = read_month(c);
        switch (m.status) {
            case MonthReading::Status::Empty:
            case MonthReading::Status::Invalid:
                out.push_back(make(row.sheet_row, cols[k], Code::DateFormat, {{"value", shown(c)}}));
                continue;
            case MonthReading::Status::Normalized:
                out.push_back(make(row.sheet_row, cols[k], Code::DateNormalized,
                                   {{"value", shown(c)}, {"normalized", m.value.str()}}));
                break;
            case MonthReading::Status::Canonical:
                break;
        }
        months[k] = m.value;
        if (m.value.index() > policy_.latest_month.index()) {
            out.push_back(
                make(row.sheet_row, cols[k], Code::DateRange,
                     {{"value", m.value.str()}, {"hint", "晚于本学年截止月份 " + policy_.latest_month.str() + "。"}}));
            months[k].reset();
        } else if (k == 0 && m.value < policy_.earliest_birth) {
            out.push_back(make(row.sheet_row, cols[k], Code::DateRange,
                               {{"value", m.value.str()}, {"hint", "早于 " + policy_.earliest_birth.str() + "。"}}));
            months[k].reset();
        }
    }
    if (months[0] && months[1] && months[1]->index() < months[0]->index() + 12 * policy_.min_hire_age_years) {
        out.push_back(make(row.sheet_row, Column::Hire, Code::DateRange,
                           {{"value", months[1]->str()},
                            {"hint", "出生年月为 " + months[0]->str() + "，入职时不满 " +
                                         std::to_string(policy_.min_hire_age_years) + " 周岁。"}}));
    }
}

void RowChecker::check_figures(const RawRow& row, CheckedRow& r, std::vector<Diagnostic>& out) const {
    const Column number_cols[] = {Column::SchoolHours,     Column::SchoolCredits, Column::ExternalHours,
                                  Column::ExternalCredits, Column::TotalHours,    Column::TotalCredits};
    NumberReading n[6];
    bool components_ok = true;
    for (int k = 0; k < 6; ++k) {
        n[k] = read_number(row[number_cols[k]]);
        if (n[k].status != NumberReading::Status::Ok) {
            out.push_back(
                make(row.sheet_row, number_cols[k], Code::NumberInvalid, {{"value", shown(row[number_cols[k]])}}));
            if (k < 4) components_ok = false;
        }
    }
    auto ok = [&](int k) { return n[k].status == NumberReading::Status::Ok; };

    // Plausibility of each category (校本, 校外): size, and hours per credit.
    for (int k = 0; k < 4; k += 2) {
        if (ok(k) && n[k].value > policy_.suspicious_max_hours)
            out.push_back(make(
                row.sheet_row, number_cols[k], Code::ValueSuspicious,
                {{"value", fmt(n[k].value)}, {"hint", "一学年超过 " + fmt(policy_.suspicious_max_hours) + " 学时。"}}));
        if (ok(k + 1) && n[k + 1].value > policy_.suspicious_max_credits)
            out.push_back(make(row.sheet_row, number_cols[k + 1], Code::ValueSuspicious,
                               {{"value", fmt(n[k + 1].value)},
                                {"hint", "一学年超过 " + fmt(policy_.suspicious_max_credits) + " 学分。"}}));
        if (ok(k) && ok(k + 1) && (n[k].value > 0 || n[k + 1].value > 0)) {
            double h = n[k].value;
            double c = n[k + 1].value;
            bool odd = c <= 0 || h / c < policy_.suspicious_min_hours_per_credit - kEpsilon ||
                       h / c > policy_.suspicious_max_hours_per_credit + kEpsilon;
            if (odd)
                out.push_back(make(row.sheet_row, number_cols[k + 1], Code::ValueSuspicious,
                                   {{"value", fmt(c)},
                                    {"hint", fmt(h) + " 学时对应 " + fmt(c) + " 学分，每学分通常折合 " +
                                                 fmt(policy_.suspicious_min_hours_per_credit) + "～" +
                                                 fmt(policy_.suspicious_max_hours_per_credit) + " 学时。"}}));
        }
    }

    // 合计 must equal the sum of the components.
    for (int k = 4; k < 6; ++k) {
        int a = k - 4;  // school hours/credits
        int b = k - 2;  // external hours/credits
        if (!ok(k) || !ok(a) || !ok(b)) continue;
        double expected = n[a].value + n[b].value;
        if (std::fabs(n[k].value - expected) > policy_.total_tolerance + kEpsilon)
            out.push_back(make(row.sheet_row, number_cols[k], Code::TotalMismatch,
                               {{"value", fmt(n[k].value)}, {"expected", fmt(expected)}}));
    }

    // 公需科目
    const Cell& pc = row[Column::PublicCourse];
    std::string scratch;
    std::string_view pub = text::fold_view(pc.text, true, scratch);
    std::optional<Verdict> pub_result = pc.kind == Cell::Kind::Text ? parse_verdict(pub) : std::nullopt;
    if (!pub_result) {
        out.push_back(make(row.sheet_row, Column::PublicCourse, Code::PublicInvalid, {{"value", shown(pc)}}));
        components_ok = false;
    }

    if (components_ok) {
        Figures f;
        f.public_course_passed = *pub_result == Verdict::Qualified;
        f.school_hours = n[0].value;
        f.school_credits = n[1].value;
        f.external_hours = n[2].value;
        f.external_credits = n[3].value;
        r.figures = f;
        r.computed = compute_verdict(f, policy_);
    }

    // 验审意见
    const Cell& vc = row[Column::Verdict];
    std::string declared_scratch;
    std::string_view declared = text::fold_view(vc.text, true, declared_scratch);
    std::string computed_text = r.computed ? std::string(verdict_text(*r.computed)) : std::string();
    if (vc.empty()) {
        std::string hint =
            r.computed ? "按规则应为“" + computed_text + "”。" : "请先改正本行其他错误，再按规则填写“合格”或“不合格”。";
        out.push_back(make(row.sheet_row, Column::Verdict, Code::VerdictMissing, {{"hint", hint}}));
        return;
    }
    r.declared = vc.kind == Cell::Kind::Text ? parse_verdict(declared) : std::nullopt;
    if (!r.declared) {
        std::string hint = r.computed ? "按规则应为“" + computed_text + "”。" : "";
        out.push_back(
            make(row.sheet_row, Column::Verdict, Code::VerdictInvalid, {{"value", shown(vc)}, {"hint", hint}}));
        return;
    }
    if (r.computed && *r.computed != *r.declared) {
        std::string hint =
            *r.computed == Verdict::Qualified ? "三项均已达标。" : unqualified_reason(*r.figures, policy_);
        out.push_back(make(row.sheet_row, Column::Verdict, Code::VerdictMismatch,
                           {{"value", std::string(declared)}, {"computed", computed_text}, {"hint", hint}}));
    }
}

std::optional<Diagnostic> RowChecker::id_finding(const Cell& cell) const {
    RawRow row;
    row.sheet_row = 0;
    row[Column::Id] = cell;
    CheckedRow r;
    std::vector<Diagnostic> out;
    check_id(row, r, out);
    if (out.empty()) return std::nullopt;
    return out.front();
}

CheckedRow RowChecker::check(const RawRow& row, std::vector<Diagnostic>& out) const {
    CheckedRow r;
    r.sheet_row = row.sheet_row;
    r.seq = read_seq(row[Column::Seq]);
    check_id(row, r, out);
    check_name(row, r, out);
    const Cell& g = row[Column::Gender];
    std::string scratch;
    std::string_view gender = text::fold_view(g.text, true, scratch);
    if (g.kind != Cell::Kind::Text || (gender != "男" && gender != "女"))
        out.push_back(make(row.sheet_row, Column::Gender, Code::GenderInvalid, {{"value", shown(g)}}));
    check_dates(row, out);
    check_figures(row, r, out);
    return r;
}

void OrderChecker::add(const CheckedRow& row, std::vector<Diagnostic>& out) {
    if (!row.id_valid) return;
    auto [it, inserted] = first_row_.emplace(row.id_value, row.sheet_row);
    if (!inserted) {
        out.push_back(rules_.make(row.sheet_row, Column::Id, Code::IdDuplicate,
                                  {{"value", row.id}, {"other_row", std::to_string(it->second)}}));
        return;
    }
    if (have_max_ && row.id_value < max_id_) {
        out.push_back(
            rules_.make(row.sheet_row, Column::Id, Code::IdOrder,
                        {{"value", row.id}, {"previous", pad_id(max_id_)}, {"other_row", std::to_string(max_row_)}}));
        return;
    }
    have_max_ = true;
    max_id_ = row.id_value;
    max_row_ = row.sheet_row;
}

void Summary::count(const CheckedRow& row) {
    ++rows;
    if (row.computed) (*row.computed == Verdict::Qualified ? qualified : unqualified) += 1;
}

void Summary::count(const Diagnostic& d) {
    (d.severity == Severity::Error ? errors : warnings) += 1;
}

bool Validator::add(const RawRow& row) {
    if (is_blank(row)) return false;
    std::size_t first = result_.diagnostics.size();
    CheckedRow checked = rules_.check(row, result_.diagnostics);
    order_.add(checked, result_.diagnostics);
    auto begin = result_.diagnostics.begin() + static_cast<std::ptrdiff_t>(first);
    std::stable_sort(begin, result_.diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) { return a.column < b.column; });
    for (std::size_t i = first; i < result_.diagnostics.size(); ++i) result_.summary.count(result_.diagnostics[i]);
    result_.summary.count(checked);
    result_.rows.push_back(std::move(checked));
    return true;
}

void Validator::reserve(std::size_t rows) {
    result_.rows.reserve(rows);
    order_.reserve(rows);
}

ValidationResult validate(const std::vector<RawRow>& rows, const Layout& layout, const Policy& policy,
                          const Catalog& catalog) {
    Validator v(layout, policy, catalog);
    v.reserve(rows.size());
    for (const auto& row : rows) v.add(row);
    return std::move(v.result());
}

std::vector<std::size_t> sort_order(const std::vector<CheckedRow>& rows) {
    std::vector<std::size_t> order(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&rows](std::size_t a, std::size_t b) {
        const CheckedRow& x = rows[a];
        const CheckedRow& y = rows[b];
        if (x.id_valid != y.id_valid) return x.id_valid;
        return x.id_valid && x.id_value < y.id_value;
    });
    return order;
}

}  // namespace jxjy
