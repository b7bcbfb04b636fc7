// The inbox folder: files taken once settled, ingested like HTTP submissions,
// answered in the outbox, archived; duplicates not stored twice; unreadable
// files and unknown units rejected with a reason.

#include "demo.h"
#include "harness.h"
#include "inbox.h"
#include "jxjy/roster_file.h"

#include <sqlite3.h>

#include <set>

using namespace jxjyd;
using namespace jxjyd::test;
namespace fs = std::filesystem;

namespace {

void drop(const fs::path& to, const std::string& bytes) {
    fs::create_directories(to.parent_path());
    std::ofstream(to, std::ios::binary) << bytes;
}

std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(dir, ec))
        if (e.is_regular_file()) out.push_back(fs::relative(e.path(), dir).string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("inbox: a settled file is ingested, answered, archived, a copy is not stored twice",
          "[integration][daemon][inbox]") {
    Server s;
    REQUIRE(s.store->add_unit(Unit{"erzhong", "泸县二中", "direct", ""}));
    Inbox inbox(*s.service, InboxConfig{(s.dir / "mail").string(), 3});
    std::string csv = slurp(std::string(JXJY_TEST_DATA) + "/official_clean.csv");
    drop(s.dir / "mail/inbox/erzhong/名册.csv", csv);

    auto first = inbox.run_once();
    CHECK(first.waiting == 1);  // just arrived: it may still be being written
    CHECK(first.ingested == 0);
    s.clock += 5;
    auto second = inbox.run_once();
    CHECK(second.ingested == 1);
    auto subs = s.store->submissions("erzhong", 10);
    REQUIRE(subs.size() == 1);
    CHECK(subs[0].source == "inbox");
    CHECK(names_in(s.dir / "mail/outbox") == std::vector<std::string>{"erzhong/名册-验审结果-v1.xlsx"});
    CHECK(names_in(s.dir / "mail/inbox").empty());
    CHECK(names_in(s.dir / "mail/archive").size() == 1);
    std::string answer = slurp((s.dir / "mail/outbox/erzhong/名册-验审结果-v1.xlsx").string());
    CHECK(answer.compare(0, 2, "PK") == 0);

    // The same roster again, named by unit in the file name: answered, not a new version.
    drop(s.dir / "mail/inbox/erzhong_名册(1).csv", csv);
    inbox.run_once();
    s.clock += 5;
    auto third = inbox.run_once();
    CHECK(third.duplicates == 1);
    CHECK(s.store->submissions("erzhong", 10).size() == 1);

    // A changed roster is a new version.
    std::string changed = csv;
    changed.replace(changed.find("王芳"), std::string("王芳").size(), "王芬");
    drop(s.dir / "mail/inbox/erzhong/名册-改.csv", changed);
    inbox.run_once();
    s.clock += 5;
    CHECK(inbox.run_once().ingested == 1);
    auto versions = s.store->submissions("erzhong", 10);
    REQUIRE(versions.size() == 2);
    CHECK(versions[0].version == 2);
}

TEST_CASE("inbox: unreadable files and unknown units go to rejected/ with the reason", "[integration][daemon][inbox]") {
    Server s;
    REQUIRE(s.store->add_unit(Unit{"erzhong", "泸县二中", "direct", ""}));
    Inbox inbox(*s.service, InboxConfig{(s.dir / "mail").string(), 3});
    drop(s.dir / "mail/inbox/erzhong/坏文件.xlsx", "this is not a workbook");
    drop(s.dir / "mail/inbox/nobody/名册.csv", slurp(std::string(JXJY_TEST_DATA) + "/official_clean.csv"));
    drop(s.dir / "mail/inbox/没有单位.csv", slurp(std::string(JXJY_TEST_DATA) + "/official_clean.csv"));
    drop(s.dir / "mail/inbox/erzhong/~$名册.xlsx", "office lock file");
    inbox.run_once();
    s.clock += 5;
    auto st = inbox.run_once();
    CHECK(st.rejected == 3);
    CHECK(st.ingested == 0);
    auto rejected = names_in(s.dir / "mail/rejected");
    REQUIRE(rejected.size() == 6);  // three files and three reasons
    std::string reasons;
    for (const auto& n : rejected)
        if (n.size() > 4 && n.compare(n.size() - 4, 4, ".txt") == 0)
            reasons += slurp((s.dir / "mail/rejected" / n).string());
    CHECK(reasons.find("另存为") != std::string::npos);                // the broken workbook
    CHECK(reasons.find("不是已登记的单位代码") != std::string::npos);  // inbox/nobody/
    CHECK(reasons.find("无法从文件名判断") != std::string::npos);      // no unit at all
    CHECK(s.store->submissions("", 10).empty());
    CHECK(names_in(s.dir / "mail/inbox") ==
          std::vector<std::string>{"erzhong/~$名册.xlsx"});  // lock files are left alone
}

TEST_CASE("inbox: a file the server cannot store just now stays in the inbox and goes in later",
          "[integration][daemon][inbox][faults]") {
    Server s;
    REQUIRE(s.store->add_unit(Unit{"erzhong", "泸县二中", "direct", ""}));
    Inbox inbox(*s.service, InboxConfig{(s.dir / "mail").string(), 3});
    drop(s.dir / "mail/inbox/erzhong/名册.csv", slurp(std::string(JXJY_TEST_DATA) + "/official_clean.csv"));
    sqlite3* other = nullptr;  // another program holding the database
    REQUIRE(sqlite3_open((s.dir / "jxjy.sqlite3").c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    inbox.run_once();
    s.clock += 5;
    auto busy = inbox.run_once();
    CHECK(busy.deferred == 1);
    CHECK(busy.rejected == 0);
    CHECK(busy.deferred_reason.find("数据库正忙") != std::string::npos);
    CHECK(names_in(s.dir / "mail/inbox") == std::vector<std::string>{"erzhong/名册.csv"});
    CHECK(names_in(s.dir / "mail/rejected").empty());
    REQUIRE(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(other);

    inbox.run_once();
    s.clock += 5;
    CHECK(inbox.run_once().ingested == 1);
    CHECK(s.store->submissions("erzhong", 10).size() == 1);
    CHECK(names_in(s.dir / "mail/inbox").empty());
}

TEST_CASE("the teacher registry is imported from the management system's export", "[integration][daemon]") {
    Server s;
    REQUIRE(s.store->add_unit(Unit{"erzhong", "泸县二中", "direct", ""}));
    std::string csv = "继续教育编号,姓名,单位代码,状态\n004002006,样例,erzhong,在职\n4002007,张三,erzhong,离校\n";
    auto n = s.service->import_teachers_file("admin", csv, "teachers.csv");
    REQUIRE(n);
    CHECK(*n == 2);
    auto t = s.store->teacher("004002007");
    REQUIRE(t);
    CHECK(t->left);
    CHECK(t->unit_name == "泸县二中");
    auto bad_unit = s.service->import_teachers_file(
        "admin", "继续教育编号,姓名,单位代码,状态\n004002008,李四,nowhere,在职\n", "t.csv");
    REQUIRE_FALSE(bad_unit);
    CHECK(bad_unit.error().message.find("nowhere") != std::string::npos);
    CHECK_FALSE(s.store->teacher("004002008"));
    auto no_header = s.service->import_teachers_file("admin", "编号,名字\n1,2\n", "t.csv");
    CHECK(no_header.error().code == "HEADER_NOT_FOUND");
}

TEST_CASE("the demo county: the notice's units, accounts, registry, official records and a sample roster",
          "[integration][daemon]") {
    Server s;
    auto demo = create_demo_county(*s.service, 8);
    REQUIRE(demo);
    CHECK(s.store->units().size() == 39);  // 38 units of the schedule and the county itself
    CHECK(demo->credentials.size() == 40);
    CHECK(s.store->unit("erzhong")->name == "泸县二中");
    CHECK(s.store->unit("yuchan")->name == "玉蟾街道教育管理中心");
    CHECK_FALSE(create_demo_county(*s.service, 8));  // only into an empty store

    // The sample roster reads with its three planted mistakes and nothing else.
    auto report = jxjy::validate_bytes(demo->sample_roster_csv, "demo.csv", schemas());
    REQUIRE(report);
    std::multiset<jxjy::Code> found;
    for (const auto& d : report->result.diagnostics) found.insert(d.code);
    CHECK(found ==
          std::multiset<jxjy::Code>{jxjy::Code::IdNormalized, jxjy::Code::TotalMismatch, jxjy::Code::VerdictMismatch});

    // Submitted by its unit, every teacher is known to the county and has an official record.
    SubmitRequest req;
    req.unit_code = demo->sample_unit;
    req.media = "file";
    req.filename = "demo.csv";
    req.body = demo->sample_roster_csv;
    auto r = s.service->submit(req);
    REQUIRE(r);
    auto result = json::parse(r->submission.result_json);
    for (const auto& d : result["diagnostics"]) {
        CHECK(d["code"] != "ID_UNKNOWN");
        CHECK(d["code"] != "ID_OTHER_UNIT");
    }
    for (const auto& row : result["rows"]) CHECK(row["county_verdict"].is_string());
}
