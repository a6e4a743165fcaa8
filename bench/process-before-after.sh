#!/usr/bin/env bash
# The `process` suite of an earlier commit and of this tree, taking turns, on the disk and on
# tmpfs (TMPDIR=/dev/shm): ./bench/process-before-after.sh [COMMIT] [ROUNDS] [REPEAT].
# The earlier commit is exported (git archive, no worktree) to a temporary folder and built there.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-5eb976c} rounds=${2:-2} repeat=${3:-3}
before=$(mktemp -d)
trap 'rm -rf "$before"' EXIT
git archive "$base" | tar -x -C "$before"
dotnet build "$before/bench/TaskMaster.Benchmarks" -c Release -v quiet -nologo >/dev/null
dotnet build bench/TaskMaster.Benchmarks -c Release -v quiet -nologo >/dev/null
suite() { dotnet "$1/bench/TaskMaster.Benchmarks/bin/Release/net10.0/TaskMaster.Benchmarks.dll" process --repeat "$repeat" 2>/dev/null; }
for round in $(seq "$rounds"); do
  for where in disk tmpfs; do
    if [ "$where" = tmpfs ]; then export TMPDIR=/dev/shm; else unset TMPDIR; fi
    echo "=== round $round, $where, $base, load $(cut -d' ' -f1-3 /proc/loadavg)"
    suite "$before"
    echo "=== round $round, $where, this tree, load $(cut -d' ' -f1-3 /proc/loadavg)"
    suite .
  done
done
