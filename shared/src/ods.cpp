// .ods (OpenDocument spreadsheet) reading: content.xml streamed, one
// table:table per sheet. Repeated rows and columns are expanded only where
// they carry content, and then only within the limits.

#include <deque>

#include "jxjy/text.h"
#include "jxjy/workbook.h"
#include "jxjy/zip.h"
#include "xml_sheet.h"

namespace jxjy {
namespace {

constexpr const char* kContent = "content.xml";

Error hostile(const std::string& what) {
    return make_error("FILE_HOSTILE", "表格文件异常：" + what + "，拒绝读取。");
}

long repeat_attr(const xml::Attributes& a, const char* name) {
    const char* v = a.get(name);
    if (!v) return 1;
    long n = std::atol(v);
    return n < 1 ? 1 : n;
}

// "1979-06-01" or "1979-06-01T00:00:00" -> serial
std::optional<double> iso_date_serial(std::string_view s) {
    if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
    int y = std::stoi(std::string(s.substr(0, 4)));
    int m = std::stoi(std::string(s.substr(5, 2)));
    int d = std::stoi(std::string(s.substr(8, 2)));
    if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
    return date_serial(y, m, d);
}

class OdsSheet : public XmlSheetSource {
public:
    OdsSheet(ZipEntryStream stream, std::size_t index, const FileLimits& limits)
        : XmlSheetSource(std::move(stream), kContent, limits), wanted_(index) {}

private:
    void start(std::string_view name, const xml::Attributes& a) override {
        if (name == "table") {
            ++tables_;
            active_ = tables_ == static_cast<long>(wanted_) + 1;
            return;
        }
        if (!active_) return;
        if (name == "table-row") {
            row_repeat_ = repeat_attr(a, "number-rows-repeated");
            row_ = TableRow{};
            column_ = 0;
        } else if (name == "table-cell" || name == "covered-table-cell") {
            in_cell_ = true;
            cell_repeat_ = repeat_attr(a, "number-columns-repeated");
            cell_text_.clear();
            paragraphs_ = 0;
            const char* type = a.get("value-type");
            type_ = type ? type : "";
            const char* v = a.get("value");
            value_ = v ? v : "";
            const char* dv = a.get("date-value");
            date_value_ = dv ? dv : "";
        } else if (in_cell_ && name == "p") {
            if (paragraphs_++ > 0) append("\n");
            in_p_ = true;
        } else if (in_p_ && name == "s") {
            long n = repeat_attr(a, "c");
            if (n > 1000) n = 1000;
            append(std::string(static_cast<std::size_t>(n), ' '));
        } else if (in_p_ && name == "tab") {
            append("\t");
        } else if (in_p_ && name == "line-break") {
            append("\n");
        }
    }

    void end(std::string_view name) override {
        if (name == "table") {
            if (active_) finished_sheet_ = true;
            active_ = false;
            return;
        }
        if (!active_) return;
        if (name == "p") {
            in_p_ = false;
        } else if (name == "table-cell" || name == "covered-table-cell") {
            in_cell_ = false;
            finish_cell();
        } else if (name == "table-row") {
            finish_row();
        }
    }

    void text(std::string_view d) override {
        if (in_p_) append(d);
    }

    void append(std::string_view d) {
        if (cell_text_.size() + d.size() > limits_.max_cell_text_bytes) {
            failure = hostile("单元格文字过长");
            return;
        }
        cell_text_.append(d);
    }

    void finish_cell() {
        Cell cell;
        if (type_ == "float" || type_ == "percentage" || type_ == "currency") {
            auto v = text::parse_number(value_);
            cell = v ? Cell::of_number(*v, cell_text_) : Cell::of_text(cell_text_);
        } else if (type_ == "date") {
            auto serial = iso_date_serial(date_value_);
            cell = serial ? Cell::of_date(*serial, cell_text_) : Cell::of_text(cell_text_);
        } else if (!cell_text_.empty()) {
            cell = Cell::of_text(cell_text_);
        }
        if (cell.kind == Cell::Kind::Empty || (cell.kind == Cell::Kind::Text && cell.text.empty())) {
            column_ += cell_repeat_;  // empty repeats cost nothing
            return;
        }
        if (column_ + cell_repeat_ > limits_.max_columns) {
            if (column_ >= limits_.max_columns && cell_repeat_ == 1) return;  // one far-away cell: not roster data
            failure = hostile("一行中有内容的单元格超过 " + std::to_string(limits_.max_columns) + " 列");
            return;
        }
        if (cells_ + static_cast<std::uint64_t>(cell_repeat_) > limits_.max_cells) {
            failure = hostile("单元格数量过多");
            return;
        }
        cells_ += static_cast<std::uint64_t>(cell_repeat_);
        auto end = static_cast<std::size_t>(column_ + cell_repeat_);
        if (row_.cells.size() < end) row_.cells.resize(end);
        for (long k = 0; k < cell_repeat_; ++k) row_.cells[static_cast<std::size_t>(column_ + k)] = cell;
        column_ += cell_repeat_;
    }

