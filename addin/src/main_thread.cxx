#include "main_thread.h"

#include <sys/syscall.h>
#include <unistd.h>
#include <com/sun/star/awt/AsyncCallback.hpp>
#include <com/sun/star/awt/XCallback.hpp>
#include <cppuhelper/implbase1.hxx>

#include <condition_variable>
#include <memory>
#include <mutex>

#include "common.h"

using namespace com::sun::star;

namespace jxjy::addin {
namespace {

struct Done {
    std::mutex mutex;
    std::condition_variable cv;
    bool done = false;
};

class Call : public cppu::WeakImplHelper1<awt::XCallback> {
public:
    Call(std::function<void()> fn, std::shared_ptr<Done> done) : fn_(std::move(fn)), done_(std::move(done)) {}
    void SAL_CALL notify(const uno::Any&) override {
        try {
            fn_();
        } catch (...) {
        }
        if (done_) {
            std::lock_guard<std::mutex> lock(done_->mutex);
            done_->done = true;
            done_->cv.notify_all();
        }
    }

private:
    std::function<void()> fn_;
    std::shared_ptr<Done> done_;
};

}  // namespace

// The office's event loop runs on the process's first thread.
bool on_main_thread() {
    return static_cast<pid_t>(::syscall(SYS_gettid)) == ::getpid();
}

void post_to_main(std::function<void()> fn) {
    try {
        awt::AsyncCallback::create(context())->addCallback(new Call(std::move(fn), nullptr), uno::Any());
    } catch (const uno::Exception&) {
    }
}

void run_on_main(std::function<void()> fn, bool wait) {
    if (on_main_thread()) {
        fn();
        return;
    }
    auto done = wait ? std::make_shared<Done>() : nullptr;
    try {
        awt::AsyncCallback::create(context())->addCallback(new Call(std::move(fn), done), uno::Any());
    } catch (const uno::Exception&) {
        return;
    }
    if (done) {
        std::unique_lock<std::mutex> lock(done->mutex);
        done->cv.wait(lock, [&] { return done->done; });
    }
}

}  // namespace jxjy::addin
