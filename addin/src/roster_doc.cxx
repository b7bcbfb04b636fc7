#include "roster_doc.h"

#include <com/sun/star/awt/MessageBoxButtons.hpp>
#include <com/sun/star/awt/Toolkit.hpp>
#include <com/sun/star/awt/XMessageBoxFactory.hpp>
#include <com/sun/star/beans/PropertyAttribute.hpp>
#include <com/sun/star/beans/XPropertyContainer.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/container/XIndexAccess.hpp>
#include <com/sun/star/document/XDocumentProperties.hpp>
#include <com/sun/star/document/XDocumentPropertiesSupplier.hpp>
#include <com/sun/star/document/XUndoManager.hpp>
#include <com/sun/star/document/XUndoManagerSupplier.hpp>
#include <com/sun/star/frame/XController.hpp>
#include <com/sun/star/frame/XFrame.hpp>
#include <com/sun/star/sheet/CellFlags.hpp>
#include <com/sun/star/sheet/XCellRangeAddressable.hpp>
#include <com/sun/star/sheet/XCellRangeData.hpp>
#include <com/sun/star/sheet/XSheetAnnotation.hpp>
#include <com/sun/star/sheet/XSheetAnnotationAnchor.hpp>
#include <com/sun/star/sheet/XSheetAnnotationsSupplier.hpp>
#include <com/sun/star/sheet/XSheetCellCursor.hpp>
#include <com/sun/star/sheet/XSheetOperation.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/sheet/XUsedAreaCursor.hpp>
#include <com/sun/star/table/TableSortField.hpp>
#include <com/sun/star/table/XCell.hpp>
#include <com/sun/star/task/XStatusIndicatorFactory.hpp>
#include <com/sun/star/text/XSimpleText.hpp>
#include <com/sun/star/text/XTextRange.hpp>
#include <com/sun/star/util/NumberFormat.hpp>
#include <com/sun/star/util/XModifyBroadcaster.hpp>
#include <com/sun/star/util/XNumberFormatsSupplier.hpp>
#include <com/sun/star/util/XSortable.hpp>
#include <com/sun/star/view/XSelectionSupplier.hpp>
#include <cppuhelper/implbase1.hxx>

#include <algorithm>
#include <mutex>

#include "common.h"
#include "dialogs.h"
#include "jxjy/text.h"
#include "main_thread.h"
#include "outbox.h"

using namespace com::sun::star;
using rtl::OUString;

