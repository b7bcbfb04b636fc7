#include "jxjy/schema.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace jxjy {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::array<std::string_view, kColumnCount> kColumnKeys = {
    "seq",           "id",           "name",           "gender",         "birth",
    "hire",          "school_hours", "school_credits", "external_hours", "external_credits",
    "public_course", "total_hours",  "total_credits",  "verdict",
};

constexpr std::array<std::string_view, kCodeCount> kCodeNames = {
    "ID_MISSING",      "ID_FORMAT",       "ID_DUPLICATE",      "ID_ORDER",       "NAME_MISSING",    "NAME_INVALID",
    "GENDER_INVALID",  "DATE_FORMAT",     "DATE_RANGE",        "NUMBER_INVALID", "PUBLIC_INVALID",  "TOTAL_MISMATCH",
    "VERDICT_MISSING", "VERDICT_INVALID", "VERDICT_MISMATCH",  "ID_NORMALIZED",  "DATE_NORMALIZED", "VALUE_SUSPICIOUS",
    "ID_UNKNOWN",      "ID_OTHER_UNIT",   "OFFICIAL_MISMATCH", "TEACHER_LEFT",
};

Error schema_error(const std::string& what, const std::string& detail) {
    return make_error("SCHEMA_INVALID", "配置文件 " + what + " 有误：" + detail);
}

std::vector<std::string> strings(const json& j, const char* key) {
    std::vector<std::string> out;
    if (j.contains(key))
        for (const auto& s : j.at(key)) out.push_back(s.get<std::string>());
    return out;
}

Result<std::string> read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return make_error("SCHEMA_MISSING", "找不到配置文件 " + p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

YearMonth month_field(const json& j, const char* key) {
    auto m = parse_iso_month(j.at(key).get<std::string>());
    if (!m) throw std::runtime_error(std::string(key) + " 不是 YYYY-MM");
    return *m;
}

}  // namespace

std::string_view column_key(Column c) {
    return kColumnKeys[static_cast<std::size_t>(c)];
}

std::optional<Column> column_from_key(std::string_view key) {
    for (std::size_t i = 0; i < kColumnCount; ++i)
        if (kColumnKeys[i] == key) return static_cast<Column>(i);
    return std::nullopt;
}

std::string_view code_name(Code c) {
    return kCodeNames[static_cast<std::size_t>(c)];
}

std::optional<Code> code_from_name(std::string_view name) {
    for (std::size_t i = 0; i < kCodeCount; ++i)
        if (kCodeNames[i] == name) return static_cast<Code>(i);
    return std::nullopt;
}

std::string_view severity_name(Severity s) {
    return s == Severity::Error ? "error" : "warning";
}

std::string LayoutColumn::display_name() const {
    if (!label.empty()) return label;
    if (group_header.empty()) return header;
    if (header.find("总") == 0) return header;  // 总学时 reads on its own
    return group_header + header;
}

const Policy* Schemas::policy(int year) const {
    if (policies.empty()) return nullptr;
    if (year == 0) return &policies.rbegin()->second;
    auto it = policies.find(year);
    return it == policies.end() ? nullptr : &it->second;
}

Result<Layout> parse_layout(std::string_view text) {
    try {
        json j = json::parse(text);
        Layout layout;
        layout.name = j.at("name").get<std::string>();
        layout.title_pattern = j.at("title").get<std::string>();
        layout.header_lines = strings(j, "header_lines");
        layout.notes_markers = strings(j, "notes_marker");
        layout.notes_pattern = j.value("notes", "");
        for (const auto& g : j.at("groups"))
            layout.groups.push_back(
                LayoutGroup{g.at("key").get<std::string>(), g.at("header").get<std::string>(), strings(g, "aliases")});
        const auto& cols = j.at("columns");
        if (cols.size() != kColumnCount)
            return schema_error("layout.json", "应有 " + std::to_string(kColumnCount) + " 列");
        for (std::size_t i = 0; i < cols.size(); ++i) {
            const auto& c = cols[i];
            auto key = c.at("key").get<std::string>();
            auto col = column_from_key(key);
            if (!col) return schema_error("layout.json", "未知的列 " + key);
            if (static_cast<std::size_t>(*col) != i) return schema_error("layout.json", "列 " + key + " 的顺序不对");
            LayoutColumn lc;
            lc.column = *col;
            lc.key = key;
            lc.header = c.at("header").get<std::string>();
            lc.label = c.value("label", "");
            lc.group = c.value("group", "");
            lc.type = c.at("type").get<std::string>();
            lc.choices = strings(c, "choices");
            lc.aliases = strings(c, "aliases");
            lc.width = c.value("width", 8);
            if (!lc.group.empty()) {
                bool found = false;
                for (const auto& g : layout.groups)
                    if (g.key == lc.group) {
                        lc.group_header = g.header;
                        found = true;
                    }
                if (!found) return schema_error("layout.json", "列 " + key + " 的分组 " + lc.group + " 不存在");
            }
            layout.columns[i] = std::move(lc);
        }
        return layout;
    } catch (const std::exception& e) {
        return schema_error("layout.json", e.what());
    }
}

