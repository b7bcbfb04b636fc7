#!/usr/bin/env bash
# Long fuzzing runs of every target, a few at a time, each for a given time.
#
#   bash tests/fuzz/run_all.sh [seconds-per-target] [parallel] [build-fuzz-dir]
#
# Needs GNU time (/usr/bin/time, Debian package time) for the CPU seconds.
# Each target starts from its seed corpus (tests/fuzz/corpus/<target>) and keeps
# what it finds in $JXJY_FUZZ_WORK/<target> (default /tmp/jxjy-fuzz), so a second
# run goes on where the first stopped. Crashes, leaks and timeouts are written
# there as crash-*/leak-*/timeout-* files; the summary at the end lists them.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-1800}
parallel=${2:-2}
build=${3:-$root/build-fuzz}
work=${JXJY_FUZZ_WORK:-/tmp/jxjy-fuzz}
targets=(zip xlsx ods csv xlsx_xml ods_xml payload)

for t in "${targets[@]}"; do
  [ -x "$build/tests/fuzz/fuzz_$t" ] || { echo "missing $build/tests/fuzz/fuzz_$t: build with -DJXJY_FUZZ=ON" >&2; exit 2; }
done

run_one() {
  local t=$1 dir=$work/$1
  mkdir -p "$dir/corpus" "$dir/artifacts"
  # CPU seconds are what count when other work shares the machine.
  /usr/bin/time -f '%U' -o "$dir/cpu.txt" \
    "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
    "$dir/corpus" "$root/tests/fuzz/corpus/$t" > "$dir/log.txt" 2>&1 || true
  local execs cpu
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$dir/log.txt" | grep -o '[0-9]*$' || echo '?')
  cpu=$(tail -n 1 "$dir/cpu.txt" 2>/dev/null || echo '?')
  echo "$t: ${seconds}s wall, ${cpu}s CPU, $execs inputs, corpus $(ls "$dir/corpus" | wc -l) files," \
    "findings: $(ls "$dir/artifacts" | wc -l)"
}

export -f run_one
export build work seconds root
printf '%s\n' "${targets[@]}" | xargs -P "$parallel" -I{} bash -c 'run_one {}'

found=$(find "$work" -path '*/artifacts/*' -type f | wc -l)
echo "findings in all: $found"
[ "$found" -eq 0 ]
