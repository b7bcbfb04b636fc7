// Golden files: every roster under tests/data/ has the expected JSON beside it
// (<file>.expected.json). A file that cannot be read expects {"error": …}.
// After an intended change: cmake --build build --target approve, then review
// the diff of tests/data/ and commit it.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "jxjy/report.h"
#include "jxjy/roster_file.h"
#include "support.h"

using namespace jxjy;
namespace fs = std::filesystem;

namespace {

std::string actual_json(const fs::path& input) {
    auto report = validate_file(input.string(), test::schemas());
    nlohmann::ordered_json j;
    if (report) {
        j = nlohmann::ordered_json::parse(to_json(report->result));
    } else {
        j["error"] = {{"code", report.error().code}, {"message", report.error().message}};
    }
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

bool is_input(const fs::path& p) {
    std::string name = p.filename().string();
    return name.find(".expected.") == std::string::npos && name != "README.md";
}

}  // namespace

TEST_CASE("golden files in tests/data", "[unit][golden]") {
    const bool approve = std::getenv("JXJY_APPROVE") != nullptr;
    std::vector<fs::path> inputs;
    for (const auto& e : fs::directory_iterator(JXJY_TEST_DATA))
        if (e.is_regular_file() && is_input(e.path())) inputs.push_back(e.path());
    std::sort(inputs.begin(), inputs.end());
    REQUIRE(inputs.size() >= 8);
    for (const auto& input : inputs) {
        fs::path expected_path = input;
        expected_path += ".expected.json";
        std::string actual = actual_json(input);
        if (approve) {
            std::ofstream(expected_path, std::ios::binary) << actual;
            continue;
        }
        std::ifstream in(expected_path, std::ios::binary);
        INFO(input.filename().string() << " (re-approve: cmake --build build --target approve)");
        REQUIRE(in.good());
        std::ostringstream expected;
        expected << in.rdbuf();
        CHECK(actual == expected.str());
    }
}