Result<Policy> parse_policy(std::string_view text) {
    try {
        json j = json::parse(text);
        Policy p;
        p.year = j.at("year").get<int>();
        p.county = j.at("county").get<std::string>();
        p.source = j.value("source", "");
        p.window_start = j.at("window").at("start").get<std::string>();
        p.window_end = j.at("window").at("end").get<std::string>();
        const auto& rule = j.at("rule");
        p.public_course_required = rule.value("public_course_required", true);
        p.external_min_hours = rule.at("external").at("min_hours").get<double>();
        p.external_min_credits = rule.at("external").at("min_credits").get<double>();
        p.total_min_hours = rule.at("total").at("min_hours").get<double>();
        p.total_min_credits = rule.at("total").at("min_credits").get<double>();
        const auto& dates = j.at("dates");
        p.earliest_birth = month_field(dates, "earliest_birth");
        p.latest_month = month_field(dates, "latest_month");
        p.min_hire_age_years = dates.at("min_hire_age_years").get<int>();
        p.total_tolerance = j.value("total_tolerance", 0.01);
        const auto& s = j.at("suspicious");
        p.suspicious_max_hours = s.at("max_hours").get<double>();
        p.suspicious_max_credits = s.at("max_credits").get<double>();
        p.suspicious_min_hours_per_credit = s.at("min_hours_per_credit").get<double>();
        p.suspicious_max_hours_per_credit = s.at("max_hours_per_credit").get<double>();
        return p;
    } catch (const std::exception& e) {
        return schema_error("policy", e.what());
    }
}

Result<Catalog> parse_catalog(std::string_view text) {
    try {
        json j = json::parse(text);
        Catalog catalog;
        std::array<bool, kCodeCount> seen{};
        for (const auto& [name, e] : j.at("codes").items()) {
            auto code = code_from_name(name);
            if (!code) return schema_error("diagnostics.json", "未知的代码 " + name);
            auto sev = e.at("severity").get<std::string>();
            if (sev != "error" && sev != "warning")
                return schema_error("diagnostics.json", name + " 的 severity 只能是 error 或 warning");
            CatalogEntry& entry = catalog.entry(*code);
            entry.severity = sev == "error" ? Severity::Error : Severity::Warning;
            entry.message = e.at("message").get<std::string>();
            entry.message_empty = e.value("message_empty", "");
            seen[static_cast<std::size_t>(*code)] = true;
        }
        for (std::size_t i = 0; i < kCodeCount; ++i)
            if (!seen[i]) return schema_error("diagnostics.json", "缺少代码 " + std::string(kCodeNames[i]));
        return catalog;
    } catch (const std::exception& e) {
        return schema_error("diagnostics.json", e.what());
    }
}

Result<Schemas> load_schemas(const std::string& dir) {
    fs::path root(dir);
    Schemas s;
    s.dir = dir;
    auto layout_text = read_file(root / "layout.json");
    if (!layout_text) return layout_text.error();
    auto layout = parse_layout(*layout_text);
    if (!layout) return layout.error();
    s.layout = std::move(*layout);
    auto catalog_text = read_file(root / "diagnostics.json");
    if (!catalog_text) return catalog_text.error();
    auto catalog = parse_catalog(*catalog_text);
    if (!catalog) return catalog.error();
    s.catalog = std::move(*catalog);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root / "policies", ec)) {
        if (entry.path().extension() != ".json") continue;
        auto text = read_file(entry.path());
        if (!text) return text.error();
        auto policy = parse_policy(*text);
        if (!policy)
            return make_error(policy.error().code, entry.path().filename().string() + "：" + policy.error().message);
        int year = policy->year;
        s.policies.emplace(year, std::move(*policy));
    }
    if (s.policies.empty())
        return make_error("SCHEMA_MISSING", "在 " + (root / "policies").string() + " 中找不到任何学年政策文件");
    return s;
}

Result<Schemas> find_and_load_schemas(const std::string& exe_path) {
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("JXJY_SCHEMAS"); env && *env) candidates.emplace_back(env);
    std::error_code ec;
    fs::path exe = fs::canonical("/proc/self/exe", ec);
    if (ec) exe = fs::absolute(exe_path, ec);
    fs::path exe_dir = exe.parent_path();
    candidates.push_back(exe_dir / "schemas");
    candidates.push_back(exe_dir.parent_path() / "share" / "jxjy" / "schemas");
#ifdef JXJY_SOURCE_SCHEMAS_DIR
    candidates.emplace_back(JXJY_SOURCE_SCHEMAS_DIR);
#endif
    for (const auto& dir : candidates)
        if (fs::exists(dir / "layout.json", ec)) return load_schemas(dir.string());
    std::string tried;
    for (const auto& dir : candidates) tried += "\n  " + dir.string();
    return make_error("SCHEMA_MISSING",
                      "找不到 jxjy 的配置目录 schemas（可用环境变量 JXJY_SCHEMAS 指定）。已查找：" + tried);
}

}  // namespace jxjy
