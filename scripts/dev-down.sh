#!/usr/bin/env bash
# Stops the local stack scripts/dev-up.sh started, by PID: the workers first (each finishes or hands
# back its attempts in its grace period), then the monitor, the scheduler, the checkpoint service,
# Prometheus and the servers. Data stays in the stack's folder; a new dev-up starts afresh on it.
# Usage: scripts/dev-down.sh [--dir DIR]
. "$(dirname "$0")/dev-stack.sh"

dir=$ROOT/.taskmaster-dev
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=${2:?--dir needs a folder}; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) stack_fail "unknown option: $1 (see --help)" ;;
  esac
done
[ -d "$dir" ] || stack_fail "no stack in $dir"
stack_dir "$dir"
for folder in "$STACK"/services/worker-* "$STACK/services/monitor" "$STACK/services/scheduler" "$STACK/services/checkpoint"; do
  [ -d "$folder" ] && "$SERVERS/service.sh" stop "$folder"
done
for server in prometheus s3 rabbitmq redis; do
  folder=$STACK/servers/$server
  [ -d "$folder" ] || continue
  script=$server; [ "$server" = s3 ] && { grep -q '^RGW' "$folder/env" 2>/dev/null && script=rgw || script=s3rver; }
  "$SERVERS/$script.sh" stop "$folder"
done
rm -f "$STACK"/servers/prometheus/targets/worker-*.json
echo "stopped the stack in $STACK"
