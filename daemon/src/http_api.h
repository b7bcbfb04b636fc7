#pragma once
// The HTTP API under /api/v1 (schemas/openapi.yaml), on Poco's HTTPServer.
// Every error is JSON {"error": {"code", "message"}} with its status.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "service.h"

namespace Poco::Net {
class HTTPServer;
}

namespace jxjyd {

struct HttpConfig {
    std::string host = "127.0.0.1";
    unsigned short port = 8620;  // 0: any free port (tests)
    std::size_t max_body_bytes = 8 << 20;
    int max_threads = 16;
    int max_queued = 256;
    int timeout_seconds = 30;  // one wait on a socket
    int body_seconds = 120;    // a whole request body
    // TLS (1.2 or later) when both are set: PEM files of the certificate chain
    // and its private key. Otherwise plain HTTP, for 127.0.0.1 behind a proxy.
    std::string tls_certificate;
    std::string tls_private_key;
};

// Requests reach the service through the gate; stop() closes it and waits for
// those inside. Poco's own count of connections cannot promise that nothing
// touches the service afterwards, so the gate does.
class RequestGate {
public:
    RequestGate(Service& service, HttpConfig config) : service_(&service), config_(std::move(config)) {}
    // The service for one request, or nullptr once the gate is closed.
    Service* enter();
    void leave();
    // Closes the gate; true when no request is inside any more (within `limit`).
    bool close_and_wait(std::chrono::milliseconds limit);
    const HttpConfig& config() const { return config_; }

private:
    std::mutex mu_;
    std::condition_variable idle_;
    Service* service_;
    HttpConfig config_;
    bool open_ = true;
    int inside_ = 0;
};

class ApiServer {
public:
    ApiServer(Service& service, HttpConfig config);
    ~ApiServer();
    void start();
    void stop();  // lets requests in flight finish
    unsigned short port() const;

private:
    Service& service_;
    HttpConfig config_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    std::shared_ptr<RequestGate> gate_;
};

}  // namespace jxjyd
