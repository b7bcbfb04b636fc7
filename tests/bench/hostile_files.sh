#!/usr/bin/env bash
# Time and peak memory of jxjy refusing each hostile workbook of the catalogue
# (tests/unit/hostile_files.h). A measurement, not a test: the CLI test
# cli.hostile_files checks the exit status and message.
#
#   bash tests/bench/hostile_files.sh [build-dir]
#
# Needs GNU time (/usr/bin/time).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
work=$(mktemp -d /tmp/jxjy-hostile.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$build/tests/make_hostile" "$work" > "$work/names"
printf '%-28s %9s %6s %10s  %s\n' file bytes exit "s / peak" message
while read -r name; do
  rc=0
  /usr/bin/time -f '%e %M' -o "$work/time" "$build/daemon/jxjy" validate "$work/$name" > /dev/null 2> "$work/err" || rc=$?
  read -r secs kb < <(tail -n 1 "$work/time")
  printf '%-28s %9s %6s %5ss %6sKB  %s\n' "$name" "$(stat -c %s "$work/$name")" "$rc" "$secs" "$kb" \
    "$(head -c 150 "$work/err" | tr '\n' ' ')"
done < "$work/names"
