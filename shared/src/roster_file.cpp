#include "jxjy/roster_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "jxjy/csv.h"

namespace jxjy {
namespace {

std::string lower_extension(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

}  // namespace

Result<std::unique_ptr<TableSource>> open_table(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return make_error("FILE_NOT_FOUND", "找不到文件 " + path + "。");
    if (std::filesystem::is_directory(path, ec))
        return make_error("FILE_UNREADABLE", path + " 是文件夹，不是名册文件。");
    std::string ext = lower_extension(path);
    if (ext == ".xlsx" || ext == ".ods" || ext == ".xlsm")
        return make_error(
            "FORMAT_UNSUPPORTED",
            "暂不支持直接读取 " + ext + " 文件。请在 Excel/WPS/LibreOffice 中“另存为”CSV（UTF-8 或 GBK）后再校验。");
    if (ext == ".xls" || ext == ".et")
        return make_error("FILE_LEGACY_XLS", "不支持旧版 Excel 97-2003 (" + ext +
                                                 ") 文件。请在 Excel/WPS 中“另存为” .xlsx 或 CSV 后再提交。");
    auto csv = CsvSource::open(path);
    if (!csv) return csv.error();
    return std::unique_ptr<TableSource>(std::move(*csv));
}

Result<FileReport> validate_table(TableSource& source, const Schemas& schemas, int year) {
    RosterReader reader(source, schemas.layout);
    auto meta = reader.open();
    if (!meta) return meta.error();
    FileReport report;
    report.meta = *meta;
    const Policy* policy = nullptr;
    if (year != 0) {
        policy = schemas.policy(year);
        if (!policy)
            return make_error("POLICY_MISSING", "没有 " + std::to_string(year) + " 学年的验证政策（schemas/policies/" +
                                                    std::to_string(year) + ".json）。");
    } else if (meta->year != 0) {
        policy = schemas.policy(meta->year);
        if (!policy)
            return make_error("POLICY_MISSING", "名册标题是 " + std::to_string(meta->year) +
                                                    " 年，但没有该学年的验证政策（schemas/policies/" +
                                                    std::to_string(meta->year) + ".json）。请用 --year 指定学年。");
    } else {
        policy = schemas.policy(0);
    }
    report.policy_year = policy->year;
    Validator validator(schemas.layout, *policy, schemas.catalog);
    RawRow row;
    for (;;) {
        auto r = reader.next(row);
        if (!r) return r.error();
        if (!*r) break;
        validator.add(row);
    }
    report.result = std::move(validator.result());
    return report;
}

Result<FileReport> validate_file(const std::string& path, const Schemas& schemas, int year) {
    auto table = open_table(path);
    if (!table) return table.error();
    return validate_table(**table, schemas, year);
}

}  // namespace jxjy
