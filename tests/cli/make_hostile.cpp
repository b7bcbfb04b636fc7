// Writes the catalogue of hostile workbooks (tests/unit/hostile_files.h) into
// a folder, for the CLI test and for tests/bench/hostile_files.sh.
//   make_hostile DIR

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "../unit/hostile_files.h"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_hostile DIR\n");
        return 2;
    }
    std::filesystem::create_directories(argv[1]);
    for (const auto& f : jxjy::test::hostile::all()) {
        std::ofstream out(std::filesystem::path(argv[1]) / f.name, std::ios::binary);
        out.write(f.bytes.data(), static_cast<std::streamsize>(f.bytes.size()));
        if (!out) {
            std::fprintf(stderr, "cannot write %s\n", f.name.c_str());
            return 1;
        }
        std::printf("%s\n", f.name.c_str());
    }
    return 0;
}
