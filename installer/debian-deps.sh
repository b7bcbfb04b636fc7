#!/usr/bin/env bash
# Installs the Debian 12 packages jxjy needs to build, test and run.
# Idempotent: packages already present are left alone. Run as root.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config      # toolchain
  nlohmann-json3-dev                    # JSON in shared/ (header-only)
  zlib1g-dev                            # .xlsx/.ods: inflating
  libxlsxwriter-dev                     # the annotated verdict workbook
  libpoco-dev libsqlite3-dev sqlite3    # jxjyd: HTTP server, central store
  libargon2-dev libssl-dev openssl      # jxjyd: password hashing, digests, TLS (tests make a certificate)
  fiu-utils                             # tests: a full disk injected into the running jxjyd (libfiu)
  libreoffice-calc-nogui                # the template build; tests converting rosters
  libreoffice-dev                       # the SDK for the Calc extension (.oxt)
  poppler-utils                         # tests: the template prints on one A4 page
  catch2 libbenchmark-dev               # tests and benchmarks
  clang-format                          # the style check in the test suite
  time python3-openpyxl wrk             # benchmarks (tests/bench, tests/fuzz/run_all.sh), run by hand
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
