// .xlsx (Office Open XML) reading: workbook.xml and its relationships for the
// sheets, sharedStrings.xml, styles.xml for which number formats are dates,
// then one worksheet streamed row by row.

#include <cmath>
#include <deque>
#include <map>

#include "jxjy/text.h"
#include "jxjy/workbook.h"
#include "jxjy/zip.h"
#include "xml_sheet.h"

namespace jxjy {
namespace {

Error hostile(const std::string& what) {
    return make_error("FILE_HOSTILE", "表格文件异常：" + what + "，拒绝读取。");
}

// Built-in number formats that show dates (ECMA-376 18.8.30, and the CJK ones).
bool builtin_date_format(int id) {
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

// A custom format shows a date when it has y/m/d/h/s outside quotes and [..].
bool custom_date_format(std::string_view code) {
    bool quoted = false;
    int bracket = 0;
    for (std::size_t i = 0; i < code.size(); ++i) {
        char c = code[i];
        if (c == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (c == '\\')
            ++i;
        else if (c == '[')
            ++bracket;
        else if (c == ']')
            bracket = std::max(0, bracket - 1);
        else if (bracket == 0 && (c == 'y' || c == 'Y' || c == 'd' || c == 'D' || c == 'm' || c == 'M'))
            return true;
    }
    return false;
}

struct WorkbookHandler : xml::Handler {
    std::vector<std::pair<std::string, std::string>> sheets;  // name, relationship id
    void start(std::string_view name, const xml::Attributes& a) override {
        if (name != "sheet") return;
        const char* n = a.get("name");
        const char* id = a.get("id");
        if (id) sheets.emplace_back(n ? n : "", id);
    }
    void end(std::string_view) override {}
    void text(std::string_view) override {}
};

struct RelsHandler : xml::Handler {
    std::map<std::string, std::string> targets;
    void start(std::string_view name, const xml::Attributes& a) override {
        if (name != "Relationship") return;
        const char* id = a.get("Id");
        const char* target = a.get("Target");
        if (id && target) targets[id] = target;
    }
    void end(std::string_view) override {}
    void text(std::string_view) override {}
};

struct StylesHandler : xml::Handler {
    std::map<int, bool> custom_is_date;
    std::vector<bool> xf_is_date;
    bool in_cell_xfs = false;
    void start(std::string_view name, const xml::Attributes& a) override {
        if (name == "numFmt") {
            const char* id = a.get("numFmtId");
            const char* code = a.get("formatCode");
            if (id && code) custom_is_date[std::atoi(id)] = custom_date_format(code);
        } else if (name == "cellXfs") {
            in_cell_xfs = true;
        } else if (name == "xf" && in_cell_xfs) {
            const char* id = a.get("numFmtId");
            int fmt = id ? std::atoi(id) : 0;
            auto it = custom_is_date.find(fmt);
            xf_is_date.push_back(it != custom_is_date.end() ? it->second : builtin_date_format(fmt));
            if (xf_is_date.size() > 100000) failure = hostile("样式表过大");
        }
    }
    void end(std::string_view name) override {
        if (name == "cellXfs") in_cell_xfs = false;
    }
    void text(std::string_view) override {}
};

struct SharedStringsHandler : xml::Handler {
    const FileLimits& limits;
    std::vector<std::string> strings;
    std::uint64_t bytes = 0;
    bool in_si = false, in_t = false;
    int in_phonetic = 0;
    explicit SharedStringsHandler(const FileLimits& l) : limits(l) {}
    void start(std::string_view name, const xml::Attributes&) override {
        if (name == "si") {
            if (strings.size() >= limits.max_shared_strings) failure = hostile("共享字符串过多");
            strings.emplace_back();
            in_si = true;
        } else if (name == "rPh") {
            ++in_phonetic;  // phonetic guides are not part of the text
        } else if (name == "t") {
            in_t = true;
        }
    }
    void end(std::string_view name) override {
        if (name == "si")
            in_si = false;
        else if (name == "rPh")
            --in_phonetic;
        else if (name == "t")
            in_t = false;
    }
    void text(std::string_view d) override {
        if (!in_si || !in_t || in_phonetic) return;
        bytes += d.size();
        if (bytes > limits.max_shared_string_bytes)
            failure = hostile("共享字符串总量过大");
        else if (strings.back().size() + d.size() > limits.max_cell_text_bytes)
            failure = hostile("单元格文字过长");
        else
            strings.back().append(d);
    }
};

// "BC12" -> column 54 (0-based), row 12. Returns false when it is not a reference.
bool parse_ref(std::string_view ref, long& col, long& row) {
    std::size_t i = 0;
    col = 0;
    while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
        col = col * 26 + (ref[i] - 'A' + 1);
        if (col > 1'000'000) return false;
        ++i;
    }
    if (i == 0) return false;
    --col;
    row = 0;
    std::size_t digits = 0;
    for (; i < ref.size(); ++i, ++digits) {
        if (ref[i] < '0' || ref[i] > '9' || row > 100'000'000) return false;
        row = row * 10 + (ref[i] - '0');
    }
    return digits > 0;
}

struct Shared {
    std::vector<std::string> strings;
    std::vector<bool> xf_is_date;
};

class XlsxSheet : public XmlSheetSource {
public:
    XlsxSheet(std::shared_ptr<const Shared> shared, ZipEntryStream stream, std::string part, const FileLimits& limits)
        : XmlSheetSource(std::move(stream), std::move(part), limits), shared_(std::move(shared)) {}

private:
    void start(std::string_view name, const xml::Attributes& a) override {
        if (name == "row") {
            const char* r = a.get("r");
            long n = r ? std::atol(r) : row_number_ + 1;
            if (n <= row_number_ || n > limits_.max_rows) {
                failure = hostile("行号 " + std::to_string(n) + " 不合理");
                return;
            }
            row_number_ = n;
            row_ = TableRow{};
            row_.row = static_cast<int>(n);
            column_ = 0;
        } else if (name == "c") {
            in_cell_ = true;
            value_.clear();
            inline_.clear();
            const char* t = a.get("t");
            type_ = t ? t : "n";
            const char* s = a.get("s");
            style_ = s ? std::atol(s) : 0;
            const char* r = a.get("r");
            long col = column_;
            long row = 0;
            if (r && !parse_ref(r, col, row)) {
                failure = hostile("单元格地址 " + std::string(r) + " 无效");
                return;
            }
            cell_column_ = col;
            column_ = col + 1;
        } else if (in_cell_ && name == "v") {
            capture_ = &value_;
        } else if (in_cell_ && name == "t") {
            capture_ = &inline_;
        } else if (in_cell_ && name == "rPh") {
            capture_ = nullptr;
            ++phonetic_;
        }
    }

    void end(std::string_view name) override {
        if (name == "v" || name == "t") {
            capture_ = nullptr;
        } else if (name == "rPh") {
            --phonetic_;
        } else if (name == "c") {
            in_cell_ = false;
            finish_cell();
        } else if (name == "row") {
            if (!row_.cells.empty()) ready_.push_back(std::move(row_));
            row_ = TableRow{};
        }
    }

    void text(std::string_view d) override {
        if (!capture_ || phonetic_) return;
        if (capture_->size() + d.size() > limits_.max_cell_text_bytes) {
            failure = hostile("单元格文字过长");
            return;
        }
        capture_->append(d);
    }

    void finish_cell() {
        if (cell_column_ >= limits_.max_columns) return;  // far-away cells are not part of a roster
        Cell cell;
        if (type_ == "s") {
            auto idx = text::parse_number(value_);
            if (!idx || *idx < 0 || *idx >= static_cast<double>(shared_->strings.size())) {
                failure = hostile("共享字符串索引 " + value_ + " 越界");
                return;
            }
            cell = Cell::of_text(shared_->strings[static_cast<std::size_t>(*idx)]);
        } else if (type_ == "inlineStr") {
            cell = Cell::of_text(inline_);
        } else if (type_ == "str" || type_ == "e" || type_ == "d") {
            cell = Cell::of_text(value_);
        } else if (type_ == "b") {
            cell = Cell::of_text(value_ == "1" ? "TRUE" : "FALSE");
        } else if (!value_.empty()) {
            auto v = text::parse_number(value_);
            if (!v) {
                cell = Cell::of_text(value_);
            } else {
                bool date = style_ >= 0 && static_cast<std::size_t>(style_) < shared_->xf_is_date.size() &&
                            shared_->xf_is_date[static_cast<std::size_t>(style_)];
                cell = date ? Cell::of_date(*v, value_) : Cell::of_number(*v, value_);
            }
        }
        if (cell.kind == Cell::Kind::Empty) return;
        if (++cells_ > limits_.max_cells) {
            failure = hostile("单元格数量过多");
            return;
        }
        auto col = static_cast<std::size_t>(cell_column_);
        if (row_.cells.size() <= col) row_.cells.resize(col + 1);
        row_.cells[col] = std::move(cell);
    }

    std::shared_ptr<const Shared> shared_;
    TableRow row_;
    long row_number_ = 0;
    long column_ = 0;
    long cell_column_ = 0;
    bool in_cell_ = false;
    std::string type_;
    long style_ = 0;
    std::string value_, inline_;
    std::string* capture_ = nullptr;
    int phonetic_ = 0;
    std::uint64_t cells_ = 0;
};

class XlsxWorkbook : public Workbook {
public:
    XlsxWorkbook(ZipArchive zip, FileLimits limits) : zip_(std::move(zip)), limits_(limits) {}

    Result<bool> load() {
        WorkbookHandler wb;
        auto ok = parse_entry(zip_, "xl/workbook.xml", wb, limits_);
        if (!ok) return not_a_workbook(ok.error());
        RelsHandler rels;
        ok = parse_entry(zip_, "xl/_rels/workbook.xml.rels", rels, limits_);
        if (!ok) return not_a_workbook(ok.error());
        for (const auto& [name, id] : wb.sheets) {
            auto it = rels.targets.find(id);
            if (it == rels.targets.end()) continue;
            // Relationship targets are names inside the archive, relative to xl/.
            std::string target = it->second;
            target = target.front() == '/' ? target.substr(1) : "xl/" + target;
            names_.push_back(name);
            parts_.push_back(target);
        }
        if (parts_.empty()) return make_error("FILE_CORRUPT", "表格文件中没有工作表。");
        auto shared = std::make_shared<Shared>();
        if (zip_.find("xl/sharedStrings.xml")) {
            SharedStringsHandler ss(limits_);
            ok = parse_entry(zip_, "xl/sharedStrings.xml", ss, limits_);
            if (!ok) return ok.error();
            shared->strings = std::move(ss.strings);
        }
        if (zip_.find("xl/styles.xml")) {
            StylesHandler st;
            ok = parse_entry(zip_, "xl/styles.xml", st, limits_);
            if (!ok) return ok.error();
            shared->xf_is_date = std::move(st.xf_is_date);
        }
        shared_ = std::move(shared);
        return true;
    }

    std::vector<std::string> sheet_names() const override { return names_; }

    Result<std::unique_ptr<TableSource>> open_sheet(std::size_t index) override {
        if (index >= parts_.size())
            return make_error("SHEET_MISSING", "没有第 " + std::to_string(index + 1) + " 个工作表。");
        const ZipEntry* e = zip_.find(parts_[index]);
        if (!e) return make_error("FILE_CORRUPT", "表格文件缺少工作表 " + names_[index] + " 的数据。");
        auto stream = zip_.open_entry(*e);
        if (!stream) return stream.error();
        return std::unique_ptr<TableSource>(new XlsxSheet(shared_, std::move(*stream), parts_[index], limits_));
    }

private:
    static Error not_a_workbook(const Error& e) {
        if (e.code != "ENTRY_MISSING") return e;
        return make_error("FILE_WRONG_TYPE", "这个压缩文件不是 Excel/WPS 表格（缺少 " + e.message +
                                                 "）。请提交 .xlsx、.ods 或 .csv 格式的名册。");
    }

    ZipArchive zip_;
    FileLimits limits_;
    std::vector<std::string> names_;
    std::vector<std::string> parts_;
    std::shared_ptr<const Shared> shared_;
};

}  // namespace

Result<std::unique_ptr<Workbook>> open_xlsx(std::string bytes, const FileLimits& limits) {
    auto zip = ZipArchive::open(std::move(bytes), limits);
    if (!zip) return zip.error();
    auto wb = std::make_unique<XlsxWorkbook>(std::move(*zip), limits);
    auto ok = wb->load();
    if (!ok) return ok.error();
    return std::unique_ptr<Workbook>(std::move(wb));
}

}  // namespace jxjy
