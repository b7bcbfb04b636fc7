#pragma once
// One open roster document: the LiveRoster of its sheet, the listeners that
// tell it which rows an edit touched, and the cells it paints. Everything here
// runs on the office's main thread (listeners, commands, AsyncCallback).

#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/sheet/XSpreadsheet.hpp>
#include <com/sun/star/table/XCellRange.hpp>
#include <com/sun/star/task/XStatusIndicator.hpp>
#include <com/sun/star/util/XModifyListener.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "jxjy/live.h"

namespace jxjy::addin {

class RosterDocument : public std::enable_shared_from_this<RosterDocument> {
public:
    // The roster open in `model`, attached on first use; null when the
    // document holds no roster (no sheet with the roster header).
    static std::shared_ptr<RosterDocument> attach(const css::uno::Reference<css::frame::XModel>& model);
    static std::shared_ptr<RosterDocument> find(const css::uno::Reference<css::frame::XModel>& model);
    static void detach(const css::frame::XModel* model);
    static std::vector<std::shared_ptr<RosterDocument>> all();

    explicit RosterDocument(css::uno::Reference<css::frame::XModel> model);
    ~RosterDocument();

    // Reads the whole sheet again and repaints (also re-binds the listeners).
    bool reload();
    // A block of rows reports a change: re-read it and repaint what changed.
    void block_changed(int block);

    // Commands.
    void check_all(bool quiet);
    void sort_by_id();
    std::vector<CellWrite> fill_totals();
    std::string submit();  // the outbox key, or "" (with the reason shown)
    void fetch();
    // The county's answer for `key` (the submission of this document).
    void apply_answer(const std::string& key, const std::string& answer);
    void show_status(const std::string& line);

    std::string status_text() const { return status_; }
    std::string pending_key() const;
    std::string submission_id() const;
    const LiveRoster& live() const { return live_; }
    css::uno::Reference<css::frame::XModel> model() const { return model_; }

private:
    std::vector<TableRow> read_rows(int first, int last) const;  // sheet rows, 1-based inclusive
    void fix_dates(std::vector<TableRow>& rows) const;
    void paint(const MarkDelta& delta);
    // Notes follow just after the edit that changed them: creating or removing
    // one costs Calc several milliseconds, too long to make typing wait for.
    void write_notes();
    // Notes and the status bar are brought up to date on the main thread just
    // after the edit (one posted call however many edits came first).
    void follow_up();
    void bind_listeners();
    void unbind_listeners();
    void refresh_status();
    std::string property(const char* name) const;
    void set_property(const char* name, const std::string& value);
    void message(const std::string& title, const std::string& text) const;

    css::uno::Reference<css::frame::XModel> model_;
    css::uno::Reference<css::sheet::XSpreadsheet> sheet_;
    int sheet_index_ = 0;
    LiveRoster live_;
    bool loaded_ = false;
    bool busy_ = false;                             // painting or running a command: ignore our own changes
    std::map<CellPos, sal_Int32> original_colour_;  // the user's fill before we painted
    std::vector<CellPos> notes_due_;                // cells whose note is to be brought up to date
    bool follow_up_posted_ = false;
    std::vector<std::pair<css::uno::Reference<css::table::XCellRange>, css::uno::Reference<css::util::XModifyListener>>>
        listeners_;
    css::uno::Reference<css::task::XStatusIndicator> indicator_;
    std::string status_;
    std::string shown_;     // status_ + progress_ as the status bar shows them
    std::string progress_;  // the submission's state, shown after the counts
};

inline constexpr int kBlockRows = 32;

}  // namespace jxjy::addin
