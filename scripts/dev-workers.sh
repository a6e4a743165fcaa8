#!/usr/bin/env bash
# Adds workers to, or removes workers from, the local stack while runs go on. New workers take
# attempts as soon as they are ready; a removed worker is sent SIGTERM: it takes no new work and
# finishes or hands back what it holds within its grace period.
# Usage: scripts/dev-workers.sh add|remove [N] [--dir DIR]     (N: 1 by default)
. "$(dirname "$0")/dev-stack.sh"

action=${1:-} count=1 dir=$ROOT/.taskmaster-dev
shift || true
case "$action" in add|remove) ;; -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; *) stack_fail "expected add or remove, got '$action' (see --help)" ;; esac
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=${2:?--dir needs a folder}; shift 2 ;;
    *) [[ "$1" =~ ^[1-9][0-9]*$ ]] || stack_fail "expected a count of workers, got '$1'"; count=$1; shift ;;
  esac
done
[ -s "$dir/token" ] || stack_fail "no stack in $dir: scripts/dev-up.sh starts one"
stack_dir "$dir"
running=($(stack_workers))
if [ "$action" = add ]; then
  next=$(( ${running[-1]:-0} + 1 ))
  for k in $(seq "$next" $((next + count - 1))); do stack_start_worker "$k"; echo "worker-$k ready"; done
else
  [ "${#running[@]}" -ge "$count" ] || stack_fail "only ${#running[@]} worker(s) run"
  for k in $(printf '%s\n' "${running[@]}" | tail -n "$count"); do
    "$SERVERS/service.sh" stop "$STACK/services/worker-$k"
    rm -f "$STACK/servers/prometheus/targets/worker-$k.json"
    echo "worker-$k stopped"
  done
fi
