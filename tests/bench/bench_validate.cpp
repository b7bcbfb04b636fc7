// Validation throughput: 100,000 in-memory rows, and reading + validating a
// 100,000-row CSV file in the official layout. Reports rows/s.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "jxjy/csv.h"
#include "jxjy/roster_file.h"
#include "jxjy/schema.h"
#include "jxjy/text.h"
#include "jxjy/validate.h"

namespace {

constexpr int kRows = 100'000;

const jxjy::Schemas& schemas() {
    static const jxjy::Schemas s = [] {
        auto r = jxjy::load_schemas(JXJY_TEST_SCHEMAS);
        if (!r) {
            std::fprintf(stderr, "%s\n", r.error().message.c_str());
            std::exit(2);
        }
        return std::move(*r);
    }();
    return s;
}

// Realistic rows: ascending IDs, Chinese names, mostly 合格, a few findings.
std::vector<std::vector<std::string>> make_rows(int n) {
    std::mt19937 rng(42);
    static const char* const kNames[] = {"张伟", "王芳", "李娜", "刘强", "陈静", "杨磊", "赵敏", "黄丽", "欧阳娜娜"};
    std::vector<std::vector<std::string>> rows;
    rows.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "%09d", 4000000 + i * 3);
        int sh = 40 + static_cast<int>(rng() % 60);
        int eh = 50 + static_cast<int>(rng() % 80);
        bool pub = rng() % 10 != 0;
        double sc = sh / 10.0;
        double ec = eh / 10.0;
        bool ok = pub && (eh >= 70 || ec >= 7) && (sh + eh >= 120 || sc + ec >= 12);
        rows.push_back({std::to_string(i + 1), id, kNames[i % 9], i % 2 ? "男" : "女",
                        "19" + std::to_string(60 + i % 35) + "-0" + std::to_string(1 + i % 9), "2015-09",
                        std::to_string(sh), jxjy::text::format_number(sc), std::to_string(eh),
                        jxjy::text::format_number(ec), pub ? "合格" : "不合格", std::to_string(sh + eh),
                        jxjy::text::format_number(sc + ec), ok ? "合格" : "不合格"});
    }
    return rows;
}

void BM_ValidateInMemory(benchmark::State& state) {
    const auto& s = schemas();
    std::vector<jxjy::RawRow> rows;
    int line = 7;
    for (const auto& cells : make_rows(kRows)) {
        jxjy::RawRow r;
        r.sheet_row = line++;
        for (std::size_t i = 0; i < cells.size(); ++i) r.cells[i] = jxjy::Cell::of_text(cells[i]);
        rows.push_back(std::move(r));
    }
    for (auto _ : state) {
        auto result = jxjy::validate(rows, s.layout, *s.policy(2023), s.catalog);
        benchmark::DoNotOptimize(result.summary.rows);
    }
    state.SetItemsProcessed(state.iterations() * kRows);
    state.counters["rows/s"] =
        benchmark::Counter(static_cast<double>(kRows), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ValidateInMemory)->Unit(benchmark::kMillisecond);

std::string write_csv() {
    std::string path = (std::filesystem::temp_directory_path() / "jxjy-bench-100k.csv").string();
    std::ofstream out(path, std::ios::binary);
    out << "泸县 2023 年专业技术人员继续教育证书验证名册,,,,,,,,,,,,,\n单位（盖章）：基准测试,,,,,,,,,,,,,\n"
           "序号,继续教育编号,姓名,性别,出生年月,入职年月,校本研修,,校外研培与网络研培,,公需科目 "
           "(合格),合计,,验审意见\n"
           ",,,,,,学时,学分,学时,学分,,总学时,总学分,\n";
    for (const auto& cells : make_rows(kRows)) {
        for (std::size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << cells[i];
        out << "\n";
    }
    return path;
}

void BM_ReadAndValidateCsv(benchmark::State& state) {
    const auto& s = schemas();
    static const std::string path = write_csv();
    state.counters["file_MB"] = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
    for (auto _ : state) {
        auto report = jxjy::validate_file(path, s);
        if (!report)
            state.SkipWithError(report.error().message.c_str());
        else
            benchmark::DoNotOptimize(report->result.summary.rows);
    }
    state.SetItemsProcessed(state.iterations() * kRows);
    state.counters["rows/s"] =
        benchmark::Counter(static_cast<double>(kRows), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ReadAndValidateCsv)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
