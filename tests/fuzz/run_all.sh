#!/usr/bin/env bash
# Long fuzzing runs of every target, a few at a time, until each has had a
# given number of CPU seconds (what counts when other work shares the machine).
#
#   bash tests/fuzz/run_all.sh [cpu-seconds-per-target] [parallel] [build-fuzz-dir]
#
# Each target starts from its seed corpus (tests/fuzz/corpus/<target>) and keeps
# what it finds in $JXJY_FUZZ_WORK/<target> (default /tmp/jxjy-fuzz), so a second
# run goes on where the first stopped; <target>/cpu_total holds the CPU seconds
# spent so far and a run only tops up to the budget. Crashes, leaks and timeouts
# are written there as crash-*/leak-*/timeout-* files; the summary lists them.
# JXJY_FUZZ_TARGETS="xlsx ods" runs only those. Needs GNU time (/usr/bin/time).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
budget=${1:-1800}
parallel=${2:-2}
build=${3:-$root/build-fuzz}
work=${JXJY_FUZZ_WORK:-/tmp/jxjy-fuzz}
chunk=${JXJY_FUZZ_CHUNK:-300} # wall seconds per libFuzzer run
read -r -a targets <<< "${JXJY_FUZZ_TARGETS:-zip xlsx ods csv xlsx_xml ods_xml payload}"

for t in "${targets[@]}"; do
  [ -x "$build/tests/fuzz/fuzz_$t" ] || { echo "missing $build/tests/fuzz/fuzz_$t: build with -DJXJY_FUZZ=ON" >&2; exit 2; }
done

run_one() {
  local t=$1 dir=$work/$1 total execs=0 n
  mkdir -p "$dir/corpus" "$dir/artifacts"
  total=$(cat "$dir/cpu_total" 2>/dev/null || echo 0)
  while [ "$total" -lt "$budget" ] && [ -z "$(ls -A "$dir/artifacts")" ]; do
    /usr/bin/time -f '%U %S' -o "$dir/cpu.txt" \
      "$build/tests/fuzz/fuzz_$t" -max_total_time="$chunk" -rss_limit_mb=2048 -timeout=10 \
      -print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
      "$dir/corpus" "$root/tests/fuzz/corpus/$t" >> "$dir/log.txt" 2>&1 || true
    total=$((total + $(awk 'END { printf "%d", $1 + $2 }' "$dir/cpu.txt")))
    echo "$total" > "$dir/cpu_total"
    n=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$dir/log.txt" | tail -n 1 | grep -o '[0-9]*$' || echo 0)
    execs=$((execs + n))
  done
  echo "$t: ${total}s CPU in all, $execs inputs this run, corpus $(ls "$dir/corpus" | wc -l) files," \
    "findings: $(ls "$dir/artifacts" | wc -l)"
}

export -f run_one
export build work budget chunk root
printf '%s\n' "${targets[@]}" | xargs -P "$parallel" -I{} bash -c 'run_one {}'

found=$(find "$work" -path '*/artifacts/*' -type f | wc -l)
echo "findings in all: $found"
[ "$found" -eq 0 ]
