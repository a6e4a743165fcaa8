#!/usr/bin/env bash
# Resume through the real CLI, an earlier commit against this tree, taking turns:
# ./bench/resume-cli.sh [COMMIT] [ROUNDS] [TASKS]. One 100k-task run (each task appends a timestamp
# to a file) is killed with -9 after 10,000 tasks; each round copies that home and times each
# build's `task-master resume --plain` from just before its process starts to the first timestamp a
# task of the resumed run writes (its first dispatch, as the task itself sees it).
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-main} rounds=${2:-5} tasks=${3:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git archive "$base" | (mkdir "$work/before" && tar -x -C "$work/before")
# The CLI's folder: src/cli/ since the services were laid out (older commits: services/).
project() { for d in "$1/src/cli/TaskMaster.Cli" "$1/services/TaskMaster.Cli"; do [ -d "$d" ] && { echo "$d"; return; }; done; }
dotnet build "$(project "$work/before")" -c Release -v quiet -nologo >/dev/null
dotnet build "$(project .)" -c Release -v quiet -nologo >/dev/null
cli() { echo "$(project "$1")/bin/Release/net10.0/task-master.dll"; }
python3 - "$work/queue.md" "$tasks" "$work/stamps" <<'PY'
import sys
path, count, stamps = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, "w") as f:
    f.write(f"# Queue: resume-cli-{count}\n\n")
    for i in range(count):
        f.write(f"### t{i}: task {i}\n- run: `date +%s%N >> {stamps}`\n")
        if i % 2: f.write(f"- depends: t{i - 1}\n")
        f.write("\n")
PY
dotnet "$(cli .)" execute --queue "$work/queue.md" --home "$work/crashed" --plain --concurrency 16 >/dev/null 2>&1 &
executor=$!
until [ -f "$work/stamps" ] && [ "$(wc -l < "$work/stamps")" -ge 10000 ]; do sleep 0.2; done
kill -9 "$executor"; wait "$executor" 2>/dev/null || true
echo "| round | build | load | process start → first dispatch (s) |"
echo "| ---: | --- | --- | ---: |"
for round in $(seq "$rounds"); do
  for build in "$work/before" .; do
    rm -rf "$work/home" "$work/stamps"; cp -a "$work/crashed" "$work/home"
    load=$(cut -d' ' -f1 /proc/loadavg)
    start=$(date +%s%N)
    dotnet "$(cli "$build")" resume --home "$work/home" --plain >/dev/null 2>&1 &
    resumed=$!
    until [ -s "$work/stamps" ]; do sleep 0.005; done
    first=$(head -n1 "$work/stamps")
    kill -TERM "$resumed"; wait "$resumed" 2>/dev/null || true
    name=$([ "$build" = . ] && echo "this tree" || echo "$base")
    echo "| $round | $name | $load | $(awk -v a="$start" -v b="$first" 'BEGIN { printf "%.2f", (b - a) / 1e9 }') |"
  done
done
