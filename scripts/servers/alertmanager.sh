#!/usr/bin/env bash
# Alertmanager on 127.0.0.1 (no cluster gossip port), its configuration checked with amtool before
# it starts. Every alert goes to one webhook receiver, resolved ones too, grouped by alert name and
# sent at once (group_wait 0s, group_interval 1s: tests and a local stack see them within a second).
# Usage: scripts/servers/alertmanager.sh start DIR [--webhook URL] | stop DIR | kill DIR
#   --webhook   where notifications are POSTed (Alertmanager's webhook format); without it they
#               are dropped (a receiver with no integration)
# DIR/env: ALERTMANAGER_PORT, ALERTMANAGER_URL.
SERVER_NAME=alertmanager
. "$(dirname "$0")/lib.sh"

server_parse_options() {
  webhook=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --webhook) webhook=${2:?--webhook needs a URL}; shift 2 ;;
      *) server_fail "unknown option: $1" ;;
    esac
  done
}

write_alertmanager_config() {
  local file=$SERVER_DIR/alertmanager.yml
  {
    echo "route: { receiver: webhook, group_by: [alertname], group_wait: 0s, group_interval: 1s, repeat_interval: 1h }"
    echo "receivers:"
    if [ -n "$webhook" ]; then
      echo "  - name: webhook"
      echo "    webhook_configs: [ { url: '$webhook', send_resolved: true } ]"
    else
      echo "  - name: webhook"
    fi
  } >"$file"
  amtool check-config "$file" >"$SERVER_DIR/amtool.log" 2>&1 || { cat "$SERVER_DIR/amtool.log" >&2; server_fail "amtool refused $file"; }
}

start_alertmanager() {
  command -v prometheus-alertmanager >/dev/null || server_fail "prometheus-alertmanager is not installed: scripts/install-deps.sh installs it"
  local port
  port=$(server_port ALERTMANAGER_PORT)
  server_env_set ALERTMANAGER_URL "http://127.0.0.1:$port/"
  if [ ! -f "$SERVER_DIR/alertmanager.yml" ] || [ -n "$webhook" ]; then write_alertmanager_config || return 1; fi
  mkdir -p "$SERVER_DIR/data"
  server_spawn "$SERVER_DIR/alertmanager.log" prometheus-alertmanager --config.file="$SERVER_DIR/alertmanager.yml" \
    --storage.path="$SERVER_DIR/data" --web.listen-address="127.0.0.1:$port" --cluster.listen-address= \
    --web.external-url="http://127.0.0.1:$port"
  server_await 30 "ready on port $port" probe_alertmanager "$port"
}

probe_alertmanager() { curl -sf -o /dev/null "http://127.0.0.1:$1/-/ready" && server_owns_port "$1"; }

server_main start_alertmanager 10 "$@"
