#pragma once
// One spreadsheet cell as a reader saw it, before any roster rules apply.

#include <string>

namespace jxjy {

struct Cell {
    enum class Kind : unsigned char {
        Empty,
        Text,    // typed or stored as text (every CSV cell)
        Number,  // a numeric cell (xlsx/ods), e.g. an ID that lost its zeros
        Date,    // a numeric cell formatted as a date: `number` is the serial day
    };
    Kind kind = Kind::Empty;
    std::string text;   // the text, or the number as the sheet displays it
    double number = 0;  // valid for Number and Date

    static Cell of_text(std::string t) { return Cell{Kind::Text, std::move(t), 0}; }
    static Cell of_number(double v, std::string shown = {}) { return Cell{Kind::Number, std::move(shown), v}; }
    static Cell of_date(double serial, std::string shown = {}) { return Cell{Kind::Date, std::move(shown), serial}; }

    bool empty() const;  // nothing but whitespace
};

}  // namespace jxjy
