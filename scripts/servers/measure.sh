#!/usr/bin/env bash
# Measures each server's start (until it serves) and stop (until its processes are gone), as
# docs/development.md reports them: ROUNDS fresh starts of each, one server at a time, medians.
# Usage: scripts/servers/measure.sh [ROUNDS] [SERVER...]   (default: 5 rounds, every server)
set -uo pipefail
cd "$(dirname "$0")"
rounds=${1:-5}; shift || true
servers=("$@")
[ ${#servers[@]} -gt 0 ] || servers=(redis s3rver prometheus alertmanager rabbitmq rgw)
root=$(mktemp -d)
trap 'for d in "$root"/*/; do [ -f "$d/pids" ] && ./$(basename "$d" | cut -d- -f1).sh stop "$d" >/dev/null 2>&1; done; rm -rf "$root"' EXIT

now() { date +%s.%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f", m }'; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-13s %10s %10s   (%s rounds, seconds)\n' server start stop "$rounds"
for server in "${servers[@]}"; do
  starts=() stops=()
  for round in $(seq "$rounds"); do
    dir=$root/$server-$round
    t0=$(now); ./"$server".sh start "$dir" >/dev/null || exit 1; t1=$(now)
    ./"$server".sh stop "$dir" >/dev/null || exit 1; t2=$(now)
    starts+=("$(echo "$t1 - $t0" | bc)") stops+=("$(echo "$t2 - $t1" | bc)")
  done
  printf '%-13s %10s %10s\n' "$server" "$(printf '%s\n' "${starts[@]}" | median)" "$(printf '%s\n' "${stops[@]}" | median)"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
