# Sourced by scripts/dev-up.sh, dev-down.sh and dev-workers.sh: where the local stack lives and how
# one of its services is started. Everything of a stack is in one folder (default .taskmaster-dev):
#   bin/<service>/      the published binaries (the same `dotnet publish` output the images hold)
#   servers/<name>/     Redis, RabbitMQ, S3, Prometheus (scripts/servers/*.sh folders)
#   services/<name>/    each service (scripts/servers/service.sh folders: env, pids, service.log; a worker's home/)
#   token               the control token every service requires (0600)
#   urls                what dev-up printed, as KEY=VALUE lines
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVERS=$ROOT/scripts/servers

stack_fail() { echo "$(basename "$0"): $*" >&2; exit 1; }

# stack_dir DIR: the stack's folder, absolute.
stack_dir() { mkdir -p "$1" && STACK=$(cd "$1" && pwd); }

# stack_env FOLDER KEY: a value from a server's or service's DIR/env.
stack_env() { sed -n "s/^$2=//p" "$1/env" | tail -n 1; }

# stack_worker_settings: the settings every worker gets.
stack_worker_settings() {
  echo "TASKMASTER_RABBITMQ__URI=$(stack_env "$STACK/servers/rabbitmq" RABBITMQ_URI)"
  echo "TASKMASTER_CONTROL__TOKENFILE=$STACK/token"
}

# stack_start_worker K: starts worker K (its home, the tasks' logs and state files, in its own folder) and tells Prometheus to scrape it.
stack_start_worker() {
  local k=$1 dir=$STACK/services/worker-$1 setting options=()
  while read -r setting; do options+=(--env "$setting"); done < <(stack_worker_settings; echo "TASKMASTER_WORKER__ID=worker-$k"; echo "TASKMASTER_WORKER__HOME=$dir/home")
  "$SERVERS/service.sh" start "$dir" --binary "$STACK/bin/worker/taskmaster-worker.dll" \
    "${options[@]}" >/dev/null || stack_fail "worker-$k did not start: see $dir/service.log"
  stack_scrape "worker-$k" "$(stack_env "$dir" SERVICE_HTTP_PORT)"
}

# stack_scrape NAME PORT: a Prometheus file_sd target (picked up within a second).
stack_scrape() {
  local targets=$STACK/servers/prometheus/targets
  mkdir -p "$targets"
  printf '[{"targets":["127.0.0.1:%s"],"labels":{"service":"%s"}}]\n' "$2" "${1%%-*}" >"$targets/$1.json.tmp"
  mv "$targets/$1.json.tmp" "$targets/$1.json"
}

# stack_workers: the numbers of the workers that run now, ascending.
stack_workers() {
  local dir
  for dir in "$STACK"/services/worker-*; do
    [ -s "$dir/pids" ] && echo "${dir##*-}"
  done | sort -n
}
