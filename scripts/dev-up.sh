#!/usr/bin/env bash
# The distributed shape on this machine, on loopback: real Redis, RabbitMQ and an S3 server,
# Prometheus scraping every service, and the four services (checkpoint, scheduler, monitor, N
# workers) from the binaries `dotnet publish` makes (the ones the images hold).
# Usage: scripts/dev-up.sh [--workers N] [--dir DIR] [--s3 s3rver|rgw] [--from-build CONFIG]
#   --workers     how many workers to start (default 2); add or remove some later with scripts/dev-workers.sh
#   --dir         where the stack keeps everything (default .taskmaster-dev)
#   --s3          s3rver (default, starts in a second) or rgw (Ceph's gateway: versioning, conditional writes)
#   --from-build  run each service's build output of CONFIG (Debug or Release, after `dotnet build -c CONFIG`)
#                 instead of publishing: quicker while developing, and what the tests of this script do
# Stop it with scripts/dev-down.sh [--dir DIR].
. "$(dirname "$0")/dev-stack.sh"

workers=2 dir=$ROOT/.taskmaster-dev s3=s3rver build=
while [ $# -gt 0 ]; do
  case "$1" in
    --workers) workers=${2:-}; [[ "$workers" =~ ^[0-9]+$ ]] || stack_fail "--workers expects a count (0 or more), got '${2:-}'"; shift 2 ;;
    --dir) dir=${2:?--dir needs a folder}; shift 2 ;;
    --from-build) build=${2:-}; [ "$build" = Debug ] || [ "$build" = Release ] || stack_fail "--from-build expects Debug or Release, got '${2:-}'"; shift 2 ;;
    --s3) s3=${2:-}; [ "$s3" = s3rver ] || [ "$s3" = rgw ] || stack_fail "--s3 expects s3rver or rgw, got '${2:-}'"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) stack_fail "unknown option: $1 (see --help)" ;;
  esac
done
stack_dir "$dir"
for pids in "$STACK"/servers/*/pids "$STACK"/services/*/pids; do
  [ -s "$pids" ] && stack_fail "a stack is already up in $STACK: scripts/dev-down.sh --dir $STACK stops it"
done
# A failed start leaves nothing running.
trap 'status=$?; [ $status -eq 0 ] || { echo "dev-up: stopping what started" >&2; "$ROOT/scripts/dev-down.sh" --dir "$STACK" >/dev/null 2>&1; }' EXIT

mkdir -p "$STACK/bin"
for service in scheduler worker checkpoint monitor; do
  project=$ROOT/src/services/TaskMaster.${service^}Service
  rm -rf "$STACK/bin/$service"
  if [ -n "$build" ]; then
    output=$project/bin/$build/net10.0
    [ -f "$output/taskmaster-$service.dll" ] || stack_fail "$output/taskmaster-$service.dll is not built: dotnet build -c $build TaskMaster.sln"
    ln -s "$output" "$STACK/bin/$service"
    continue
  fi
  echo "publishing $service into $STACK/bin/$service (dotnet publish -c Release)"
  dotnet publish "$project" -c Release -o "$STACK/bin/$service" --nologo -v quiet >"$STACK/publish-$service.log" 2>&1 \
    || { tail -n 20 "$STACK/publish-$service.log" >&2; stack_fail "publishing $service failed"; }
done

if [ ! -s "$STACK/token" ]; then
  (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$STACK/token")
fi

echo "starting Redis, RabbitMQ, $s3"
"$SERVERS/redis.sh" start "$STACK/servers/redis" >/dev/null || stack_fail "Redis did not start"
"$SERVERS/rabbitmq.sh" start "$STACK/servers/rabbitmq" >/dev/null || stack_fail "RabbitMQ did not start"
"$SERVERS/$s3.sh" start "$STACK/servers/s3" >/dev/null || stack_fail "$s3 did not start"
redis=$(stack_env "$STACK/servers/redis" REDIS_ENDPOINT)
rabbit=$(stack_env "$STACK/servers/rabbitmq" RABBITMQ_URI)

start() { # NAME SETTING...
  local name=$1 setting options=(); shift
  for setting in "$@"; do options+=(--env "$setting"); done
  "$SERVERS/service.sh" start "$STACK/services/$name" --binary "$STACK/bin/$name/taskmaster-$name.dll" \
    "${options[@]}" >/dev/null || stack_fail "$name did not start: see $STACK/services/$name/service.log"
  echo "  $name ready"
}
echo "starting the services"
start checkpoint "TASKMASTER_REDIS__ENDPOINT=$redis" "TASKMASTER_CONTROL__TOKENFILE=$STACK/token" \
  "TASKMASTER_S3__URL=$(stack_env "$STACK/servers/s3" S3_URL)" \
  "TASKMASTER_S3__ACCESSKEY=$(stack_env "$STACK/servers/s3" S3_ACCESS_KEY)" \
  "TASKMASTER_S3__SECRETKEY=$(stack_env "$STACK/servers/s3" S3_SECRET_KEY)"
start scheduler "TASKMASTER_SCHEDULER__ADAPTERS=cluster" "TASKMASTER_REDIS__ENDPOINT=$redis" "TASKMASTER_RABBITMQ__URI=$rabbit" \
  "TASKMASTER_CONTROL__TOKENFILE=$STACK/token" "TASKMASTER_SCHEDULER__STATEDIRECTORY=$STACK/services/scheduler/state" \
  "TASKMASTER_CHECKPOINT__URL=$(stack_env "$STACK/services/checkpoint" SERVICE_GRPC_URL)"
start monitor "TASKMASTER_REDIS__ENDPOINT=$redis" "TASKMASTER_RABBITMQ__URI=$rabbit" \
  "TASKMASTER_CONTROL__TOKENFILE=$STACK/token" \
  "TASKMASTER_SCHEDULER__URL=$(stack_env "$STACK/services/scheduler" SERVICE_GRPC_URL)"
for k in $(seq 1 "$workers"); do stack_start_worker "$k"; echo "  worker-$k ready"; done

for name in checkpoint scheduler monitor; do stack_scrape "$name" "$(stack_env "$STACK/services/$name" SERVICE_HTTP_PORT)"; done
"$SERVERS/prometheus.sh" start "$STACK/servers/prometheus" >/dev/null || stack_fail "Prometheus did not start"

{
  echo "SCHEDULER_GRPC=$(stack_env "$STACK/services/scheduler" SERVICE_GRPC_URL)"
  echo "DASHBOARD=$(stack_env "$STACK/services/monitor" SERVICE_HTTP_URL)/"
  echo "PROMETHEUS=$(stack_env "$STACK/servers/prometheus" PROMETHEUS_URL)"
  echo "RABBITMQ_MANAGEMENT=$(stack_env "$STACK/servers/rabbitmq" RABBITMQ_MANAGEMENT_URL)"
  echo "TOKEN_FILE=$STACK/token"
} >"$STACK/urls"
echo
sed 's/=/  /' "$STACK/urls"
echo
echo "run a queue through it:"
echo "  task-master --server $(stack_env "$STACK/services/scheduler" SERVICE_GRPC_URL) --token-file $STACK/token execute --queue examples/demo/task-queue.md"
