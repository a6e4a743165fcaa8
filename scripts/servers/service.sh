#!/usr/bin/env bash
# One TaskMaster service (scheduler, worker, checkpoint or monitor) on 127.0.0.1, from its published
# binary, configured by environment variables, returning once its /readyz (or, with --live, /healthz) answers 200.
# Usage: scripts/servers/service.sh start DIR --binary DLL [--env KEY=VALUE]... [--live] | stop DIR | kill DIR
#   --binary  the service's published entry assembly (e.g. BIN/scheduler/taskmaster-scheduler.dll)
#   --env     a setting for it (TASKMASTER_<SECTION>__<KEY>=VALUE), kept in DIR/settings for a restart
#   --live    return once /healthz answers, ready or not (a service whose Redis or broker is away); on a
#             restart (no --binary) for that start only
# DIR/env: SERVICE_HTTP_PORT, SERVICE_GRPC_PORT, SERVICE_HTTP_URL, SERVICE_GRPC_URL.
# stop sends SIGTERM and waits up to 60 s: a service finishes or hands back its work in its grace period.
SERVER_NAME=service
. "$(dirname "$0")/lib.sh"

server_parse_options() {
  binary="" settings=() health=readyz live_once=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --binary) binary=${2:?--binary needs a DLL}; shift 2 ;;
      --live) health=healthz live_once=1; shift ;;
      --env) case "${2:-}" in TASKMASTER_*=*) settings+=("$2") ;; *) server_fail "--env expects TASKMASTER_<SECTION>__<KEY>=VALUE, got '${2:-}'" ;; esac; shift 2 ;;
      *) server_fail "unknown option: $1" ;;
    esac
  done
  if [ -n "$binary" ]; then
    [ -f "$binary" ] || server_fail "--binary: '$binary' is not a file (publish the services first: scripts/dev-up.sh does)"
    binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
    echo "$binary" >"$SERVER_DIR/binary"
    printf '%s\n' ${settings[@]+"${settings[@]}"} >"$SERVER_DIR/settings"
    chmod 600 "$SERVER_DIR/settings"
    echo "$health" >"$SERVER_DIR/health"
  fi
  [ -f "$SERVER_DIR/binary" ] || server_fail "--binary is required on a first start"
}

start_service() {
  local http grpc
  http=$(server_port SERVICE_HTTP_PORT)
  grpc=$(server_port SERVICE_GRPC_PORT)
  server_env_set SERVICE_HTTP_URL "http://127.0.0.1:$http"
  server_env_set SERVICE_GRPC_URL "http://127.0.0.1:$grpc"
  local -a environment=(TASKMASTER_LISTEN__ADDRESS=127.0.0.1 "TASKMASTER_LISTEN__HTTPPORT=$http" "TASKMASTER_LISTEN__GRPCPORT=$grpc")
  mapfile -t -O "${#environment[@]}" environment <"$SERVER_DIR/settings"
  server_spawn "$SERVER_DIR/service.log" env "${environment[@]}" dotnet "$(cat "$SERVER_DIR/binary")"
  local health=healthz
  [ -n "${live_once:-}" ] || health=$(cat "$SERVER_DIR/health" 2>/dev/null || echo readyz)
  server_await 60 "answering /$health on port $http" probe_service "$http" "$health"
}

probe_service() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/$2")" = 200 ] && server_owns_port "$1"
}

server_main start_service 60 "$@"