    void finish_row() {
        if (row_.cells.empty()) {
            row_number_ += row_repeat_;  // trailing empty rows are often repeated a million times
            return;
        }
        if (row_number_ + row_repeat_ > limits_.max_rows) {
            failure = hostile("行数超过 " + std::to_string(limits_.max_rows));
            return;
        }
        std::uint64_t cells = row_.cells.size() * static_cast<std::uint64_t>(row_repeat_ - 1);
        if (cells_ + cells > limits_.max_cells || row_repeat_ > 10000) {
            failure = hostile("有内容的行重复了 " + std::to_string(row_repeat_) + " 次");
            return;
        }
        cells_ += cells;
        for (long k = 0; k < row_repeat_; ++k) {
            TableRow copy = row_;
            copy.row = static_cast<int>(++row_number_);
            ready_.push_back(std::move(copy));
        }
    }

    std::size_t wanted_;
    bool finished_sheet_ = false;
    long tables_ = 0;
    bool active_ = false;
    TableRow row_;
    long row_number_ = 0;
    long row_repeat_ = 1;
    long column_ = 0;
    long cell_repeat_ = 1;
    bool in_cell_ = false;
    bool in_p_ = false;
    int paragraphs_ = 0;
    std::string type_, value_, date_value_, cell_text_;
    std::uint64_t cells_ = 0;
};

// Collects the sheet names (table:name of each table:table) without keeping rows.
struct TableNames : xml::Handler {
    std::vector<std::string> names;
    void start(std::string_view name, const xml::Attributes& a) override {
        if (name == "table") {
            const char* n = a.get("name");
            names.emplace_back(n ? n : "");
        }
    }
    void end(std::string_view) override {}
    void text(std::string_view) override {}
};

class OdsWorkbook : public Workbook {
public:
    OdsWorkbook(ZipArchive zip, FileLimits limits) : zip_(std::move(zip)), limits_(limits) {}

    Result<bool> load() {
        const ZipEntry* e = zip_.find(kContent);
        if (!e)
            return make_error(
                "FILE_WRONG_TYPE",
                "这个压缩文件不是 LibreOffice 表格（缺少 content.xml）。请提交 .xlsx、.ods 或 .csv 格式的名册。");
        TableNames h;
        auto ok = parse_entry(zip_, kContent, h, limits_);
        if (!ok) return ok.error();
        names_ = std::move(h.names);
        if (names_.empty()) return make_error("FILE_CORRUPT", "表格文件中没有工作表。");
        return true;
    }

    std::vector<std::string> sheet_names() const override { return names_; }

    Result<std::unique_ptr<TableSource>> open_sheet(std::size_t index) override {
        if (index >= names_.size())
            return make_error("SHEET_MISSING", "没有第 " + std::to_string(index + 1) + " 个工作表。");
        auto stream = zip_.open_entry(*zip_.find(kContent));
        if (!stream) return stream.error();
        return std::unique_ptr<TableSource>(new OdsSheet(std::move(*stream), index, limits_));
    }

private:
    ZipArchive zip_;
    FileLimits limits_;
    std::vector<std::string> names_;
};

}  // namespace

Result<std::unique_ptr<Workbook>> open_ods(std::string bytes, const FileLimits& limits) {
    auto zip = ZipArchive::open(std::move(bytes), limits);
    if (!zip) return zip.error();
    auto wb = std::make_unique<OdsWorkbook>(std::move(*zip), limits);
    auto ok = wb->load();
    if (!ok) return ok.error();
    return std::unique_ptr<Workbook>(std::move(wb));
}

double date_serial(int y, int m, int d) {
    // Days from civil (Howard Hinnant's public-domain algorithm), relative to 1899-12-30.
    auto days = [](long yy, long mm, long dd) {
        yy -= mm <= 2;
        long era = (yy >= 0 ? yy : yy - 399) / 400;
        long yoe = yy - era * 400;
        long doy = (153 * (mm + (mm > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    };
    return static_cast<double>(days(y, m, d) - days(1899, 12, 30));
}

}  // namespace jxjy