namespace jxjy::addin {
namespace {

constexpr sal_Int32 kErrorFill = 0xFFC7CE;    // light red
constexpr sal_Int32 kWarningFill = 0xFFEB9C;  // light yellow
constexpr const char* kNoteMark = "【继续教育校验】";
constexpr const char* kPendingProperty = "JxjyPendingSubmission";
constexpr const char* kSubmissionProperty = "JxjySubmission";

std::map<const frame::XModel*, std::shared_ptr<RosterDocument>>& registry() {
    static std::map<const frame::XModel*, std::shared_ptr<RosterDocument>> docs;
    return docs;
}

// Tells its document which block of rows changed.
class BlockListener : public cppu::WeakImplHelper1<util::XModifyListener> {
public:
    BlockListener(RosterDocument* owner, int block) : owner_(owner), block_(block) {}
    void SAL_CALL modified(const lang::EventObject&) override {
        if (owner_) owner_->block_changed(block_);
    }
    void SAL_CALL disposing(const lang::EventObject&) override { owner_ = nullptr; }
    void forget() { owner_ = nullptr; }

private:
    RosterDocument* owner_;
    int block_;
};

// Our own formatting stays out of the undo stack: Ctrl+Z undoes the user's edit.
// One lock per change: Calc re-enables undo at the end of some operations
// (inserting a note), so a second change under the same lock would be recorded.
class UndoLock {
public:
    explicit UndoLock(const uno::Reference<frame::XModel>& model) {
        uno::Reference<document::XUndoManagerSupplier> s(model, uno::UNO_QUERY);
        if (s.is()) manager_ = s->getUndoManager();
        if (manager_.is()) manager_->lock();
    }
    ~UndoLock() {
        try {
            if (manager_.is()) manager_->unlock();
        } catch (const uno::Exception&) {
        }
    }

private:
    uno::Reference<document::XUndoManager> manager_;
};

// Several changes the user undoes with one Ctrl+Z.
class UndoStep {
public:
    UndoStep(const uno::Reference<frame::XModel>& model, const char* title) {
        uno::Reference<document::XUndoManagerSupplier> s(model, uno::UNO_QUERY);
        if (s.is()) manager_ = s->getUndoManager();
        if (manager_.is()) manager_->enterUndoContext(ustr(title));
    }
    ~UndoStep() {
        try {
            if (manager_.is()) manager_->leaveUndoContext();
        } catch (const uno::Exception&) {
        }
    }

private:
    uno::Reference<document::XUndoManager> manager_;
};

std::string note_text(const uno::Reference<sheet::XSheetAnnotation>& note) {
    uno::Reference<css::text::XSimpleText> text(note, uno::UNO_QUERY);
    return text.is() ? utf8(text->getString()) : std::string();
}

std::string describe(const Diagnostic& d) {
    return "第 " + std::to_string(d.row) + " 行 " + schemas()->layout.column(d.column).display_name() + "：" +
           d.message;
}

}  // namespace

std::shared_ptr<RosterDocument> RosterDocument::attach(const uno::Reference<frame::XModel>& model) {
    if (!model.is() || !schemas()) return nullptr;
    if (auto found = find(model)) return found;
    uno::Reference<sheet::XSpreadsheetDocument> calc(model, uno::UNO_QUERY);
    if (!calc.is()) return nullptr;
    auto doc = std::make_shared<RosterDocument>(model);
    if (!doc->reload()) return nullptr;
    registry()[model.get()] = doc;
    // An answer that arrived while the document was closed.
    std::string key = doc->pending_key();
    if (auto answer = Outbox::instance().answer(key)) doc->apply_answer(key, *answer);
    return doc;
}

std::shared_ptr<RosterDocument> RosterDocument::find(const uno::Reference<frame::XModel>& model) {
    auto it = registry().find(model.get());
    return it == registry().end() ? nullptr : it->second;
}

void RosterDocument::detach(const frame::XModel* model) {
    registry().erase(model);
}

std::vector<std::shared_ptr<RosterDocument>> RosterDocument::all() {
    std::vector<std::shared_ptr<RosterDocument>> out;
    for (auto& [model, doc] : registry()) out.push_back(doc);
    return out;
}

RosterDocument::RosterDocument(uno::Reference<frame::XModel> model) : model_(std::move(model)), live_(*schemas()) {}

RosterDocument::~RosterDocument() {
    unbind_listeners();
}

std::vector<TableRow> RosterDocument::read_rows(int first, int last) const {
    std::vector<TableRow> rows;
    if (!sheet_.is() || last < first) return rows;
    const int width = live_.width() > 0 ? live_.width() : 64;
    uno::Reference<sheet::XCellRangeData> data(sheet_->getCellRangeByPosition(0, first - 1, width - 1, last - 1),
                                               uno::UNO_QUERY);
    const uno::Sequence<uno::Sequence<uno::Any>> values = data->getDataArray();
    rows.reserve(static_cast<std::size_t>(values.getLength()));
    for (sal_Int32 r = 0; r < values.getLength(); ++r) {
        TableRow row{first + r, {}};
        const auto& line = values[r];
        int used = line.getLength();
        while (used > 0 && line[used - 1].getValueTypeClass() == uno::TypeClass_VOID) --used;
        row.cells.reserve(static_cast<std::size_t>(used));
        for (sal_Int32 c = 0; c < used; ++c) row.cells.push_back(cell_of(line[c]));
        rows.push_back(std::move(row));
    }
    return rows;
}

// A number in 出生年月/入职年月 formatted as a date is a date: the core reads
// its serial as a month.
void RosterDocument::fix_dates(std::vector<TableRow>& rows) const {
    uno::Reference<util::XNumberFormatsSupplier> supplier(model_, uno::UNO_QUERY);
    if (!supplier.is()) return;
    auto formats = supplier->getNumberFormats();
    for (Column c : {Column::Birth, Column::Hire}) {
        int col = live_.column_at(c);
        if (col < 0) continue;
        for (auto& row : rows) {
            if (static_cast<std::size_t>(col) >= row.cells.size()) continue;
            Cell& cell = row.cells[static_cast<std::size_t>(col)];
            if (cell.kind != Cell::Kind::Number) continue;
            try {
                uno::Reference<table::XCell> xcell = sheet_->getCellByPosition(col, row.row - 1);
                uno::Reference<beans::XPropertySet> props(xcell, uno::UNO_QUERY);
                sal_Int32 key = 0;
                props->getPropertyValue("NumberFormat") >>= key;
                sal_Int16 type = 0;
                formats->getByKey(key)->getPropertyValue("Type") >>= type;
                if (type & util::NumberFormat::DATE) {
                    uno::Reference<css::text::XTextRange> shown(xcell, uno::UNO_QUERY);
                    cell = Cell::of_date(cell.number, utf8(shown->getString()));
                }
            } catch (const uno::Exception&) {
            }
        }
    }
}

bool RosterDocument::reload() {
    uno::Reference<sheet::XSpreadsheetDocument> calc(model_, uno::UNO_QUERY);
    if (!calc.is()) return false;
    uno::Reference<container::XIndexAccess> sheets(calc->getSheets(), uno::UNO_QUERY);
    for (sal_Int32 i = 0; i < sheets->getCount(); ++i) {
        uno::Reference<sheet::XSpreadsheet> sheet(sheets->getByIndex(i), uno::UNO_QUERY);
        if (!sheet.is()) continue;
        uno::Reference<sheet::XSheetCellCursor> cursor = sheet->createCursor();
        uno::Reference<sheet::XUsedAreaCursor> used(cursor, uno::UNO_QUERY);
        used->gotoEndOfUsedArea(false);
        uno::Reference<sheet::XCellRangeAddressable> at(cursor, uno::UNO_QUERY);
        const int last = at->getRangeAddress().EndRow + 1;
        sheet_ = sheet;
        sheet_index_ = i;
        bool was_loaded = loaded_;
        loaded_ = false;
        // The header is near the top: look there before reading a whole sheet.
        if (!was_loaded && !live_.load(read_rows(1, std::min(last, 60)))) continue;
        auto rows = read_rows(1, last);
        auto first = live_.load(rows);
        if (!first) continue;
        loaded_ = true;
        fix_dates(rows);
        MarkDelta dates = live_.update(rows);
        if (!was_loaded) {
            // Notes of ours saved with the document from an earlier session:
            // clear those the current findings do not explain.
            MarkDelta stale;
            uno::Reference<sheet::XSheetAnnotationsSupplier> supplier(sheet_, uno::UNO_QUERY);
            uno::Reference<container::XIndexAccess> notes(supplier->getAnnotations(), uno::UNO_QUERY);
            for (sal_Int32 k = 0; k < notes->getCount(); ++k) {
                uno::Reference<sheet::XSheetAnnotation> note(notes->getByIndex(k), uno::UNO_QUERY);
                if (!note.is() || !text::starts_with(note_text(note), kNoteMark)) continue;
                auto pos = note->getPosition();
                CellPos cell{pos.Row + 1, pos.Column};
                if (!live_.marks().count(cell)) stale.cleared.push_back(cell);
            }
            paint(stale);
        }
        paint(*first);  // against what was painted before
        paint(dates);
        bind_listeners();
        refresh_status();
        return true;
    }
    return false;
}

void RosterDocument::bind_listeners() {
    unbind_listeners();
    const int first = live_.first_data_row(), last = live_.last_data_row();
    if (last < first) return;
    for (int top = first, block = 0; top <= last; top += kBlockRows, ++block) {
        int bottom = std::min(last, top + kBlockRows - 1);
        uno::Reference<table::XCellRange> range =
            sheet_->getCellRangeByPosition(0, top - 1, std::max(live_.width(), 1) - 1, bottom - 1);
        uno::Reference<util::XModifyBroadcaster> caster(range, uno::UNO_QUERY);
        if (!caster.is()) continue;
        uno::Reference<util::XModifyListener> listener(new BlockListener(this, block));
        caster->addModifyListener(listener);
        listeners_.emplace_back(range, listener);
    }
}

void RosterDocument::unbind_listeners() {
    for (auto& [range, listener] : listeners_) {
        static_cast<BlockListener*>(listener.get())->forget();
        try {
            uno::Reference<util::XModifyBroadcaster> caster(range, uno::UNO_QUERY);
            if (caster.is()) caster->removeModifyListener(listener);
        } catch (const uno::Exception&) {
        }
    }
    listeners_.clear();
}

void RosterDocument::block_changed(int block) {
    if (busy_ || !loaded_) return;
    int top = live_.first_data_row() + block * kBlockRows;
    int bottom = std::min(live_.last_data_row(), top + kBlockRows - 1);
    auto rows = read_rows(top, bottom);
    fix_dates(rows);
    paint(live_.update(rows));
    refresh_status();
}

namespace {

// Our own formatting stays out of the undo stack (one lock per change).
template <class F>
void quietly(const uno::Reference<frame::XModel>& model, const F& change) {
    UndoLock lock(model);
    change();
}

}  // namespace

void RosterDocument::paint(const MarkDelta& delta) {
    if (delta.empty() || !sheet_.is()) return;
    bool was_busy = busy_;
    busy_ = true;
    try {
        for (const auto& [pos, mark] : delta.set) {
            uno::Reference<beans::XPropertySet> props(sheet_->getCellByPosition(pos.second, pos.first - 1),
                                                      uno::UNO_QUERY);
            if (!original_colour_.count(pos)) {
                sal_Int32 colour = -1;
                props->getPropertyValue("CellBackColor") >>= colour;
                if (colour == kErrorFill || colour == kWarningFill) colour = -1;
                original_colour_[pos] = colour;
            }
            sal_Int32 fill = mark.severity == Severity::Error ? kErrorFill : kWarningFill;
            quietly(model_, [&] { props->setPropertyValue("CellBackColor", uno::Any(fill)); });
            notes_due_.push_back(pos);
        }
        for (const auto& pos : delta.cleared) {
            uno::Reference<table::XCellRange> range =
                sheet_->getCellRangeByPosition(pos.second, pos.first - 1, pos.second, pos.first - 1);
            uno::Reference<beans::XPropertySet> props(range, uno::UNO_QUERY);
            auto it = original_colour_.find(pos);
            sal_Int32 colour = it == original_colour_.end() ? sal_Int32(-1) : it->second;
            if (it != original_colour_.end()) original_colour_.erase(it);
            quietly(model_, [&] { props->setPropertyValue("CellBackColor", uno::Any(colour)); });
            notes_due_.push_back(pos);
        }
    } catch (const uno::Exception&) {
    }
    busy_ = was_busy;
    if (!notes_due_.empty()) follow_up();
}

void RosterDocument::follow_up() {
    if (follow_up_posted_) return;
    follow_up_posted_ = true;
    std::weak_ptr<RosterDocument> self = weak_from_this();
    post_to_main([self] {
        auto doc = self.lock();
        if (!doc) return;
        doc->follow_up_posted_ = false;
        doc->write_notes();
        doc->show_status(doc->progress_);
    });
}

void RosterDocument::write_notes() {
    std::vector<CellPos> due;
    due.swap(notes_due_);
    if (!sheet_.is()) return;
    bool was_busy = busy_;
    busy_ = true;
    try {
        uno::Reference<sheet::XSheetAnnotationsSupplier> supplier(sheet_, uno::UNO_QUERY);
        auto notes = supplier->getAnnotations();
        std::sort(due.begin(), due.end());
        due.erase(std::unique(due.begin(), due.end()), due.end());
        for (const auto& pos : due) {
            uno::Reference<sheet::XSheetAnnotationAnchor> anchor(sheet_->getCellByPosition(pos.second, pos.first - 1),
                                                                 uno::UNO_QUERY);
            std::string existing = note_text(anchor->getAnnotation());
            auto mark = live_.marks().find(pos);
            if (mark == live_.marks().end()) {  // no finding (any more): our note goes
                if (text::starts_with(existing, kNoteMark)) {
                    uno::Reference<sheet::XSheetOperation> op(sheet_->getCellByPosition(pos.second, pos.first - 1),
                                                              uno::UNO_QUERY);
                    quietly(model_, [&] { op->clearContents(sheet::CellFlags::ANNOTATION); });
                }
                continue;
            }
            std::string note = std::string(kNoteMark) + "\n" + mark->second.note;
            // A note the user wrote stays; only ours are replaced.
            if (existing == note || !(existing.empty() || text::starts_with(existing, kNoteMark))) continue;
            quietly(model_, [&] {
                notes->insertNew(table::CellAddress(static_cast<sal_Int16>(sheet_index_), pos.second, pos.first - 1),
                                 ustr(note));
            });
        }
    } catch (const uno::Exception&) {
    }
    busy_ = was_busy;
}

void RosterDocument::refresh_status() {
    status_ = live_.status_text();
    // Setting the status bar's text costs Calc milliseconds: after the edit, and only when it changed.
    if (status_ + progress_ != shown_) follow_up();
}

void RosterDocument::show_status(const std::string& line) {
    progress_ = line;
    shown_ = status_ + progress_;
    std::string text = status_ + (progress_.empty() ? "" : "；" + progress_);
    try {
        if (!indicator_.is()) {
            auto controller = model_->getCurrentController();
            uno::Reference<task::XStatusIndicatorFactory> factory(controller.is() ? controller->getFrame() : nullptr,
                                                                  uno::UNO_QUERY);
            if (factory.is()) {
                indicator_ = factory->createStatusIndicator();
                indicator_->start(ustr(text), 0);
            }
        }
        if (indicator_.is()) indicator_->setText(ustr(text));
    } catch (const uno::Exception&) {
    }
}

std::string RosterDocument::property(const char* name) const {
    try {
        uno::Reference<document::XDocumentPropertiesSupplier> supplier(model_, uno::UNO_QUERY);
        uno::Reference<beans::XPropertySet> props(supplier->getDocumentProperties()->getUserDefinedProperties(),
                                                  uno::UNO_QUERY);
        if (!props->getPropertySetInfo()->hasPropertyByName(OUString::createFromAscii(name))) return {};
        OUString value;
        props->getPropertyValue(OUString::createFromAscii(name)) >>= value;
        return utf8(value);
    } catch (const uno::Exception&) {
        return {};
    }
}

void RosterDocument::set_property(const char* name, const std::string& value) {
    try {
        uno::Reference<document::XDocumentPropertiesSupplier> supplier(model_, uno::UNO_QUERY);
        auto container = supplier->getDocumentProperties()->getUserDefinedProperties();
        uno::Reference<beans::XPropertySet> props(container, uno::UNO_QUERY);
        OUString key = OUString::createFromAscii(name);
        if (props->getPropertySetInfo()->hasPropertyByName(key))
            props->setPropertyValue(key, uno::Any(ustr(value)));
        else
            container->addProperty(key, beans::PropertyAttribute::REMOVABLE, uno::Any(ustr(value)));
    } catch (const uno::Exception&) {
    }
}

std::string RosterDocument::pending_key() const {
    return property(kPendingProperty);
}

std::string RosterDocument::submission_id() const {
    return property(kSubmissionProperty);
}

void RosterDocument::message(const std::string& title, const std::string& text) const {
    show_message(model_, title, text);
}

void RosterDocument::check_all(bool quiet) {
    if (!reload()) return;
    auto findings = live_.findings();
    if (quiet) return;
    if (findings.empty()) {
        message("校验名册", "未发现问题：" + std::to_string(live_.payload().rows.size()) + " 行全部通过校验。");
        return;
    }
    std::vector<std::string> lines;
    for (const auto& d : findings) lines.push_back(describe(d));
    int chosen = choose_from_list(
        model_, "校验名册：" + live_.status_text().substr(std::string("继续教育名册：").size()), lines);
    if (chosen < 0) return;
    const Diagnostic& d = findings[static_cast<std::size_t>(chosen)];
    int col = live_.column_at(d.column);
    try {
        uno::Reference<view::XSelectionSupplier> select(model_->getCurrentController(), uno::UNO_QUERY);
        if (select.is() && col >= 0)
            select->select(uno::Any(sheet_->getCellRangeByPosition(col, d.row - 1, col, d.row - 1)));
    } catch (const uno::Exception&) {
    }
}

void RosterDocument::sort_by_id() {
    if (!reload()) return;
    auto order = live_.sort_permutation();
    const int first = live_.first_data_row();
    const int n = static_cast<int>(order.size());
    bool sorted = true;
    for (int i = 0; i < n && sorted; ++i) sorted = order[static_cast<std::size_t>(i)] == i;
    const int seq_col = live_.column_at(Column::Seq);
    busy_ = true;
    {
        UndoStep step(model_, "按编号排序");
        // The highlights move with their rows; take them off and paint afresh.
        paint(live_.clear_marks());
        write_notes();
        original_colour_.clear();
        if (!sorted) {
            // Calc sorts the rows (formulas, formats and notes move with them)
            // by a scratch column holding each row's place from the core.
            const int helper = live_.width();
            uno::Sequence<uno::Sequence<uno::Any>> ranks(n);
            for (int p = 0; p < n; ++p) {
                ranks[order[static_cast<std::size_t>(p)]] = uno::Sequence<uno::Any>(1);
                ranks[order[static_cast<std::size_t>(p)]][0] <<= static_cast<double>(p);
            }
            auto helper_range = sheet_->getCellRangeByPosition(helper, first - 1, helper, first + n - 2);
            uno::Reference<sheet::XCellRangeData>(helper_range, uno::UNO_QUERY)->setDataArray(ranks);
            uno::Reference<util::XSortable> sortable(
                sheet_->getCellRangeByPosition(0, first - 1, helper, first + n - 2), uno::UNO_QUERY);
            auto descriptor = sortable->createSortDescriptor();
            table::TableSortField field;
            field.Field = helper;
            field.IsAscending = true;
            uno::Sequence<table::TableSortField> fields(1);
            fields[0] = field;
            for (auto& p : descriptor) {
                if (p.Name == "SortFields") p.Value <<= fields;
                if (p.Name == "ContainsHeader") p.Value <<= false;
            }
            sortable->sort(descriptor);
            uno::Reference<sheet::XSheetOperation>(helper_range, uno::UNO_QUERY)
                ->clearContents(sheet::CellFlags::VALUE | sheet::CellFlags::STRING | sheet::CellFlags::FORMULA);
        }
        if (seq_col >= 0 && n > 0) {
            uno::Sequence<uno::Sequence<uno::Any>> seq(n);
            for (int p = 0; p < n; ++p) {
                seq[p] = uno::Sequence<uno::Any>(1);
                seq[p][0] <<= static_cast<double>(p + 1);
            }
            uno::Reference<sheet::XCellRangeData>(
                sheet_->getCellRangeByPosition(seq_col, first - 1, seq_col, first + n - 2), uno::UNO_QUERY)
                ->setDataArray(seq);
        }
    }
    busy_ = false;
    reload();
}

std::vector<CellWrite> RosterDocument::fill_totals() {
    if (!reload()) return {};
    auto writes = live_.fill_totals();
    if (writes.empty()) return writes;
    busy_ = true;
    {
        UndoStep step(model_, "计算合计与验审意见");
        for (const auto& w : writes) {
            uno::Reference<table::XCell> cell = sheet_->getCellByPosition(w.at.second, w.at.first - 1);
            if (auto number = std::get_if<double>(&w.value))
                cell->setValue(*number);
            else
                uno::Reference<css::text::XTextRange>(cell, uno::UNO_QUERY)
                    ->setString(ustr(std::get<std::string>(w.value)));
        }
    }
    busy_ = false;
    reload();
    return writes;
}

std::string RosterDocument::submit() {
    if (!reload()) return {};
    RosterPayload payload = live_.payload();
    if (payload.rows.empty()) {
        message("提交到进修校", "名册中没有填写任何教师，无需提交。");
        return {};
    }
    std::string key = Outbox::instance().enqueue(roster_payload_json(payload));
    if (key.empty()) {
        message("提交到进修校", "无法写入待发送队列（" + profile_dir() + "/outbox），请检查磁盘空间后重试。");
        return {};
    }
    set_property(kPendingProperty, key);
    show_status("名册已放入待发送队列，正在提交到进修校…");
    return key;
}

void RosterDocument::fetch() {
    std::string id = property(kSubmissionProperty);
    std::string pending = pending_key();
    if (!pending.empty()) {
        if (auto answer = Outbox::instance().answer(pending)) {
            apply_answer(pending, *answer);
            return;
        }
    }
    if (id.empty()) {
        message("获取验审结果", pending.empty() ? "这份名册还没有提交到进修校。请先使用“提交到进修校”。"
                                                : "名册正在等待发送，进修校答复后验审结果会自动填入。");
        return;
    }
    Outbox::instance().fetch(std::atol(id.c_str()), "fetch-" + id);
    show_status("正在获取进修校的验审结果…");
}

void RosterDocument::apply_answer(const std::string& key, const std::string& answer) {
    auto outcome = parse_submission_outcome(answer);
    if (!outcome) {
        show_status(outcome.error().message);
        return;
    }
    if (!reload()) return;
    const int verdict_col = live_.column_at(Column::Verdict);
    busy_ = true;
    if (verdict_col >= 0) {
        UndoStep step(model_, "进修校验审结果");
        for (const auto& row : outcome->rows) {
            if (!row.verdict || !live_.contains_row(row.row)) continue;
            uno::Reference<css::text::XTextRange> cell(sheet_->getCellByPosition(verdict_col, row.row - 1),
                                                       uno::UNO_QUERY);
            OUString want = ustr(std::string(verdict_text(*row.verdict)));
            if (cell->getString() != want) cell->setString(want);
        }
    }
    busy_ = false;
    reload();
    paint(live_.set_central(outcome->central));
    set_property(kSubmissionProperty, std::to_string(outcome->id));
    if (key == pending_key()) set_property(kPendingProperty, "");
    refresh_status();
    show_status("进修校已收到第 " + std::to_string(outcome->version) + " 版：合格 " +
                std::to_string(outcome->qualified) + " 人，不合格 " + std::to_string(outcome->unqualified) + " 人");
}

}  // namespace jxjy::addin
