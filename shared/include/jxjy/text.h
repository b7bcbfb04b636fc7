#pragma once
// UTF-8 text helpers for cells typed by people: full-width forms, stray spaces,
// zero-width characters and the like.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jxjy::text {

// Trims ASCII whitespace, U+3000, U+00A0 and zero-width characters at both ends.
std::string_view trim(std::string_view s);

// Folds what people type instead of ASCII: full-width digits, letters and
// punctuation (U+FF01..U+FF5E) become ASCII, ideographic/no-break spaces become
// a space, zero-width characters and BOMs are removed. When `drop_spaces` is set
// every space is removed, not only the ends. Sets *changed when the result
// differs from the input in any way, trimmed ends included.
std::string fold(std::string_view s, bool drop_spaces, bool* changed = nullptr);

// Same as fold, without allocating when nothing needs folding: returns a view
// of `s` itself, or of `scratch` holding the folded text.
std::string_view fold_view(std::string_view s, bool drop_spaces, std::string& scratch, bool* changed = nullptr);

// Removes whitespace (ASCII, ideographic, no-break) anywhere in `s`.
std::string strip_spaces(std::string_view s);

// True when `s` is well-formed UTF-8. A sequence cut off at the very end is
// accepted when `allow_truncated_tail` is set (the rest is in the next chunk).
bool is_valid_utf8(std::string_view s, bool allow_truncated_tail = false);

// Number of code points in well-formed UTF-8.
std::size_t code_points(std::string_view s);

// Appends code point `c` as UTF-8.
void append_utf8(std::string& out, char32_t c);

// Decodes the code point at `s[i]`, advancing `i`; returns U+FFFD on bad input.
char32_t next_code_point(std::string_view s, std::size_t& i);

bool starts_with(std::string_view s, std::string_view prefix);

// Parses a plain decimal number (optional sign, digits, optional fraction,
// optional exponent). No units, no thousands separators, nothing after it.
std::optional<double> parse_number(std::string_view s);

// Formats a number the way a person would write it: 80, 9.5, 0.25.
std::string format_number(double v);

}  // namespace jxjy::text
