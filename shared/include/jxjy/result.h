#pragma once
// Errors as values: expected failures (a bad file, a missing schema) are returned,
// never thrown, inside the core. Exceptions are left to the edges (CLI, daemon, add-in).

#include <string>
#include <utility>
#include <variant>

namespace jxjy {

// An error a user can act on: a stable machine code and a Chinese message.
struct Error {
    std::string code;     // e.g. "FILE_EMPTY", "HEADER_NOT_FOUND"
    std::string message;  // Chinese, says what is wrong and what to do
};

template <class T>
class Result {
public:
    Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const Error& error() const { return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

inline Error make_error(std::string code, std::string message) {
    return Error{std::move(code), std::move(message)};
}

}  // namespace jxjy
