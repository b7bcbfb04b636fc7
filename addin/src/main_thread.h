#pragma once
// The office's state belongs to its main thread. Work that arrives on another
// thread (a UNO bridge call, the outbox sender) is posted there with
// com.sun.star.awt.AsyncCallback, so the extension's document state is only
// ever touched by one thread.

#include <functional>

namespace jxjy::addin {

bool on_main_thread();
// Runs `fn` on the main thread: at once when already there, otherwise posted;
// with `wait`, returns when it has run.
void run_on_main(std::function<void()> fn, bool wait);
// Runs `fn` on the main thread after what it is doing now (an edit, a command).
void post_to_main(std::function<void()> fn);

}  // namespace jxjy::addin
