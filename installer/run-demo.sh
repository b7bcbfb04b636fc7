#!/usr/bin/env bash
# Runs jxjyd on localhost with the demo county (the units of the notice's
# schedule, a few hundred teachers with official 2023 records). The first run
# creates the data and prints the demo accounts; they are kept, readable only
# by you, in <data>/credentials.txt.
#
#   bash installer/run-demo.sh            # data in ~/.local/share/jxjy-demo, port 8620
#   JXJY_DEMO_DATA=/tmp/d JXJY_PORT=9000 bash installer/run-demo.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${JXJY_BUILD:-$root/build}
data=${JXJY_DEMO_DATA:-${HOME:-/root}/.local/share/jxjy-demo}
port=${JXJY_PORT:-8620}
jxjyd=$build/daemon/jxjyd

if [ ! -f "$data/jxjy.sqlite3" ]; then
  mkdir -p "$data"
  umask 077
  "$jxjyd" demo --data="$data" > "$data/credentials.txt"
fi
cat "$data/credentials.txt"
cat <<TXT

试一试（另开一个终端）：
  curl http://127.0.0.1:$port/api/v1/health
  curl -X POST http://127.0.0.1:$port/api/v1/login -H 'Content-Type: application/json' \\
       -d '{"login":"erzhong","password":"<上面 erzhong 的密码>"}'
  $build/daemon/jxjy validate $data/demo-roster-erzhong.csv
  curl -X POST http://127.0.0.1:$port/api/v1/submissions -H "Authorization: Bearer <token>" \\
       -H 'Content-Type: text/csv' -H 'Idempotency-Key: demo-1' --data-binary @$data/demo-roster-erzhong.csv
The official template: $build/schemas/template/roster-2023.ots (.xlsx beside it)
The Calc extension:    $build/addin/jxjy.oxt   (unopkg add $build/addin/jxjy.oxt)
TXT
exec "$jxjyd" serve --data="$data" --port="$port"
