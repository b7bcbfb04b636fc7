#pragma once
// The inbox: rosters that reach the county by e-mail or USB are dropped into a
// folder. A file is taken once it is complete (its size and time unchanged for
// `settle_seconds`), ingested exactly like an HTTP submission (deduplicated by
// unit + content), answered with the annotated workbook in the outbox, and
// archived. A file that cannot be read goes to rejected/ with a .txt saying why;
// a file the server cannot store just now (disk full, database busy) stays in
// the inbox and is tried again.
//
//   inbox/<unit code>/名册.xlsx      or   inbox/<unit code>_名册.xlsx
//   outbox/<unit code>/名册-验审结果-v<version>.xlsx
//   archive/<unit code>/<time>-名册.xlsx
//   rejected/<time>-名册.xlsx  +  .txt

#include <map>
#include <string>

#include "service.h"

namespace jxjyd {

struct InboxConfig {
    std::string root;  // holds inbox/ outbox/ archive/ rejected/
    long long settle_seconds = 3;
    std::uintmax_t max_file_bytes = 64ull << 20;
};

struct InboxStats {
    int ingested = 0;
    int duplicates = 0;
    int rejected = 0;
    int waiting = 0;   // seen but not settled yet
    int deferred = 0;  // the server could not store it now (disk full, database busy): tried again later
    std::string deferred_reason;
};

class Inbox {
public:
    Inbox(Service& service, InboxConfig config);

    // One pass over the inbox; call it periodically.
    InboxStats run_once();

private:
    struct Seen {
        std::uintmax_t size = 0;
        long long mtime = 0;
        long long since = 0;  // when this size/mtime was first seen
    };
    bool settled(const std::string& path, std::uintmax_t size, long long mtime);
    void reject(const std::string& path, const std::string& name, const std::string& reason, InboxStats& stats);
    std::string unit_for(const std::string& folder, const std::string& filename);

    Service& service_;
    InboxConfig config_;
    std::map<std::string, Seen> seen_;
};

}  // namespace jxjyd
