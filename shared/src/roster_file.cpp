#include "jxjy/roster_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "jxjy/csv.h"
#include "jxjy/workbook.h"

namespace jxjy {
namespace {

std::string lower_extension(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

}  // namespace

namespace {

bool starts(const std::string& s, std::string_view p) {
    return s.compare(0, p.size(), p) == 0;
}

// A CSV file, or CSV bytes received, as a workbook of one sheet.
class CsvWorkbook : public Workbook {
public:
    static std::unique_ptr<Workbook> file(std::string path) {
        auto wb = std::make_unique<CsvWorkbook>();
        wb->path_ = std::move(path);
        return wb;
    }
    static std::unique_ptr<Workbook> bytes(std::string bytes) {
        auto wb = std::make_unique<CsvWorkbook>();
        wb->bytes_ = std::move(bytes);
        wb->in_memory_ = true;
        return wb;
    }
    std::vector<std::string> sheet_names() const override { return {"CSV"}; }
    Result<std::unique_ptr<TableSource>> open_sheet(std::size_t index) override {
        if (index != 0) return make_error("SHEET_MISSING", "CSV 文件只有一个工作表。");
        auto csv =
            in_memory_ ? CsvSource::from_stream(std::make_unique<std::istringstream>(bytes_)) : CsvSource::open(path_);
        if (!csv) return csv.error();
        return std::unique_ptr<TableSource>(std::move(*csv));
    }

private:
    std::string path_;
    std::string bytes_;
    bool in_memory_ = false;
};

Result<std::string> read_bounded(const std::string& path, std::uint64_t max) {
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (ec) return make_error("FILE_UNREADABLE", "无法读取文件 " + path + "：" + ec.message());
    if (size > max)
        return make_error("FILE_TOO_LARGE", "文件有 " + std::to_string(size >> 20) + " MB，超过了允许的 " +
                                                std::to_string(max >> 20) +
                                                " MB。名册文件通常不到 1 MB，请只保留名册工作表后重新保存。");
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error("FILE_UNREADABLE", "无法打开文件 " + path + "：" + std::strerror(errno));
    std::string bytes(size, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return bytes;
}

}  // namespace

Result<std::unique_ptr<Workbook>> open_workbook_bytes(std::string bytes, const std::string& name,
                                                      const FileLimits& limits) {
    std::string ext = lower_extension(name);
    if (ext == ".xls" || ext == ".et")
        return make_error("FILE_LEGACY_XLS", "不支持旧版 Excel 97-2003 (" + ext +
                                                 ") 文件。请在 Excel/WPS 中“另存为” .xlsx 或 CSV 后再提交。");
    const bool zip = starts(bytes, "PK\x03\x04") || starts(bytes, "PK\x05\x06");
    const bool workbook_name = ext == ".xlsx" || ext == ".xlsm" || ext == ".ods" || ext == ".ots";
    // Without a name (an upload typed only by its bytes) the bytes decide.
    if (!workbook_name && !(ext.empty() && zip)) return CsvWorkbook::bytes(std::move(bytes));
    if (bytes.size() > limits.max_file_bytes)
        return make_error("FILE_TOO_LARGE", "文件超过了允许的 " + std::to_string(limits.max_file_bytes >> 20) +
                                                " MB。名册文件通常不到 1 MB，请只保留名册工作表后重新保存。");
    if (bytes.empty()) return make_error("FILE_EMPTY", "文件是空的，没有任何内容。");
    if (starts(bytes, "\xD0\xCF\x11\xE0"))
        return make_error("FILE_LEGACY_XLS",
                          "这是设置了密码的（加密）表格，或是旧版 Excel 97-2003 (.xls) 文件，无法读取。"
                          "请在 Excel/WPS 中取消密码保护，并“另存为” .xlsx 后再提交。");
    if (!zip)
        return make_error("FILE_WRONG_TYPE",
                          "文件扩展名是 " + ext +
                              "，但内容不是 Excel/WPS/LibreOffice 表格（可能是改了扩展名的文本或其他文件）。"
                              "请用表格软件打开后“另存为” .xlsx 再提交。");
    // Which kind of workbook the archive holds decides the reader; the name must agree.
    const bool is_ods = bytes.find("application/vnd.oasis.opendocument.spreadsheet") != std::string::npos &&
                        bytes.find("xl/workbook.xml") == std::string::npos;
    const bool ods_name = ext == ".ods" || ext == ".ots";
    if (is_ods && workbook_name && !ods_name)
        return make_error("FILE_WRONG_TYPE", "这是 LibreOffice 表格 (.ods)，扩展名却是 " + ext +
                                                 "。请把扩展名改为 .ods，或另存为 .xlsx。");
    if (!is_ods && ods_name)
        return make_error(
            "FILE_WRONG_TYPE",
            "这个文件的扩展名是 .ods，但内容不是 LibreOffice 表格。若是 Excel/WPS 文件，请把扩展名改为 .xlsx。");
    auto wb = is_ods ? open_ods(std::move(bytes), limits) : open_xlsx(std::move(bytes), limits);
    if (!wb) return wb.error();
    return std::move(*wb);
}

Result<std::unique_ptr<Workbook>> open_workbook(const std::string& path, const FileLimits& limits) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return make_error("FILE_NOT_FOUND", "找不到文件 " + path + "。");
    if (std::filesystem::is_directory(path, ec))
        return make_error("FILE_UNREADABLE", path + " 是文件夹，不是名册文件。");
    std::string ext = lower_extension(path);
    if (ext == ".xls" || ext == ".et")
        return make_error("FILE_LEGACY_XLS", "不支持旧版 Excel 97-2003 (" + ext +
                                                 ") 文件。请在 Excel/WPS 中“另存为” .xlsx 或 CSV 后再提交。");
    const bool workbook_name = ext == ".xlsx" || ext == ".xlsm" || ext == ".ods" || ext == ".ots";
    if (!workbook_name) return CsvWorkbook::file(path);  // streamed from disk, whatever its size
    auto bytes = read_bounded(path, limits.max_file_bytes);
    if (!bytes) return bytes.error();
    return open_workbook_bytes(std::move(*bytes), path, limits);
}

Result<std::unique_ptr<TableSource>> open_table(const std::string& path) {
    auto wb = open_workbook(path);
    if (!wb) return wb.error();
    return (*wb)->open_sheet(0);
}

Result<FileReport> validate_table(TableSource& source, const Schemas& schemas, int year, bool keep_rows) {
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
        if (validator.add(row) && keep_rows) report.raw_rows.push_back(row);
    }
    report.result = std::move(validator.result());
    return report;
}

namespace {

Result<FileReport> validate_workbook(Workbook& wb, const Schemas& schemas, int year, bool keep_rows) {
    std::optional<Error> first_error;
    const std::size_t sheets = wb.sheet_names().size();
    for (std::size_t i = 0; i < sheets; ++i) {
        auto table = wb.open_sheet(i);
        if (!table) return table.error();
        auto report = validate_table(**table, schemas, year, keep_rows);
        if (report || report.error().code != "HEADER_NOT_FOUND") return report;
        if (!first_error) first_error = report.error();  // try the next sheet
    }
    if (first_error && sheets > 1)
        return make_error(first_error->code, "在全部 " + std::to_string(sheets) + " 个工作表中都" +
                                                 first_error->message.substr(std::string("在").size()));
    return first_error ? *first_error : make_error("HEADER_NOT_FOUND", "文件中没有工作表。");
}

}  // namespace

Result<FileReport> validate_file(const std::string& path, const Schemas& schemas, int year, bool keep_rows) {
    auto wb = open_workbook(path);
    if (!wb) return wb.error();
    return validate_workbook(**wb, schemas, year, keep_rows);
}

Result<FileReport> validate_bytes(std::string bytes, const std::string& name, const Schemas& schemas, int year,
                                  bool keep_rows, const FileLimits& limits) {
    auto wb = open_workbook_bytes(std::move(bytes), name, limits);
    if (!wb) return wb.error();
    return validate_workbook(**wb, schemas, year, keep_rows);
}

}  // namespace jxjy
