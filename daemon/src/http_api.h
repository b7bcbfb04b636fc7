#pragma once
// The HTTP API under /api/v1 (schemas/openapi.yaml), on Poco's HTTPServer.
// Every error is JSON {"error": {"code", "message"}} with its status.

#include <atomic>
#include <memory>
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
    int timeout_seconds = 30;
    // TLS (1.2 or later) when both are set: PEM files of the certificate chain
    // and its private key. Otherwise plain HTTP, for 127.0.0.1 behind a proxy.
    std::string tls_certificate;
    std::string tls_private_key;
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
    std::atomic<int> in_flight_{0};  // requests being handled
};

}  // namespace jxjyd
