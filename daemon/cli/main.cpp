// jxjy — the command-line tool: validate a roster file the way the county will.
//
//   jxjy validate FILE [--json] [--year YYYY]
//
// Exit status: 0 no errors, 1 errors found, 2 unreadable input or bad usage.

#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "jxjy/annotate.h"
#include "jxjy/report.h"
#include "jxjy/roster_file.h"
#include "jxjy/schema.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

const char* const kUsage =
    "用法：\n"
    "  jxjy validate 文件 [--json] [--year 学年]   校验验证名册（.xlsx、.ods 或 .csv）\n"
    "  jxjy annotate 文件 -o 输出.xlsx [--year 学年]  生成带批注的验审结果表格\n"
    "  jxjy --version\n"
    "\n"
    "  --json        以 JSON 输出每行的验审意见、发现的问题和汇总\n"
    "  --year 2023   按指定学年的规则校验（默认取名册标题中的年份）\n"
    "\n"
    "退出码：0 没有错误；1 发现错误；2 文件无法读取或用法有误。\n";

int fail(const std::string& message) {
    std::cerr << "jxjy: " << message << "\n";
    return kExitUsage;
}

int usage_error(const std::string& message) {
    std::cerr << "jxjy: " << message << "\n\n" << kUsage;
    return kExitUsage;
}

struct Options {
    std::string file;
    std::string out;
    bool json = false;
    int year = 0;
};

// Parses FILE [--json] [--year YYYY] [-o OUT]; returns an exit status on error.
std::optional<int> parse_options(const std::vector<std::string>& args, bool allow_out, Options& o) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--json" && !allow_out) {
            o.json = true;
        } else if (a == "--year") {
            if (i + 1 >= args.size()) return usage_error("--year 后面需要学年，例如 --year 2023");
            const std::string& y = args[++i];
            if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos)
                return usage_error("学年“" + y + "”不是四位数字，例如 --year 2023");
            o.year = std::stoi(y);
        } else if ((a == "-o" || a == "--output") && allow_out) {
            if (i + 1 >= args.size()) return usage_error("-o 后面需要输出文件名，例如 -o 验审结果.xlsx");
            o.out = args[++i];
        } else if (a.size() > 1 && a[0] == '-') {
            return usage_error("不认识的选项 " + a);
        } else if (o.file.empty()) {
            o.file = a;
        } else {
            return usage_error("只能处理一个文件，多出了“" + a + "”");
        }
    }
    if (o.file.empty()) return usage_error("请给出名册文件");
    return std::nullopt;
}

int run_validate(const std::vector<std::string>& args, const char* argv0) {
    Options o;
    if (auto rc = parse_options(args, false, o)) return *rc;
    auto schemas = jxjy::find_and_load_schemas(argv0);
    if (!schemas) return fail(schemas.error().message);
    auto report = jxjy::validate_file(o.file, *schemas, o.year);
    if (!report) return fail(o.file + "：" + report.error().message);

    const jxjy::ValidationResult& result = report->result;
    if (o.json) {
        std::cout << jxjy::to_json(result) << "\n";
    } else {
        std::cout << o.file;
        if (!report->meta.unit.empty()) std::cout << "（" << report->meta.unit << "）";
        std::cout << "，按 " << report->policy_year << " 学年规则校验\n";
        std::cout << jxjy::to_listing(result, schemas->layout);
        std::cout << jxjy::summary_line(result.summary) << "\n";
    }
    return result.summary.errors > 0 ? kExitFindings : kExitOk;
}

int run_annotate(const std::vector<std::string>& args, const char* argv0) {
    Options o;
    if (auto rc = parse_options(args, true, o)) return *rc;
    if (o.out.empty()) return usage_error("请用 -o 指定输出的 .xlsx 文件");
    auto schemas = jxjy::find_and_load_schemas(argv0);
    if (!schemas) return fail(schemas.error().message);
    auto report = jxjy::validate_file(o.file, *schemas, o.year, /*keep_rows=*/true);
    if (!report) return fail(o.file + "：" + report.error().message);
    auto written = jxjy::write_annotated_xlsx(*report, *schemas, o.out);
    if (!written) return fail(written.error().message);
    std::cout << "已生成 " << o.out << "：" << jxjy::summary_line(report->result.summary) << "\n";
    return report->result.summary.errors > 0 ? kExitFindings : kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) return usage_error("缺少命令");
    const std::string command = args.front();
    args.erase(args.begin());
    if (command == "--help" || command == "-h" || command == "help") {
        std::cout << kUsage;
        return kExitOk;
    }
    if (command == "--version") {
        std::cout << "jxjy " << JXJY_VERSION << "\n";
        return kExitOk;
    }
    if (command == "validate") return run_validate(args, argv[0]);
    if (command == "annotate") return run_annotate(args, argv[0]);
    return usage_error("不认识的命令“" + command + "”");
}
