#!/usr/bin/env bash
# Prometheus 2 on 127.0.0.1, scraping the targets it is given every second (evaluating its rules
# as often), its configuration checked with promtool before it starts.
# Usage: scripts/servers/prometheus.sh start DIR [--target HOST:PORT]... [--rules FILE]...
#                                               [--alertmanager HOST:PORT] [--interval 1s] | stop DIR | kill DIR
#   --target        scraped at /metrics, job "taskmaster"; more can be added while it runs by
#                   writing file_sd JSON into DIR/targets/*.json (picked up within a second)
#   --rules         a rules file, copied into DIR/rules/ (more can be added there, then POST /-/reload)
#   --alertmanager  where its alerts go
# DIR/env: PROMETHEUS_PORT, PROMETHEUS_URL.
SERVER_NAME=prometheus
. "$(dirname "$0")/lib.sh"

server_parse_options() {
  targets=() rules=() alertmanager="" interval=1s
  while [ $# -gt 0 ]; do
    case "$1" in
      --target) targets+=("${2:?--target needs HOST:PORT}"); shift 2 ;;
      --rules) [ -f "${2:-}" ] || server_fail "--rules: '${2:-}' is not a file"; rules+=("$2"); shift 2 ;;
      --alertmanager) alertmanager=${2:?--alertmanager needs HOST:PORT}; shift 2 ;;
      --interval) interval=${2:?--interval needs a duration}; shift 2 ;;
      *) server_fail "unknown option: $1" ;;
    esac
  done
}

write_prometheus_config() {
  local file=$SERVER_DIR/prometheus.yml target rule
  mkdir -p "$SERVER_DIR/targets" "$SERVER_DIR/rules" "$SERVER_DIR/data"
  for rule in ${rules[@]+"${rules[@]}"}; do cp "$rule" "$SERVER_DIR/rules/"; done
  {
    echo "global: { scrape_interval: $interval, evaluation_interval: $interval }"
    echo "rule_files: ['$SERVER_DIR/rules/*.yml', '$SERVER_DIR/rules/*.yaml']"
    if [ -n "$alertmanager" ]; then
      echo "alerting: { alertmanagers: [ { static_configs: [ { targets: ['$alertmanager'] } ] } ] }"
    fi
    echo "scrape_configs:"
    echo "  - job_name: taskmaster"
    echo "    file_sd_configs: [ { files: ['$SERVER_DIR/targets/*.json'], refresh_interval: 1s } ]"
    if [ ${#targets[@]} -gt 0 ]; then
      echo "    static_configs:"
      echo "      - targets:"
      for target in "${targets[@]}"; do echo "          - '$target'"; done
    fi
  } >"$file"
  promtool check config "$file" >"$SERVER_DIR/promtool.log" 2>&1 || { cat "$SERVER_DIR/promtool.log" >&2; server_fail "promtool refused $file"; }
}

start_prometheus() {
  command -v prometheus >/dev/null || server_fail "prometheus is not installed: scripts/install-deps.sh installs it"
  local port
  port=$(server_port PROMETHEUS_PORT)
  server_env_set PROMETHEUS_URL "http://127.0.0.1:$port/"
  # A restart keeps the configuration it had unless it is given another.
  if [ ! -f "$SERVER_DIR/prometheus.yml" ] || [ ${#targets[@]} -gt 0 ] || [ ${#rules[@]} -gt 0 ] || [ -n "$alertmanager" ]; then
    write_prometheus_config || return 1
  fi
  server_spawn "$SERVER_DIR/prometheus.log" prometheus --config.file="$SERVER_DIR/prometheus.yml" \
    --storage.tsdb.path="$SERVER_DIR/data" --web.listen-address="127.0.0.1:$port" \
    --web.enable-lifecycle --web.external-url="http://127.0.0.1:$port/"
  server_await 30 "ready on port $port" probe_prometheus "$port"
}

probe_prometheus() { curl -sf -o /dev/null "http://127.0.0.1:$1/-/ready" && server_owns_port "$1"; }

server_main start_prometheus 10 "$@"
