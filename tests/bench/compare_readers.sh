#!/usr/bin/env bash
# Reading a 100,000-row roster as .xlsx and .ods: jxjy (read + validate)
# side by side with openpyxl in read-only mode (python3-openpyxl) and with
# `soffice --headless --convert-to csv`, in one run. Prints wall time and
# peak memory of each, and jxjy's speed-up.
#
#   bash tests/bench/compare_readers.sh [build-dir]
#
# Needs: Debian's python3-openpyxl (run by /usr/bin/python3), libreoffice-calc-nogui,
# GNU time (/usr/bin/time).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
jxjy=$build/daemon/jxjy
work=$(mktemp -d /tmp/jxjy-readers.XXXXXX)
trap 'rm -rf "$work"' EXIT
keep=${JXJY_BENCH_KEEP:-}  # a folder to copy the generated rosters to
rows=100000

/usr/bin/python3 - "$work/roster.csv" "$rows" <<'PY'
import sys, random
path, n = sys.argv[1], int(sys.argv[2])
random.seed(42)
names = ["张伟", "王芳", "李娜", "刘强", "陈静", "杨磊", "赵敏", "黄丽", "欧阳娜娜"]
with open(path, "w", encoding="utf-8") as f:
    f.write("泸县 2023 年专业技术人员继续教育证书验证名册\n单位（盖章）：基准测试\n")
    f.write("序号,继续教育编号,姓名,性别,出生年月,入职年月,校本研修,,校外研培与网络研培,,公需科目 (合格),合计,,验审意见\n")
    f.write(",,,,,,学时,学分,学时,学分,,总学时,总学分,\n")
    for i in range(n):
        sh, eh = random.randint(40, 99), random.randint(50, 129)
        ok = eh >= 70 and sh + eh >= 120
        f.write(f"{i+1},{4000000+i*3:09d},{names[i%9]},{'男' if i%2 else '女'},19{60+i%35}-0{1+i%9},2015-09,"
                f"{sh},{sh/10:g},{eh},{eh/10:g},合格,{sh+eh},{(sh+eh)/10:g},{'合格' if ok else '不合格'}\n")
PY
text="1/2"; for c in $(seq 2 14); do text="$text/$c/2"; done
profile="-env:UserInstallation=file://$work/profile"
for fmt in xlsx ods; do
  soffice --headless --norestore "$profile" "--infilter=CSV:44,34,76,1,$text" --convert-to $fmt --outdir "$work" "$work/roster.csv" >/dev/null 2>&1
done
ls -l "$work"/roster.* | awk '{print $5, $9}'
[ -n "$keep" ] && mkdir -p "$keep" && cp "$work"/roster.* "$keep"/

measure() {  # label, command...: prints "label seconds peakKB"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 || true
  read -r secs kb < <(tail -n 1 "$work/time")
  printf '%-28s %8.2f s %9d KB\n' "$label" "$secs" "$kb"
  echo "$secs" > "$work/last"
}

cat > "$work/openpyxl_read.py" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
n = 0
for row in wb.worksheets[0].iter_rows(values_only=True):
    n += 1
print(n)
PY

for fmt in xlsx ods; do
  echo "== .$fmt, $rows rows"
  measure "jxjy validate" "$jxjy" validate "$work/roster.$fmt"; ours=$(cat "$work/last")
  if [ "$fmt" = xlsx ]; then
    measure "openpyxl read_only" /usr/bin/python3 "$work/openpyxl_read.py" "$work/roster.$fmt"; theirs=$(cat "$work/last")
    python3 -c "print(f'  jxjy vs openpyxl: {float($theirs)/max(float($ours),0.001):.1f}x faster')"
  fi
  mkdir -p "$work/out-$fmt"
  measure "soffice --convert-to csv" soffice --headless --norestore "$profile" --convert-to csv --outdir "$work/out-$fmt" "$work/roster.$fmt"
  lo=$(cat "$work/last")
  python3 -c "print(f'  jxjy vs soffice: {float($lo)/max(float($ours),0.001):.1f}x faster')"
done
